// Development only: React Fast Refresh for the app's own modules. SWC's refresh transform registers every
// component with react-refresh's runtime; the functions it calls are appended to each module (hoisted,
// so line numbers and source maps stay put). Each module also reports whether it is a refresh boundary:
// one that exports only components can be swapped in place, any other edit needs a full reload.
import { readFile } from "node:fs/promises";
import path from "node:path";
import swc from "@swc/core";

const SOURCE = /\.[jt]sx?$/;

function isComponentName(name) {
  return /^[A-Z]/.test(name);
}

/** Whether a module (SWC AST) exports React components and nothing else. */
export function exportsOnlyComponents(module) {
  let exportsSomething = false;
  for (const item of module.body) {
    switch (item.type) {
      case "ExportDefaultDeclaration": {
        const id = item.decl.identifier;
        if (item.decl.type === "TsInterfaceDeclaration") break;
        if (id && !isComponentName(id.value)) return false;
        exportsSomething = true;
        break;
      }
      case "ExportDefaultExpression":
        if (item.expression.type !== "Identifier" || !isComponentName(item.expression.value)) return false;
        exportsSomething = true;
        break;
      case "ExportDeclaration": {
        const decl = item.declaration;
        if (decl.type.startsWith("Ts")) break; // types vanish at runtime
        const names = decl.type === "VariableDeclaration" ? decl.declarations.map((d) => d.id.value) : [decl.identifier.value];
        if (!names.every((name) => name && isComponentName(name))) return false;
        exportsSomething = true;
        break;
      }
      case "ExportNamedDeclaration":
        if (item.typeOnly) break;
        if (item.source) return false; // re-exports: the values live elsewhere
        for (const specifier of item.specifiers) {
          const name = (specifier.exported ?? specifier.orig).value;
          if (!specifier.isTypeOnly && !isComponentName(name)) return false;
        }
        exportsSomething = true;
        break;
      case "ExportAllDeclaration":
        return false;
    }
  }
  return exportsSomething;
}

/**
 * The esbuild plugin. `boundaries` (a Map) receives file -> exportsOnlyComponents for every module it
 * transformed; transforms are cached by file and source text, so a rebuild redoes only what changed.
 */
export function reactRefresh(appDir, boundaries) {
  const cache = new Map();
  return {
    name: "bridge-react-refresh",
    setup(build) {
      build.onLoad({ filter: SOURCE }, async (args) => {
        if (!args.path.startsWith(appDir + path.sep) || args.path.includes(`${path.sep}node_modules${path.sep}`)) {
          return undefined;
        }
        const source = await readFile(args.path, "utf8");
        const hit = cache.get(args.path);
        if (hit?.source === source) {
          boundaries.set(args.path, hit.boundary);
          return hit.result;
        }
        const typescript = /\.tsx?$/.test(args.path);
        const parser = typescript
          ? { syntax: "typescript", tsx: args.path.endsWith("x") }
          : { syntax: "ecmascript", jsx: true };
        let output;
        let boundary;
        try {
          output = await swc.transform(source, {
            filename: args.path,
            sourceMaps: "inline",
            jsc: {
              parser,
              target: "es2022",
              transform: { react: { runtime: "automatic", development: true, refresh: true } },
            },
          });
          boundary = exportsOnlyComponents(await swc.parse(source, parser));
        } catch {
          boundaries.set(args.path, false);
          return undefined; // a syntax error: esbuild loads the file itself and reports it with file:line:col
        }
        const id = JSON.stringify(path.relative(appDir, args.path));
        const contents =
          `${output.code}\nfunction $RefreshReg$(type, id) { window.__bridgeRefresh.register(type, ${id} + " " + id); }\n` +
          "function $RefreshSig$() { return window.__bridgeRefresh.signature(); }\n";
        const result = { contents, loader: "js", resolveDir: path.dirname(args.path) };
        cache.set(args.path, { source, boundary, result });
        boundaries.set(args.path, boundary);
        return result;
      });
    },
  };
}
