// <Link href>: a real <a>; plain left clicks on app links become client-side navigations, the target page's
// code is prefetched when the link is scrolled into view, and its data too when the user shows intent
// (hover, focus, touch).
import { createElement, useEffect, useRef } from "react";
import { useRouter } from "./router.js";
import { keepsBrowserBehaviour } from "./urls.js";

// Event handlers never reach server-rendered HTML, and in QuickJS each one still costs React a walk through
// its attribute switch (about 2.5 µs a prop): on the server a link is just its <a>.
const SERVER = typeof window === "undefined";

export default function Link({ href, replace = false, scroll = true, prefetch = true, onClick, ...rest }) {
  const router = useRouter();
  const resolved = router.href(href);
  if (SERVER) return createElement("a", { ...rest, href: resolved });
  // Links that open elsewhere (target, download) are loaded by the browser: nothing to prefetch for them.
  const elsewhere = (rest.target && rest.target !== "_self") || (rest.download != null && rest.download !== false);
  const prefetches = prefetch && !elsewhere;
  const intent = prefetches ? () => router.prefetch(href) : undefined;
  const anchor = useRef(null);
  useEffect(() => (prefetches ? router.watch(anchor.current) : undefined), [prefetches, resolved]);
  function handleClick(event) {
    onClick?.(event);
    if (keepsBrowserBehaviour(event, event.currentTarget) || !router.handles(resolved)) return;
    event.preventDefault();
    (replace ? router.replace : router.push)(href, { scroll });
  }
  return createElement("a", {
    ...rest,
    ref: rest.ref ? (node) => setRef(rest.ref, (anchor.current = node)) : anchor,
    href: resolved,
    onClick: handleClick,
    onMouseEnter: chain(rest.onMouseEnter, intent),
    onFocus: chain(rest.onFocus, intent),
    onTouchStart: chain(rest.onTouchStart, intent),
  });
}

function setRef(ref, node) {
  if (typeof ref === "function") ref(node);
  else ref.current = node;
}

function chain(theirs, ours) {
  if (!ours) return theirs;
  return (event) => {
    theirs?.(event);
    ours();
  };
}
