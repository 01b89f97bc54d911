# Sangathan: `make run` sets up and serves; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SANGATHAN := $(BIN)/sangathan
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
PG_URL ?= postgres://postgres@127.0.0.1:5432/sangathan

.PHONY: run install install-dev test test-sqlite test-postgres lint translations e2e clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP) $@

install: $(STAMP)

install-dev: $(DEV_STAMP)

run: install
	$(SANGATHAN) migrate --no-input
	$(SANGATHAN) demo
	$(SANGATHAN) serve 127.0.0.1:8000

test: install-dev
	bash scripts/test.sh

lint: install-dev
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy

translations: install-dev
	$(BIN)/python scripts/translations.py update

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
