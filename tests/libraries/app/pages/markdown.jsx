// react-markdown: renders Markdown from the props; the button shows the other document.
import { useState } from "react";
import Markdown from "react-markdown";

export default function Notes({ documents }) {
  const [index, setIndex] = useState(0);
  return (
    <article>
      <Markdown>{documents[index]}</Markdown>
      <button type="button" data-testid="act" onClick={() => setIndex(1 - index)}>
        Next document
      </button>
    </article>
  );
}
