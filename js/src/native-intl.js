// Whether the engine has an Intl of its own (V8 does, QuickJS does not): read before any polyfill runs.
export const nativeIntl = typeof Intl !== "undefined";
