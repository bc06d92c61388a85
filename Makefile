# peacegraph: `make up` serves the seeds as a graph with a REST API; `make test` runs the suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev

.PHONY: up test lint bench server-stop clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(DEVSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(STAMP)

up: $(STAMP)
	$(BIN)/peacegraph up

test: $(DEVSTAMP)
	$(BIN)/python -m pytest

lint: $(DEVSTAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/mypy graph loaders api

bench: $(DEVSTAMP)
	$(BIN)/peacegraph bench

server-stop:
	$(BIN)/peacegraph server stop

clean:
	rm -rf $(VENV) data
