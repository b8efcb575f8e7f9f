// The layout: the global stylesheet and a counter whose state must survive CSS edits under bridge dev.
import { useState } from "react";
import Link from "bridge/link";
import "./_styles/global.css";

export default function App({ Component, pageProps }) {
  const [count, setCount] = useState(0);
  return (
    <>
      <nav>
        <Link href="/">Home</Link> <Link href="/card">Card</Link> <Link href="/sheet">Sheet</Link>
        <button type="button" id="count" onClick={() => setCount(count + 1)}>
          {count}
        </button>
        <span className="dotted" id="dot" />
      </nav>
      <Component {...pageProps} />
    </>
  );
}
