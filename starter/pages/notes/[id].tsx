// `/notes/<id>`: one note, with props from [id].py.
import Link from "bridge/link";
import type { Props } from "./[id].props";

export default function NotePage({ note }: Props) {
  return (
    <main>
      <title>{`Note ${note.id}`}</title>
      <h1>Note {note.id}</h1>
      <p>{note.text}</p>
      <p className="muted">Written {new Date(note.created).toUTCString()}</p>
      <Link href="/">All notes</Link>
    </main>
  );
}
