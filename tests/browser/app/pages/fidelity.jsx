// `/fidelity`: links for the navigation details Next.js gets right: a link to this very URL, a slow page to
// click repeatedly, an encoded slash, a page whose props consume a one-time message, and, far below the fold,
// links prefetched when scrolled into view (or not: prefetch={false}) and a bare "#" link.
import Link from "bridge/link";

const ROWS = Array.from({ length: 150 }, (_, i) => i);

export default function Fidelity({ served }) {
  return (
    <>
      <title>Fidelity</title>
      <h1>Navigation fidelity</h1>
      <p data-testid="served">{served}</p>
      <Link href="/fidelity" data-testid="self">
        This page again
      </Link>{" "}
      <Link href="/slow?ms=1000&n=dedupe" data-testid="slow">
        Slow page
      </Link>{" "}
      <Link href="/words/a%2Fb" data-testid="encoded">
        The word a/b
      </Link>{" "}
      <Link href="/flash" data-testid="flash">
        The message
      </Link>
      {ROWS.map((i) => (
        <p key={i} className="row">
          Row {i}
        </p>
      ))}
      <Link href="/far" data-testid="far">
        Far away
      </Link>{" "}
      <Link href="/plain/43" prefetch={false} data-testid="no-prefetch">
        Plain 43, never prefetched
      </Link>{" "}
      <Link href="#" data-testid="top">
        Back to the top
      </Link>
    </>
  );
}
