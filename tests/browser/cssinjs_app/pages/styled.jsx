// styled-components; the count is state that must work after hydration.
import { useState } from "react";
import styled from "styled-components";

const Title = styled.h1`
  color: rgb(150, 30, 90);
  letter-spacing: 4px;
`;

export default function StyledPage() {
  const [count, setCount] = useState(0);
  return (
    <>
      <Title id="title">styled-components</Title>
      <button id="increment" type="button" onClick={() => setCount(count + 1)}>
        {count}
      </button>
    </>
  );
}
