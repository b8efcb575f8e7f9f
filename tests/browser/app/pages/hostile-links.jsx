// `/hostile-links`: every way a page could hand the runtime a javascript: URL to follow.
import { Form } from "bridge/form";
import Link from "bridge/link";
import { useRouter } from "bridge/router";

const SCRIPT = "javascript:alert(document.domain)";

export default function HostileLinks() {
  const router = useRouter();
  return (
    <>
      <title>Hostile links</title>
      <h1>Hostile links</h1>
      <Link href={`/away?next=${encodeURIComponent(SCRIPT)}`} data-testid="redirect">
        Return to
      </Link>
      <button type="button" data-testid="push" onClick={() => router.push(SCRIPT)}>
        push
      </button>
      <button type="button" data-testid="replace" onClick={() => router.replace(SCRIPT)}>
        replace
      </button>
      <button type="button" data-testid="prefetch" onClick={() => router.prefetch(SCRIPT)}>
        prefetch
      </button>
      <Form action="/away">
        <input type="hidden" name="next" value={SCRIPT} />
        <button type="submit" data-testid="submit">
          submit
        </button>
      </Form>
    </>
  );
}
