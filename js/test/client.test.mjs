// The browser entry (src/client.js) against a small DOM (./dom.mjs) and a fake window (location, history,
// fetch): it reads the page data the server embedded, hydrates the server's markup (or renders an empty
// root, render_fallback="client"), gives pages their router, navigates, and turns a page that throws while
// rendering into a reported error and a full load instead of a blank screen. Each test starts a fresh copy
// of client.js (a query string makes a new module instance) in a fresh document.
import assert from "node:assert/strict";
import { test } from "node:test";
import { installDom } from "./dom.mjs";

installDom();
const React = await import("react");
const { useRouter } = await import("../src/router.js");

const ORIGIN = "https://shop.test";
const BUILD = "b1";

// Pages and the layout are ES modules the runtime imports by URL; these get React and useRouter from here.
Object.assign(globalThis, { React, useRouter });
const module = (code) => `data:text/javascript,${encodeURIComponent(code)}`;
const PAGE = module(`
  const { createElement: h, useState } = globalThis.React;
  export default function Book({ name }) {
    const router = globalThis.useRouter();
    const [clicks, setClicks] = useState(0);
    return h("button", { onClick: () => setClicks(clicks + 1) }, name + " at " + router.asPath + " (" + clicks + ")");
  }`);
const APP = module(`
  export default function App({ Component, pageProps }) {
    return globalThis.React.createElement("main", null, globalThis.React.createElement(Component, pageProps));
  }`);
const BROKEN = module(`export default function Broken({ name }) { throw new Error("no " + name); }`);

function pageData(path, props, page = PAGE) {
  const route = { pathname: path, pattern: "/books/[id]", query: {}, params: { id: path.split("/").pop() }, asPath: path };
  return { page: "books/[id]", build_id: BUILD, base: "", route, assets: { page, app: APP, css: [] }, csrf: null, props };
}

let copies = 0;

/**
 * A fresh document for `path` with the page data `data` and `markup` (the server's render, or none) in
 * the root, and a fake window; `answers` maps paths to the page data fetch() answers for them. Then starts
 * client.js; returns the document, the root, and what the window recorded.
 */
async function start(path, data, markup, answers = {}, { beforeHydration } = {}) {
  const { document, element } = installDom();
  const root = element("div", { id: "__bridge" });
  if (markup) root.appendChild(markup(element));
  const json = element("script", { id: "__BRIDGE_DATA__", type: "application/json" }, JSON.stringify(data));
  for (const node of [root, json, element("div", { id: "__bridge-announcer" })]) document.body.appendChild(node);
  const win = { assigned: [], reported: [], errors: [], entries: [new URL(path, ORIGIN).href], state: null };
  Object.assign(globalThis, {
    location: {
      get href() {
        return win.entries.at(-1);
      },
      origin: ORIGIN,
      assign: (url) => win.assigned.push(String(url)),
    },
    history: {
      get state() {
        return win.state;
      },
      pushState(state, _title, url) {
        win.entries.push(new URL(url, win.entries.at(-1)).href);
        win.state = state;
      },
      replaceState: (state) => (win.state = state),
    },
    addEventListener() {},
    scrollTo() {},
    scrollX: 0,
    scrollY: 0,
    reportError: (error) => win.reported.push(error),
    fetch: async (url) => {
      const answer = Object.entries(answers).find(([target]) => String(url).includes(target));
      if (!answer) return new Response("not found", { status: 404, headers: { "content-type": "text/plain" } });
      return Response.json(answer[1]);
    },
  });
  console.error = (...args) => win.errors.push(args.join(" ")); // React's warnings (hydration mismatches...)
  await import(`../src/client.js?copy=${++copies}`);
  await beforeHydration?.(root); // (hydrateRoot renders in a later task)
  await until(() => root.firstChild && rendered(root.firstChild));
  return { document, root, win };
}

