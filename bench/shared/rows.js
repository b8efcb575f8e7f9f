// The rows both apps render, generated from the page's query: deterministic and cheap, so that the
// render, not the data, dominates. bench/app/pages/_lib/rows.py is the same generator in Python; the
// runner checks that both apps show the same text.
import words from "./words.json";

export const DEFAULT_N = 10;
export const MAX_N = 5000;
export const MAX_ID = 1_000_000;

/** Row `id` (1-based): id, title, author, year and two different tags. */
export function row(id) {
  const { adjectives, nouns, firsts, lasts, tags } = words;
  const first = id % tags.length;
  const second = (first + 1 + (id % (tags.length - 1))) % tags.length;
  return {
    id,
    title: `The ${adjectives[id % adjectives.length]} ${nouns[(id * 7) % nouns.length]}`,
    author: `${firsts[(id * 3) % firsts.length]} ${lasts[(id * 5) % lasts.length]}`,
    year: 1800 + ((id * 37) % 220),
    tags: [tags[first], tags[second]],
  };
}

/** `?n=` as a row count: DEFAULT_N when absent or not a number, clamped to 1..MAX_N. */
export function rowCount(value) {
  const text = Array.isArray(value) ? value[0] : value;
  const n = /^\d+$/.test(text ?? "") ? Number(text) : DEFAULT_N;
  return Math.min(Math.max(n, 1), MAX_N);
}

/** Props of the list page. */
export function listProps(n) {
  const rows = [];
  for (let id = 1; id <= n; id++) rows.push(row(id));
  return { n, rows };
}

/** Props of the detail page, or null for an id that is not 1..MAX_ID. */
export function itemProps(value) {
  if (!/^\d+$/.test(value ?? "")) return null;
  const id = Number(value);
  if (id < 1 || id > MAX_ID) return null;
  return { item: row(id), related: [1, 2, 3].map((k) => row(((id + k - 1) % MAX_ID) + 1)) };
}
