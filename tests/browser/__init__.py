"""Real-browser tests of the client runtime (js/src/): headless Chromium against `bridge serve` processes."""
