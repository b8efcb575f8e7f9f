// `/account`: signed-in users only; account.py redirects everyone else to `/`.
import Link from "bridge/link";

export default function Account({ user }) {
  return (
    <>
      <title>{`${user}'s account`}</title>
      <h1>{user}</h1>
      <Link href="/">Home</Link>
    </>
  );
}
