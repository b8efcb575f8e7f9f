// `bridge build` runs this with a JSON config on stdin:
//   {"pages": {"<pageId>": "/abs/file.jsx", ...}, "outDir": "/abs/.bridge", "appDir": "/abs/pages", "dev": false,
//    "define": {"process.env.BRIDGE_PUBLIC_X": "\"value\""}, "locales": ["en"], "browserSourceMaps": false}
// It writes the server bundle (one IIFE for the JS engine) and the code-split client modules, then prints
// one JSON line: {"ok": true, "server": ..., "client": {...}, "inputs": [...]} or {"ok": false, "errors": [...]}.
import * as esbuild from "esbuild";
import { existsSync } from "node:fs";
import { gzipSync } from "node:zlib";
import path from "node:path";
import {
  bridgeModules,
  clientOnlyImports,
  intlPolyfills,
  nodeBuiltins,
  pageTable,
  reactAlias,
  reactServer,
  srcDir,
} from "./plugins.mjs";
import { clientStyleOptions, isCssError, styles } from "./styles.mjs";

const DEFAULT_PAGES = { _app: "app.js", 404: "error.js", 500: "error.js" };

function common(dev, define) {
  return {
    bundle: true,
    minify: !dev,
    sourcemap: "linked",
    logLevel: "silent",
    jsx: "automatic",
    jsxDev: false,
    alias: reactAlias,
    define: { ...define, "process.env.NODE_ENV": JSON.stringify(dev ? "development" : "production") },
  };
}

/**
 * The options of both builds, shared with the dev server's long-lived contexts. The server bundle always has
 * its source map (bridge maps render errors with it, and never serves it); the client modules get theirs
 * only in dev or with `browserSourceMaps`: a map holds the full source of the pages.
 */
export function buildOptions({ pages, outDir, dev, appDir, emitted, define = {}, locales = [], browserSourceMaps = false }) {
  const table = { ...pages };
  for (const [id, file] of Object.entries(DEFAULT_PAGES)) table[id] ??= path.join(srcDir, "defaults", file);
  const clientEntries = { runtime: path.join(srcDir, "client.js") };
  const files = new Set();
  for (const [id, file] of Object.entries(table)) {
    if (!files.has(file)) clientEntries[`pages/${safeName(id)}`] = file; // 404 and 500 may share one
    files.add(file);
  }
  return {
    table,
    server: {
      ...common(dev, define),
      entryPoints: [path.join(srcDir, "server.js")],
      outfile: path.join(outDir, "server.js"),
      format: "iife",
      sourcesContent: false, // (the map serves stack positions: bridge/render/stacks.py)
      // server resolution: packages' server builds (export conditions and main fields), never `browser`
      platform: "neutral",
      mainFields: ["module", "main"],
      conditions: ["module"],
      target: "es2020",
      metafile: true,
      plugins: [
        bridgeModules,
        pageTable(table, documentFile(appDir)),
        reactServer(dev),
        styles({ server: true, appDir }),
        nodeBuiltins, // (styled-components imports `stream` only to stream, which bridge never does)
        intlPolyfills(locales),
        clientOnlyImports,
      ],
    },
    client: {
      ...common(dev, define),
      sourcemap: dev || browserSourceMaps ? "linked" : false,
      entryPoints: clientEntries,
      outdir: path.join(outDir, "static"),
      entryNames: "[dir]/[name]-[hash]",
      chunkNames: "chunks/[name]-[hash]",
      format: "esm",
      splitting: true,
      platform: "browser",
      target: "es2022",
      metafile: true,
      ...clientStyleOptions(),
      plugins: [bridgeModules, styles({ server: false, appDir, staticDir: path.join(outDir, "static"), emitted })],
    },
  };
}

/** The app's `_document` module (server only: its `styleRegistry`), or null. */
function documentFile(appDir) {
  if (!appDir) return null;
  return [".tsx", ".jsx", ".ts", ".js"].map((ext) => path.join(appDir, `_document${ext}`)).find(existsSync) ?? null;
}

/** Page ids such as "books/[id]" become file names such as "books/_id_". */
function safeName(id) {
  return id.replace(/[^A-Za-z0-9_/-]/g, "_");
}

