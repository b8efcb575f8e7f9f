// What a Node.js built-in (`stream`, `fs`, ...) is in the server bundle: an object whose every property is a
// function that throws, saying which built-in and which module wanted it. `__esModule` and `then` stay
// undefined, so that bundler interop and promise checks see a plain module. The missing names come from
// the prototype, so that esbuild's ESM interop (which copies own properties onto an object made from the
// module's prototype) finds them too.
module.exports = function missingBuiltin(name, importer) {
  const missing = new Proxy(
    {},
    {
      get(_target, key) {
        if (typeof key === "symbol" || key === "__esModule" || key === "then") return undefined;
        return function unavailable() {
          throw new Error(
            `bridge: ${importer} uses Node.js's "${name}" (${key}), which the server's JS engines do not have; ` +
              "the server bundle has no Node.js built-ins (see 'Using npm packages' in bridge's README)",
          );
        };
      },
    },
  );
  return Object.create(missing);
};
