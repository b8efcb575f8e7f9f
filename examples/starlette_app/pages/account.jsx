// `/account`: signed-in users only; account.py redirects everyone else to `/`.
import Link from "bridge/link";

export default function Account({ user, session }) {
  return (
    <>
      <title>{`${user}'s account`}</title>
      <h1>{user}</h1>
      <p>Your session holds:</p>
      <pre>{JSON.stringify(session, null, 2)}</pre>
      <Link href="/">Home</Link>
    </>
  );
}
