"""The app's own Python code: folders starting with ``_`` in pages/ are not routes."""
