// `/deep`: components nested without end, so the recursion is React's own (renderToString).
function Deep({ n }) {
  return (
    <div>
      <Deep n={n + 1} />
    </div>
  );
}

export default function DeepPage() {
  return <Deep n={0} />;
}
