# Two commands do all set-up on a fresh machine with Python 3.11+:
#   make demo   creates .venv, installs bubblelink, runs the main job
#   make test   creates .venv, installs the dev extras, runs lint (ruff, import contracts,
#               mypy) and the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PYTEST_WORKERS ?= 2

.PHONY: demo test lint browser bench clean help

help:
	@echo "make demo   - install into $(VENV) and run the demo (live data, or the sample market offline)"
	@echo "make test   - install dev extras into $(VENV), run lint (ruff, import contracts, mypy) and the test suite"
	@echo "make bench  - run the benchmarks in bench/ (figures go in the README)"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "bubblelink needs Python 3.11+; set PYTHON=python3.11 (or newer)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/bubblelink demo

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports
	$(BIN)/mypy

test: lint browser
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) -q

# the real-browser tests drive Debian's chromium (never a downloaded browser)
browser:
	sh scripts/ensure-chromium.sh

# each script writes its rows to bench/results.json; the README's table is rendered from it
# (BENCH_ARGS=--quick: CI-size smoke runs, which write no results)
bench: $(VENV)/.dev-installed
	@for script in bench/bench_*.py; do echo "== $$script"; $(BIN)/python $$script $(BENCH_ARGS) || exit 1; done
	$(BIN)/python bench/render_readme.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build dist src/*.egg-info
