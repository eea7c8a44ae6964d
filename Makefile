# Tadamun: `make run` starts the platform with demo data, `make test` runs the test suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.9.26

.PHONY: run test check setup format messages clean

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

$(VENV)/.synced: pyproject.toml uv.lock | $(BIN)/uv
	$(BIN)/uv sync --frozen --inexact --python $(BIN)/python
	touch $@

setup: $(VENV)/.synced

## Set up, load the demo data on first run, and serve http://127.0.0.1:8000 (SQLite).
run: setup
	DEBUG=1 $(BIN)/tadamun migrate --noinput
	DEBUG=1 $(BIN)/tadamun demo --if-empty
	DEBUG=1 $(BIN)/tadamun serve --host 127.0.0.1 --port 8000

## The whole test suite, on SQLite and then on PostgreSQL (skipped, saying so, without one).
test: setup
	bash scripts/test

## Quality gates: lint, format, migrations in step with models, deployment checks.
check: setup
	bash scripts/check

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) var/static

## Extract the strings marked for translation and compile the catalogues (needs gettext).
messages: setup
	$(BIN)/tadamun makemessages -l ar -l fr -l en --ignore=.venv --ignore=var --ignore=bench
	$(BIN)/tadamun compilemessages --ignore=.venv
