// URL helpers shared by the router and Link; pure, so node's test runner covers them.

/**
 * Where a page's data is fetched (and its forms posted): the page's own URL with the build id in a reserved
 * parameter, last, so every rule on the page's path covers its data (the mount root is <base>/, where a
 * Starlette Mount serves it): /books/1?q=x -> /books/1?q=x&_bridge_data=<build>
 */
export function dataUrl(base, buildId, url) {
  const path = base && url.pathname === base ? `${base}/` : url.pathname;
  return `${path}${url.search ? `${url.search}&` : "?"}_bridge_data=${buildId}`;
}

/** The code route for an app path: which modules its page needs, without running its props. */
export function codeUrl(base, buildId, url) {
  const path = url.pathname.slice(base.length) || "/";
  const file = path === "/" ? "index" : path.replace(/^\/|\/$/g, "");
  return `${base}/_bridge/code/${buildId}/${file}.json`;
}

/** Whether the runtime may follow `url` (a URL object): only http: and https:, never javascript:, data:... */
export function isFollowable(url) {
  return url.protocol === "http:" || url.protocol === "https:";
}

/** Whether `url` is served by this bridge app (same origin, under the mount path). */
export function isInternal(url, base, origin) {
  if (url.origin !== origin) return false;
  return base === "" || url.pathname === base || url.pathname.startsWith(`${base}/`);
}

/** Whether going from `from` to `to` only moves to another #fragment of the same page ("#" alone: the top). */
export function isHashChange(from, to) {
  return to.href.includes("#") && from.pathname === to.pathname && from.search === to.search;
}

/** Whether a click should stay with the browser: modified clicks, other buttons, targets, downloads. */
export function keepsBrowserBehaviour(event, anchor) {
  if (event.defaultPrevented || event.button !== 0) return true;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return true;
  const target = anchor.getAttribute("target");
  return (target !== null && target !== "" && target !== "_self") || anchor.hasAttribute("download");
}
