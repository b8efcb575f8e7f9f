// `/styled`: the CSS edit tests rewrite its stylesheets; the count is component state that must survive.
import { useState } from "react";
import "./_styles/styled.css";
import styles from "./_styles/styled.module.css";

export default function Styled() {
  const [count, setCount] = useState(0);
  return (
    <div className={styles.box} id="box">
      <h1 id="title" className="styled-title">
        Styled
      </h1>
      <button id="increment" type="button" onClick={() => setCount(count + 1)}>
        Clicked <output id="count">{count}</output>
      </button>
    </div>
  );
}
