// `/random`: random.py always redirects to a book, so this is only seen if that somehow fails to happen.
import Link from "bridge/link";

export default function RandomBook() {
  return (
    <>
      <title>Random book</title>
      <h1>Random book</h1>
      <p>
        Picking a book for you… If nothing happens, <Link href="/">browse the catalogue</Link>.
      </p>
    </>
  );
}
