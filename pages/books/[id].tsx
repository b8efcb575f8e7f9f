// `/books/<id>`: one book. Props come from [id].py.
import Link from "bridge/link";
import { BookList, TagList } from "../_components/books";
import type { Props } from "./[id].props";

export default function BookPage({ book, alsoBy }: Props) {
  return (
    <>
      <title>{`Book: ${book.title}`}</title>
      <p className="crumbs">
        <Link href="/">← Catalogue</Link>
        <Link href={`/books/${book.id}/edit`}>Edit this book</Link>
      </p>
      <article className="book">
        <h1>{book.title}</h1>
        <p className="byline">
          {book.author} · first published {book.year}
        </p>
        <p className="lead">{book.summary}</p>
        <TagList tags={book.tags} />
      </article>
      {alsoBy.length > 0 && (
        <section className="also">
          <h2>Also by {book.author}</h2>
          <BookList books={alsoBy} />
        </section>
      )}
    </>
  );
}
