// console.* for engines that have none (QuickJS): lines are kept per render, bounded, and handed to
// Python's logging by the render pool after each render.
const MAX_LINES = 100;
const MAX_BYTES = 16 * 1024;
let lines = [];
let bytes = 0;
let dropped = 0;

function format(value) {
  if (typeof value === "string") return value;
  if (value instanceof Error) return value.stack ? `${value}\n${value.stack}` : String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function record(level) {
  return (...args) => {
    const text = args.map(format).join(" ");
    if (lines.length >= MAX_LINES || bytes + text.length > MAX_BYTES) {
      dropped++;
      return;
    }
    bytes += text.length;
    lines.push([level, text]);
  };
}

globalThis.console = {
  log: record("info"),
  info: record("info"),
  debug: record("debug"),
  warn: record("warning"),
  error: record("error"),
  trace: record("debug"),
};

/** Returns the lines logged since the last call as JSON text ("" when none), and forgets them. */
export function drainLogs() {
  if (lines.length === 0 && dropped === 0) return "";
  if (dropped) lines.push(["warning", `console output truncated: ${dropped} more lines dropped`]);
  const json = JSON.stringify(lines);
  lines = [];
  bytes = 0;
  dropped = 0;
  return json;
}
