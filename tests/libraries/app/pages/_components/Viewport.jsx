// A browser-only component: its module reads `window` at load, which the server does not have.
const width = window.innerWidth;

export default function Viewport({ label }) {
  return (
    <p data-testid="viewport">
      {label}: {width > 0 ? "measured" : "zero"}
    </p>
  );
}
