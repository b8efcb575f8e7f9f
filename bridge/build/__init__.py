"""Building an app: the Node.js toolchain, esbuild, and the manifest the server reads."""
