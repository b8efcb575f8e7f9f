// `/`: Django's request.user, read in index.py, and a sign-in form that posts to the app's own view.
import Link from "bridge/link";
import { useRouter } from "bridge/router";

export default function Home({ user, csrfToken }) {
  const router = useRouter();
  const here = router.href(router.asPath); // the view redirects back here after signing in or out
  return (
    <>
      <title>bridge in Django</title>
      <h1>{user ? `Hello, ${user}` : "Hello, stranger"}</h1>
      <form method="post" action={router.href(user ? "/logout" : "/login")}>
        <input type="hidden" name="csrfmiddlewaretoken" value={csrfToken} />
        <input type="hidden" name="next" value={here} />
        {!user && (
          <>
            <input name="username" placeholder="User name" required />{" "}
            <input name="password" type="password" placeholder="Password" required />{" "}
          </>
        )}
        <button>{user ? "Sign out" : "Sign in"}</button>
      </form>
      <p>
        <Link href="/account">Your account</Link> · <Link href="/notes">Notes</Link> ·{" "}
        <Link href="/about">About</Link> ·{" "}
        <a href={router.href("/api/whoami")}>the app's own API</a>
      </p>
    </>
  );
}
