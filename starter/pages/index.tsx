// `/`: the notes from index.py, and a form whose `post` action (in index.py) adds one.
import Link from "bridge/link";
import { Form, useFormStatus } from "bridge/form";
import type { Props as PageProps } from "./index.props";

// What the page gets back from a failed action: a message per field, and what was typed.
interface Props extends PageProps {
  errors?: Record<string, string>;
  values?: Record<string, string | string[]>;
}

function Add() {
  const { pending } = useFormStatus();
  return <button disabled={pending}>{pending ? "Adding…" : "Add"}</button>;
}

export default function Home({ notes, errors, values }: Props) {
  return (
    <main>
      <title>Notes</title>
      <h1>Notes</h1>
      <Form method="post" className="add">
        <input name="text" aria-label="New note" placeholder="A new note" defaultValue={String(values?.text ?? "")} />
        <Add />
      </Form>
      {errors?.text && <p className="error">{errors.text}</p>}
      {notes.length === 0 ? (
        <p>No notes yet.</p>
      ) : (
        <ul>
          {notes.map((note) => (
            <li key={note.id}>
              <Link href={`/notes/${note.id}`}>{note.text}</Link>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
