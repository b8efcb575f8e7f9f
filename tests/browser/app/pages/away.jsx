export default function Away() {
  return <h1>Never rendered: away.py redirects</h1>;
}
