// Browser runtime entry: hydrates the server-rendered page, then navigates client-side.
import { createElement, useLayoutEffect, useMemo, useState } from "react";
import { hydrateRoot } from "react-dom/client";
import { Navigator } from "./navigator.js";
import { createRouter, RouterContext } from "./router.js";

const data = JSON.parse(document.getElementById("__BRIDGE_DATA__").textContent);
let setPage;
let setNavigating;
const navigator = new Navigator(data, {
  show: (next, modules) => new Promise((committed) => setPage({ data: next, ...modules, committed })),
  setNavigating: (value) => setNavigating(value),
});

function Root({ initial }) {
  const [page, setPageState] = useState(initial);
  const [isNavigating, setNavigatingState] = useState(false);
  setPage = setPageState;
  setNavigating = setNavigatingState;
  useLayoutEffect(() => page.committed?.(), [page]);
  const { route, base, props } = page.data;
  const router = useMemo(() => createRouter(route, base, navigator, isNavigating), [route, base, isNavigating]);
  return createElement(
    RouterContext.Provider,
    { value: router },
    createElement(page.App, { Component: page.Page, pageProps: props }),
  );
}

const [page, app] = await navigator.load(data);
hydrateRoot(
  document.getElementById("__bridge"),
  createElement(Root, { initial: { data, Page: page.default, App: app.default } }),
);
