// `/books/<id>/edit`: edit a book. Props and the `post` action come from edit.py.
import Link from "bridge/link";
import { BookForm } from "../../_components/book_form";
import type { Props } from "./edit.props";

export default function EditBook({ book, tags, latestYear, errors, values }: Props) {
  return (
    <>
      <title>{`Edit: ${book.title}`}</title>
      <p className="crumbs">
        <Link href={`/books/${book.id}`}>← {book.title}</Link>
      </p>
      <h1>Edit the book</h1>
      <BookForm
        book={book}
        tags={tags}
        latestYear={latestYear}
        errors={errors}
        values={values}
        submitLabel="Save changes"
        pendingLabel="Saving…"
        cancelHref={`/books/${book.id}`}
      />
    </>
  );
}
