// esbuild plugins: the `bridge/*` modules pages import, the generated page table, and the patched React
// server renderer.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { builtinModules, createRequire } from "node:module";
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
 * `bridge:pages`: the pages of the route table for the server bundle, each behind a loader that evaluates
 * the page's module (and what it imports) on first use, so that one page whose code throws at load fails
 * alone. pages: {pageId: absoluteFile}; `_app` is the layout (the default one when the app has none).
 * document: the app's server-only `_document` module, or null: its `styleRegistry` (CSS-in-JS, see
 * server.js).
 */
export function pageTable(pages, document = null) {
  return {
    name: "bridge-pages",
    setup(build) {
      build.onResolve({ filter: /^bridge:pages$/ }, () => ({ path: "pages", namespace: "bridge-pages" }));
      build.onLoad({ filter: /.*/, namespace: "bridge-pages" }, () => {
        const loaders = Object.entries(pages).map(([id, file]) => `${JSON.stringify(id)}: () => require(${JSON.stringify(file)})`);
        return {
          contents:
            `export const loaders = {${loaders.join(",\n")}};\nexport const files = ${JSON.stringify(pages)};\n` +
            (document ? `export { styleRegistry } from ${JSON.stringify(document)};\n` : "export const styleRegistry = null;\n"),
          resolveDir: srcDir,
          loader: "js",
        };
      });
    },
  };
}

const NODE_BUILTIN = new RegExp(`^(node:)?(${builtinModules.map((name) => name.replace(/[/]/g, "\\/")).join("|")})$`);

/** The npm package a file belongs to ("@scope/name"), or the file itself when it is the app's. */
export function packageOf(file) {
  const at = file.lastIndexOf("node_modules");
  if (at < 0) return file;
  const [first, second] = file.slice(at + "node_modules".length + 1).split(/[\\/]/);
  return first.startsWith("@") ? `${first}/${second}` : first;
}

/**
 * Node.js built-ins (`stream`, `node:fs`, ...) in the server bundle: neither engine has them, so each
 * resolves to a module whose every export is a function that throws an error naming the built-in, the
 * export and the importer. A library that only imports one on a path bridge never takes (styled-components'
 * `stream` for Node streaming) loads and renders; one that uses it gets that error, not `undefined`.
 */
export const nodeBuiltins = {
  name: "bridge-node-builtins",
  setup(build) {
    build.onResolve({ filter: NODE_BUILTIN }, async (args) => {
      if (args.pluginData === nodeBuiltins) return undefined;
      if (!args.path.startsWith("node:")) {
        // an npm package of that name (`events`, `buffer`) when the app has one
        const { kind, importer, resolveDir } = args;
        const found = await build.resolve(args.path, { kind, importer, resolveDir, pluginData: nodeBuiltins });
        if (!found.errors.length) return { path: found.path, namespace: found.namespace, sideEffects: found.sideEffects };
      }
      return {
        path: JSON.stringify([args.path.replace(/^node:/, ""), packageOf(args.importer)]),
        namespace: "bridge-node-builtin",
      };
    });
    build.onLoad({ filter: /.*/, namespace: "bridge-node-builtin" }, (args) => ({
      contents: `module.exports = require("bridge:missing-builtin")(...${args.path});`,
      resolveDir: srcDir,
      loader: "js",
    }));
    build.onResolve({ filter: /^bridge:missing-builtin$/ }, () => ({ path: path.join(srcDir, "builtin.js") }));
  },
};

/**
 * The server bundle leaves out the modules the app imports with `import()` (bridge/dynamic's client-only
 * components): a server render is synchronous and never waits for them, and their code may need a browser
 * at load. Evaluating one on the server anyway (an `import()` that runs there) rejects with an error that
 * says so. Packages' own `import()`s are bundled as usual.
 */
export const clientOnlyImports = {
  name: "bridge-client-only-imports",
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind !== "dynamic-import" || args.importer.includes("node_modules")) return undefined;
      return { path: args.path, namespace: "bridge-client-only", pluginData: args.importer };
    });
    build.onLoad({ filter: /.*/, namespace: "bridge-client-only" }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`bridge: ${args.path} is imported with import() (client-only): the server bundle leaves it out`)});`,
      loader: "js",
    }));
  },
};

// The formatjs polyfills, in the order they build on each other; all but the first two need locale data.
const INTL_POLYFILLS = [
  "intl-getcanonicallocales",
  "intl-locale",
  "intl-pluralrules",
  "intl-numberformat",
  "intl-datetimeformat",
  "intl-relativetimeformat",
  "intl-listformat",
  "intl-displaynames",
];

/**
 * `bridge:intl`: Intl for engines without it (QuickJS), from the formatjs polyfills with the data of the
 * app's declared locales only; exports `locales`. Each polyfill installs itself only where the engine has
 * no Intl of its own (V8 keeps its native one). No locales declared: no polyfill, and js/src/intl.js makes
 * every Intl use under QuickJS an error that says so.
 */
export function intlPolyfills(locales) {
  return {
    name: "bridge-intl",
    setup(build) {
      build.onResolve({ filter: /^bridge:intl$/ }, () => ({ path: "intl", namespace: "bridge-intl" }));
      build.onLoad({ filter: /.*/, namespace: "bridge-intl" }, () => {
        const imports = [];
        for (const name of locales.length ? INTL_POLYFILLS : []) {
          imports.push(`@formatjs/${name}/polyfill.js`);
          if (name === "intl-getcanonicallocales" || name === "intl-locale") continue;
          for (const locale of locales) {
            const data = `@formatjs/${name}/locale-data/${locale}.js`;
            if (!existsSync(path.join(jsRoot, "node_modules", data))) {
              return { errors: [{ text: `bridge: no Intl data for the locale "${locale}" declared in the app's package.json ("bridge": {"locales": [...]}); use a CLDR locale such as "en", "fr" or "pt-BR"` }] };
            }
            imports.push(data);
          }
        }
        return {
          contents: `${imports.map((file) => `import ${JSON.stringify(file)};`).join("\n")}\nexport const locales = ${JSON.stringify(locales)};\n`,
          resolveDir: jsRoot,
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
