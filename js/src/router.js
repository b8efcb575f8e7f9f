// The router context shared by server render and browser runtime: `useRouter()` reads it.
import { createContext, useContext } from "react";

export const RouterContext = createContext(null);

/** The current route and navigation methods; see the README for the fields. */
export function useRouter() {
  const router = useContext(RouterContext);
  if (router === null) throw new Error("useRouter() was called outside a bridge page");
  return router;
}

/** Prefixes an app-relative href ("/books/1") with the mount path ("/app"). */
export function withBase(base, href) {
  return base && href.startsWith("/") && !href.startsWith("//") ? base + href : href;
}
