// esbuild plugins: the `bridge/*` modules pages import, the generated page table, and the patched React
// server renderer.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const jsRoot = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(path.join(jsRoot, "package.json"));
export const srcDir = path.join(jsRoot, "src");

/** Resolves `react` and `react-dom` to bridge's own copy, so pages and runtime share one React. */
export const reactAlias = {
  react: path.dirname(require.resolve("react/package.json")),
  "react-dom": path.dirname(require.resolve("react-dom/package.json")),
};

/** `import Link from "bridge/link"` and friends resolve to js/src/<name>.js. */
export const bridgeModules = {
  name: "bridge-modules",
  setup(build) {
    build.onResolve({ filter: /^bridge\/[a-z-]+$/ }, (args) => ({
      path: path.join(srcDir, `${args.path.slice("bridge/".length)}.js`),
    }));
  },
};

/**
 * `bridge:pages`: one module importing every page of the route table, for the server bundle.
 * pages: {pageId: absoluteFile}; `_app` is the layout (the default one when the app has none). document:
 * the app's server-only `_document` module, or null: its `styleRegistry` (CSS-in-JS, see server.js).
 */
export function pageTable(pages, document = null) {
  return {
    name: "bridge-pages",
    setup(build) {
      build.onResolve({ filter: /^bridge:pages$/ }, () => ({ path: "pages", namespace: "bridge-pages" }));
      build.onLoad({ filter: /.*/, namespace: "bridge-pages" }, () => {
        const entries = Object.entries(pages);
        const imports = entries.map(([, file], i) => `import p${i} from ${JSON.stringify(file)};`);
        const table = entries.map(([id], i) => `${JSON.stringify(id)}: p${i}`);
        return {
          contents:
            `${imports.join("\n")}\nexport const pages = {${table.join(", ")}};\nexport const App = pages._app;\n` +
            (document ? `export { styleRegistry } from ${JSON.stringify(document)};\n` : "export const styleRegistry = null;\n"),
          resolveDir: srcDir,
          loader: "js",
        };
      });
    },
  };
}

// React's renderToString appends every chunk to one string with `+=`; QuickJS has no ropes, so that is
// quadratic in the page size. Collect the chunks in an array and join once instead. Each replacement must
// match exactly once: when React's code changes, the build fails here instead of silently getting slow.
const PATCHES = [
  [/(\bresult = "",)/, '$1 resultChunks = [],'],
  [/null !== chunk && \(result \+= chunk\);/, "null !== chunk && resultChunks.push(chunk);"],
  [/\breturn result;/, 'return resultChunks.join("");'],
];

function patchRenderToString(source, file) {
  return PATCHES.reduce((code, [pattern, replacement]) => {
    const matches = code.match(new RegExp(pattern.source, "g"));
    if (matches?.length !== 1) {
      throw new Error(
        `bridge: React's renderToString in ${file} no longer matches the linear-join patch ` +
          `(${pattern}); update PATCHES in js/build/plugins.mjs for this React version`,
      );
    }
    return code.replace(pattern, replacement);
  }, source);
}

/** `bridge:react-dom-server`: React's synchronous renderToString (legacy browser build), patched. */
export function reactServer(dev) {
  const mode = dev ? "development" : "production";
  const file = path.join(reactAlias["react-dom"], "cjs", `react-dom-server-legacy.browser.${mode}.js`);
  return {
    name: "bridge-react-server",
    setup(build) {
      build.onResolve({ filter: /^bridge:react-dom-server$/ }, () => ({ path: file }));
      build.onLoad({ filter: /react-dom-server-legacy\.browser\.[a-z]+\.js$/ }, async (args) => ({
        contents: patchRenderToString(await readFile(args.path, "utf8"), args.path),
        loader: "js",
        resolveDir: path.dirname(args.path),
      }));
    },
  };
}
