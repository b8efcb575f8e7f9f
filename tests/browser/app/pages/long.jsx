// `/long?v=<v>`: 200 rows of 40 px, with #anchor at row 120 and a hash-only link at the top.
import Link from "bridge/link";
import { useRouter } from "bridge/router";

const ROWS = Array.from({ length: 200 }, (_, i) => i);

export default function Long() {
  const v = useRouter().query.v ?? "1";
  return (
    <>
      <title>{`Long ${v}`}</title>
      <h1>Long page {v}</h1>
      <Link href="#anchor" data-testid="to-anchor">
        Jump to the anchor
      </Link>
      {ROWS.map((i) =>
        i === 120 ? (
          <h2 key={i} id="anchor" className="row">
            Anchor
          </h2>
        ) : (
          <p key={i} className="row">
            Row {i}
          </p>
        ),
      )}
    </>
  );
}
