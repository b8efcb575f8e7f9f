#!/bin/sh
# The container's command (see the Dockerfile), run from the folder holding pages/ and .bridge/: serves the
# built demo on 0.0.0.0:8000 with one worker per core (BRIDGE_PORT, BRIDGE_WORKERS and the other BRIDGE_*
# variables of `bridge serve` change that). The demo creates and seeds its SQLite database at $BRIDGE_DEMO_DB
# on first use. tests/test_docker_steps.py runs this same script without Docker.
set -eu
: "${BRIDGE_DEMO_DB:=/data/library.sqlite3}"
export BRIDGE_DEMO_DB
mkdir -p "$(dirname "$BRIDGE_DEMO_DB")"

exec bridge serve --host "${BRIDGE_HOST:-0.0.0.0}" --port "${BRIDGE_PORT:-8000}" "$@"
