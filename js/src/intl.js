// Intl under engines without one (QuickJS). The text must be the browser's, never a near miss: the formatjs
// polyfills (bridge:intl) serve the locales the app declares, a locale it did not declare is an error, and
// what no polyfill serves (Collator, Segmenter, localeCompare) is an error that says engine="v8" serves it.
// With a native Intl (V8) nothing here changes anything.
import { nativeIntl } from "./native-intl.js";
import { locales } from "bridge:intl";

const FORMATTERS = ["NumberFormat", "DateTimeFormat", "PluralRules", "RelativeTimeFormat", "ListFormat", "DisplayNames"];
const DECLARE_ONLY = `declare it in the app's package.json ("bridge": {"locales": [...]})`;
const DECLARE = `${DECLARE_ONLY} or render with engine="v8"`;
const DATE_FIELDS = ["weekday", "year", "month", "day"];
const TIME_FIELDS = ["dayPeriod", "hour", "minute", "second", "fractionalSecondDigits"];

function unavailable(api, why) {
  return `bridge: ${api} is not available under QuickJS (${why}); render with engine="v8", which serves it`;
}

function requested(value) {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** The constructor `Intl[name]`, refusing locales whose data the bundle lacks (instead of falling back). */
function checked(name, Base, served) {
  function Checked(value, options) {
    for (const tag of requested(value)) {
      if (!served.has(new Intl.Locale(tag).maximize().toString())) {
        throw new RangeError(`bridge: Intl.${name} has no data for the locale "${tag}" under QuickJS: ${DECLARE}`);
      }
    }
    return Reflect.construct(Base, [value, options], new.target ?? Base);
  }
  Checked.prototype = Base.prototype;
  Object.setPrototypeOf(Checked, Base); // supportedLocalesOf and the polyfill's statics
  return Checked;
}

/** ECMA-402's ToDateTimeOptions: the fields toLocale{,Date,Time}String show when the options name none. */
function dateTimeOptions(options, required, defaults) {
  const result = { ...options };
  const named = (fields) => fields.some((field) => result[field] !== undefined);
  let needDefaults = true;
  if ((required === "date" || required === "any") && named(DATE_FIELDS)) needDefaults = false;
  if ((required === "time" || required === "any") && named(TIME_FIELDS)) needDefaults = false;
  if (result.dateStyle !== undefined || result.timeStyle !== undefined) needDefaults = false;
  if (needDefaults && defaults !== "time") Object.assign(result, { year: "numeric", month: "numeric", day: "numeric" });
  if (needDefaults && defaults !== "date") Object.assign(result, { hour: "numeric", minute: "numeric", second: "numeric" });
  return result;
}

/**
 * Dates and times formatted with U+0020 where CLDR has U+202F ("12:30:00 PM"): what V8, and so Chromium,
 * gives since the web broke on the narrow space (V8's ICU compat change of 2023).
 */
function browserSpaces(prototype) {
  const spaces = (text) => text.replace(/\u202f/g, " ");
  const format = Object.getOwnPropertyDescriptor(prototype, "format").get;
  Object.defineProperty(prototype, "format", {
    configurable: true,
    get() {
      const bound = format.call(this);
      return (date) => spaces(bound(date));
    },
  });
  for (const name of ["formatToParts", "formatRangeToParts"]) {
    const original = prototype[name];
    if (original) prototype[name] = function parts(...args) {
      return original.apply(this, args).map((part) => ({ ...part, value: spaces(part.value) }));
    };
  }
  const range = prototype.formatRange;
  if (range) prototype.formatRange = function formatRange(...args) {
    return spaces(range.apply(this, args));
  };
}

function refuse(api, why) {
  return function refused() {
    throw new Error(unavailable(api, why));
  };
}

if (!nativeIntl) {
  const intl = globalThis.Intl ?? (globalThis.Intl = {});
  if (locales.length) {
    const served = new Set(locales.map((tag) => new Intl.Locale(tag).maximize().toString()));
    browserSpaces(intl.DateTimeFormat.prototype);
    for (const name of FORMATTERS) intl[name] = checked(name, intl[name], served);
    // with the checks above (the polyfills' own toLocale* fall back to another locale's data)
    const toLocale = (required, defaults) =>
      function toLocale(value, options) {
        return new intl.DateTimeFormat(value, dateTimeOptions(options, required, defaults)).format(this);
      };
    Date.prototype.toLocaleString = toLocale("any", "all");
    Date.prototype.toLocaleDateString = toLocale("date", "date");
    Date.prototype.toLocaleTimeString = toLocale("time", "time");
    Number.prototype.toLocaleString = function toLocaleString(value, options) {
      return new intl.NumberFormat(value, options).format(this);
    };
    // The first DateTimeFormat of a locale prepares its data (under QuickJS, 100 ms and more): here, while
    // the engine loads the bundle, rather than in a render, which has a time limit.
    for (const tag of locales) new intl.DateTimeFormat(tag).format(0);
  } else {
    const why = "the app declares no locales";
    for (const name of [...FORMATTERS, "Locale"]) intl[name] = refuse(`Intl.${name}`, `${why}: ${DECLARE_ONLY}`);
    intl.getCanonicalLocales = refuse("Intl.getCanonicalLocales", why);
    for (const method of ["toLocaleString", "toLocaleDateString", "toLocaleTimeString"]) {
      Date.prototype[method] = refuse(`Date.prototype.${method}`, why);
    }
    Number.prototype.toLocaleString = refuse("Number.prototype.toLocaleString", why);
  }
  intl.Collator = refuse("Intl.Collator", "no polyfill gives the browser's collation");
  intl.Segmenter = refuse("Intl.Segmenter", "no polyfill gives the browser's segmentation");
  String.prototype.localeCompare = refuse("String.prototype.localeCompare", "no polyfill gives the browser's collation");
}
