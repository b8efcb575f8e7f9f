export default function Mix({ value }) {
  return <p id="value">{value}</p>;
}
