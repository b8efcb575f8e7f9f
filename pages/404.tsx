// Rendered (with status 404) for unknown URLs and when get_server_side_props returns {"not_found": True}.
import Link from "bridge/link";

export default function NotFound({ statusCode = 404 }: { statusCode?: number }) {
  return (
    <>
      <title>Not found</title>
      <section className="error">
        <p className="code">{statusCode}</p>
        <h1>We couldn’t find that page</h1>
        <p>The book, tag or page you asked for isn’t in the catalogue.</p>
        <p>
          <Link href="/">Back to the catalogue</Link> or try a <Link href="/random">random book</Link>.
        </p>
      </section>
    </>
  );
}
