// `/notes`: a page action (notes.py) under Django. <Form> carries Django's CSRF token, and works with or
// without JavaScript.
import Link from "bridge/link";
import { Form, useFormStatus } from "bridge/form";

function AddButton() {
  const { pending } = useFormStatus();
  return <button disabled={pending}>{pending ? "Adding…" : "Add"}</button>;
}

export default function Notes({ notes, errors, values }) {
  return (
    <>
      <title>Notes</title>
      <h1>Your notes</h1>
      <ul>
        {notes.map((note, i) => (
          <li key={i}>{note}</li>
        ))}
      </ul>
      <Form method="post">
        <input name="text" aria-label="Note" defaultValue={values?.text ?? ""} /> <AddButton />
        {errors?.text && <p role="alert">{errors.text}</p>}
      </Form>
      <Link href="/">Home</Link>
    </>
  );
}
