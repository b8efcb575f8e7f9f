// Rendered (with status 500) when a page fails on the server.
import Link from "bridge/link";

export default function ServerError({ statusCode = 500 }: { statusCode?: number }) {
  return (
    <>
      <title>Something went wrong</title>
      <section className="error">
        <p className="code">{statusCode}</p>
        <h1>Something went wrong</h1>
        <p>The library hit a snag while preparing this page. Please try again in a moment.</p>
        <p>
          <Link href="/">Back to the catalogue</Link>
        </p>
      </section>
    </>
  );
}
