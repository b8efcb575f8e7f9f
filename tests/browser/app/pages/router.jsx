// `/router`: buttons calling useRouter()'s methods, and its fields.
import { useRouter } from "bridge/router";

export default function RouterPage({ served }) {
  const router = useRouter();
  return (
    <>
      <title>Router</title>
      <h1>Router</h1>
      <p data-testid="served">{served}</p>
      <p data-testid="navigating">{router.isNavigating ? "yes" : "no"}</p>
      <button type="button" onClick={() => router.push("/plain/7")}>
        push
      </button>
      <button type="button" onClick={() => router.replace("/plain/8")}>
        replace
      </button>
      <button type="button" onClick={() => router.back()}>
        back
      </button>
      <button type="button" onClick={() => router.reload()}>
        reload
      </button>
      <button type="button" onClick={() => router.push("/slow?ms=1000")}>
        slow
      </button>
      <button type="button" onClick={() => router.push("/hop")}>
        hop
      </button>
    </>
  );
}
