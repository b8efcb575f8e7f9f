// `/about`: a page without a .py file, so it gets no props and is the same for everyone.
import Link from "bridge/link";

export default function About() {
  return (
    <>
      <title>About this demo</title>
      <h1>About</h1>
      <p className="lead">
        A small library catalogue: some sixty public-domain books, kept in SQLite and served by <strong>bridge</strong>.
      </p>
      <p>
        bridge is server-side React for Python. Each page is a React component in <code>pages/</code>; when a Python
        file of the same name sits next to it, its <code>get_server_side_props(context)</code> runs on every request and
        returns the component’s props, a redirect or a 404. The page is rendered to HTML on the server, then hydrated in
        the browser, where links move between pages without a full reload.
      </p>
      <h2>What this demo shows</h2>
      <ul>
        <li>
          <Link href="/">The catalogue</Link>: a search form and pagination driven by the query string,{" "}
          <code>?q=</code> and <code>?page=</code>.
        </li>
        <li>
          Dynamic routes: <Link href="/books/1">/books/[id]</Link>, and the catch-all{" "}
          <Link href="/tags/fiction/mystery">/tags/[...tags]</Link>.
        </li>
        <li>
          Redirects: <Link href="/random">/random</Link> (temporary) and <code>/catalogue</code> (permanent, the old
          address).
        </li>
        <li>
          Not-found pages for unknown books and tags, such as <Link href="/books/999">/books/999</Link>.
        </li>
        <li>This page, which has no Python file at all.</li>
      </ul>
    </>
  );
}
