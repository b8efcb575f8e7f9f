// emotion's styled API; the count is state that must work after hydration.
import { useState } from "react";
import styled from "@emotion/styled";

const Title = styled.h1`
  color: rgb(0, 90, 160);
  letter-spacing: 2px;
`;

export default function EmotionPage() {
  const [count, setCount] = useState(0);
  return (
    <>
      <Title id="title">emotion</Title>
      <button id="increment" type="button" onClick={() => setCount(count + 1)}>
        {count}
      </button>
    </>
  );
}
