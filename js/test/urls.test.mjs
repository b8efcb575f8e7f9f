import assert from "node:assert/strict";
import { test } from "node:test";
import { codeUrl, dataUrl, isHashChange, isInternal, keepsBrowserBehaviour } from "../src/urls.js";

const at = (href) => new URL(href, "https://shop.test");

test("dataUrl is the page's own URL with the build id last, so rules on the page's path cover its data", () => {
  assert.equal(dataUrl("", "b1", at("/")), "/?_bridge_data=b1");
  assert.equal(dataUrl("", "b1", at("/admin")), "/admin?_bridge_data=b1");
  assert.equal(dataUrl("", "b1", at("/books/3?x=1&x=2&tab=2")), "/books/3?x=1&x=2&tab=2&_bridge_data=b1", "the query kept, in order");
  assert.equal(dataUrl("", "b1", at("/books/3?")), "/books/3?_bridge_data=b1");
  assert.equal(dataUrl("", "b1", at("/books/3?q=a%26b#top")), "/books/3?q=a%26b&_bridge_data=b1", "no #fragment, encoding kept");
  assert.equal(dataUrl("/app", "b1", at("/app")), "/app/?_bridge_data=b1", "the mount root, as a Mount serves it");
  assert.equal(dataUrl("/app", "b1", at("/app?x=1")), "/app/?x=1&_bridge_data=b1");
  assert.equal(dataUrl("/app", "b1", at("/app/books/3")), "/app/books/3?_bridge_data=b1", "the mount path kept");
  assert.equal(dataUrl("", "b1", at("/report.json")), "/report.json?_bridge_data=b1");
  assert.equal(dataUrl("", "b1", at("/words/a%2Fb")), "/words/a%2Fb?_bridge_data=b1", "%2F stays encoded");
  assert.ok(!dataUrl("/app", "b1", at("/app/admin")).includes("/_bridge/"), "never a path of bridge's own");
});

test("codeUrl maps page paths to the code route, without the query", () => {
  assert.equal(codeUrl("", "b1", at("/")), "/_bridge/code/b1/index.json");
  assert.equal(codeUrl("/app", "b1", at("/app/books/3?x=1#top")), "/app/_bridge/code/b1/books/3.json");
  assert.equal(codeUrl("", "b1", at("/words/a%2Fb")), "/_bridge/code/b1/words/a%2Fb.json");
});

test("isInternal: same origin and under the mount path", () => {
  const origin = "https://shop.test";
  assert.ok(isInternal(at("/books"), "", origin));
  assert.ok(isInternal(at("/app"), "/app", origin));
  assert.ok(isInternal(at("/app/books"), "/app", origin));
  assert.ok(!isInternal(at("/application"), "/app", origin));
  assert.ok(!isInternal(at("/other"), "/app", origin));
  assert.ok(!isInternal(new URL("https://elsewhere.test/books"), "", origin));
});

test("isHashChange only for the same path and query", () => {
  assert.ok(isHashChange(at("/a?q=1"), at("/a?q=1#top")));
  assert.ok(!isHashChange(at("/a?q=1"), at("/a?q=2#top")));
  assert.ok(!isHashChange(at("/a"), at("/b#top")));
  assert.ok(!isHashChange(at("/a#x"), at("/a")));
  assert.ok(isHashChange(at("/a?q=1"), at("/a?q=1#")), '"#" alone: to the top, without a navigation');
});

test("keepsBrowserBehaviour for modified clicks, other buttons, targets and downloads", () => {
  const anchor = (attrs = {}) => ({
    getAttribute: (name) => attrs[name] ?? null,
    hasAttribute: (name) => name in attrs,
  });
  const click = (extra = {}) => ({ button: 0, defaultPrevented: false, ...extra });
  assert.equal(keepsBrowserBehaviour(click(), anchor()), false);
  assert.equal(keepsBrowserBehaviour(click(), anchor({ target: "_self" })), false);
  for (const key of ["metaKey", "ctrlKey", "shiftKey", "altKey"]) {
    assert.equal(keepsBrowserBehaviour(click({ [key]: true }), anchor()), true, key);
  }
  assert.equal(keepsBrowserBehaviour(click({ button: 1 }), anchor()), true);
  assert.equal(keepsBrowserBehaviour(click({ defaultPrevented: true }), anchor()), true);
  assert.equal(keepsBrowserBehaviour(click(), anchor({ target: "_blank" })), true);
  assert.equal(keepsBrowserBehaviour(click(), anchor({ download: "" })), true);
});
