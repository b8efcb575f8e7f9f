// Navigator against a fake window (history, location, scrolling, sessionStorage, fetch): scroll positions
// across back/forward and reloads, and redirects under a mount path. The browser suite (tests/browser)
// covers the same in Chromium; these pin the logic down without one.
import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { Navigator } from "../src/navigator.js";

const ORIGIN = "https://shop.test";
const BUILD = "b1";
const MODULE = "data:text/javascript,export default function Page() {}";

/** Installs a fake window on globalThis; `pages` maps data URLs (`/b?_bridge_data=b1`) to the JSON they answer. */
function fakeWindow(path, pages = {}) {
  const listeners = {};
  const entries = [{ url: new URL(path, ORIGIN).href, state: null }];
  const storage = new Map();
  const win = {
    index: 0,
    scrolls: [], // every scrollTo(x, y)
    assigned: [], // every location.assign(url)
    fetched: [], // every data URL fetched
    headers: [], // the headers of each fetch
    focused: [], // the id of every element focused
    delay: null, // a promise every fetch waits for, when set
    listeners,
    entries,
    storage,
    dispatch: (type, event = {}) => Promise.all((listeners[type] ?? []).map((listener) => listener(event))),
    back: () => {
      win.index--;
      return win.dispatch("popstate", { state: entries[win.index].state });
    },
    forward: () => {
      win.index++;
      return win.dispatch("popstate", { state: entries[win.index].state });
    },
  };
  const clone = (state) => (state === null ? null : structuredClone(state));
  Object.assign(globalThis, {
    location: {
      get href() {
        return entries[win.index].url;
      },
      origin: ORIGIN,
      assign: (url) => win.assigned.push(String(url)),
    },
    history: {
      scrollRestoration: "auto",
      get state() {
        return clone(entries[win.index].state);
      },
      get length() {
        return entries.length;
      },
      pushState(state, _title, url) {
        entries.splice(win.index + 1);
        entries.push({ url: new URL(url, entries[win.index].url).href, state: clone(state) });
        win.index++;
      },
      replaceState(state, _title, url) {
        const entry = entries[win.index];
        entries[win.index] = { url: url ? new URL(url, entry.url).href : entry.url, state: clone(state) };
      },
      back: () => win.back(),
    },
    scrollX: 0,
    scrollY: 0,
    scrollTo(x, y) {
      win.scrolls.push([x, y]);
      globalThis.scrollX = x;
      globalThis.scrollY = y;
    },
    addEventListener(type, listener) {
      (listeners[type] ??= []).push(listener);
    },
    sessionStorage: {
      getItem: (key) => storage.get(key) ?? null,
      setItem: (key, value) => storage.set(key, String(value)),
      removeItem: (key) => storage.delete(key),
    },
    async fetch(url, init = {}) {
      win.fetched.push(url);
      win.headers.push(init.headers ?? {});
      await win.delay;
      const page = pages[url];
      const body = typeof page === "function" ? page(init.headers ?? {}) : page;
      return {
        status: body ? 200 : 404,
        headers: { get: () => "application/json" },
        json: async () => body ?? pageData("/404", "404"),
      };
    },
  });
  const element = (id) => ({
    id,
    tabIndex: id === "__bridge" ? -1 : 0,
    style: {},
    textContent: "",
    focus: (options) => win.focused.push([id, options]),
    scrollIntoView() {},
  });
  win.elements = Object.fromEntries(["__bridge", "__bridge-announcer", "anchor"].map((id) => [id, element(id)]));
  globalThis.document = {
    title: "",
    h1: null, // the text of the page's first <h1>
    getElementById: (id) => win.elements[id] ?? null,
    querySelector: (selector) => (selector === "h1" && document.h1 !== null ? { textContent: document.h1 } : null),
    querySelectorAll: () => [], // no stylesheets: the browser suite covers CSS
  };
  return win;
}

const GLOBALS = ["location", "history", "scrollX", "scrollY", "scrollTo", "addEventListener", "sessionStorage", "fetch", "document"];
afterEach(() => {
  for (const name of GLOBALS) delete globalThis[name];
});

function pageData(pathname, page = pathname, base = "") {
  return {
    page,
    build_id: BUILD,
    base,
    route: { pathname, pattern: pathname, query: {}, params: {}, asPath: pathname },
    assets: { page: MODULE, app: MODULE, css: [] },
    props: {},
  };
}

