// Client-side navigation: fetch the next page's data as JSON from its own URL (urls.js dataUrl), load its
// module, render it, and keep history, scroll positions and prefetches in order.
import { withBase } from "./router.js";
import { codeUrl, dataUrl, isFollowable, isHashChange, isInternal } from "./urls.js";

const FRESH_MS = 30_000; // back/forward reuses data younger than this, else refetches
const PREFETCH_MS = 10_000; // a prefetched page's data is used for this long, once
const MAX_PREFETCHES = 4; // in flight at once, of data (more are skipped) and of code (more wait) apart
const PREFETCH = { purpose: "prefetch" }; // browsers keep Sec-Purpose for their own prefetches: the server reads both
const MAX_REDIRECTS = 10;

/** Thrown when only a full page load can show the target (new deploy, non-JSON answer). */
class FullLoad extends Error {}

/** Whether `url` may be followed; logs the refusal of a javascript:, data:... URL (an open redirect's XSS). */
function followable(url) {
  if (isFollowable(url)) return true;
  console.error(`bridge: refused to navigate to ${url.href}: only http:, https: and relative URLs are followed`);
  return false;
}

const SCROLL_KEY = "bridge-scroll:";

function newKey() {
  return Math.random().toString(36).slice(2, 10);
}

/** The scroll position saved when the document of history entry `key` was last unloaded, forgotten once read. */
function takeScroll(key) {
  try {
    const saved = JSON.parse(sessionStorage.getItem(SCROLL_KEY + key));
    sessionStorage.removeItem(SCROLL_KEY + key);
    return saved;
  } catch {
    return null;
  }
}

const stylesheets = () => document.querySelectorAll("link[data-bridge-css]");

/**
 * Loads stylesheet `href` without applying it (media "not all"), unless the document has it already (the
 * server's links, or an earlier page's); resolves once the browser has it.
 */
export function loadStylesheet(href) {
  for (const link of stylesheets()) if (link.getAttribute("href") === href) return link.loaded;
  const link = Object.assign(document.createElement("link"), { rel: "stylesheet", href, media: "not all" });
  link.setAttribute("data-bridge-css", "");
  document.head.append(link);
  return (link.loaded = new Promise((resolve, reject) => {
    link.onload = resolve;
    link.onerror = () => reject(Error(`bridge: ${href} did not load`));
  }));
}

