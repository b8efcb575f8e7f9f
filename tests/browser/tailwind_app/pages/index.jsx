// Tailwind utility classes, found by Tailwind in this file; the count is state that CSS edits must keep.
import { useState } from "react";
import styles from "./_styles/panel.module.scss";

export default function Home() {
  const [count, setCount] = useState(0);
  return (
    <main className="p-6">
      <h1 id="title" className="text-3xl font-bold text-sky-700 underline unselectable">
        Tailwind
      </h1>
      <div id="panel" className={styles.panel}>
        <span id="label" className={styles.label}>
          Sass
        </span>
      </div>
      <button id="increment" type="button" onClick={() => setCount(count + 1)}>
        {count}
      </button>
    </main>
  );
}
