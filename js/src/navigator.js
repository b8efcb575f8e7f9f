// Client-side navigation: fetch the next page's data from the server's JSON data route, load its
// module, render it, and keep history, scroll positions and prefetches in order.
import { withBase } from "./router.js";
import { dataUrl, isHashChange, isInternal } from "./urls.js";

const FRESH_MS = 30_000; // back/forward reuses data younger than this, else refetches
const PREFETCH_MS = 10_000; // a prefetched page's data is used for this long, once
const MAX_PREFETCHES = 4; // prefetches in flight at once; more are skipped
const MAX_REDIRECTS = 10;

/** Thrown when only a full page load can show the target (new deploy, non-JSON answer). */
class FullLoad extends Error {}

function newKey() {
  return Math.random().toString(36).slice(2, 10);
}

export class Navigator {
  /**
   * data: the page data the server embedded; show(data, modules) renders a page and resolves after
   * React committed it; setNavigating(bool) drives router.isNavigating.
   */
  constructor(data, { show, setNavigating }) {
    this.base = data.base;
    this.buildId = data.build_id;
    this.show = show;
    this.setNavigating = setNavigating;
    this.modules = new Map();
    this.visited = new Map(); // history key -> {data, time}
    this.prefetched = new Map(); // data URL -> {promise, time}
    this.prefetching = 0;
    this.controller = null;
    this.current = new URL(location.href);
    this.handlers = { start: new Set(), complete: new Set(), error: new Set() };
    this.events = {
      on: (type, handler) => this.handlers[type].add(handler),
      off: (type, handler) => this.handlers[type].delete(handler),
    };
    const key = history.state?.__bridge?.key ?? newKey();
    history.replaceState({ ...history.state, __bridge: { key } }, "");
    history.scrollRestoration = "manual";
    this.visited.set(key, { data, time: Date.now() });
    addEventListener("popstate", (event) => this.popState(event.state?.__bridge));
    addEventListener("pagehide", () => this.saveScroll());
  }

  /** Whether a click on `href` should become a client-side navigation. */
  handles(href) {
    const url = new URL(href, location.href);
    return isInternal(url, this.base, location.origin) && !isHashChange(new URL(location.href), url);
  }

  /** Loads the modules of a page: its component and the layout. */
  load(data) {
    return Promise.all([this.module(data.assets.page), this.module(data.assets.app)]);
  }

  module(url) {
    if (!this.modules.has(url)) this.modules.set(url, import(url));
    return this.modules.get(url);
  }

  /** Fetches the page data of `url`; redirects come back as {redirect}. */
  async fetchData(url, signal) {
    const response = await fetch(dataUrl(this.base, this.buildId, url), {
      signal,
      headers: { accept: "application/json" },
      credentials: "same-origin",
    });
    const type = response.headers.get("content-type") ?? "";
    if (response.status === 409 || !type.startsWith("application/json")) throw new FullLoad();
    const data = await response.json();
    if (!data.redirect && data.build_id !== this.buildId) throw new FullLoad();
    return data;
  }

  /** Fetches `href`'s data and code ahead of a click; deduplicated, capped and short-lived. */
  prefetch(href) {
    const url = new URL(withBase(this.base, href), location.href);
    if (!this.handles(url.href)) return Promise.resolve();
    const key = dataUrl(this.base, this.buildId, url);
    const hit = this.prefetched.get(key);
    if (hit && Date.now() - hit.time < PREFETCH_MS) return hit.promise;
    if (this.prefetching >= MAX_PREFETCHES) return Promise.resolve();
    this.prefetching++;
    const promise = this.fetchData(url).then(async (data) => {
      if (!data.redirect) await this.load(data);
      return data;
    });
    this.prefetched.set(key, { promise, time: Date.now() });
    promise.catch(() => this.prefetched.delete(key)).finally(() => this.prefetching--);
    return promise.then(() => undefined, () => undefined);
  }

  /** Forgets prefetched and visited data, e.g. after a mutation changed what pages would show. */
  invalidate() {
    this.prefetched.clear();
    for (const entry of this.visited.values()) entry.time = 0;
  }

