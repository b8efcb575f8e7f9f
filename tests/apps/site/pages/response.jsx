export default function Created() {
  return <p id="created">created</p>;
}
