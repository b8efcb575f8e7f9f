#!/bin/sh
# The image's build stage (see the Dockerfile), run from the source tree: makes the wheels of bridge and of its
# runtime dependencies in WHEEL_DIR, installs bridge's wheel with the build extra (Node.js comes from PyPI)
# and builds the demo pages into .bridge/ with the installed bridge, as any user of the wheel would.
# tests/test_docker_steps.py runs this same script without Docker.
set -eu
wheels=${1:?usage: docker/build.sh WHEEL_DIR}

python -m pip wheel --wheel-dir "$wheels" .
set -- "$wheels"/bridge-*.whl
python -m pip install --find-links "$wheels" "$1[build]"
bridge build --pages pages