/**
 * Maps each client entry to its output file, the chunks it imports (for modulepreload) and its stylesheet;
 * `files` lists the other files the build wrote (url() and imported assets).
 */
export function clientAssets(metafile, outDir, table, emitted = new Set()) {
  const staticDir = path.join(outDir, "static");
  const relative = (file) => path.relative(staticDir, path.resolve(file));
  const byEntry = {};
  const files = new Set(emitted);
  for (const [file, output] of Object.entries(metafile.outputs)) {
    if (!/\.(js|css|map)$/.test(file)) files.add(relative(file));
    if (!output.entryPoint || file.endsWith(".map")) continue;
    byEntry[path.resolve(output.entryPoint)] = {
      file: relative(file),
      // static imports, and the chunks of `import()`s (bridge/dynamic): preloaded with the page's code
      imports: output.imports
        .filter((i) => (i.kind === "import-statement" || i.kind === "dynamic-import") && !i.external)
        .map((i) => relative(i.path)),
      css: output.cssBundle ? [relative(output.cssBundle)] : [],
    };
  }
  const pages = {};
  for (const [id, file] of Object.entries(table)) pages[id] = byEntry[path.resolve(file)];
  return { runtime: byEntry[path.join(srcDir, "client.js")], pages, files: [...files].sort() };
}

/** Fails a build whose stylesheets esbuild only warned about (a CSS syntax error drops rules). */
export function failOnCssWarnings(result) {
  const errors = result.warnings.filter(isCssError);
  if (errors.length) throw Object.assign(new Error("CSS errors"), { errors });
  return result;
}

/** Gzipped bytes of bridge's own browser runtime (router, navigation, Link, Form), React excluded. */
export async function runtimeSize() {
  const result = await esbuild.build({
    entryPoints: ["client.js", "link.js", "form.js"].map((name) => path.join(srcDir, name)),
    bundle: true,
    minify: true,
    format: "esm",
    splitting: true,
    target: "es2022",
    outdir: "/runtime-size",
    write: false,
    external: ["react", "react-dom", "react-dom/client"],
  });
  return result.outputFiles.reduce((total, file) => total + gzipSync(file.contents).length, 0);
}

/** Bytes of the server bundle that are the Intl polyfills and their locale data (0 without locales). */
export function intlSize(metafile) {
  const [output] = Object.values(metafile.outputs).filter((o) => o.entryPoint);
  return Object.entries(output.inputs)
    .filter(([file]) => path.resolve(file).startsWith(path.join(path.dirname(srcDir), "node_modules", "@formatjs")))
    .reduce((total, [, input]) => total + input.bytesInOutput, 0);
}

/** An esbuild message as {text, file, line, column, lineText}. */
export function describe(error) {
  const loc = error.location;
  return {
    text: error.text,
    file: loc?.file ?? null,
    line: loc?.line ?? null,
    column: loc ? loc.column + 1 : null,
    lineText: loc?.lineText ?? null,
  };
}

/** The absolute paths of the files both builds read (metafile inputs without a plugin's `namespace:`). */
export function buildInputs(...metafiles) {
  const files = new Set();
  for (const metafile of metafiles) {
    for (const input of Object.keys(metafile.inputs)) if (!/^[\w-]+:/.test(input)) files.add(path.resolve(input));
  }
  return [...files].sort();
}

async function main() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const config = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  const emitted = new Set();
  const options = buildOptions({ ...config, emitted });
  try {
    const [server, client, runtimeGzip] = await Promise.all([
      esbuild.build(options.server),
      esbuild.build(options.client).then(failOnCssWarnings),
      runtimeSize(),
    ]);
    const assets = clientAssets(client.metafile, config.outDir, options.table, emitted);
    const intlBytes = intlSize(server.metafile);
    const inputs = buildInputs(server.metafile, client.metafile);
    const result = { ok: true, server: "server.js", client: assets, runtimeGzip, intlBytes, inputs };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } catch (error) {
    const errors = error.errors?.length ? error.errors.map(describe) : [{ text: String(error.stack ?? error) }];
    process.stdout.write(`${JSON.stringify({ ok: false, errors })}\n`);
    process.exitCode = 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
