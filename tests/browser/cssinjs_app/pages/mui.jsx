// MUI, which styles through emotion: its components' styles come from _document's emotion registry.
import { useState } from "react";
import Button from "@mui/material/Button";

export default function MuiPage() {
  const [count, setCount] = useState(0);
  return (
    <>
      <h1 id="title">MUI</h1>
      <Button id="increment" variant="contained" onClick={() => setCount(count + 1)}>
        {count}
      </Button>
    </>
  );
}
