"""Python helpers shared by the demo's pages; ``_lib`` is not a route."""
