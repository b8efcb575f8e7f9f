// `/plain/<n>`: a small page with a link to the next one.
import Link from "bridge/link";

export default function Plain({ n, served }) {
  return (
    <>
      <title>{`Plain ${n}`}</title>
      <h1>Plain page {n}</h1>
      <p data-testid="served">{served}</p>
      <Link href={`/plain/${n + 1}`} data-testid="next">
        Next
      </Link>
    </>
  );
}
