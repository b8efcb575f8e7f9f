// The benchmark's Next.js app imports its components from ../shared, outside this folder: let the bundler
// read the parent folder.
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

export default {
  poweredByHeader: false,
  turbopack: { root: path.dirname(here) },
  outputFileTracingRoot: path.dirname(here),
};