  back() {
    history.back();
  }

  reload() {
    return this.navigate(location.href, { mode: "replace", scroll: false });
  }

  /**
   * Navigates to `href`. mode: "push" | "replace" | "pop" (back/forward: `key` and `scroll` come from
   * the history entry). A newer navigation aborts this one.
   */
  async navigate(href, { mode = "push", scroll = true, key = null, restore = null, redirects = 0 } = {}) {
    const url = new URL(withBase(this.base, href), location.href);
    if (!isInternal(url, this.base, location.origin)) return location.assign(url.href);
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.emit("start", url.href);
    this.setNavigating(true);
    try {
      const data = await this.dataFor(url, mode, key, controller.signal);
      if (controller.signal.aborted) return;
      if (data.redirect) return this.redirect(data.redirect.destination, mode, redirects);
      const [page, app] = await this.load(data);
      if (controller.signal.aborted) return;
      this.commitHistory(url, mode, key, data);
      await this.show(data, { Page: page.default, App: app.default });
      this.scroll(url, mode, scroll, restore);
      this.emit("complete", url.href);
    } catch (error) {
      if (controller.signal.aborted) return;
      this.emit("error", error);
      location.assign(url.href); // a full load shows whatever the server has; never a blank screen
    } finally {
      if (this.controller === controller) {
        this.controller = null;
        this.setNavigating(false);
      }
    }
  }

  async dataFor(url, mode, key, signal) {
    if (mode === "pop") {
      const seen = this.visited.get(key);
      if (seen && Date.now() - seen.time < FRESH_MS) return seen.data;
    } else {
      const prefetchKey = dataUrl(this.base, this.buildId, url);
      const hit = this.prefetched.get(prefetchKey);
      this.prefetched.delete(prefetchKey);
      if (hit && Date.now() - hit.time < PREFETCH_MS) {
        try {
          return await hit.promise;
        } catch {
          // fall through to a fresh fetch
        }
      }
    }
    return this.fetchData(url, signal);
  }

  redirect(destination, mode, redirects) {
    const target = new URL(destination, location.href);
    if (redirects >= MAX_REDIRECTS || !isInternal(target, "", location.origin)) {
      return location.assign(target.href);
    }
    // The server gives app-relative destinations; the mount path is added by navigate().
    const href = target.pathname.slice(this.base.length) + target.search + target.hash;
    return this.navigate(href, { mode: mode === "pop" ? "replace" : mode, redirects: redirects + 1 });
  }

  commitHistory(url, mode, key, data) {
    if (mode === "push") {
      this.saveScroll();
      key = newKey();
      history.pushState({ __bridge: { key } }, "", url.href);
    } else if (mode === "replace") {
      key = history.state?.__bridge?.key ?? newKey();
      history.replaceState({ __bridge: { key } }, "", url.href);
    }
    this.visited.set(key, { data, time: Date.now() });
    this.current = url;
  }

  saveScroll() {
    const entry = history.state?.__bridge;
    if (entry) history.replaceState({ ...history.state, __bridge: { ...entry, scroll: [scrollX, scrollY] } }, "");
  }

  scroll(url, mode, scroll, restore) {
    if (mode === "pop") return scrollTo(...(restore ?? [0, 0]));
    if (!scroll) return;
    const target = url.hash && document.getElementById(decodeURIComponent(url.hash.slice(1)));
    if (target) target.scrollIntoView();
    else scrollTo(0, 0);
  }

  popState(entry) {
    const url = new URL(location.href);
    if (!entry) {
      // An entry the browser made for a #fragment: nothing to render unless it is another page.
      if (url.pathname === this.current.pathname && url.search === this.current.search) return;
      return this.navigate(url.href, { mode: "replace", scroll: false });
    }
    return this.navigate(url.pathname.slice(this.base.length) + url.search + url.hash, {
      mode: "pop",
      key: entry.key,
      restore: entry.scroll,
    });
  }

  emit(type, detail) {
    for (const handler of this.handlers[type]) handler(detail);
  }
}
