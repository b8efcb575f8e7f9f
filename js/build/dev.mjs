// `bridge dev`'s builder: long-lived esbuild contexts, rebuilt on request. Python writes JSON lines to
// stdin: first the config ({"pages", "outDir", "appDir"}), then {"id", "changed": [files]} per rebuild.
// For each request it prints two JSON lines, the client build first (so the browser can update at once),
// then the server build: {"id", "target", "ok", "ms", ...}.
//
// Client side, each page is its own small esbuild context with React and bridge's runtime external
// (prebuilt by vendor.mjs), so a save rebuilds only the pages whose inputs changed.
import * as esbuild from "esbuild";
import path from "node:path";
import readline from "node:readline";
import { buildOptions, describe } from "./build.mjs";
import { reactRefresh } from "./refresh.mjs";
import { buildVendor, EXTERNAL } from "./vendor.mjs";

function reply(message) {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

function failure(id, target, started, error) {
  const errors = error.errors?.length ? error.errors.map(describe) : [{ text: String(error.stack ?? error) }];
  reply({ id, target, ok: false, ms: performance.now() - started, errors });
}

/** One page's client build: its module and the app modules it imports, nothing else. */
class PageBuild {
  constructor(id, file, config, boundaries) {
    this.id = id;
    this.inputs = new Set([file]);
    this.staticDir = path.join(config.outDir, "static");
    this.context = esbuild.context({
      entryPoints: { [id.replace(/[^A-Za-z0-9_/-]/g, "_")]: file },
      bundle: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      outdir: path.join(this.staticDir, "pages"),
      entryNames: "[dir]/[name]-[hash]",
      sourcemap: "linked",
      metafile: true,
      logLevel: "silent",
      jsx: "automatic",
      jsxDev: true,
      external: EXTERNAL,
      define: { "process.env.NODE_ENV": '"development"' },
      plugins: [reactRefresh(config.appDir, boundaries)],
    });
  }

  async rebuild() {
    const result = await (await this.context).rebuild();
    this.inputs = new Set(Object.keys(result.metafile.inputs).map((input) => path.resolve(input)));
    const [file] = Object.entries(result.metafile.outputs).find(([name]) => name.endsWith(".js"));
    this.assets = { file: path.relative(this.staticDir, path.resolve(file)), imports: [] };
  }

  async dispose() {
    await (await this.context).dispose();
  }
}

const lines = readline.createInterface({ input: process.stdin });
let config;
let server;
let vendor;
let pages;
const boundaries = new Map();
for await (const line of lines) {
  const request = JSON.parse(line);
  if (!config) {
    config = request;
    const options = buildOptions({ ...config, dev: true });
    server = await esbuild.context(options.server);
    vendor = await buildVendor(config.outDir);
    pages = Object.entries(options.table).map(([id, file]) => new PageBuild(id, file, config, boundaries));
    continue;
  }
  const { id, changed } = request;
  let started = performance.now();
  try {
    const affected = changed.length ? pages.filter((page) => changed.some((file) => page.inputs.has(file))) : pages;
    await Promise.all(affected.map((page) => page.rebuild()));
    reply({
      id,
      target: "client",
      ok: true,
      ms: performance.now() - started,
      pages: Object.fromEntries(pages.map((page) => [page.id, page.assets])),
      runtime: vendor.runtime,
      dev: vendor.dev,
      importMap: vendor.importMap,
      boundaries: Object.fromEntries(boundaries),
    });
  } catch (error) {
    failure(id, "client", started, error);
  }
  started = performance.now();
  try {
    await server.rebuild();
    reply({ id, target: "server", ok: true, ms: performance.now() - started, server: "server.js" });
  } catch (error) {
    failure(id, "server", started, error);
  }
}
await Promise.all([server?.dispose(), ...(pages ?? []).map((page) => page.dispose())]);
