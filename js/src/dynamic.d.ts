// Types of bridge/dynamic (dynamic.js) for TypeScript pages.
import type { ComponentType, ReactNode } from "react";

/** What the `loading` component gets: whether the module is still loading, and why it failed. */
export interface DynamicLoadingProps {
  isLoading: boolean;
  error: unknown;
}

export interface DynamicOptions {
  /** Must be false: the component renders in the browser only (the server renders `loading`). */
  ssr: false;
  /** Shown on the server, during hydration and until the module has loaded (or when it failed). */
  loading?: (props: DynamicLoadingProps) => ReactNode;
}

/** A component whose module loads in the browser after hydration, as next/dynamic with `{ ssr: false }`. */
export default function dynamic<P extends object>(
  load: () => Promise<{ default: ComponentType<P> } | ComponentType<P>>,
  options: DynamicOptions,
): ComponentType<P> & { preload(): Promise<ComponentType<P>> };
