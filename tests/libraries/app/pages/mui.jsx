// @mui/material (emotion): a themed Typography, a contained Button and a Chip; clicking the button counts.
import { useState } from "react";
import Button from "@mui/material/Button";
import Chip from "@mui/material/Chip";
import Typography from "@mui/material/Typography";
import { ThemeProvider, createTheme } from "@mui/material/styles";

const theme = createTheme({ palette: { primary: { main: "#1b5e20" } } });

export default function Mui({ title, start }) {
  const [count, setCount] = useState(start);
  return (
    <ThemeProvider theme={theme}>
      <Typography variant="h4" component="h1">
        {title}
      </Typography>
      <Chip label="material" />
      <Button variant="contained" data-testid="act" onClick={() => setCount(count + 1)}>
        Clicked {count} times
      </Button>
    </ThemeProvider>
  );
}
