export default function Go() {
  return <p>never rendered: the props redirect</p>;
}
