// Types of pages/_document's hook, for TypeScript apps: `import type { StyleRegistry } from "bridge/document"`.
// There is no bridge/document module at run time: a type-only import is all a _document needs.
import type { ReactNode } from "react";

/**
 * A CSS-in-JS library's registry for one server render: bridge renders `wrap(tree)` and puts what
 * `head(bodyHtml)` returns (style tags) in the document's <head>.
 */
export interface StyleRegistry {
  wrap(tree: ReactNode): ReactNode;
  head(bodyHtml: string): string;
}

/** What pages/_document exports: a new registry for each render. */
export type StyleRegistryFactory = () => StyleRegistry;
