// `/about`: no .py beside it, so no props.
import Link from "bridge/link";

export default function About() {
  return (
    <>
      <title>About</title>
      <h1>About</h1>
      <p>These pages are rendered by bridge; the API and the static files are Flask's.</p>
      <Link href="/">Home</Link>
    </>
  );
}
