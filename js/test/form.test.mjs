// <Form> as the server renders it: a real <form> that works without JavaScript, with the CSRF token and,
// for PUT/PATCH/DELETE, the method in hidden fields, and its action under the mount path.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { Form, useFormStatus } from "../src/form.js";
import { createRouter, RouterContext } from "../src/router.js";

const ROUTE = { pathname: "/notes", pattern: "/notes", query: {}, params: {}, asPath: "/notes?page=2" };
const CSRF = { field: "csrf_token", token: "tok<&>" };

function render(props, { base = "", csrf = CSRF } = {}, ...children) {
  const router = createRouter(ROUTE, base, null, false, csrf);
  return renderToString(createElement(RouterContext.Provider, { value: router }, createElement(Form, props, ...children)));
}

test("a POST form posts to the page itself, with the CSRF token", () => {
  assert.equal(
    render({}),
    '<form action="/notes?page=2" method="post"><input type="hidden" name="csrf_token" value="tok&lt;&amp;&gt;"/></form>',
  );
});

test("PUT, PATCH and DELETE travel as POST with a _method field", () => {
  for (const method of ["put", "PATCH", "delete"]) {
    const html = render({ method });
    assert.match(html, /^<form action="\/notes\?page=2" method="post">/);
    assert.match(html, new RegExp(`<input type="hidden" name="_method" value="${method.toUpperCase()}"/>`));
    assert.match(html, /name="csrf_token"/);
  }
});

test("a GET form is a plain form: no token, no method field", () => {
  assert.equal(render({ method: "get", action: "/search" }), '<form action="/search" method="get"></form>');
});

test("the action goes under the mount path; other attributes and children pass through", () => {
  const html = render({ action: "/notes/new", className: "card", id: "f" }, { base: "/app" }, createElement("button", { key: "b" }, "Add"));
  assert.equal(
    html,
    '<form class="card" id="f" action="/app/notes/new" method="post"><input type="hidden" name="csrf_token" value="tok&lt;&amp;&gt;"/><button>Add</button></form>',
  );
});

test("without a CSRF scheme (a page cached publicly), no token field", () => {
  assert.equal(render({}, { csrf: null }), '<form action="/notes?page=2" method="post"></form>');
});

test("on a page cached publicly (no token), no token field: the submission fetches the visitor's", () => {
  assert.equal(render({}, { csrf: { field: "csrf_token", token: null } }), '<form action="/notes?page=2" method="post"></form>');
});

test("useFormStatus is not pending on the server, inside a Form or out", () => {
  function Status() {
    return createElement("output", null, String(useFormStatus().pending));
  }
  assert.match(render({}, {}, createElement(Status, { key: "s" })), /<output>false<\/output>/);
  assert.equal(renderToString(createElement(Status)), "<output>false</output>");
});
