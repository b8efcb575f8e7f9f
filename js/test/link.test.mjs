// <Link> in the browser, rendered by React DOM into a small DOM (./dom.mjs): the anchor it renders, which
// clicks become client-side navigations (urls.keepsBrowserBehaviour decides the rest), and prefetching on
// intent (hover, focus, touch) and once in view. The navigator is a recording stand-in: its own tests cover it.
import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { installDom } from "./dom.mjs";

const { document, element } = installDom();
const { createElement, createRef } = await import("react");
const { flushSync } = await import("react-dom");
const { createRoot } = await import("react-dom/client");
const { default: Link } = await import("../src/link.js");
const { createRouter, RouterContext } = await import("../src/router.js");

const ROUTE = { pathname: "/", pattern: "/", query: {}, params: {}, asPath: "/" };
const mounted = [];

/** Renders <Link {...props}>Book</Link> in a page under mount path `base`; returns its anchor and the navigator's calls. */
function mount(props, { base = "" } = {}) {
  const calls = [];
  const navigator = {
    navigate: (href, options) => calls.push(["navigate", href, options]),
    prefetch: (href) => Promise.resolve(calls.push(["prefetch", href])),
    handles: (href) => href.startsWith("/"), // app paths only: other origins stay with the browser
    watch: (anchor) => {
      calls.push(["watch", anchor.getAttribute("href")]);
      return () => calls.push(["unwatch", anchor.getAttribute("href")]);
    },
    events: { on() {}, off() {} },
  };
  const container = document.body.appendChild(element("div"));
  const root = createRoot(container);
  const render = (linkProps) =>
    flushSync(() =>
      root.render(createElement(RouterContext.Provider, { value: createRouter(ROUTE, base, navigator) }, createElement(Link, linkProps, "Book"))),
    );
  render(props);
  mounted.push(root);
  return { anchor: container.firstChild, calls, render, root, container };
}

/** Dispatches a native event at `node`; returns it (defaultPrevented says whether the browser's action was stopped). */
function fire(node, type, fields = {}) {
  const event = { type, button: 0, bubbles: true, ...fields };
  flushSync(() => node.dispatchEvent(event));
  return event;
}

afterEach(() => {
  for (const root of mounted.splice(0)) flushSync(() => root.unmount());
});

test("a link is a real anchor: its href under the mount path, its other attributes passed through", () => {
  const { anchor } = mount({ href: "/books/1", className: "card", title: "One" }, { base: "/app" });
  assert.equal(anchor.outerHTML, '<a class="card" title="One" href="/app/books/1">Book</a>');
});

test("a plain left click becomes a client-side navigation to the link's href", () => {
  const { anchor, calls } = mount({ href: "/books/1", prefetch: false }, { base: "/app" });
  const click = fire(anchor, "click");
  assert.equal(click.defaultPrevented, true);
  assert.deepEqual(calls, [["navigate", "/books/1", { scroll: true, mode: "push" }]]);
});

test("replace and scroll={false} go to the navigator with the click", () => {
  const { anchor, calls } = mount({ href: "/books/2", replace: true, scroll: false, prefetch: false });
  fire(anchor, "click");
  assert.deepEqual(calls, [["navigate", "/books/2", { scroll: false, mode: "replace" }]]);
});

test("modified clicks, other buttons, new tabs and downloads stay with the browser", () => {
  const cases = [
    [{}, { metaKey: true }],
    [{}, { ctrlKey: true }],
    [{}, { shiftKey: true }],
    [{}, { altKey: true }],
    [{}, { button: 1 }],
    [{ target: "_blank" }, {}],
    [{ download: "book.pdf" }, {}],
  ];
  for (const [props, fields] of cases) {
    const { anchor, calls } = mount({ href: "/books/1", prefetch: false, ...props });
    const click = fire(anchor, "click", fields);
    assert.equal(click.defaultPrevented, false, JSON.stringify([props, fields]));
    assert.deepEqual(calls, [], JSON.stringify([props, fields]));
  }
});

test("the page's own onClick runs first and may keep the click for itself", () => {
  const link = mount({ href: "/books/1", prefetch: false, onClick: (event) => link.calls.push(["onClick", event.type]) });
  fire(link.anchor, "click");
  assert.deepEqual(link.calls, [["onClick", "click"], ["navigate", "/books/1", { scroll: true, mode: "push" }]]);
  const kept = mount({ href: "/books/1", prefetch: false, onClick: (event) => event.preventDefault() });
  fire(kept.anchor, "click");
  assert.deepEqual(kept.calls, []); // prevented by the page: not navigated either
});

test("a link to another site is left to the browser", () => {
  const { anchor, calls } = mount({ href: "https://example.com/", prefetch: false });
  assert.equal(fire(anchor, "click").defaultPrevented, false);
  assert.deepEqual(calls, []);
});

test("hover, focus and touch prefetch the page, after the page's own handlers", () => {
  const seen = [];
  const own = (name) => () => seen.push(name);
  const { anchor, calls } = mount(
    { href: "/books/1", onMouseEnter: own("enter"), onFocus: own("focus"), onTouchStart: own("touch") },
    { base: "/app" },
  );
  fire(anchor, "mouseover", { relatedTarget: null });
  fire(anchor, "focusin");
  fire(anchor, "touchstart");
  assert.deepEqual(seen, ["enter", "focus", "touch"]);
  const prefetches = calls.filter(([name]) => name === "prefetch");
  assert.deepEqual(prefetches, [["prefetch", "/books/1"], ["prefetch", "/books/1"], ["prefetch", "/books/1"]]);
});

test("a link is watched for the viewport while it is on screen, again when its href changes", () => {
  const { calls, render, root } = mount({ href: "/books/1" }, { base: "/app" });
  assert.deepEqual(calls, [["watch", "/app/books/1"]]);
  render({ href: "/books/2" });
  assert.deepEqual(calls.slice(1), [["unwatch", "/app/books/2"], ["watch", "/app/books/2"]]);
  flushSync(() => root.unmount());
  assert.deepEqual(calls.at(-1), ["unwatch", "/app/books/2"]);
});

test("prefetch={false}, new tabs and downloads prefetch nothing, but the page's handlers still run", () => {
  for (const props of [{ prefetch: false }, { target: "_blank" }, { download: true }]) {
    const seen = [];
    const { anchor, calls } = mount({ href: "/books/1", onFocus: () => seen.push("focus"), ...props });
    fire(anchor, "mouseover", { relatedTarget: null });
    fire(anchor, "focusin");
    assert.deepEqual(calls, [], JSON.stringify(props));
    assert.deepEqual(seen, ["focus"]);
  }
  const { calls } = mount({ href: "/books/1", target: "_self", download: false });
  assert.deepEqual(calls, [["watch", "/books/1"]]); // the same tab, no download: an ordinary link
});

test("a ref on a link gets its anchor, as an object or a callback", () => {
  const ref = createRef();
  const { anchor } = mount({ href: "/books/1", ref });
  assert.ok(ref.current === anchor, "the ref holds another node"); // (not assert.equal: its diff of two nodes is huge)
  const seen = [];
  const second = mount({ href: "/books/1", ref: (node) => seen.push(node) });
  assert.ok(seen.length === 1 && seen[0] === second.anchor, "the callback ref got another node");
});
