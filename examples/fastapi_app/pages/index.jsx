// `/`: the theme saved in the session by the app's own API (POST /api/preferences), read in index.py.
import Link from "bridge/link";

export default function Home({ theme }) {
  return (
    <>
      <title>bridge in FastAPI</title>
      <h1>Hello from bridge</h1>
      <p>
        Your theme: <strong>{theme}</strong>. Change it with the app's API: <code>POST /api/preferences</code> (see{" "}
        <a href="/docs">the API docs</a>).
      </p>
      <Link href="/about">About</Link>
    </>
  );
}
