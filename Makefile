# peacegraph: `make up` serves the seeds as a graph with a REST API; `make test` runs the suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
NPMSTAMP := node_modules/.package-lock.json

.PHONY: up test lint bench eval train server-stop clean browser

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(DEVSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(STAMP)

# The graph page's drawing library (Cytoscape.js) from npm; without npm the page says it is missing.
$(NPMSTAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the graph page will say its drawing library is missing"; fi

# Headless Chromium for tests/test_browser.py, from Debian's packages (needs root).
browser:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
	  (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	    chromium chromium-driver) >/dev/null \
	  || echo "warning: could not install chromium; the browser test will not run"; fi

up: $(STAMP) $(NPMSTAMP)
	$(BIN)/peacegraph up

test: $(DEVSTAMP) $(NPMSTAMP) browser
	$(BIN)/python -m pytest

# mypy over everything; pyright over what pyproject.toml [tool.pyright] names: it enforces LiteralString on queries.
lint: $(DEVSTAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/mypy peacegraph && $(BIN)/pyright

bench: $(DEVSTAMP)
	$(BIN)/peacegraph bench

# Extraction scores against the gold annotations of ../shared/eval: per relation type and micro.
EVAL ?= ../shared/eval
eval: $(DEVSTAMP)
	@echo "== seeds/ against $(EVAL)/gold"
	@$(BIN)/peacegraph eval --no-articles --gold $(EVAL)/gold seeds
	@echo "== development corpus: $(EVAL)/dev/articles against $(EVAL)/dev/gold"
	@$(BIN)/peacegraph eval --no-articles --gold $(EVAL)/dev/gold $(EVAL)/dev/articles
	@echo "== all 40 (development corpus + seeds), cross-validated: odd-numbered articles scored by a model fitted on the even ones, and the reverse =="
	@$(BIN)/peacegraph eval --cv --no-articles $(GOLD40) $(EVAL)/dev/articles seeds

# Fit the relation model (loaders/data/relation_model.json) to the development corpus and the seeds.
GOLD40 = --gold $(EVAL)/dev/gold --gold $(EVAL)/gold
train: $(DEVSTAMP)
	$(BIN)/peacegraph train $(GOLD40) $(EVAL)/dev/articles seeds

server-stop:
	$(BIN)/peacegraph server stop

clean:
	rm -rf $(VENV) data
