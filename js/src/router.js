// The router object pages get from useRouter(), the same shape on the server and in the browser.
import { createContext, useContext } from "react";
import { fetchCsrfToken } from "./csrf.js";

export const RouterContext = createContext(null);

/** The current route and navigation methods; see the README for the fields. */
export function useRouter() {
  const router = useContext(RouterContext);
  if (router === null) throw new Error("useRouter() was called outside a bridge page");
  return router;
}

/** Prefixes an app-relative href ("/books/1") with the mount path ("/app"). */
export function withBase(base, href) {
  if (!base || !href.startsWith("/") || href.startsWith("//")) return href;
  return href === "/" ? base : base + href;
}

/**
 * Builds the router for one rendered route. `navigator` does the navigating (js/src/navigator.js);
 * on the server it is null and navigation methods throw.
 */
export function createRouter(route, base, navigator, isNavigating = false, csrf = null) {
  const go = navigator ?? serverOnly;
  return {
    pathname: route.pathname,
    route: route.pattern,
    query: route.query,
    params: route.params,
    asPath: route.asPath,
    basePath: base,
    isNavigating,
    csrf, // {field, token} for page actions (token null on a page cached publicly); <Form> puts it in a hidden field
    href: (href) => withBase(base, href),
    handles: (href) => (navigator ? navigator.handles(href) : false),
    push: (href, options) => go.navigate(href, { ...options, mode: "push" }),
    replace: (href, options) => go.navigate(href, { ...options, mode: "replace" }),
    back: () => go.back(),
    reload: (options) => go.reload(options),
    submit: (action, method, body) => {
      if (!navigator || !csrf || csrf.token) return go.submit(action, method, body);
      // a page cached publicly holds no token: the visitor's is fetched first
      return fetchCsrfToken(base).then((token) => (body.set(csrf.field, token), go.submit(action, method, body)));
    },
    prefetch: (href) => (navigator ? navigator.prefetch(href) : Promise.resolve()),
    watch: (anchor) => navigator?.watch(anchor), // <Link>: prefetch its page's code once it is in view
    events: navigator?.events ?? { on() {}, off() {} },
  };
}

const serverOnly = {
  navigate() {
    throw new Error("The router cannot navigate during server rendering; call it from an event handler or effect");
  },
  back() {
    serverOnly.navigate();
  },
  reload() {
    serverOnly.navigate();
  },
  submit() {
    serverOnly.navigate();
  },
};
