export default function Slow({ ms, n }) {
  return (
    <>
      <title>{`Slow ${n}`}</title>
      <h1>
        Slow page {n} ({ms} ms)
      </h1>
    </>
  );
}
