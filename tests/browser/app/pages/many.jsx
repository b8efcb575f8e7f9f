// `/many`: 20 links to different slow pages, for the prefetch cap.
import Link from "bridge/link";

const N = Array.from({ length: 20 }, (_, i) => i + 1);

export default function Many() {
  return (
    <>
      <title>Many</title>
      <h1>Many links</h1>
      {N.map((i) => (
        <p key={i} style={{ margin: 0 }}>
          <Link href={`/slow?ms=1500&n=${i}`} data-testid={`many-${i}`}>
            Slow {i}
          </Link>
        </p>
      ))}
    </>
  );
}