function navigatorFor(data) {
  const shown = [];
  const screens = []; // the page data of each page shown
  const navigator = new Navigator(data, {
    show: async (next) => {
      shown.push(next.route.pathname);
      screens.push(next);
      document.title = next.props.title ?? "";
      document.h1 = next.props.h1 ?? null;
    },
    setNavigating: () => {},
  });
  return { navigator, shown, screens };
}

function withProps(data, props) {
  return { ...data, props };
}

test("back and forward restore the scroll position each page was left at", async () => {
  const win = fakeWindow("/a", { "/b?_bridge_data=b1": pageData("/b") });
  const { navigator, shown } = navigatorFor(pageData("/a"));
  scrollTo(0, 500);
  await navigator.navigate("/b");
  assert.deepEqual(win.scrolls.at(-1), [0, 0], "a new page starts at the top");
  scrollTo(0, 300);

  await win.back();
  assert.equal(location.href, `${ORIGIN}/a`);
  assert.deepEqual(win.scrolls.at(-1), [0, 500]);
  await win.forward();
  assert.deepEqual(win.scrolls.at(-1), [0, 300], "forward: where /b was left");
  assert.deepEqual(shown, ["/b", "/a", "/b"]);
  assert.equal(win.fetched.length, 1, "back and forward reuse the data they had");
});

test("a reload scrolls back to where the page was left", () => {
  const win = fakeWindow("/a");
  const first = navigatorFor(pageData("/a"));
  assert.deepEqual(win.scrolls, [], "a first visit stays at the top");
  scrollTo(0, 800);
  win.dispatch("pagehide");
  assert.equal(win.storage.size, 1);

  // the same history entry in a new document
  win.scrolls.length = 0;
  win.listeners.popstate.length = 0;
  const second = navigatorFor(pageData("/a"));
  assert.equal(second.navigator.key, first.navigator.key);
  assert.deepEqual(win.scrolls, [[0, 800]]);
  assert.equal(win.storage.size, 0, "read once, then forgotten");
});

test("leaving an entry the browser made for a #fragment keeps no position for the page", async () => {
  const win = fakeWindow("/a", {});
  navigatorFor(pageData("/a"));
  // a click on <a href="#part">: the browser adds an entry without state and scrolls
  history.pushState(null, "", "/a#part");
  await win.dispatch("hashchange");
  scrollTo(0, 900);
  await win.back(); // to /a's own entry: nothing was recorded from the #part entry under /a's key
  assert.deepEqual(win.scrolls.at(-1), [0, 0]);
});

test("a redirect to an app path keeps the mount path", async () => {
  const win = fakeWindow("/app/", {
    "/app/hop?_bridge_data=b1": { redirect: { destination: "/plain/6", status_code: 307 } },
    "/app/plain/6?_bridge_data=b1": pageData("/plain/6", "plain/[n]", "/app"),
  });
  const { navigator, shown } = navigatorFor(pageData("/", "index", "/app"));
  await navigator.navigate("/hop");
  assert.deepEqual(win.fetched, ["/app/hop?_bridge_data=b1", "/app/plain/6?_bridge_data=b1"]);
  assert.equal(location.href, `${ORIGIN}/app/plain/6`);
  assert.deepEqual(shown, ["/plain/6"]);
  assert.deepEqual(win.assigned, []);
  assert.equal(history.length, 2, "the redirecting URL is not in history");
});

test("a redirect elsewhere loads the destination in full", async () => {
  const win = fakeWindow("/app/", {
    "/app/out?_bridge_data=b1": { redirect: { destination: "https://elsewhere.test/x", status_code: 307 } },
    "/app/up?_bridge_data=b1": { redirect: { destination: `${ORIGIN}/outside`, status_code: 307 } },
  });
  const { navigator, shown } = navigatorFor(pageData("/", "index", "/app"));
  await navigator.navigate("/out");
  await navigator.navigate("/up"); // same origin, but not under the mount path: not this app's
  assert.deepEqual(win.assigned, ["https://elsewhere.test/x", `${ORIGIN}/outside`]);
  assert.deepEqual(shown, []);
});

