// `/`: a plain page with a counter button, to see hydration work.
import { useState } from "react";

export default function Home() {
  const [clicks, setClicks] = useState(0);
  return (
    <>
      <title>Reliability home</title>
      <h1 id="home">Home</h1>
      <button type="button" data-testid="clicker" onClick={() => setClicks(clicks + 1)}>
        clicked {clicks}
      </button>
    </>
  );
}
