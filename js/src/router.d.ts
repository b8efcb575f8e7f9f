// Types of bridge/router (router.js) for TypeScript pages.
import type { Context } from "react";
import type { Href } from "./link";

/** The query string: one value per key, a list when the key repeats. */
export type Query = Record<string, string | string[]>;

/** Route parameters: `[id]` gives a string, `[...slug]` and `[[...slug]]` a list of strings. */
export type Params = Record<string, string | string[]>;

export interface NavigateOptions {
  /** Scroll to the top (or the #hash) after navigating; default true. */
  scroll?: boolean;
}

export interface ReloadOptions {
  /**
   * A partial reload: fetch only these props of the current page (`get_server_side_props` sees them in
   * `context.only`) and merge them into the others, without a navigation.
   */
  only?: string[];
}

export interface RouterEvents {
  on(type: "start" | "complete", handler: (url: string) => void): void;
  on(type: "error", handler: (error: unknown) => void): void;
  off(type: "start" | "complete", handler: (url: string) => void): void;
  off(type: "error", handler: (error: unknown) => void): void;
}

/**
 * The current route and the navigation methods. `P` types `params`: a page's generated `Params`
 * (`import type { Params } from "./[id].props"`, then `useRouter<Params>()`).
 */
export interface Router<P = Params> {
  /** The path, without the mount path and query string: `/books/3`. */
  pathname: string;
  /** The route pattern: `/books/[id]` (null on an error page for an unknown URL). */
  route: string | null;
  query: Query;
  params: P;
  /** The path with its query string, as the browser shows it (without the mount path). */
  asPath: string;
  /** The mount path, e.g. `/app`; "" at the root. */
  basePath: string;
  /** True while a client-side navigation is loading. */
  isNavigating: boolean;
  /**
   * The CSRF field name and token for page actions (`<Form>` and `submit` send them). The token is null on a
   * page a shared cache may store (`public`, `s-maxage`): `submit` then fetches the visitor's from
   * `<basePath>/_bridge/csrf` (`{field, token}`), as a `fetch` of your own can.
   */
  csrf: { field: string; token: string | null } | null;
  /** The href with the mount path: what an `<a>` needs. */
  href(href: Href): string;
  /** Whether a click on this (resolved) href becomes a client-side navigation. */
  handles(href: string): boolean;
  push(href: Href, options?: NavigateOptions): Promise<void>;
  replace(href: Href, options?: NavigateOptions): Promise<void>;
  back(): void;
  /** Fetches the current page's props again (all, or `only` some) and renders them in place. */
  reload(options?: ReloadOptions): Promise<void>;
  /** Sends a form body to a page action (what `<Form>` does); on a page cached publicly, with the token it fetched. */
  submit(action: Href, method: string, body: FormData): Promise<void>;
  /** Fetches a page's data and code ahead of a navigation (its code only if its `.py` says `prefetch = False`). */
  prefetch(href: Href): Promise<void>;
  events: RouterEvents;
}

/** The router of the page being rendered; `useRouter<Params>()` types its params. */
export function useRouter<P = Params>(): Router<P>;

export const RouterContext: Context<Router | null>;

/** Prefixes an app-relative href ("/books/1") with the mount path ("/app"). */
export function withBase(base: string, href: string): string;
