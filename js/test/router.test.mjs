// The router pages get from useRouter(): its fields, mount-path prefixing, what it hands the navigator,
// and that navigating during a server render fails with a message saying where to call it instead.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { createRouter, RouterContext, useRouter, withBase } from "../src/router.js";

const ROUTE = { pathname: "/books/3", pattern: "/books/[id]", query: { q: "x" }, params: { id: "3" }, asPath: "/books/3?q=x" };

test("withBase prefixes app-relative hrefs only", () => {
  assert.equal(withBase("/app", "/books/1"), "/app/books/1");
  assert.equal(withBase("/app", "/"), "/app");
  assert.equal(withBase("", "/books/1"), "/books/1");
  assert.equal(withBase("/app", "//cdn.example/x.js"), "//cdn.example/x.js"); // protocol-relative: another host
  assert.equal(withBase("/app", "https://example.com/"), "https://example.com/");
  assert.equal(withBase("/app", "relative"), "relative");
});

test("the router carries the route and the mount path", () => {
  const csrf = { field: "csrf_token", token: "t" };
  const router = createRouter(ROUTE, "/app", null, false, csrf);
  assert.deepEqual(
    [router.pathname, router.route, router.query, router.params, router.asPath, router.basePath, router.csrf],
    ["/books/3", "/books/[id]", { q: "x" }, { id: "3" }, "/books/3?q=x", "/app", csrf],
  );
  assert.equal(router.isNavigating, false);
  assert.equal(router.href("/about"), "/app/about");
});

test("navigation methods go to the navigator with their mode", async () => {
  const calls = [];
  const navigator = {
    navigate: (href, options) => calls.push(["navigate", href, options]),
    back: () => calls.push(["back"]),
    reload: () => calls.push(["reload"]),
    submit: (action, method, body) => calls.push(["submit", action, method, body]),
    prefetch: (href) => Promise.resolve(calls.push(["prefetch", href])),
    handles: (href) => href.startsWith("/"),
    events: { on() {}, off() {} },
  };
  const router = createRouter(ROUTE, "", navigator, true);
  router.push("/a", { scroll: false });
  router.replace("/b");
  router.back();
  router.reload();
  router.submit("/notes", "post", "body");
  await router.prefetch("/c");
  assert.deepEqual(calls, [
    ["navigate", "/a", { scroll: false, mode: "push" }],
    ["navigate", "/b", { mode: "replace" }],
    ["back"],
    ["reload"],
    ["submit", "/notes", "post", "body"],
    ["prefetch", "/c"],
  ]);
  assert.equal(router.isNavigating, true);
  assert.equal(router.handles("/x"), true);
  assert.equal(router.events, navigator.events);
});

test("on a page cached publicly (no token), submit fetches the visitor's token first, once", async () => {
  const asked = [];
  const { fetch } = globalThis;
  globalThis.fetch = async (url) => (asked.push(url), { json: async () => ({ field: "csrf_token", token: "fresh" }) });
  const sent = [];
  const navigator = { submit: (action, method, body) => sent.push([action, method, body.get("csrf_token")]) };
  const router = createRouter(ROUTE, "/app", navigator, false, { field: "csrf_token", token: null });
  await router.submit("/notes", "post", new FormData());
  await router.submit("/notes", "delete", new FormData());
  assert.deepEqual(asked, ["/app/_bridge/csrf"]);
  assert.deepEqual(sent, [["/notes", "post", "fresh"], ["/notes", "delete", "fresh"]]);
  globalThis.fetch = fetch;
});

test("on the server, navigating throws and the rest is inert", async () => {
  const router = createRouter(ROUTE, "", null);
  for (const call of [() => router.push("/a"), () => router.replace("/a"), () => router.back(), () => router.reload()]) {
    assert.throws(call, /cannot navigate during server rendering; call it from an event handler or effect/);
  }
  assert.throws(() => router.submit("/a", "post", null), /cannot navigate during server rendering/);
  assert.equal(router.handles("/a"), false);
  assert.equal(await router.prefetch("/a"), undefined);
  router.events.on("routeChangeStart", () => {}); // no-op, no error
});

test("useRouter gives the router of the page, and says so outside a page", () => {
  function Where() {
    return createElement("p", null, useRouter().asPath);
  }
  const router = createRouter(ROUTE, "", null);
  assert.equal(renderToString(createElement(RouterContext.Provider, { value: router }, createElement(Where))), "<p>/books/3?q=x</p>");
  assert.throws(() => renderToString(createElement(Where)), /useRouter\(\) was called outside a bridge page/);
});
