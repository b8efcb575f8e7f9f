// `bridge build` runs this before tsc with {"files": ["/abs/card.module.css", ...], "appDir": "/abs/pages"}
// on stdin; it prints one JSON line: {"<file>": {"classes": ["card", ...]} or {"errors": [...]}}, from which
// Python writes each CSS Module's declaration (card.module.css.d.ts). Errors are "file:line:col: text".
import { compileModule } from "./styles.mjs";

function message({ text, location }) {
  if (!location) return text;
  return `${location.file}:${location.line}:${location.column + 1}: ${text}\n    ${location.lineText}`;
}

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const { files, appDir } = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const result = {};
for (const file of files) {
  const compiled = await compileModule(file, appDir);
  result[file] = compiled.errors ? { errors: compiled.errors.map(message) } : { classes: Object.keys(compiled.classes).sort() };
}
process.stdout.write(`${JSON.stringify(result)}\n`);
