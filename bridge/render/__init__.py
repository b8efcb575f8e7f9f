"""Server rendering of page components in an embedded JS engine."""
