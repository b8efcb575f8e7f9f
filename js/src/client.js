// Browser runtime: hydrates the server-rendered page.
import { createElement } from "react";
import { hydrateRoot } from "react-dom/client";
import { RouterContext, withBase } from "./router.js";

const data = JSON.parse(document.getElementById("__BRIDGE_DATA__").textContent);
const [page, app] = await Promise.all([import(data.assets.page), import(data.assets.app)]);

const router = {
  pathname: data.route.pathname,
  route: data.route.pattern,
  query: data.route.query,
  params: data.route.params,
  asPath: data.route.asPath,
  basePath: data.base,
  isNavigating: false,
  href: (href) => withBase(data.base, href),
  push: (href) => window.location.assign(withBase(data.base, href)),
  replace: (href) => window.location.replace(withBase(data.base, href)),
  back: () => window.history.back(),
  reload: () => window.location.reload(),
  prefetch: () => Promise.resolve(),
  events: { on() {}, off() {} },
};

hydrateRoot(
  document.getElementById("__bridge"),
  createElement(
    RouterContext.Provider,
    { value: router },
    createElement(app.default, { Component: page.default, pageProps: data.props }),
  ),
);
