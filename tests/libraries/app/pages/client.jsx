// `/client`: bridge/dynamic, as next/dynamic with { ssr: false }: the server renders the loading fallback,
// the browser loads the component's chunk after hydration.
import dynamic from "bridge/dynamic";

const Viewport = dynamic(() => import("./_components/Viewport"), {
  ssr: false,
  loading: () => <p data-testid="loading">Loading…</p>,
});

export default function Client() {
  return (
    <>
      <h1>Client only</h1>
      <Viewport label="Viewport" />
    </>
  );
}
