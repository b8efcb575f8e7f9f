// `/`: the catalogue, searchable (?q=) and paginated (?page=). Props come from index.py.
import Link, { type Href } from "bridge/link";
import { BookList, countBooks } from "./_components/books";
import type { Props } from "./index.props";

function pageHref(q: string, page: number): Href {
  const params = new URLSearchParams();
  if (q) params.set("q", q);
  if (page > 1) params.set("page", String(page));
  const search = params.toString();
  return search ? `/?${search}` : "/";
}

export default function Catalogue({ q, books, total, page, pages, tags }: Props) {
  const title = (q ? `“${q}” · Catalogue` : "Catalogue") + (page > 1 ? ` · page ${page}` : "");
  return (
    <>
      <title>{title}</title>
      <div className="title-row">
        <h1>Catalogue</h1>
        <Link href="/books/new" className="button-link">
          Add a book
        </Link>
      </div>
      {/* key: a new search (e.g. after "Clear") resets the uncontrolled input */}
      <form method="get" className="search" role="search" key={q}>
        <input
          type="search"
          name="q"
          defaultValue={q}
          placeholder="Search by title or author"
          aria-label="Search by title or author"
        />
        <button type="submit">Search</button>
      </form>

      <p className="status">
        {q ? (
          <>
            {countBooks(total)} matching <strong>{q}</strong> · <Link href="/">clear search</Link>
          </>
        ) : (
          `${countBooks(total)} in the catalogue`
        )}
        {pages > 1 && ` · page ${page} of ${pages}`}
      </p>

      {books.length > 0 ? (
        <BookList books={books} />
      ) : (
        <p className="empty">No books match your search. Try an author’s surname or one word of a title.</p>
      )}

      {pages > 1 && (
        <nav className="pager" aria-label="Pages">
          {page > 1 ? (
            <Link href={pageHref(q, page - 1)} rel="prev">
              ← Previous
            </Link>
          ) : (
            <span aria-disabled="true">← Previous</span>
          )}
          <span>
            Page {page} of {pages}
          </span>
          {page < pages ? (
            <Link href={pageHref(q, page + 1)} rel="next">
              Next →
            </Link>
          ) : (
            <span aria-disabled="true">Next →</span>
          )}
        </nav>
      )}

      <section className="browse">
        <h2>Browse by tag</h2>
        <ul className="tags">
          {Object.entries(tags).map(([tag, count]) => (
            <li key={tag}>
              <Link href={`/tags/${tag}`} className="tag">
                {tag} <span className="count">{count}</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
