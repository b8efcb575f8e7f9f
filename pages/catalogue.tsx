// `/catalogue`: the old address of the catalogue. catalogue.py always redirects to `/` (permanently).
import Link from "bridge/link";

export default function LegacyCatalogue() {
  return (
    <>
      <title>Catalogue has moved</title>
      <h1>The catalogue has moved</h1>
      <p>
        It now lives at <Link href="/">the home page</Link>.
      </p>
    </>
  );
}
