// `/props`: shows what props.py gives; the props tests rewrite that, the count must survive.
import { useState } from "react";

export default function Props({ message }) {
  const [count, setCount] = useState(0);
  return (
    <>
      <h1 id="title">Props</h1>
      <p id="message">{message}</p>
      <button id="increment" type="button" onClick={() => setCount(count + 1)}>
        Clicked <output id="count">{count}</output>
      </button>
    </>
  );
}
