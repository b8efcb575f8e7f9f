// `/books/new`: add a book. Props and the `post` action come from new.py.
import Link from "bridge/link";
import { BookForm } from "../_components/book_form";
import type { Props } from "./new.props";

export default function NewBook({ tags, latestYear, errors, values }: Props) {
  return (
    <>
      <title>Add a book</title>
      <p className="crumbs">
        <Link href="/">← Catalogue</Link>
      </p>
      <h1>Add a book</h1>
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
