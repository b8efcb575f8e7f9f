// `bridge dev`'s builder: long-lived esbuild contexts, rebuilt on request. Python writes JSON lines to
// stdin: first the config ({"pages", "outDir", "appDir"}), then one request per build: {"id", "target":
// "client", "changed": [files]} (the pages importing those files; all when empty) or {"id", "target":
// "server"} (the server bundle). Each gets one JSON line back: {"id", "target", "ok", "ms", ...}. Python asks
// for the server bundle after the client build, when open tabs had their moment to update from it.
//
// Client side, each page is its own small esbuild context with React and bridge's runtime external
// (prebuilt by vendor.mjs), so a save rebuilds only the pages whose inputs changed.
import * as esbuild from "esbuild";
import { createHash } from "node:crypto";
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";
import { buildOptions, describe, failOnCssWarnings } from "./build.mjs";
import { reactRefresh } from "./refresh.mjs";
import { clientStyleOptions, stylePipeline, styles } from "./styles.mjs";
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
  constructor(id, file, config, boundaries, pipeline) {
    this.id = id;
    this.inputs = new Set([file]);
    this.staticDir = path.join(config.outDir, "static");
    this.emitted = new Set();
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
      define: { ...config.define, "process.env.NODE_ENV": '"development"' },
      ...clientStyleOptions(),
      plugins: [
        styles({ server: false, appDir: config.appDir, staticDir: this.staticDir, emitted: this.emitted, pipeline }),
        reactRefresh(config.appDir, boundaries),
      ],
    });
  }

  async rebuild() {
    const result = await (await this.context).rebuild();
    this.inputs = new Set(Object.keys(result.metafile.inputs).map((input) => path.resolve(input)));
    failOnCssWarnings(result);
    const [file, output] = Object.entries(result.metafile.outputs).find(([name]) => name.endsWith(".js"));
    const relative = (name) => path.relative(this.staticDir, path.resolve(name));
    this.assets = { file: relative(file), imports: [], css: output.cssBundle ? [relative(output.cssBundle)] : [] };
    this.files = [...this.emitted, ...Object.keys(result.metafile.outputs).filter((name) => !/\.(js|css|map)$/.test(name)).map(relative)];
  }

  async dispose() {
    await (await this.context).dispose();
  }
}

const STYLESHEET = /\.s?css$/;
const jsRoot = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/**
 * buildVendor(), or its output of an earlier start when that is still there and nothing it is made of
 * changed (esbuild, the locked packages, js/src, the build scripts): a restart skips rebuilding React.
 */
async function vendorModules(outDir) {
  const hash = createHash("sha256").update(esbuild.version);
  const sources = (await readdir(path.join(jsRoot, "src"), { recursive: true })).map((f) => path.join("src", f));
  for (const file of ["package-lock.json", "build/vendor.mjs", "build/plugins.mjs", ...sources.sort()]) {
    const absolute = path.join(jsRoot, file);
    if ((await stat(absolute)).isFile()) hash.update(`\0${file}\0`).update(await readFile(absolute));
  }
  const key = hash.digest("hex");
  const vendorDir = path.join(outDir, "static", "vendor");
  const record = path.join(outDir, "vendor.json");
  try {
    const saved = JSON.parse(await readFile(record, "utf8"));
    const present = new Set(await readdir(vendorDir));
    if (saved.key === key && saved.files.every((file) => present.has(file))) return saved.modules;
  } catch {} // no record (a first start) or a damaged one: build
  const modules = await buildVendor(outDir);
  const files = await readdir(vendorDir);
  await writeFile(record, JSON.stringify({ key, files, modules }));
  return modules;
}

const lines = readline.createInterface({ input: process.stdin });
let config;
let server;
let vendor;
let pages;
let pipeline;
const boundaries = new Map();
for await (const line of lines) {
  const request = JSON.parse(line);
  if (!config) {
    config = request;
    const options = buildOptions({ ...config, dev: true });
    server = await esbuild.context(options.server);
    vendor = await vendorModules(config.outDir);
    pipeline = stylePipeline(config.appDir);
    pages = Object.entries(options.table).map(([id, file]) => new PageBuild(id, file, config, boundaries, pipeline));
    continue;
  }
  const { id, target, changed = [] } = request;
  const started = performance.now();
  if (target === "server") {
    try {
      await server.rebuild();
      reply({ id, target, ok: true, ms: performance.now() - started, server: "server.js" });
    } catch (error) {
      failure(id, target, started, error);
    }
    continue;
  }
  try {
    // pages not built yet (a new builder, after the set of pages changed) are always affected
    // With PostCSS (Tailwind), a stylesheet depends on the class names in every source file too.
    const restyle = changed.some((file) => !STYLESHEET.test(file)) && (await pipeline.usesPostcss());
    // and a Sass partial (or a file PostCSS inlined) counts as a change of the stylesheets that include it
    const touched = new Set(changed.flatMap((file) => [file, ...(pipeline.dependents.get(file) ?? [])]));
    const affected = pages.filter(
      (page) => !page.assets || !changed.length || [...touched].some((file) => page.inputs.has(file)) || (restyle && page.assets.css.length),
    );
    await Promise.all(affected.map((page) => page.rebuild()));
    reply({
      id,
      target: "client",
      ok: true,
      ms: performance.now() - started,
      pages: Object.fromEntries(pages.map((page) => [page.id, page.assets])),
      files: [...new Set(pages.flatMap((page) => page.files))].sort(),
      runtime: vendor.runtime,
      dev: vendor.dev,
      importMap: vendor.importMap,
      boundaries: Object.fromEntries(boundaries),
    });
  } catch (error) {
    failure(id, "client", started, error);
  }
}
await Promise.all([server?.dispose(), ...(pages ?? []).map((page) => page.dispose())]);
