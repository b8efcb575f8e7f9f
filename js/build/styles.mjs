// esbuild plugins and options for what pages import besides code: stylesheets (`import "./app.css"`), CSS
// Modules (`import styles from "./card.module.css"`) and static files (`import logo from "./logo.png"`).
//
// The client build bundles CSS into one content-hashed file per entry (the page's and _app's); the server
// bundle gets no CSS at all, only the class names of CSS Modules and the URLs of imported files, computed
// the same way on both sides so the server HTML matches what the browser renders.
import * as esbuild from "esbuild";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { copyFile, mkdir, readFile, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** Static URL prefix of the client build (bridge/document.py's STATIC_PREFIX). */
const STATIC_PREFIX = "/_bridge/static/";

/** Files a page can import for their URL, and that stylesheets can reference with url(). */
export const ASSET_EXTENSIONS = [
  ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico", ".svg",
  ".woff", ".woff2", ".ttf", ".otf", ".eot", ".mp4", ".webm", ".mp3", ".wav", ".pdf", ".txt",
];
const ASSET = new RegExp(`(${ASSET_EXTENSIONS.map((ext) => ext.replace(".", "\\.")).join("|")})$`, "i");
const MODULE = /\.module\.s?css$/;
const STYLESHEET = /\.s?css$/;
const POSTCSS_CONFIGS = ["postcss.config.mjs", "postcss.config.js", "postcss.config.cjs", "postcss.config.json"];
const FROM_CODE = new Set(["import-statement", "require-call", "dynamic-import"]);

/**
 * CSS warnings that mean the stylesheet is broken: the browser would drop the rule, so the build fails
 * instead. (esbuild's CSS parser recovers from them and only warns.)
 */
const CSS_ERRORS = new Set(["css-syntax-error", "invalid-@import", "invalid-@layer", "invalid-calc", "js-comment-in-css", "undefined-composes"]);

/** A CSS warning that must fail the build. */
export function isCssError(message) {
  return CSS_ERRORS.has(message.id) && STYLESHEET.test(message.location?.file ?? "");
}

/** The options the client builds (production and dev) share: loaders for url() files and their names. */
export function clientStyleOptions() {
  return {
    loader: Object.fromEntries(ASSET_EXTENSIONS.map((ext) => [ext, "file"])),
    assetNames: "assets/[name]-[hash]",
  };
}

function contentHash(bytes) {
  return createHash("sha256").update(bytes).digest("base64url").replace(/[-_]/g, "").slice(0, 8).toUpperCase();
}

/** `card.module.css` in any folder: its class names are `card_<hash of its path>_<name>`. */
function scopeName(file, appDir) {
  const relative = path.relative(appDir, file).split(path.sep).join("/");
  const base = path.basename(file).replace(MODULE, "").replace(/[^A-Za-z0-9_-]/g, "_");
  return `${base}_${contentHash(relative).slice(0, 5)}.module.css`;
}

/** A failure the app can fix, as an esbuild message about `file`. */
class StyleError extends Error {}

/** A package of the app (installed beside its pages, in the project folder), or a StyleError saying how to install it. */
async function appPackage(projectDir, name, why) {
  const require = createRequire(path.join(projectDir, "package.json"));
  let resolved;
  try {
    resolved = require.resolve(name);
  } catch {
    throw new StyleError(`${why} needs the npm package "${name}", which is not installed: run \`npm install ${name}\` in ${projectDir}`);
  }
  const module = await import(pathToFileURL(resolved).href);
  return module.default ?? module;
}

/** The project's PostCSS plugins (from its postcss.config.* or the "postcss" key of its package.json), or null. */
async function postcssPlugins(projectDir) {
  let config = null;
  let where = null;
  const file = POSTCSS_CONFIGS.map((name) => path.join(projectDir, name)).find(existsSync);
  if (file) {
    where = path.basename(file);
    config = file.endsWith(".json") ? JSON.parse(await readFile(file, "utf8")) : (await import(pathToFileURL(file).href)).default;
  } else if (existsSync(path.join(projectDir, "package.json"))) {
    config = JSON.parse(await readFile(path.join(projectDir, "package.json"), "utf8")).postcss ?? null;
    where = "package.json";
  }
  if (!config) return null;
  const listed = Array.isArray(config.plugins) ? config.plugins.map((p) => (typeof p === "string" ? [p, {}] : p)) : Object.entries(config.plugins ?? {});
  const plugins = [];
  for (const [name, options] of listed) {
    if (typeof name !== "string") {
      plugins.push(name); // a plugin object given in a JS config
      continue;
    }
    if (options === false) continue;
    const plugin = await appPackage(projectDir, name, `the PostCSS plugin in ${where}`);
    // Tailwind looks for class names under `base`, by default the working directory: the project's instead.
    const defaults = name === "@tailwindcss/postcss" ? { base: projectDir } : {};
    plugins.push(plugin({ ...defaults, ...(options ?? {}) }));
  }
  return { postcss: await appPackage(projectDir, "postcss", `PostCSS (${where})`), plugins };
}

/**
 * Preprocesses stylesheets the way the app asks: Sass for .scss (when the app installs `sass`), then its
 * PostCSS plugins when it has a PostCSS config. `null` when there is nothing to do (esbuild reads the file).
 */
export function stylePipeline(appDir) {
  const projectDir = path.dirname(appDir);
  let plugins;
  const dependents = new Map(); // a file Sass or PostCSS read (a partial) -> the stylesheets that include it
  const depends = (stylesheet, files) => {
    for (const file of files) if (file !== stylesheet) (dependents.get(file) ?? dependents.set(file, new Set()).get(file)).add(stylesheet);
  };
  return {
    projectDir,
    dependents,
    async usesPostcss() {
      // loaded once; a failure (a plugin not installed yet) is retried by the next build
      plugins ??= postcssPlugins(projectDir).catch((error) => {
        plugins = undefined;
        throw error;
      });
      return (await plugins) !== null;
    },
    async process(file) {
      let css = await readFile(file, "utf8");
      const scss = file.endsWith(".scss");
      if (!scss && !(await this.usesPostcss())) return null;
      if (scss) {
        const sass = await appPackage(projectDir, "sass", `${path.basename(file)} (Sass)`);
        const compiled = sass.compileString(css, { url: pathToFileURL(file), loadPaths: [path.dirname(file)] });
        depends(file, compiled.loadedUrls.filter((url) => url.protocol === "file:").map((url) => fileURLToPath(url)));
        css = compiled.css;
      }
      const postcss = await plugins;
      if (!postcss) return css;
      const result = await postcss.postcss(postcss.plugins).process(css, { from: file, to: file });
      depends(file, result.messages.filter((m) => m.type === "dependency").map((m) => m.file));
      return result.css;
    },
  };
}

/** Runs `work`; a StyleError or a Sass/PostCSS error becomes an esbuild error about `file`. */
async function located(file, work) {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof StyleError) && !error.line && !error.span) throw error;
    // PostCSS: 1-based line and column; Sass: a 0-based span. esbuild wants a 1-based line, 0-based column.
    const line = error.line ?? (error.span ? error.span.start.line + 1 : undefined);
    const column = error.line ? (error.column ?? 1) - 1 : (error.span?.start.column ?? 0);
    const text = error instanceof StyleError ? error.message : (error.reason ?? error.sassMessage ?? error.message);
    if (!line) return { errors: [{ text }] };
    const lineText = (await readFile(file, "utf8")).split("\n")[line - 1] ?? "";
    return { errors: [{ text, location: { file: path.relative(process.cwd(), file), line, column, lineText } }] };
  }
}

