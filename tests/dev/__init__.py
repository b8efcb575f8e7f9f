"""End-to-end tests of `bridge dev`."""
