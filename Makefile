# Set-up and everyday commands. `make serve` and `make test` work on a fresh machine with Python 3.11+:
# they create .venv, install bridge with its build, test and v8 extras (Node.js comes from PyPI), and go.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: serve test lint

$(BIN)/bridge: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[build,test,v8]'
	touch $@

## Build the demo app in pages/ and serve it on http://$(HOST):$(PORT)
serve: $(BIN)/bridge
	$(BIN)/bridge serve --build --host $(HOST) --port $(PORT)

## ruff, mypy and the whole test suite (JS unit tests, HTTP, CLI, headless Chromium, bench/run --smoke)
test: lint
	$(BIN)/python -m pytest; status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: that is a failure" >&2; fi; \
	exit $$status

lint: $(BIN)/bridge
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