const moduleCache = new Map(); // file -> {source, result}: the client build asks twice (classes, then CSS)

/**
 * A CSS Module compiled alone: {css, classes} (classes: {name: "scoped names"}), or {errors}. url() and
 * @import are left for the enclosing build to resolve from the module's folder.
 */
export async function compileModule(file, appDir, pipeline = stylePipeline(appDir)) {
  const processed = await located(file, () => pipeline.process(file));
  if (processed?.errors) return processed;
  const source = processed ?? (await readFile(file, "utf8"));
  const cached = moduleCache.get(file);
  if (cached?.source === source) return cached.result;
  const result = await compile(file, source, appDir, pipeline);
  moduleCache.set(file, { source, result });
  return result;
}

async function compile(file, source, appDir, pipeline) {
  const virtual = scopeName(file, appDir);
  const files = new Map([[virtual, file]]); // the modules of this compile, by the name their classes derive from
  const result = await esbuild.build({
    stdin: { contents: `export { default } from "bridge-module:${virtual}";`, resolveDir: path.dirname(file) },
    bundle: true,
    write: false,
    format: "esm",
    outdir: "/bridge-module",
    logLevel: "silent",
    plugins: [
      {
        name: "bridge-module",
        setup(build) {
          build.onResolve({ filter: /^bridge-module:/ }, () => ({ path: virtual, namespace: "bridge-module" }));
          // `composes: x from "./other.module.css"`: that module, named as it is everywhere else
          build.onResolve({ filter: /.*/ }, (args) => {
            if (FROM_CODE.has(args.kind)) return undefined;
            if (args.kind !== "composes-from") return { path: args.path, external: true };
            const other = path.resolve(path.dirname(files.get(args.importer)), args.path);
            files.set(scopeName(other, appDir), other);
            return { path: scopeName(other, appDir), namespace: "bridge-module" };
          });
          build.onLoad({ filter: /.*/, namespace: "bridge-module" }, async (args) => {
            if (args.path === virtual) return { contents: source, loader: "local-css" };
            const other = files.get(args.path);
            const contents = await located(other, async () => (await pipeline.process(other)) ?? (await readFile(other, "utf8")));
            return contents.errors ? contents : { contents, loader: "local-css", resolveDir: path.dirname(other) };
          });
        },
      },
    ],
  }).catch((error) => error);
  const relocate = (message) => ({
    ...message,
    location: message.location && { ...message.location, file: path.relative(process.cwd(), file) },
  });
  if (result instanceof Error) return { errors: (result.errors ?? [{ text: String(result) }]).map(relocate) };
  const broken = result.warnings.map(relocate).filter(isCssError);
  if (broken.length) return { errors: broken };
  const js = result.outputFiles.find((f) => f.path.endsWith(".js")).text;
  const css = result.outputFiles.find((f) => f.path.endsWith(".css"))?.text ?? "";
  const { default: classes } = await import(`data:text/javascript;base64,${Buffer.from(js).toString("base64")}`);
  return { css, classes: { ...classes } };
}

