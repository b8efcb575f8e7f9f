// The form of /books/new and /books/<id>/edit. <Form> posts to the page's own action (new.py, edit.py):
// without JavaScript as a plain form, with it through fetch. On errors the page comes back with `errors`
// (a message per field) and `values` (what was typed), shown here.
import type { ReactNode } from "react";
import Link, { type Href } from "bridge/link";
import { Form, useFormStatus } from "bridge/form";
import type { Book } from "../books/[id].props";
import type { FormProps } from "../books/new.props";
import styles from "./book_form.module.css";

interface Values {
  title: string;
  author: string;
  year: string;
  summary: string;
  tags: string[];
}

/** What the fields start with: what was typed (after errors), else the book being edited, else nothing. */
function startingValues(values: FormProps["values"], book: Book | undefined): Values {
  if (values) {
    const text = (name: string) => {
      const value = values[name];
      return typeof value === "string" ? value : "";
    };
    return {
      title: text("title"),
      author: text("author"),
      year: text("year"),
      summary: text("summary"),
      tags: ([] as string[]).concat(values.tags ?? []), // one checked box gives a string, several a list
    };
  }
  if (book) return { ...book, year: String(book.year) };
  return { title: "", author: "", year: "", summary: "", tags: [] };
}

interface FieldProps {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  children: ReactNode;
}

function Field({ name, label, hint, error, children }: FieldProps) {
  return (
    <div className={styles.field}>
      <label htmlFor={name}>
        {label} {hint && <span className={styles.hint}>{hint}</span>}
      </label>
      {children}
      {error && (
        <p className={styles.error} id={`${name}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

function SubmitButton({ label, pendingLabel }: { label: string; pendingLabel: string }) {
  const { pending } = useFormStatus(); // true while the submission is on its way (with JavaScript)
  return (
    <button type="submit" disabled={pending} aria-busy={pending || undefined}>
      {pending ? pendingLabel : label}
    </button>
  );
}

interface BookFormProps extends FormProps {
  book?: Book;
  submitLabel: string;
  pendingLabel: string;
  cancelHref: Href;
}

export function BookForm({
  book,
  values,
  errors = {},
  tags,
  latestYear,
  submitLabel,
  pendingLabel,
  cancelHref,
}: BookFormProps) {
  const start = startingValues(values, book);
  const invalid = (name: string) => (errors[name] ? { "aria-invalid": true, "aria-describedby": `${name}-error` } : {});
  return (
    // noValidate: the server checks every field, and says what is wrong in the same way with or without JavaScript.
    <Form method="post" className="book-form" noValidate key={book?.id ?? "new"}>
      {Object.keys(errors).length > 0 && (
        <p className={styles.alert} role="alert">
          Please correct the fields marked below.
        </p>
      )}
      <Field name="title" label="Title" error={errors.title}>
        <input id="title" name="title" type="text" defaultValue={start.title} required {...invalid("title")} />
      </Field>
      <Field name="author" label="Author" error={errors.author}>
        <input id="author" name="author" type="text" defaultValue={start.author} required {...invalid("author")} />
      </Field>
      <Field name="year" label="First published" hint={`(a year from 1000 to ${latestYear})`} error={errors.year}>
        <input
          id="year"
          name="year"
          type="text"
          inputMode="numeric"
          className={styles.year}
          defaultValue={start.year}
          required
          {...invalid("year")}
        />
      </Field>
      <Field name="summary" label="Summary" hint="(optional)" error={errors.summary}>
        <textarea id="summary" name="summary" rows={3} defaultValue={start.summary} {...invalid("summary")} />
      </Field>
      <fieldset className={styles.field}>
        <legend>Tags</legend>
        <div className={styles.checks}>
          {tags.map((tag) => (
            <label key={tag}>
              <input type="checkbox" name="tags" value={tag} defaultChecked={start.tags.includes(tag)} /> {tag}
            </label>
          ))}
        </div>
        {errors.tags && (
          <p className={styles.error} id="tags-error">
            {errors.tags}
          </p>
        )}
      </fieldset>
      <p className={styles.actions}>
        <SubmitButton label={submitLabel} pendingLabel={pendingLabel} />
        <Link href={cancelHref}>Cancel</Link>
      </p>
    </Form>
  );
}
