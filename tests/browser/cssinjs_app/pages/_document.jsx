// Server only: the style registries of the two CSS-in-JS libraries this app uses. For each render, bridge
// calls styleRegistry(), renders registry.wrap(tree), and puts registry.head(bodyHtml) in <head>.
import { createElement } from "react";
import createCache from "@emotion/cache";
import { CacheProvider } from "@emotion/react";
import { ServerStyleSheet } from "styled-components";

/** emotion (and MUI): a fresh cache per render; its styles go to <head>, where emotion's client finds them. */
function emotion() {
  const cache = createCache({ key: "css" });
  cache.compat = true; // no <style> elements in the body: the styles are collected here
  return {
    wrap: (tree) => createElement(CacheProvider, { value: cache }, tree),
    head: () => {
      const ids = Object.keys(cache.inserted);
      const css = Object.values(cache.inserted).filter((rule) => typeof rule === "string").join("");
      return ids.length ? `<style data-emotion="${cache.key} ${ids.join(" ")}">${css}</style>` : "";
    },
  };
}

/** styled-components: its ServerStyleSheet, sealed after each render. */
function styledComponents() {
  const sheet = new ServerStyleSheet();
  return {
    wrap: (tree) => sheet.collectStyles(tree),
    head: () => {
      try {
        return sheet.getStyleTags();
      } finally {
        sheet.seal();
      }
    },
  };
}

export function styleRegistry() {
  const registries = [emotion(), styledComponents()];
  return {
    wrap: (tree) => registries.reduce((wrapped, registry) => registry.wrap(wrapped), tree),
    head: (html) => registries.map((registry) => registry.head(html)).join(""),
  };
}
