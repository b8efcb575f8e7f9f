// `import dynamic from "bridge/dynamic"`: a component whose code loads in the browser only, as next/dynamic
// with { ssr: false }. The server (and the browser's hydration, so that they match) renders `loading`; after
// hydration the browser imports the module and renders its default export. Its chunk is preloaded with
// the page's code. In the server bundle the import is never evaluated (bridge leaves the module out).
import { createElement, useEffect, useState } from "react";

const nothing = () => null;

export default function dynamic(load, options = {}) {
  const { ssr = true, loading = nothing } = options;
  if (ssr !== false) {
    throw new Error(
      "bridge/dynamic: pass { ssr: false }: server renders are synchronous and cannot wait for a module " +
        "(import the component statically to render it on the server)",
    );
  }
  let loaded = null;
  let pending = null;
  const preload = () => {
    pending ??= load().then((module) => (loaded = module.default ?? module));
    return pending;
  };

  function DynamicComponent(props) {
    const [Component, setComponent] = useState(null); // null until mounted: hydration matches the server
    const [error, setError] = useState(null);
    useEffect(() => {
      let mounted = true;
      if (loaded) setComponent(() => loaded);
      else {
        preload().then(
          (component) => mounted && setComponent(() => component),
          (failure) => mounted && setError(failure),
        );
      }
      return () => {
        mounted = false;
      };
    }, []);
    if (Component) return createElement(Component, props);
    return createElement(loading, { isLoading: !error, error });
  }
  DynamicComponent.preload = preload;
  return DynamicComponent;
}
