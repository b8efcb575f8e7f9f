// styled-components: styled elements with props-dependent rules; the button toggles the title's state.
import { useState } from "react";
import styled from "styled-components";

const Title = styled.h1`
  color: ${(props) => (props.$on ? "rgb(0, 128, 0)" : "rgb(128, 0, 0)")};
`;

const Toggle = styled.button`
  padding: 4px 8px;
`;

export default function Styled({ greeting }) {
  const [on, setOn] = useState(false);
  return (
    <>
      <Title $on={on}>{greeting}</Title>
      <Toggle data-testid="act" onClick={() => setOn(!on)}>
        {on ? "on" : "off"}
      </Toggle>
    </>
  );
}
