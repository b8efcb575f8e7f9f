// The web-platform globals libraries expect on any server, the same in both engines (QuickJS and V8). Each
// is defined only where the engine has none. Not `window` or `document`: their absence is how libraries
// know they are on a server. Listed in the README ("The server's JS platform").
import "core-js/actual/object/has-own"; // ES2022+ built-ins older engines lack (no-ops where present)
import "core-js/actual/array/at";
import "core-js/actual/array/find-last";
import "core-js/actual/array/find-last-index";
import "core-js/actual/array/to-reversed";
import "core-js/actual/array/to-sorted";
import "core-js/actual/array/to-spliced";
import "core-js/actual/array/with";
import "core-js/actual/string/at";
import "core-js/actual/string/replace-all";
import "core-js/actual/object/group-by";
import "core-js/actual/map/group-by";
import "core-js/actual/promise/with-resolvers";
import "core-js/actual/atob";
import "core-js/actual/btoa";
import "core-js/actual/structured-clone";
import "core-js/actual/url";
import "core-js/actual/url-search-params";

const g = globalThis;

// Microtasks run as promise jobs: right after the code that queued them, before the next render starts
// (V8 runs them when an eval ends, bridge's QuickJS engine drains them after each call).
g.queueMicrotask ??= (callback) => {
  Promise.resolve()
    .then(callback)
    .catch((error) => console.error(error));
};

// A render is synchronous and its HTML is complete when it returns: timers are accepted and never fire.
// Both engines get this same definition, mini-racer's own setTimeout (which would fire between renders)
// included.
let nextTimer = 1;
const timer = () => nextTimer++;
g.setTimeout = timer;
g.setInterval = timer;
g.setImmediate = timer;
g.clearTimeout = () => {};
g.clearInterval = () => {};
g.clearImmediate = () => {};

const origin = Date.now();
g.performance ??= { timeOrigin: origin, now: () => Date.now() - origin };

g.process ??= { env: { NODE_ENV: process.env.NODE_ENV } }; // (esbuild defines the right-hand side)

class UTF8Encoder {
  get encoding() {
    return "utf-8";
  }

  encode(input = "") {
    const text = String(input);
    const bytes = [];
    for (let i = 0; i < text.length; i++) {
      let code = text.codePointAt(i);
      if (code > 0xffff) i++;
      else if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd; // a lone surrogate
      if (code < 0x80) bytes.push(code);
      else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 63));
      else if (code < 0x10000) bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
      else bytes.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 63), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
    }
    return new Uint8Array(bytes);
  }
}

class UTF8Decoder {
  constructor(label = "utf-8", options = {}) {
    if (!/^\s*utf-?8\s*$/i.test(label)) throw new RangeError(`bridge's server TextDecoder only decodes utf-8, not "${label}"`);
    this.fatal = Boolean(options.fatal);
    this.ignoreBOM = Boolean(options.ignoreBOM);
  }

  get encoding() {
    return "utf-8";
  }

  decode(input) {
    if (input === undefined) return "";
    const bytes = ArrayBuffer.isView(input)
      ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength)
      : new Uint8Array(input);
    let out = "";
    let i = !this.ignoreBOM && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    while (i < bytes.length) {
      const first = bytes[i];
      const length = first < 0x80 ? 1 : first >= 0xc2 && first < 0xe0 ? 2 : first >= 0xe0 && first < 0xf0 ? 3 : first >= 0xf0 && first < 0xf5 ? 4 : 0;
      let code = length === 1 ? first : length ? first & (0xff >> (length + 1)) : -1;
      for (let k = 1; k < length && code >= 0; k++) {
        const next = bytes[i + k];
        code = next !== undefined && (next & 0xc0) === 0x80 ? (code << 6) | (next & 63) : -1;
      }
      const minimum = [0, 0, 0x80, 0x800, 0x10000][length];
      if (code < minimum || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
        if (this.fatal) throw new TypeError("The encoded data was not valid utf-8");
        out += "\ufffd";
        i++; // (a simplification: one replacement character per invalid byte)
        continue;
      }
      out += String.fromCodePoint(code);
      i += length;
    }
    return out;
  }
}

g.TextEncoder ??= UTF8Encoder;
g.TextDecoder ??= UTF8Decoder;

class ServerEvent {
  constructor(type, options = {}) {
    this.type = type;
    this.bubbles = Boolean(options.bubbles);
    this.cancelable = Boolean(options.cancelable);
    this.defaultPrevented = false;
    this.target = null;
  }

  preventDefault() {
    if (this.cancelable) this.defaultPrevented = true;
  }
}

class ServerEventTarget {
  #listeners = new Map();

  addEventListener(type, listener, options) {
    if (!listener) return;
    const list = this.#listeners.get(type) ?? [];
    if (!list.some((entry) => entry.listener === listener)) {
      list.push({ listener, once: typeof options === "object" && Boolean(options?.once) });
    }
    this.#listeners.set(type, list);
  }

  removeEventListener(type, listener) {
    const list = this.#listeners.get(type);
    if (list) this.#listeners.set(type, list.filter((entry) => entry.listener !== listener));
  }

  dispatchEvent(event) {
    event.target = this;
    for (const entry of [...(this.#listeners.get(event.type) ?? [])]) {
      if (entry.once) this.removeEventListener(event.type, entry.listener);
      if (typeof entry.listener === "function") entry.listener.call(this, event);
      else entry.listener.handleEvent(event);
    }
    return !event.defaultPrevented;
  }
}

class ServerAbortSignal extends ServerEventTarget {
  aborted = false;
  reason = undefined;
  onabort = null;

  static abort(reason) {
    const controller = new ServerAbortController();
    controller.abort(reason);
    return controller.signal;
  }

  throwIfAborted() {
    if (this.aborted) throw this.reason;
  }
}

class ServerAbortController {
  signal = new ServerAbortSignal();

  abort(reason = new Error("This operation was aborted")) {
    const signal = this.signal;
    if (signal.aborted) return;
    signal.aborted = true;
    signal.reason = reason;
    const event = new ServerEvent("abort");
    signal.onabort?.call(signal, event);
    signal.dispatchEvent(event);
  }
}

g.Event ??= ServerEvent;
g.EventTarget ??= ServerEventTarget;
g.AbortSignal ??= ServerAbortSignal;
g.AbortController ??= ServerAbortController;
