"""A project module outside the pages folder, imported by ``pages/outside.py`` by its absolute name."""

GREETING = "helper v1"
