// Browser runtime entry: hydrates the server-rendered page, then navigates client-side.
import { createElement, useLayoutEffect, useMemo, useState } from "react";
import { createRoot, hydrateRoot } from "react-dom/client";
import { Navigator } from "./navigator.js";
import { createRouter, RouterContext } from "./router.js";

const data = JSON.parse(document.getElementById("__BRIDGE_DATA__").textContent);
let setPage;
let setNavigating;
let failed; // rejects the page being shown if rendering it throws
let hydrated; // resolves once React has committed the first page: a navigation started earlier (back, forward) waits
const mounted = new Promise((resolve) => (hydrated = resolve));
const navigator = new Navigator(data, {
  show: (next, modules) =>
    mounted.then(
      () =>
        new Promise((committed, fail) => {
          failed = fail;
          setPage({ data: next, ...modules, committed });
        }),
    ),
  setNavigating: (value) => mounted.then(() => setNavigating(value)),
});

function Root({ initial }) {
  const [page, setPageState] = useState(initial);
  const [isNavigating, setNavigatingState] = useState(false);
  setPage = setPageState;
  setNavigating = setNavigatingState;
  useLayoutEffect(() => (page.committed ?? hydrated)(), [page]);
  const { route, base, props, csrf } = page.data;
  const router = useMemo(
    () => createRouter(route, base, navigator, isNavigating, csrf),
    [route, base, isNavigating, csrf],
  );
  return createElement(
    RouterContext.Provider,
    { value: router },
    createElement(page.App, { Component: page.Page, pageProps: props }),
  );
}

window.__bridge = navigator; // for the dev client and for debugging
const [page, app] = await navigator.load(data);
const container = document.getElementById("__bridge");
const root = createElement(Root, { initial: { data, Page: page.default, App: app.default } });
const options = {
  // An error that unmounts the app would leave a blank screen: the navigation that rendered it fails
  // instead, and loads the page in full (where the server answers, e.g. with the 500 page).
  onUncaughtError(error) {
    reportError(error);
    failed?.(error);
  },
};
// An empty root means the server did not render this page (render_fallback="client"): render it here.
if (container.hasChildNodes()) hydrateRoot(container, root, options);
else createRoot(container, options).render(root);
