// `/`: who the Starlette app says you are. The props come from index.py, which reads the session and the
// user that SessionMiddleware and AuthenticationMiddleware put on the request before bridge ran. The app's own
// routes (/login, /api/...) stay at the root even when the pages are mounted under /app: plain URLs for them.
import Link from "bridge/link";
import { useRouter } from "bridge/router";

export default function Home({ user, flash }) {
  const router = useRouter();
  const here = router.href(router.asPath); // forms post to the app's own routes, then come back here
  return (
    <>
      <title>bridge in Starlette</title>
      {flash && <p role="status">{flash}</p>}
      <h1>{user ? `Hello, ${user}` : "Hello, stranger"}</h1>
      {user ? (
        <form method="post" action="/logout">
          <input type="hidden" name={router.csrf.field} value={router.csrf.token} />
          <input type="hidden" name="next" value={here} />
          <button>Sign out</button>
        </form>
      ) : (
        <form method="post" action="/login">
          <input type="hidden" name={router.csrf.field} value={router.csrf.token} />
          <input type="hidden" name="next" value={here} />
          <input name="name" placeholder="Your name" required /> <button>Sign in</button>
        </form>
      )}
      <p>
        <Link href="/account">Your account</Link> · <Link href="/about">About</Link> ·{" "}
        <a href="/api/whoami">the app's own API</a>
      </p>
    </>
  );
}
