import assert from "node:assert/strict";
import { test } from "node:test";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import dynamic from "../src/dynamic.js";

test("the server renders the loading fallback and never calls the import", () => {
  let imported = 0;
  const Map = dynamic(
    () => {
      imported++;
      return Promise.resolve({ default: () => createElement("p", null, "the map") });
    },
    { ssr: false, loading: ({ isLoading }) => createElement("p", null, `Loading ${isLoading}`) },
  );
  assert.equal(renderToString(createElement(Map, { zoom: 3 })), "<p>Loading true</p>");
  assert.equal(imported, 0);
});

test("without a loading component the server renders nothing", () => {
  const Map = dynamic(() => Promise.resolve({ default: () => null }), { ssr: false });
  assert.equal(renderToString(createElement(Map)), "");
});

test("preload imports the module once and resolves to its default export", async () => {
  let imported = 0;
  const Component = () => null;
  const Map = dynamic(
    () => {
      imported++;
      return Promise.resolve({ default: Component });
    },
    { ssr: false },
  );
  assert.equal(await Map.preload(), Component);
  assert.equal(await Map.preload(), Component);
  assert.equal(imported, 1);
});

test("ssr other than false is refused with what to do instead", () => {
  assert.throws(() => dynamic(() => Promise.resolve({ default: () => null })), /pass \{ ssr: false \}/);
  assert.throws(() => dynamic(() => Promise.resolve({ default: () => null }), { ssr: true }), /import the component statically/);
});
