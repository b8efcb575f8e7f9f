// `/account`: signed-in users only; account.py redirects everyone else to `/`.
import Link from "bridge/link";

export default function Account({ user, joined, staff }) {
  return (
    <>
      <title>{`${user}'s account`}</title>
      <h1>{user}</h1>
      <p>
        Member since {joined.slice(0, 10)}
        {staff ? ", staff" : ""}.
      </p>
      <Link href="/">Home</Link>
    </>
  );
}
