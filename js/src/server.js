// Server render entry, evaluated once per engine context (QuickJS or V8). It defines
// __bridgeRender(pageId, dataJson), returning "<logs length>,<head length>|" + logs + head + body, and
// __bridgeLoadPages(), which loads every page and returns the failures as JSON (`bridge build` checks it).
// `loaders`, `files` and `styleRegistry` come from the virtual module that build.mjs generates from the route table: each
// page's module is evaluated on its first render, so a page whose code throws at load fails alone.
import { drainLogs } from "./console.js"; // first: user modules may log while they load
import "./platform.js"; // the web-platform globals libraries expect, before any of them loads
import "./intl.js"; // Intl where the engine has none
import { createElement } from "react";
import { renderToString } from "bridge:react-dom-server";
import { loaders, files, styleRegistry } from "bridge:pages";
import { createRouter, RouterContext } from "./router.js";

const ROOT = '<div id="__bridge">';

// Python slices the output by code points, JS strings count UTF-16 units: count surrogate pairs once.
const codePoints = (text) => text.length - (text.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0);

const loaded = new Map(); // pageId -> {component} or {error}

/** The page's component, its module evaluated on first use; throws the same error on every use when it
 * failed to load (its module is not evaluated twice). */
function component(pageId) {
  let entry = loaded.get(pageId);
  if (entry === undefined) {
    const load = loaders[pageId];
    if (load === undefined) throw new Error(`bridge: no page "${pageId}" in the server bundle`);
    try {
      entry = { component: load().default };
    } catch (cause) {
      const error = new Error(`bridge: page "${pageId}" (${files[pageId]}) failed to load: ${cause}`);
      error.name = "BridgePageLoadError"; // (bridge/render/engine.py: the engine stays usable)
      const frames = String(cause?.stack ?? ""); // (V8's starts with the message, QuickJS's does not)
      const causeStack = frames.startsWith(String(cause)) ? frames : `${cause}\n${frames}`;
      error.stack = `${error.name}: ${error.message}\n${causeStack}`;
      entry = { error };
    }
    loaded.set(pageId, entry);
  }
  if (entry.error) throw entry.error;
  return entry.component;
}

globalThis.__bridgeRender = function render(pageId, dataJson) {
  const App = component("_app");
  const Page = component(pageId);
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

globalThis.__bridgeLoadPages = function loadPages() {
  const failures = [];
  for (const pageId of Object.keys(loaders)) {
    try {
      component(pageId);
    } catch (error) {
      failures.push({ page: pageId, file: files[pageId], stack: String(error.stack ?? error) });
    }
  }
  drainLogs();
  return JSON.stringify(failures);
};
