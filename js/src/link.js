// <Link href>: a real <a> that the router turns into a client-side navigation on plain left clicks.
import { createElement } from "react";
import { useRouter } from "./router.js";

export default function Link({ href, replace = false, scroll = true, onClick, ...rest }) {
  const router = useRouter();
  function handleClick(event) {
    onClick?.(event);
    if (event.defaultPrevented || !isPlainClick(event) || rest.target || rest.download != null) return;
    if (!router.navigates?.(href)) return;
    event.preventDefault();
    (replace ? router.replace : router.push)(href, { scroll });
  }
  return createElement("a", { ...rest, href: router.href(href), onClick: handleClick });
}

function isPlainClick(event) {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}