/** Applies exactly the stylesheets `hrefs` (the page on screen's); the others stay loaded, switched off. */
export function applyStylesheets(hrefs) {
  for (const link of stylesheets()) link.media = hrefs.includes(link.getAttribute("href")) ? "all" : "not all";
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
    this.prefetched = new Map(); // data URL -> {promise, time}; code route URL -> {} (links in view)
    this.prefetching = 0;
    this.codePrefetches = 0; // (apart: links scrolled into view never crowd out a hover's prefetch)
    this.controller = null;
    this.current = new URL(location.href);
    this.data = data; // the page data on screen
    this.handlers = { start: new Set(), complete: new Set(), error: new Set(), data: new Set() };
    this.events = {
      on: (type, handler) => this.handlers[type].add(handler),
      off: (type, handler) => this.handlers[type].delete(handler),
    };
    const entry = history.state?.__bridge;
    this.key = entry?.key ?? newKey(); // the current history entry's; null on entries the browser made for #hash
    this.scrolls = new Map(); // history key -> [x, y] when last left; fresher than the entries' own state
    history.replaceState({ ...history.state, __bridge: { ...entry, key: this.key } }, "");
    history.scrollRestoration = "manual";
    // A reload, or back from another site: the browser leaves scrolling to us, so go back where the user was.
    const saved = takeScroll(this.key) ?? entry?.scroll;
    if (saved) scrollTo(...saved);
    this.visited.set(this.key, { data, time: Date.now() });
    addEventListener("popstate", (event) => this.popState(event.state?.__bridge));
    addEventListener("hashchange", () => (this.key = history.state?.__bridge?.key ?? null));
    // history.replaceState() in pagehide does not reach the next document in Chromium; sessionStorage does.
    addEventListener("pagehide", () => {
      try {
        if (this.key) sessionStorage.setItem(SCROLL_KEY + this.key, JSON.stringify([scrollX, scrollY]));
      } catch {} // storage full or disabled: the page opens at the top
    });
  }

  /** Whether a click on `href` should become a client-side navigation. */
  handles(href) {
    const url = new URL(href, location.href);
    return isInternal(url, this.base, location.origin) && !isHashChange(new URL(location.href), url);
  }

  /** Loads the modules of a page (its component and the layout) and its stylesheets, not yet applied. */
  load(data) {
    const css = data.assets.css.map(loadStylesheet);
    return Promise.all([this.module(data.assets.page), this.module(data.assets.app), ...css]);
  }

  module(url) {
    if (!this.modules.has(url)) this.modules.set(url, import(url));
    return this.modules.get(url);
  }

  /**
   * Fetches the page data of `url` (or sends a form to its action); redirects come back as {redirect}.
   * A page that is never prefetched answers a prefetch with its modules only, without props.
   */
  async fetchData(url, signal, submission = null, headers) {
    const response = await fetch(dataUrl(this.base, this.buildId, url), {
      signal,
      method: submission?.method ?? "GET",
      body: submission?.body,
      headers: { accept: "application/json", ...headers },
      credentials: "same-origin",
    });
    const type = response.headers.get("content-type") ?? "";
    if (response.status === 409 || !type.startsWith("application/json")) throw new FullLoad();
    const data = await response.json();
    if (data.error && !data.page) throw new Error(data.error); // an action refused (CSRF, body too large)
    if (!data.redirect && data.build_id !== this.buildId) throw new FullLoad();
    return data;
  }

  /** Fetches `href`'s data and code ahead of a click; deduplicated, capped and short-lived. */
  prefetch(href) {
    const url = new URL(withBase(this.base, href), location.href);
    if (!followable(url) || !this.handles(url.href)) return Promise.resolve();
    const key = dataUrl(this.base, this.buildId, url);
    const hit = this.prefetched.get(key);
    if (hit && Date.now() - hit.time < PREFETCH_MS) return hit.promise;
    if (this.prefetching >= MAX_PREFETCHES) return Promise.resolve();
    this.prefetching++;
    const promise = this.fetchData(url, undefined, null, PREFETCH).then(async (data) => {
      if (!data.redirect) await this.load(data);
      return data;
    });
    this.prefetched.set(key, { promise, time: Date.now() });
    promise.catch(() => this.prefetched.delete(key)).finally(() => this.prefetching--);
    return promise.then(() => undefined, () => undefined);
  }

  /**
   * Starts observing a link (<Link>'s element): once it is scrolled into view, its page's code (never its
   * data) is fetched at idle time. Returns the function that stops observing.
   */
  watch(anchor) {
    this.observer ??= new IntersectionObserver((entries) => {
      for (const { isIntersecting, target } of entries) {
        if (isIntersecting) this.observer.unobserve(target), this.prefetchCode(target.href);
      }
    });
    this.observer.observe(anchor);
    return () => this.observer.unobserve(anchor);
  }

  /** At idle time, loads the modules of the page at `href` from the code route (no props run); capped as prefetch(). */
  prefetchCode(href) {
    (self.requestIdleCallback ?? setTimeout)(() => {
      if (!this.handles(href)) return; // (javascript:, another origin...)
      const key = codeUrl(this.base, this.buildId, new URL(href));
      if (this.prefetched.has(key)) return;
      if (this.codePrefetches >= MAX_PREFETCHES) return this.prefetchCode(href); // at the next idle time
      this.codePrefetches++;
      const promise = fetch(key, { headers: PREFETCH }).then((response) => response.json()).then((code) => this.load(code));
      this.prefetched.set(key, {}); // (never used as data: dataFor() looks up data URLs)
      promise.catch(() => this.prefetched.delete(key)).finally(() => this.codePrefetches--);
    });
  }

  /** Forgets prefetched and visited data, e.g. after a mutation changed what pages would show. */
  invalidate() {
    this.prefetched.clear();
    for (const entry of this.visited.values()) entry.time = 0;
  }

  back() {
    history.back();
  }

  /**
   * Fetches the current page's props again (never from a prefetch) and renders them in place; with
   * `only`, just those props, merged into the others.
   */
  reload(options) {
    this.prefetched.delete(dataUrl(this.base, this.buildId, new URL(location.href)));
    return this.navigate(location.href, { ...options, mode: "replace", scroll: false });
  }

  /**
   * Sends a form to the page action at `action` with `method`; the page's answer (its props with
   * `errors` and `values`, or new props) renders in place, a redirect navigates to its target.
   */
  submit(action, method, body) {
    this.invalidate(); // what was prefetched or visited may show data the mutation changed
    return this.navigate(action, { mode: "replace", scroll: false, submission: { method: method.toUpperCase(), body } });
  }

  /**
   * Navigates to `href`. mode: "push" | "replace" | "pop" (back/forward: `key` and `scroll` come from
   * the history entry). A newer navigation aborts this one; the same one again (a second click) is dropped.
   * `only` (a partial reload) fetches those props of the current page and merges them into the others.
   */
  async navigate(href, { mode = "push", scroll = true, key = null, restore = null, redirects = 0, submission = null, only } = {}) {
    const url = new URL(withBase(this.base, href), location.href);
    if (!followable(url)) return;
    if (!isInternal(url, this.base, location.origin)) return location.assign(url.href);
    if (url.pathname.length > 1 && url.pathname.endsWith("/")) url.pathname = url.pathname.slice(0, -1); // as the server's 308
    const going = this.controller;
    if (going?.href === url.href && !submission) return; // it carries on (a reload: its props, or more)
    if (mode === "push" && url.href === location.href) mode = "replace"; // as Next.js: no entry for the same URL
    going?.abort();
    const controller = new AbortController();
    if (!only) controller.href = url.href; // (a full reload must not give way to a partial one)
    this.controller = controller;
    const moved = url.pathname !== this.current.pathname || url.search !== this.current.search;
    this.emit("start", url.href);
    this.setNavigating(true);
    try {
      const data = submission
        ? await this.fetchData(url, controller.signal, submission)
        : await this.dataFor(url, mode, key, controller.signal, only);
      if (submission) this.invalidate(); // and what was prefetched while the action ran may predate its writes
      if (controller.signal.aborted) return;
      if (data.redirect) return this.redirect(data.redirect.destination, submission ? "push" : mode, redirects);
      const [page, app] = await this.load(data);
      if (controller.signal.aborted) return;
      this.commitHistory(url, mode, key, data);
      await this.show(data, { Page: page.default, App: app.default });
      applyStylesheets(data.assets.css); // after React's commit, before the browser paints it
      this.scroll(url, mode, scroll, restore);
      if (moved) this.announce(url, mode !== "pop");
      this.emit("complete", url.href);
    } catch (error) {
      if (controller.signal.aborted) return;
      this.emit("error", error);
      // A full load shows whatever the server has (never a blank screen); after a refused action, the
      // page afresh, with a new CSRF token.
      location.assign(url.href);
    } finally {
      if (this.controller === controller) {
        this.controller = null;
        this.setNavigating(false);
      }
    }
  }

  async dataFor(url, mode, key, signal, only) {
    if (only) {
      const part = await this.fetchData(url, signal, null, { "x-bridge-only": only }); // (["a", "b"] is sent as a,b)
      if (part.page !== this.data.page) throw new FullLoad(); // another page serves the URL now
      return { ...part, props: { ...this.data.props, ...part.props } };
    }
    if (mode === "pop") {
      const seen = this.visited.get(key);
      if (seen && Date.now() - seen.time < FRESH_MS) return seen.data;
    } else {
      const prefetchKey = dataUrl(this.base, this.buildId, url);
      const hit = this.prefetched.get(prefetchKey);
      this.prefetched.delete(prefetchKey);
      if (hit && Date.now() - hit.time < PREFETCH_MS) {
        try {
          const data = await hit.promise;
          if (data.props || data.redirect) return data; // else: a page with prefetch = False sent its code only
        } catch {
          // fall through to a fresh fetch
        }
      }
    }
    return this.fetchData(url, signal);
  }

  /**
   * Tells screen readers which page is shown (its title, else its first <h1>, else its path) and, after a
   * click or router.push (`focus`), moves focus to the top of the page, or to the #hash's element, so the
   * next Tab starts there. Back and forward leave focus alone.
   */
  announce(url, focus) {
    const announcer = document.getElementById("__bridge-announcer"); // in every document bridge serves
    announcer.style.cssText = "position:fixed;scale:0"; // visually hidden (set here, where a strict CSP allows it)
    announcer.textContent = document.title || document.querySelector("h1")?.textContent || url.pathname;
    const target = focus && ((url.hash && document.getElementById(decodeURIComponent(url.hash.slice(1)))) || document.getElementById("__bridge"));
    if (!target) return;
    if (target.tabIndex < 0) {
      target.tabIndex = -1; // focusable by script, never a Tab stop, and no focus ring around the whole page
      target.style.outline = "none";
    }
    target.focus({ preventScroll: true });
  }

  redirect(destination, mode, redirects) {
    // The server gives "/path" destinations relative to the app, as it does for full loads: add the mount path.
    const target = new URL(withBase(this.base, destination), location.href);
    if (!followable(target)) return;
    if (redirects >= MAX_REDIRECTS || !isInternal(target, this.base, location.origin)) {
      return location.assign(target.href);
    }
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
    this.key = key;
    this.data = data;
    this.emit("data", data);
  }

  saveScroll() {
    const entry = history.state?.__bridge;
    if (!entry) return;
    const scroll = [scrollX, scrollY];
    this.scrolls.set(entry.key, scroll);
    history.replaceState({ ...history.state, __bridge: { ...entry, scroll } }, "");
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
    // The entry being left cannot be written to any more: keep its scroll position here, for forward.
    if (this.key) this.scrolls.set(this.key, [scrollX, scrollY]);
    if (!entry) {
      // An entry the browser made for a #fragment: nothing to render unless it is another page.
      if (url.pathname === this.current.pathname && url.search === this.current.search) return;
      return this.navigate(url.href, { mode: "replace", scroll: false });
    }
    return this.navigate(url.pathname.slice(this.base.length) + url.search + url.hash, {
      mode: "pop",
      key: entry.key,
      restore: this.scrolls.get(entry.key) ?? entry.scroll,
    });
  }

  emit(type, detail) {
    for (const handler of this.handlers[type]) handler(detail);
  }
}
