// `bridge dev`'s client, loaded before the runtime: React Fast Refresh, the dev server's event stream,
// and the error overlay. Never part of a production build.
import RefreshRuntime from "react-refresh/runtime";
import { applyStylesheets, loadStylesheet } from "./navigator.js";

RefreshRuntime.injectIntoGlobalHook(window); // before React loads, so React reports to it
window.__bridgeRefresh = {
  register: (type, id) => RefreshRuntime.register(type, id),
  signature: () => RefreshRuntime.createSignatureFunctionForTransform(),
};

const data = JSON.parse(document.getElementById("__BRIDGE_DATA__").textContent);
let boot = null;
/** What tests and tools can read: the server's boot id once the event stream said hello. */
window.__bridgeDev = { boot: null };

function connect() {
  const source = new EventSource(`${data.base}/_bridge/dev/events`);
  source.onmessage = (event) => handle(JSON.parse(event.data));
}

let reloading = false;

/** Loads the page afresh; the messages that follow are for a document about to go. */
function reload() {
  reloading = true;
  location.reload();
}

async function handle(message) {
  const navigator = window.__bridge;
  if (reloading) return;
  switch (message.type) {
    case "hello":
      if (boot !== null && boot !== message.boot) return reload(); // the server restarted
      boot = message.boot;
      window.__bridgeDev.boot = boot;
      if (message.errors.length) overlay("Build failed", message.errors.join("\n\n"));
      break;
    case "error":
      overlay("Build failed", message.errors.join("\n\n"));
      break;
    case "update": {
      overlay(null);
      const shown = navigator?.data; // the page on screen
      const assets = shown && message.assets[shown.page];
      if (!message.boundary || !assets) return reload();
      await Promise.all([
        fresh(navigator, shown.page, assets.page, shown.assets.page),
        fresh(navigator, "_app", assets.app, shown.assets.app),
        ...assets.css.map(loadStylesheet),
      ]);
      applyStylesheets(assets.css); // the new stylesheets replace the old ones, now loaded
      RefreshRuntime.performReactRefresh();
      window.dispatchEvent(new CustomEvent("bridge:refresh"));
      break;
    }
    case "props":
      overlay(null);
      if (!navigator) return reload();
      await navigator.reload(); // a props function that raises: the "data" event shows its traceback
      window.dispatchEvent(new CustomEvent("bridge:props"));
      break;
  }
}

const active = new Map(); // page or layout -> the URL of its module whose code runs now
const ran = new Set(); // module URLs this client imported (the navigator's own imports are in navigator.modules)
let version = 0;

/**
 * Runs the new code of a page or the layout (`key`), built as `url`, unless that code runs already. A build
 * can come back to an earlier URL (content hashes: an edit undone), whose module the browser keeps and never
 * runs twice: a query makes it a new module then.
 */
function fresh(navigator, key, url, loaded) {
  if (url === (active.get(key) ?? loaded)) return null;
  active.set(key, url);
  const again = ran.has(url) || navigator.modules.has(url);
  ran.add(url);
  return import(again ? `${url}?v=${++version}` : url);
}

function showPageError(pageData) {
  const error = pageData?.error;
  if (error) overlay(`${error.type}: ${error.message}`, error.traceback || error.message);
}

let host = null;

/** Shows the overlay with a title and monospace details; overlay(null) hides it. */
function overlay(title, details = "") {
  host?.remove();
  host = null;
  if (title === null) return;
  host = document.createElement("bridge-error-overlay");
  const root = host.attachShadow({ mode: "open" });
  root.innerHTML = `<style>
    :host { position: fixed; inset: 0; z-index: 2147483647; background: rgba(20, 20, 24, 0.86);
      font: 14px/1.5 ui-monospace, SFMono-Regular, Menlo, monospace; color: #f4f4f5; overflow: auto; }
    section { max-width: 960px; margin: 6vh auto; padding: 24px 28px; background: #18181b;
      border-top: 4px solid #ef4444; border-radius: 6px; }
    h2 { margin: 0 0 16px; color: #fca5a5; font-size: 16px; white-space: pre-wrap; }
    pre { margin: 0; white-space: pre-wrap; word-break: break-word; }
    p { color: #a1a1aa; margin: 16px 0 0; }
  </style><section><h2></h2><pre></pre><p>Fix the file and save: this overlay goes away by itself.</p></section>`;
  root.querySelector("h2").textContent = title;
  root.querySelector("pre").textContent = details;
  document.body.append(host);
}

window.addEventListener("error", (event) => overlay(`Uncaught ${event.error?.name ?? "error"}`, event.error?.stack ?? event.message));
window.addEventListener("unhandledrejection", (event) => overlay("Unhandled rejection", String(event.reason?.stack ?? event.reason)));
window.addEventListener("DOMContentLoaded", () => {
  showPageError(data);
  window.__bridge?.events.on("data", (pageData) => (pageData.error ? showPageError(pageData) : overlay(null)));
});
connect();
