// `/scan?reversed=...`: searches everything a component can reach for a string: globalThis and what hangs
// off it (prototypes, functions, the console shim, URL), React's module and its internals, and the
// router. It reports where the string was found: a leak of an earlier request's data would show here.
// The string comes reversed, so that this request's own data (its query) does not contain it.
import * as React from "react";
import { useRouter } from "bridge/router";

function search(roots, needle, limit = 200000) {
  const seen = new Set();
  const found = [];
  const queue = Object.entries(roots).map(([name, value]) => [name, value]);
  let visited = 0;
  while (queue.length && visited < limit) {
    const [path, value] = queue.shift();
    if (typeof value === "string") {
      if (value.includes(needle)) found.push(path);
      continue;
    }
    if ((typeof value !== "object" && typeof value !== "function") || value === null || seen.has(value)) continue;
    seen.add(value);
    visited++;
    let keys = [];
    try {
      keys = Reflect.ownKeys(value);
    } catch {
      continue;
    }
    for (const key of keys) {
      const name = String(key);
      if (name.includes(needle)) found.push(`${path}[key ${name}]`);
      let child;
      try {
        const descriptor = Object.getOwnPropertyDescriptor(value, key);
        child = descriptor && ("value" in descriptor ? descriptor.value : descriptor.get);
      } catch {
        continue;
      }
      queue.push([`${path}.${name}`, child]);
    }
    if (value instanceof Map || value instanceof Set) {
      let i = 0;
      for (const entry of value) queue.push([`${path}<entry ${i++}>`, entry]);
    }
    try {
      queue.push([`${path}.__proto__`, Object.getPrototypeOf(value)]);
    } catch {}
  }
  return { found, visited };
}

export default function Scan({ reversed }) {
  const needle = [...reversed].reverse().join("");
  const router = useRouter();
  const { found, visited } = search({ globalThis, React, router }, needle);
  return (
    <>
      <p id="visited">{visited}</p>
      <ul id="found">
        {found.map((path) => (
          <li key={path}>{path}</li>
        ))}
      </ul>
    </>
  );
}
