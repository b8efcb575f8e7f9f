// Server render entry, evaluated once per engine context (QuickJS or V8). It defines
// __bridgeRender(pageId, dataJson), returning "<logs length>,<head length>|" + logs + head + body.
// `pages`, `App` and `styleRegistry` come from the virtual module that build.mjs generates from the route
// table.
import { drainLogs } from "./console.js"; // first: user modules may log while they load
import "core-js/actual/url"; // web APIs pages use in render that QuickJS lacks (no-ops where present)
import "core-js/actual/url-search-params";
import { createElement } from "react";
import { renderToString } from "bridge:react-dom-server";
import { pages, App, styleRegistry } from "bridge:pages";
import { createRouter, RouterContext } from "./router.js";

const ROOT = '<div id="__bridge">';

// Python slices the output by code points, JS strings count UTF-16 units: count surrogate pairs once.
const codePoints = (text) => text.length - (text.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0);

globalThis.__bridgeRender = function render(pageId, dataJson) {
  const Page = pages[pageId];
  if (Page === undefined) throw new Error(`bridge: no page "${pageId}" in the server bundle`);
  const data = JSON.parse(dataJson);
  const tree = createElement(
    RouterContext.Provider,
    { value: createRouter(data.route, data.base, null, false, data.csrf) },
    createElement(App, { Component: Page, pageProps: data.props }),
  );
  // A CSS-in-JS library's registry (pages/_document's styleRegistry) collects what this render emitted.
  const registry = styleRegistry?.();
  // React 19 hoists <title>, <meta> and <link> ahead of the root; the root div marks where the body starts.
  // Attribute values and text are escaped by React, so the marker cannot occur inside the hoisted tags.
  const html = renderToString(createElement("div", { id: "__bridge" }, registry ? registry.wrap(tree) : tree));
  const start = html.indexOf(ROOT);
  const body = html.slice(start);
  const head = html.slice(0, start) + (registry ? registry.head(body) : "");
  const logs = drainLogs();
  return `${codePoints(logs)},${codePoints(head)}|${logs}${head}${body}`;
};