test("URLs other than http:, https: and relative ones are never followed", async () => {
  const win = fakeWindow("/", {
    "/away?_bridge_data=b1": { redirect: { destination: "javascript:alert(1)", status_code: 307 } },
    "/data?_bridge_data=b1": { redirect: { destination: " data:text/html,<script>alert(1)</script>", status_code: 307 } },
  });
  const { navigator, shown } = navigatorFor(pageData("/", "index"));
  const errors = [];
  const original = console.error;
  console.error = (...args) => errors.push(args.join(" "));
  try {
    await navigator.navigate("javascript:alert(2)");
    await navigator.navigate("JavaScript:alert(3)", { mode: "replace" });
    await navigator.navigate("/away");
    await navigator.navigate("/data");
    await navigator.prefetch("vbscript:msgbox(4)");
  } finally {
    console.error = original;
  }
  assert.deepEqual(win.assigned, []);
  assert.deepEqual(shown, []);
  assert.equal(location.href, `${ORIGIN}/`);
  assert.equal(errors.length, 5);
  for (const error of errors) assert.match(error, /refused/);
});

test("each navigation is announced: the title, else the first <h1>, else the path", async () => {
  const win = fakeWindow("/a", {
    "/b?_bridge_data=b1": withProps(pageData("/b"), { title: "Page B", h1: "Heading B" }),
    "/c?_bridge_data=b1": withProps(pageData("/c"), { h1: "Heading C" }),
    "/d?_bridge_data=b1": pageData("/d"),
  });
  const { navigator } = navigatorFor(pageData("/a"));
  const announced = () => win.elements["__bridge-announcer"].textContent;
  await navigator.navigate("/b");
  assert.equal(announced(), "Page B");
  await navigator.navigate("/c");
  assert.equal(announced(), "Heading C");
  await navigator.navigate("/d");
  assert.equal(announced(), "/d");
});

test("focus moves to the top of the new page, or to the #hash's element; back and reload leave it", async () => {
  const win = fakeWindow("/a", { "/b?_bridge_data=b1": pageData("/b"), "/a?_bridge_data=b1": pageData("/a") });
  const { navigator } = navigatorFor(pageData("/a"));
  await navigator.navigate("/b");
  assert.deepEqual(win.focused, [["__bridge", { preventScroll: true }]]);
  const root = win.elements.__bridge;
  assert.equal(root.tabIndex, -1, "focusable by script, never a Tab stop");
  assert.equal(root.style.outline, "none");
  await navigator.navigate("/a#anchor");
  assert.deepEqual(win.focused.at(-1), ["anchor", { preventScroll: true }]);
  assert.equal(win.elements.anchor.style.outline, undefined, "an element that was focusable keeps its ring");
  win.elements["__bridge-announcer"].textContent = "";
  await win.back();
  assert.equal(location.href, `${ORIGIN}/b`);
  assert.equal(win.focused.length, 2, "back does not move focus");
  assert.equal(win.elements["__bridge-announcer"].textContent, "/b", "but it is announced");
  await navigator.reload();
  assert.equal(win.focused.length, 2, "a reload of the same page neither");
});

test("a link to the current URL runs the props again but replaces the history entry", async () => {
  const win = fakeWindow("/a", { "/a?_bridge_data=b1": pageData("/a") });
  const { navigator, shown } = navigatorFor(pageData("/a"));
  await navigator.navigate("/a");
  assert.equal(history.length, 1);
  assert.deepEqual(shown, ["/a"]);
  assert.equal(win.fetched.length, 1);
});

test("a second click on a link whose data is on its way makes no second request", async () => {
  const win = fakeWindow("/a", { "/b?_bridge_data=b1": pageData("/b") });
  const { navigator, shown } = navigatorFor(pageData("/a"));
  let arrive;
  win.delay = new Promise((resolve) => (arrive = resolve));
  const clicks = [navigator.navigate("/b"), navigator.navigate("/b"), navigator.navigate("/b")];
  arrive();
  await Promise.all(clicks);
  assert.equal(win.fetched.length, 1);
  assert.deepEqual(shown, ["/b"]);
  assert.equal(history.length, 2);
});

