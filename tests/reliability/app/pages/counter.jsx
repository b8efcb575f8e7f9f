// `/counter`: module-level state, which lives as long as the engine context (as in one Node process). The
// context's id tells renders in different contexts (render threads) apart.
let renders = 0;
const context = Math.random().toString(36).slice(2);

export default function Counter() {
  renders += 1;
  return (
    <p id="count" data-context={context}>
      {renders}
    </p>
  );
}
