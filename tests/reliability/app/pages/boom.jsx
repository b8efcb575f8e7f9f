export default function Boom() {
  return <p>never rendered: the props fail</p>;
}
