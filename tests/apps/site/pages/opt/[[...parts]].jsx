export default function Optional({ parts }) {
  return <p id="parts">{JSON.stringify(parts)}</p>;
}
