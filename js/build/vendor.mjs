// Development only: everything that is not the app's own code, built once into ESM modules under
// static/vendor/: React (development build) and bridge's browser runtime. The app's pages are built
// apart, one small esbuild context each, with these left external and mapped by an import map; a save
// then rebuilds one page's modules in a few milliseconds instead of re-linking React.
import * as esbuild from "esbuild";
import { createRequire } from "node:module";
import path from "node:path";
import { reactAlias, srcDir } from "./plugins.mjs";

const REACT = ["react", "react/jsx-runtime", "react/jsx-dev-runtime", "react-dom", "react-dom/client", "react-refresh/runtime"];
/** bridge's modules that pages import (`bridge/link`); the runtime and dev client load by URL. */
const BRIDGE = ["form", "link", "router"];
export const EXTERNAL = [...REACT, ...BRIDGE.map((name) => `bridge/${name}`)];

const require = createRequire(import.meta.url);
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** An ESM face for a CommonJS package: its default export plus every key as a named export. */
function facade(specifier) {
  const names = Object.keys(require(specifier)).filter((name) => IDENTIFIER.test(name) && name !== "default");
  return `import m from ${JSON.stringify(specifier)};\nexport default m;\nexport const { ${names.join(", ")} } = m;\n`;
}

/** Builds the vendor modules; returns {importMap: {specifier: file}, runtime, dev} (files under static/). */
export async function buildVendor(outDir) {
  const entryPoints = {
    runtime: path.join(srcDir, "client.js"),
    dev: path.join(srcDir, "dev.js"),
    ...Object.fromEntries(REACT.map((spec) => [spec.replace(/\//g, "-"), `vendor:${spec}`])),
    ...Object.fromEntries(BRIDGE.map((name) => [`bridge-${name}`, path.join(srcDir, `${name}.js`)])),
  };
  const staticDir = path.join(outDir, "static");
  const result = await esbuild.build({
    entryPoints,
    bundle: true,
    format: "esm",
    splitting: true,
    platform: "browser",
    target: "es2022",
    outdir: path.join(staticDir, "vendor"),
    entryNames: "[name]-[hash]",
    chunkNames: "chunk-[hash]",
    sourcemap: "linked",
    metafile: true,
    logLevel: "silent",
    alias: reactAlias,
    define: { "process.env.NODE_ENV": '"development"' },
    plugins: [
      {
        name: "bridge-vendor",
        setup(build) {
          build.onResolve({ filter: /^vendor:/ }, (args) => ({ path: args.path.slice(7), namespace: "vendor" }));
          build.onLoad({ filter: /.*/, namespace: "vendor" }, (args) => ({
            contents: facade(args.path),
            resolveDir: path.dirname(require.resolve("react/package.json")),
            loader: "js",
          }));
        },
      },
    ],
  });
  const byEntry = {}; // entry point (absolute path, or "vendor:<package>") -> file under static/
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    const entry = output.entryPoint;
    if (entry) byEntry[entry.startsWith("vendor:") ? entry : path.resolve(entry)] = path.relative(staticDir, path.resolve(file));
  }
  const importMap = Object.fromEntries(REACT.map((spec) => [spec, byEntry[`vendor:${spec}`]]));
  for (const name of BRIDGE) importMap[`bridge/${name}`] = byEntry[path.join(srcDir, `${name}.js`)];
  return { importMap, runtime: byEntry[entryPoints.runtime], dev: byEntry[entryPoints.dev] };
}
