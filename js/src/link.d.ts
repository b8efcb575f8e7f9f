// Types of bridge/link (link.js) for TypeScript pages. Map `bridge/*` to this folder in the app's
// tsconfig.json "paths" (see the README, "Typed props (TypeScript)").
import type { AnchorHTMLAttributes, ReactElement, Ref } from "react";

/**
 * The app's routes. `bridge types` registers them in the `pages/bridge-routes.d.ts` it generates:
 * `declare module "bridge/link" { interface Register { route: Route } }`. Until then any string is an href.
 */
export interface Register {}

/** The registered route patterns as template literal types: `"/" | "/about" | `/books/${string}``. */
export type AppRoute = Register extends { route: infer R extends string } ? R : never;

/** Links that leave the app, or stay on the page: not checked against the routes. */
export type ExternalHref = `http://${string}` | `https://${string}` | `mailto:${string}` | `tel:${string}` | `#${string}`;

/** An app route, with an optional query string or hash, or an external URL (any string without registered routes). */
export type Href = [AppRoute] extends [never]
  ? string
  : AppRoute | `${AppRoute}?${string}` | `${AppRoute}#${string}` | ExternalHref;

export interface LinkProps extends Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "href"> {
  /** Where to go: an app route (checked against the routes), or an external URL. */
  href: Href;
  /** Replace the current history entry instead of pushing one. */
  replace?: boolean;
  /** Scroll to the top (or the #hash) after navigating; default true. */
  scroll?: boolean;
  /**
   * Prefetch the target page's code when the link is scrolled into view, and its data and code on hover,
   * focus or touch (its code only if its `.py` says `prefetch = False`); default true. `false`: neither.
   */
  prefetch?: boolean;
  ref?: Ref<HTMLAnchorElement>;
}

/** A real `<a>` whose plain left clicks become client-side navigations. */
export default function Link(props: LinkProps): ReactElement;
