// Pieces shared by the catalogue pages. `_components` is not a route.
import Link from "bridge/link";
import type { Book } from "../books/[id].props";

/** Links to the tag pages, e.g. `/tags/fiction`. */
export function TagList({ tags }: { tags: string[] }) {
  return (
    <ul className="tags">
      {tags.map((tag) => (
        <li key={tag}>
          <Link href={`/tags/${tag}`} className="tag">
            {tag}
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** A list of books: title (linking to the book), author, year, summary and tags. */
export function BookList({ books }: { books: Book[] }) {
  return (
    <ol className="books">
      {books.map((book) => (
        <li key={book.id} className="book-row">
          <h2>
            <Link href={`/books/${book.id}`}>{book.title}</Link>
          </h2>
          <p className="byline">
            {book.author} · {book.year}
          </p>
          <p className="summary">{book.summary}</p>
          <TagList tags={book.tags} />
        </li>
      ))}
    </ol>
  );
}

/** "1 book" / "12 books". */
export function countBooks(n: number): string {
  return `${n} ${n === 1 ? "book" : "books"}`;
}
