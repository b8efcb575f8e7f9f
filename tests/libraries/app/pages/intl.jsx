// `/intl?locale=fr`: react-intl (numbers, currency, a date, an ICU plural) and the plain Intl APIs and
// toLocale* methods, in the locale from the props; the button adds an item (the plural changes).
import { useState } from "react";
import { FormattedDate, FormattedMessage, FormattedNumber, IntlProvider } from "react-intl";

const MESSAGES = {
  en: { items: "{count, plural, one {# item} other {# items}} in the basket" },
  fr: { items: "{count, plural, one {# article} other {# articles}} dans le panier" },
};

/** The plain APIs, each as the browser must give the same text for it (bridge's tests compare). */
export const PLAIN = {
  number: (locale) => (1234567.891).toLocaleString(locale),
  percent: (locale) => new Intl.NumberFormat(locale, { style: "percent" }).format(0.256),
  compact: (locale) => new Intl.NumberFormat(locale, { notation: "compact" }).format(1234567),
  date: (locale) => new Date(Date.UTC(2024, 2, 5, 12)).toLocaleDateString(locale, { timeZone: "UTC" }),
  dateTime: (locale) => new Date(Date.UTC(2024, 2, 5, 12, 30)).toLocaleString(locale, { timeZone: "UTC" }),
  longDate: (locale) =>
    new Intl.DateTimeFormat(locale, { dateStyle: "full", timeZone: "UTC" }).format(Date.UTC(2024, 2, 5)),
  plural: (locale) => [0, 1, 2, 5].map((n) => new Intl.PluralRules(locale).select(n)).join(" "),
  ordinal: (locale) => [1, 2, 3].map((n) => new Intl.PluralRules(locale, { type: "ordinal" }).select(n)).join(" "),
  relative: (locale) => new Intl.RelativeTimeFormat(locale, { numeric: "auto" }).format(-1, "day"),
  list: (locale) => new Intl.ListFormat(locale).format(["a", "b", "c"]),
};

export default function IntlPage({ locale, amount, timestamp, items }) {
  const [count, setCount] = useState(items);
  return (
    <IntlProvider locale={locale} messages={MESSAGES[locale]}>
      <p data-testid="react-intl-number">
        <FormattedNumber value={amount} />
      </p>
      <p data-testid="react-intl-currency">
        <FormattedNumber value={amount} style="currency" currency="EUR" />
      </p>
      <p data-testid="react-intl-date">
        <FormattedDate value={timestamp} year="numeric" month="long" day="numeric" timeZone="UTC" />
      </p>
      <p data-testid="plural">
        <FormattedMessage id="items" values={{ count }} />
      </p>
      {Object.entries(PLAIN).map(([name, format]) => (
        <p key={name} data-testid={name}>
          {format(locale)}
        </p>
      ))}
      <button type="button" data-testid="act" onClick={() => setCount(count + 1)}>
        Add
      </button>
    </IntlProvider>
  );
}
