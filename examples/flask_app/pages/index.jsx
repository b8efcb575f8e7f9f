// `/`: who the outer WSGI middleware says you are (REMOTE_USER in the environ), read in index.py. The API is
// Flask's, mounted wherever the app is: router.href() adds the mount prefix (SCRIPT_NAME) to its URL.
import Link from "bridge/link";
import { useRouter } from "bridge/router";

export default function Home({ user, server }) {
  const router = useRouter();
  return (
    <>
      <title>bridge in Flask</title>
      <h1>{user ? `Hello, ${user}` : "Hello, stranger"}</h1>
      <p>Served by {server}.</p>
      <p>
        <Link href="/account">Your account</Link> · <Link href="/about">About</Link> ·{" "}
        <a href={router.href("/api/whoami")}>the app's own API</a>
      </p>
    </>
  );
}
