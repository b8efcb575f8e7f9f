// The memory of ArrayBuffers, counted against a V8 render's memory limit (bridge/render/v8.py evaluates this
// before the server bundle, as `(<this function>)(limit)`). V8's own limit, mini-racer's, sees the heap only,
// and a buffer's bytes live outside it: six 256 MB Uint8Arrays took a worker past 1 GB. Every way JS makes a
// buffer of its own goes through here: the ArrayBuffer, SharedArrayBuffer and typed-array constructors
// (replaced by proxies, so `instanceof`, subclasses, `from`, `of` and the species of `slice`, `map` and
// `filter` go through them too), `resize`, `grow`, `transfer` and the typed arrays' `toReversed`,
// `toSorted` and `with`. A render's buffers may take `limit` bytes in all, counted as they are made and never
// given back during the render (a freed buffer is not seen until a GC): past that, making one throws a
// RangeError and `__bridgeV8BuffersOver()` says so, and the engine reports the render as out of memory.
// Not seen: WebAssembly memories.
(limit) => {
  const g = globalThis;
  let used = 0;
  let over = false;

  const charge = (bytes) => {
    if (!(bytes > 0)) return;
    if (used + bytes > limit) {
      over = true;
      throw new RangeError(`bridge: this render's ArrayBuffers would pass its memory limit of ${limit} bytes`);
    }
    used += bytes;
  };

  // A length argument as the constructors read it (ToIndex), or -1 where they will throw or read no length.
  const index = (value) => {
    if (typeof value === "bigint" || typeof value === "symbol") return -1;
    const n = Math.trunc(Number(value ?? 0));
    return Number.isFinite(n) && n >= 0 ? n : Number.isNaN(n) ? 0 : -1;
  };

  const counted = (Original, bytesBefore, bytesAfter) => {
    const proxy = new Proxy(Original, {
      construct(target, args, newTarget) {
        const bytes = bytesBefore(args);
        charge(bytes);
        const made = Reflect.construct(target, args, newTarget === proxy ? target : newTarget);
        if (bytesAfter) charge(bytesAfter(args, made));
        return made;
      },
    });
    Object.defineProperty(Original.prototype, "constructor", {
      value: proxy,
      writable: true,
      configurable: true,
      enumerable: false,
    });
    g[Original.name] = proxy;
    return proxy;
  };

  const wrapMethod = (proto, name, bytes) => {
    const original = proto[name];
    if (typeof original !== "function") return;
    Object.defineProperty(proto, name, {
      value: {
        [name](...args) {
          charge(bytes(this, args));
          return Reflect.apply(original, this, args);
        },
      }[name],
      writable: true,
      configurable: true,
      enumerable: false,
    });
  };

  for (const Buffer of [g.ArrayBuffer, g.SharedArrayBuffer]) {
    if (typeof Buffer !== "function") continue;
    const byteLength = Object.getOwnPropertyDescriptor(Buffer.prototype, "byteLength").get;
    counted(Buffer, ([length]) => index(length));
    const grow = (buffer, [length]) => index(length) - byteLength.call(buffer);
    wrapMethod(Buffer.prototype, "resize", grow);
    wrapMethod(Buffer.prototype, "grow", grow);
    wrapMethod(Buffer.prototype, "transfer", (buffer, [length]) => (length === undefined ? 0 : grow(buffer, [length])));
    wrapMethod(Buffer.prototype, "transferToFixedLength", (buffer, [length]) =>
      length === undefined ? 0 : grow(buffer, [length]),
    );
  }

  const TypedArray = Object.getPrototypeOf(Uint8Array);
  const bufferOf = Object.getOwnPropertyDescriptor(TypedArray.prototype, "buffer").get;
  const byteLengthOf = Object.getOwnPropertyDescriptor(TypedArray.prototype, "byteLength").get;
  const lengthOf = (value) => {
    try {
      return Object.getOwnPropertyDescriptor(TypedArray.prototype, "length").get.call(value);
    } catch {
      return -1; // not a typed array
    }
  };
  for (const name of [
    "Int8Array",
    "Uint8Array",
    "Uint8ClampedArray",
    "Int16Array",
    "Uint16Array",
    "Int32Array",
    "Uint32Array",
    "Float16Array",
    "Float32Array",
    "Float64Array",
    "BigInt64Array",
    "BigUint64Array",
  ]) {
    const Typed = g[name];
    if (typeof Typed !== "function") continue;
    const size = Typed.BYTES_PER_ELEMENT;
    const isObject = (value) => value !== null && (typeof value === "object" || typeof value === "function");
    counted(
      Typed,
      // a length, or a copy of a typed array: counted before it is made
      ([first]) => (isObject(first) ? lengthOf(first) * size : index(first) * size),
      // a copy of an array or an iterable (its length unknown before), not a view of a buffer: after
      ([first], made) =>
        isObject(first) && lengthOf(first) < 0 && bufferOf.call(made) !== first ? byteLengthOf.call(made) : 0,
    );
  }
  for (const name of ["toReversed", "toSorted", "with"]) {
    wrapMethod(TypedArray.prototype, name, (array) => byteLengthOf.call(array));
  }

  g.__bridgeV8Render = (pageId, dataJson) => {
    used = 0;
    over = false;
    return g.__bridgeRender(pageId, dataJson);
  };
  g.__bridgeV8BuffersOver = () => over;
}
