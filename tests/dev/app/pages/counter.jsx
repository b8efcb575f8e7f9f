// `/counter`: the JSX edit test rewrites the heading; the count is component state that must survive.
import { useState } from "react";

export default function Counter() {
  const [count, setCount] = useState(0);
  return (
    <>
      <h1 id="title">Counter v1</h1>
      <button id="increment" type="button" onClick={() => setCount(count + 1)}>
        Clicked <output id="count">{count}</output>
      </button>
    </>
  );
}
