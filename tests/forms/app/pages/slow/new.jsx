// `/slow/new`: the demo's book form, on a page whose action is slow (new.py).
import { BookForm } from "../_components/book_form";

export default function SlowNewBook({ tags, latestYear, errors, values }) {
  return (
    <>
      <title>Add a book, slowly</title>
      <h1>Add a book, slowly</h1>
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
