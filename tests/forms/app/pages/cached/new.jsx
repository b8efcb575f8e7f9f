// `/cached/new`: the demo's book form, on a page cached publicly (new.py).
import { BookForm } from "../_components/book_form";

export default function CachedNewBook({ tags, latestYear, errors, values }) {
  return (
    <>
      <title>Add a book (cached page)</title>
      <h1>Add a book (cached page)</h1>
      <BookForm
        tags={tags}
        latestYear={latestYear}
        errors={errors}
        values={values}
        submitLabel="Add the book"
        pendingLabel="Adding…"
        cancelHref="/"
      />
    </>
  );
}
