// A page whose module throws at load under QuickJS (no Intl.Collator there): its own 500, the others serve.
const collator = new Intl.Collator("en");

export default function Collate({ words = ["b", "a"] }) {
  return <p>{[...words].sort(collator.compare).join(", ")}</p>;
}
