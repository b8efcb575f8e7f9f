export default function Go() {
  return <p>never rendered: this page always redirects</p>;
}
