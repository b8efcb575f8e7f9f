export default function Boom() {
  return <h1>Never rendered</h1>;
}
