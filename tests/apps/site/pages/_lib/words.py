"""A helper module the pages import relatively: it is no page."""

GREETING = "Hello from Python"