/**
 * The plugin. server: true for the server bundle (no CSS, no files written). appDir: the pages' folder,
 * against which CSS Modules are named. staticDir: where the client build writes (imported files go to
 * assets/). emitted: a Set that receives the files it wrote, relative to staticDir.
 */
export function styles({ server, appDir, staticDir, emitted = new Set(), pipeline = stylePipeline(appDir) }) {
  return {
    name: "bridge-styles",
    setup(build) {
      build.onResolve({ filter: ASSET }, async (args) => {
        if (!FROM_CODE.has(args.kind) || args.pluginData?.bridgeAsset) return undefined;
        const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: { bridgeAsset: true } });
        if (resolved.errors.length) return { errors: resolved.errors };
        return { path: resolved.path, namespace: "bridge-asset" };
      });
      build.onLoad({ filter: /.*/, namespace: "bridge-asset" }, async (args) => {
        const bytes = await readFile(args.path);
        const ext = path.extname(args.path);
        const name = `assets/${path.basename(args.path, ext)}-${contentHash(bytes)}${ext.toLowerCase()}`;
        if (!server) {
          const target = path.join(staticDir, name);
          if (!(await stat(target).catch(() => null))) {
            await mkdir(path.dirname(target), { recursive: true });
            await copyFile(args.path, target);
          }
          emitted.add(name);
        }
        return { contents: `export default ${JSON.stringify(STATIC_PREFIX + name)};`, loader: "js", watchFiles: [args.path] };
      });

      build.onLoad({ filter: MODULE, namespace: "file" }, async (args) => {
        const compiled = await compileModule(args.path, appDir, pipeline);
        if (compiled.errors) return { errors: compiled.errors, watchFiles: [args.path] };
        const classes = JSON.stringify(compiled.classes);
        const contents = server ? `export default ${classes};` : `import ${JSON.stringify(`bridge-module-css:${args.path}`)};\nexport default ${classes};`;
        return { contents, loader: "js", resolveDir: path.dirname(args.path), watchFiles: [args.path] };
      });
      build.onResolve({ filter: /^bridge-module-css:/ }, (args) => ({ path: args.path.slice("bridge-module-css:".length), namespace: "bridge-module-css" }));
      build.onLoad({ filter: /.*/, namespace: "bridge-module-css" }, async (args) => {
        const compiled = await compileModule(args.path, appDir, pipeline);
        if (compiled.errors) return { errors: compiled.errors };
        return { contents: compiled.css, loader: "css", resolveDir: path.dirname(args.path), watchFiles: [args.path] };
      });

      if (server) {
        build.onLoad({ filter: STYLESHEET, namespace: "file" }, () => ({ contents: "", loader: "js" }));
        return;
      }
      build.onLoad({ filter: STYLESHEET, namespace: "file" }, async (args) => {
        const css = await located(args.path, () => pipeline.process(args.path));
        if (css === null) return undefined; // plain CSS: esbuild reads it
        if (css.errors) return { ...css, watchFiles: [args.path] };
        return { contents: css, loader: "css", resolveDir: path.dirname(args.path), watchFiles: [args.path] };
      });
    },
  };
}
