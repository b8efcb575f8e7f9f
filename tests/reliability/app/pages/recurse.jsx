// `/recurse`: unbounded recursion, stopped by the engine's stack limit.
function down(n) {
  return down(n + 1) + 1;
}

export default function Recurse() {
  return <p>{down(0)}</p>;
}
