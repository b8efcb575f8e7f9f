// Navigator against a fake window (history, location, scrolling, sessionStorage, fetch): scroll positions
// across back/forward and reloads, and redirects under a mount path. The browser suite (tests/browser)
// covers the same in Chromium; these pin the logic down without one.
import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { Navigator } from "../src/navigator.js";

const ORIGIN = "https://shop.test";
const BUILD = "b1";
const MODULE = "data:text/javascript,export default function Page() {}";

/** Installs a fake window on globalThis; `pages` maps data-route paths to the JSON they answer. */
function fakeWindow(path, pages = {}) {
  const listeners = {};
  const entries = [{ url: new URL(path, ORIGIN).href, state: null }];
  const storage = new Map();
  const win = {
    index: 0,
    scrolls: [], // every scrollTo(x, y)
    assigned: [], // every location.assign(url)
    fetched: [], // every data URL fetched
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
    async fetch(url) {
      win.fetched.push(url);
      const body = pages[new URL(url, ORIGIN).pathname];
      return {
        status: body ? 200 : 404,
        headers: { get: () => "application/json" },
        json: async () => body ?? pageData("/404", "404"),
      };
    },
  });
  return win;
}

const GLOBALS = ["location", "history", "scrollX", "scrollY", "scrollTo", "addEventListener", "sessionStorage", "fetch"];
afterEach(() => {
  for (const name of GLOBALS) delete globalThis[name];
});

function pageData(pathname, page = pathname, base = "") {
  return {
    page,
    build_id: BUILD,
    base,
    route: { pathname, pattern: pathname, query: {}, params: {}, asPath: pathname },
    assets: { page: MODULE, app: MODULE },
    props: {},
  };
}

function navigatorFor(data) {
  const shown = [];
  const navigator = new Navigator(data, {
    show: async (next) => shown.push(next.route.pathname),
    setNavigating: () => {},
  });
  return { navigator, shown };
}

test("back and forward restore the scroll position each page was left at", async () => {
  const win = fakeWindow("/a", { "/_bridge/data/b1/b.json": pageData("/b") });
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
    "/app/_bridge/data/b1/hop.json": { redirect: { destination: "/plain/6", status_code: 307 } },
    "/app/_bridge/data/b1/plain/6.json": pageData("/plain/6", "plain/[n]", "/app"),
  });
  const { navigator, shown } = navigatorFor(pageData("/", "index", "/app"));
  await navigator.navigate("/hop");
  assert.deepEqual(win.fetched, ["/app/_bridge/data/b1/hop.json", "/app/_bridge/data/b1/plain/6.json"]);
  assert.equal(location.href, `${ORIGIN}/app/plain/6`);
  assert.deepEqual(shown, ["/plain/6"]);
  assert.deepEqual(win.assigned, []);
  assert.equal(history.length, 2, "the redirecting URL is not in history");
});

test("a redirect elsewhere loads the destination in full", async () => {
  const win = fakeWindow("/app/", {
    "/app/_bridge/data/b1/out.json": { redirect: { destination: "https://elsewhere.test/x", status_code: 307 } },
    "/app/_bridge/data/b1/up.json": { redirect: { destination: `${ORIGIN}/outside`, status_code: 307 } },
  });
  const { navigator, shown } = navigatorFor(pageData("/", "index", "/app"));
  await navigator.navigate("/out");
  await navigator.navigate("/up"); // same origin, but not under the mount path: not this app's
  assert.deepEqual(win.assigned, ["https://elsewhere.test/x", `${ORIGIN}/outside`]);
  assert.deepEqual(shown, []);
});

test("URLs other than http:, https: and relative ones are never followed", async () => {
  const win = fakeWindow("/", {
    "/_bridge/data/b1/away.json": { redirect: { destination: "javascript:alert(1)", status_code: 307 } },
    "/_bridge/data/b1/data.json": { redirect: { destination: " data:text/html,<script>alert(1)</script>", status_code: 307 } },
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
