export default function Echo({ query }) {
  return <pre id="query">{JSON.stringify(query)}</pre>;
}
