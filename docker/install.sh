#!/bin/sh
# The image's runtime stage (see the Dockerfile): installs bridge from the wheels that the build stage made,
# with no package index, so only bridge's runtime dependencies get in: no Node.js, no npm packages.
# tests/test_docker_steps.py runs this same script without Docker.
set -eu
wheels=${1:?usage: docker/install.sh WHEEL_DIR}

python -m pip install --no-cache-dir --no-index --find-links "$wheels" bridge