/** Whether React has taken `node` in (rendered or hydrated it): it marks the nodes it owns. */
function rendered(node) {
  return Object.keys(node).some((key) => key.startsWith("__reactFiber$"));
}

/** Waits (five seconds at most: the machine may be busy) for `condition`: React renders and commits asynchronously. */
async function until(condition) {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(condition(), String(condition));
}

function click(node) {
  node.dispatchEvent({ type: "click", button: 0, bubbles: true });
}

const SERVER_MARKUP = (element) => element("main", {}, element("button", {}, "Ada at /books/1 (0)"));

test("the server's markup is hydrated with the page data from the document, not rendered again", { timeout: 20_000 }, async () => {
  let button;
  const { root, win } = await start("/books/1", pageData("/books/1", { name: "Ada" }), (element) => {
    const main = SERVER_MARKUP(element);
    button = main.firstChild;
    return main;
  });
  // (DOM nodes are compared by identity: assert's diff of two would print React's whole fiber tree)
  assert.ok(root.firstChild.firstChild === button, "the server's button was replaced: hydration failed");
  click(button);
  await until(() => button.textContent === "Ada at /books/1 (1)"); // its click handler is React's now
  assert.deepEqual([...win.errors, ...win.reported.map(String)], []); // no hydration mismatch: the server's props and route
  assert.equal(globalThis.__bridge.buildId, BUILD); // the navigator, for the dev client and debugging
});

test("an empty root (render_fallback='client') is rendered in the browser", { timeout: 20_000 }, async () => {
  const { root, win } = await start("/books/1", pageData("/books/1", { name: "Ada" }), null);
  assert.equal(root.firstChild.textContent, "Ada at /books/1 (0)");
  assert.deepEqual([...win.errors, ...win.reported.map(String)], []);
});

test("a client-side navigation renders the next page with its props and route", { timeout: 20_000 }, async () => {
  const next = pageData("/books/2", { name: "Bob" });
  const { root, win } = await start("/books/1", pageData("/books/1", { name: "Ada" }), SERVER_MARKUP, { "books/2": next });
  await globalThis.__bridge.navigate("/books/2");
  assert.equal(root.firstChild.textContent, "Bob at /books/2 (0)");
  assert.equal(win.entries.at(-1), `${ORIGIN}/books/2`);
  assert.deepEqual(win.assigned, []); // no full load
  assert.deepEqual([...win.errors, ...win.reported.map(String)], []);
});

test("a page that throws while rendering is reported and loaded in full, not left blank", { timeout: 20_000 }, async () => {
  const broken = pageData("/books/9", { name: "props" }, BROKEN);
  const { root, win } = await start("/books/1", pageData("/books/1", { name: "Ada" }), SERVER_MARKUP, { "books/9": broken });
  await globalThis.__bridge.navigate("/books/9");
  assert.deepEqual(
    win.reported.map((error) => error.message),
    ["no props"],
  );
  assert.deepEqual(win.assigned, [`${ORIGIN}/books/9`]); // the server answers that URL (its 500 page, here)
  assert.equal(root.childNodes.length, 0); // what the browser shows until the full load replaces it
});

test("a navigation started before hydration (back, forward) waits for it, then shows its page", { timeout: 20_000 }, async () => {
  const next = pageData("/books/2", { name: "Bob" });
  let navigation;
  const { root, win } = await start("/books/1", pageData("/books/1", { name: "Ada" }), SERVER_MARKUP, { "books/2": next }, {
    beforeHydration(root) {
      assert.ok(!rendered(root.firstChild), "hydrated already: this test needs a navigation before it");
      navigation = globalThis.__bridge.navigate("/books/2");
    },
  });
  await navigation;
  assert.equal(root.firstChild.textContent, "Bob at /books/2 (0)");
  assert.deepEqual(win.assigned, []); // no full load
  assert.deepEqual([...win.errors, ...win.reported.map(String)], []);
});
