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

## ruff, mypy and the whole test suite (JS unit tests, HTTP, CLI, headless Chromium, bench/run --smoke), with
## line and branch coverage of bridge/ (the processes the tests start included), which must stay at 95 % or more
test: lint
	rm -f .coverage .coverage.*
	COVERAGE_FILE=$(CURDIR)/.coverage $(BIN)/python -m coverage run -m pytest; status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: that is a failure" >&2; fi; \
	COVERAGE_FILE=$(CURDIR)/.coverage $(BIN)/python -m coverage combine -q; \
	if [ $$status -ne 0 ]; then exit $$status; fi; \
	COVERAGE_FILE=$(CURDIR)/.coverage $(BIN)/python -m coverage report

lint: $(BIN)/bridge
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
