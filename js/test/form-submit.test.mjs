// <Form> in the browser, rendered by React DOM into a small DOM (./dom.mjs): a submit goes to the router
// (the navigator sends it with fetch) with the form's fields and the button that sent it, useFormStatus()
// is pending meanwhile, a second submit waits for the first, and GET forms and forms whose page prevented
// the submit stay with the browser. form.test.mjs covers the markup the server renders.
import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { installDom } from "./dom.mjs";

const { document, element } = installDom();
const { createElement: h } = await import("react");
const { flushSync } = await import("react-dom");
const { createRoot } = await import("react-dom/client");
const { Form, useFormStatus } = await import("../src/form.js");
const { createRouter, RouterContext } = await import("../src/router.js");

const ROUTE = { pathname: "/notes", pattern: "/notes", query: {}, params: {}, asPath: "/notes?page=2" };
const CSRF = { field: "csrf_token", token: "tok" };

/** The browser's FormData(form, submitter), over ./dom.mjs elements: named inputs, then the submitter. */
globalThis.FormData = class {
  constructor(form, submitter) {
    this.fields = [];
    const inputs = (node) => node.childNodes.flatMap((child) => (child.nodeName === "INPUT" ? [child] : inputs(child)));
    const field = (node, name) => node[name] ?? node.getAttribute(name); // (React sets an input's as properties)
    for (const input of inputs(form)) this.fields.push([field(input, "name"), field(input, "value")]);
    if (submitter && field(submitter, "name")) this.fields.push([field(submitter, "name"), field(submitter, "value")]);
  }
};

const roots = [];

function Status() {
  return h("output", null, useFormStatus().pending ? "sending" : "idle");
}

/** Renders <Form {...props}> with a text field, a named submit button and <Status/>; returns its nodes and the submits. */
function mount(props, submit) {
  const submits = [];
  const navigator = {
    submit: (action, method, body) => {
      submits.push([action, method, body.fields]);
      return submit?.() ?? Promise.resolve();
    },
    events: { on() {}, off() {} },
  };
  const container = document.body.appendChild(element("div"));
  const root = createRoot(container);
  roots.push(root);
  const children = [h("input", { key: "t", name: "text", defaultValue: "milk" }), h("button", { key: "b", name: "intent", value: "add" }, "Add"), h(Status, { key: "s" })];
  const router = createRouter(ROUTE, "/app", navigator, false, CSRF);
  flushSync(() => root.render(h(RouterContext.Provider, { value: router }, h(Form, props, ...children))));
  const form = container.firstChild;
  const status = () => document.find((node) => node.nodeName === "OUTPUT", form).textContent;
  return { form, button: document.find((node) => node.nodeName === "BUTTON", form), status, submits };
}

function submit(form, submitter) {
  const event = { type: "submit", submitter, bubbles: true };
  flushSync(() => form.dispatchEvent(event));
  return event;
}

/** Waits (five seconds at most: the machine may be busy) for `condition`: React renders state updates asynchronously. */
async function until(condition) {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(condition(), String(condition));
}

/** A promise and the function that resolves it. */
function later() {
  let resolve;
  const promise = new Promise((done) => (resolve = done));
  return { promise, resolve };
}

afterEach(() => {
  for (const root of roots.splice(0)) flushSync(() => root.unmount());
});

test("a submit goes to the page's action with the fields, the CSRF token and the button that sent it", () => {
  const { form, button, submits } = mount({});
  assert.equal(submit(form, button).defaultPrevented, true); // no full page load
  assert.deepEqual(submits, [["/notes?page=2", "post", [["csrf_token", "tok"], ["text", "milk"], ["intent", "add"]]]]);
});

test("PUT, PATCH and DELETE forms submit with their method, to their own action", () => {
  const { form, submits } = mount({ method: "DELETE", action: "/notes/3" });
  submit(form, null);
  assert.equal(form.getAttribute("action"), "/app/notes/3"); // the markup's, under the mount path
  assert.deepEqual(submits.map(([action, method]) => [action, method]), [["/notes/3", "delete"]]);
});

test("useFormStatus is pending while the submit is on its way, and a second submit is ignored", { timeout: 20_000 }, async () => {
  const sent = later();
  const { form, button, status, submits } = mount({}, () => sent.promise);
  assert.equal(status(), "idle");
  submit(form, button);
  assert.equal(status(), "sending");
  assert.equal(submit(form, button).defaultPrevented, true); // a double click: no second request, no full load
  assert.equal(submits.length, 1);
  sent.resolve();
  await until(() => status() === "idle");
  submit(form, button);
  assert.equal(submits.length, 2); // free again once the first is done
});

test("a GET form, and a submit the page prevented, stay with the browser; the page's onSubmit runs first", () => {
  const search = mount({ method: "get", action: "/search" });
  assert.equal(submit(search.form, null).defaultPrevented, false);
  assert.deepEqual(search.submits, []);
  const seen = [];
  const own = mount({ onSubmit: (event) => (seen.push(event.type), event.preventDefault()) });
  submit(own.form, null);
  assert.deepEqual(seen, ["submit"]);
  assert.deepEqual(own.submits, []);
});
