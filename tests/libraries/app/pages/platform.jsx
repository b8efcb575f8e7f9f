// `/platform`: every global of bridge's server platform layer, used during the render; each row shows what
// it gave on the server (the same page in the browser is not compared: timers there do fire).
const checks = {
  queueMicrotask: () => typeof queueMicrotask,
  setTimeout: () => {
    let fired = false;
    const id = setTimeout(() => (fired = true), 0);
    clearTimeout(id);
    return `${typeof id} ${fired}`;
  },
  TextEncoder: () => Array.from(new TextEncoder().encode("é€😀")).join(","),
  TextDecoder: () => new TextDecoder().decode(new Uint8Array([0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80])),
  atob: () => atob("YnJpZGdl"),
  btoa: () => btoa("bridge"),
  structuredClone: () => {
    const source = { when: new Date(0), list: [1, { deep: true }], map: new Map([["k", "v"]]) };
    const copy = structuredClone(source);
    return `${copy !== source} ${copy.list[1] !== source.list[1]} ${copy.when.getTime()} ${copy.map.get("k")}`;
  },
  URL: () => new URL("../b?x=1#h", "https://example.com/a/c").href,
  URLSearchParams: () => new URLSearchParams({ q: "a b", n: "1" }).toString(),
  AbortController: () => {
    const controller = new AbortController();
    let heard = "";
    controller.signal.addEventListener("abort", () => (heard = "heard"));
    controller.abort("why");
    return `${controller.signal.aborted} ${controller.signal.reason} ${heard}`;
  },
  performance: () => typeof performance.now(),
  NODE_ENV: () => process.env.NODE_ENV,
  "Object.hasOwn": () => String(Object.hasOwn({ a: 1 }, "a")),
  "Array.prototype.at": () => String([1, 2, 3].at(-1)),
  "Array.prototype.findLast": () => String([1, 2, 3, 4].findLast((n) => n % 2 === 1)),
  "Array.prototype.toSorted": () => [3, 1, 2].toSorted().join(""),
  "String.prototype.replaceAll": () => "a-b-c".replaceAll("-", "+"),
  "Object.groupBy": () => JSON.stringify(Object.groupBy([1, 2, 3], (n) => (n % 2 ? "odd" : "even"))),
  "Promise.withResolvers": () => typeof Promise.withResolvers().resolve,
};

function run(check) {
  try {
    return check();
  } catch (error) {
    return `threw ${error}`;
  }
}

export default function Platform() {
  return (
    <dl>
      {Object.entries(checks).map(([name, check]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd data-check={name}>{run(check)}</dd>
        </div>
      ))}
    </dl>
  );
}
