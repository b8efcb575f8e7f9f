// `/table?n=N`: N rows; past 10000 rows it never finishes (a runaway caused by one input of the page).
export default function Table({ n }) {
  if (n > 10000) while (true) {}
  return <p id="table">{n} rows</p>;
}
