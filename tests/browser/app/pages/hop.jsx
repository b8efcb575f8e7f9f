export default function Hop() {
  return <h1>Never rendered: hop.py redirects</h1>;
}