test("prefetches say so, and a page that opts out sends its code only, never used as its data", async () => {
  const flash = withProps(pageData("/flash"), { flash: "Saved." });
  const code = { build_id: BUILD, page: "flash", assets: flash.assets };
  const win = fakeWindow("/a", {
    "/flash?_bridge_data=b1": (headers) => (headers.purpose === "prefetch" ? code : flash),
  });
  const { navigator, screens } = navigatorFor(pageData("/a"));
  await navigator.prefetch("/flash");
  assert.equal(win.headers[0].purpose, "prefetch");
  await navigator.navigate("/flash");
  assert.equal(win.fetched.length, 2, "the click fetched the props");
  assert.equal(win.headers[1].purpose, undefined);
  assert.deepEqual(screens.at(-1).props, { flash: "Saved." });
});

test("code prefetches of links in view never crowd out the data prefetch of a hovered link", async () => {
  const win = fakeWindow("/a", { "/b?_bridge_data=b1": pageData("/b") });
  const { navigator } = navigatorFor(pageData("/a"));
  let arrive;
  win.delay = new Promise((resolve) => (arrive = resolve)); // a slow server: nothing comes back yet
  globalThis.self = globalThis; // (the browser's global, for requestIdleCallback: Node has none, so setTimeout)
  try {
    for (let i = 0; i < 6; i++) navigator.prefetchCode(`${ORIGIN}/in-view/${i}`);
    await new Promise((resolve) => setTimeout(resolve, 10)); // (their idle time)
    assert.equal(win.fetched.filter((url) => url.includes("/_bridge/code/")).length, 4, "code prefetches are capped");
    const hovered = navigator.prefetch("/b");
    assert.ok(win.fetched.includes("/b?_bridge_data=b1"), "the hover fetched the data at once");
    arrive();
    await hovered;
    for (let tries = 0; win.fetched.filter((url) => url.includes("/_bridge/code/")).length < 6 && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 10)); // the two that waited go once the others are done
    }
    assert.equal(win.fetched.filter((url) => url.includes("/_bridge/code/")).length, 6);
    await new Promise((resolve) => setTimeout(resolve, 10)); // (their modules load)
  } finally {
    delete globalThis.self;
  }
});

test("prefetched data is used only while fresh", async () => {
  const win = fakeWindow("/a", { "/b?_bridge_data=b1": pageData("/b") });
  const { navigator } = navigatorFor(pageData("/a"));
  await navigator.prefetch("/b");
  const now = Date.now;
  Date.now = () => now() + 10_001;
  try {
    await navigator.navigate("/b");
  } finally {
    Date.now = now;
  }
  assert.equal(win.fetched.length, 2, "10 s later the click fetched the data again");
});

test("a partial reload fetches the named props and keeps the others, in place", async () => {
  const win = fakeWindow("/post", {
    "/post?_bridge_data=b1": withProps(pageData("/post"), { comments: ["new"] }),
  });
  const { navigator, screens } = navigatorFor(withProps(pageData("/post"), { title: "Post", comments: ["old"] }));
  await navigator.reload({ only: ["comments"] });
  assert.equal(win.fetched.length, 1);
  assert.equal(String(win.headers[0]["x-bridge-only"]), "comments");
  assert.deepEqual(screens.at(-1).props, { title: "Post", comments: ["new"] });
  assert.equal(history.length, 1);
  assert.deepEqual(win.focused, [], "nothing moved: no focus change");
});

test("navigation data and form submissions go to the page's own URL, marked, under the mount path too", async () => {
  const win = fakeWindow("/app/", {
    "/app/admin?tab=2&_bridge_data=b1": pageData("/admin", "admin", "/app"),
    "/app/notes?_bridge_data=b1": pageData("/notes", "notes", "/app"),
  });
  win.methods = [];
  const fetch = globalThis.fetch;
  globalThis.fetch = (url, init) => (win.methods.push(init.method), fetch(url, init));
  const { navigator, shown } = navigatorFor(pageData("/", "index", "/app"));
  await navigator.navigate("/admin?tab=2");
  await navigator.submit("/notes", "post", new URLSearchParams({ text: "hi" }));
  assert.deepEqual(win.fetched, ["/app/admin?tab=2&_bridge_data=b1", "/app/notes?_bridge_data=b1"]);
  assert.deepEqual(win.methods, ["GET", "POST"]);
  assert.deepEqual(shown, ["/admin", "/notes"]);
});
