# Two commands do all set-up on a fresh machine with Python 3.11+:
#   make demo   creates .venv, installs bubblelink, runs the main job
#   make test   creates .venv, installs the dev and docs extras, runs lint (ruff, import
#               contracts, mypy), builds the documentation site and runs the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PYTEST_WORKERS ?= 2

.PHONY: demo test lint browser docs bench mutation clean help

help:
	@echo "make demo   - install into $(VENV) and run the demo (live data, or the sample market offline)"
	@echo "make test   - install dev and docs extras into $(VENV), run lint (ruff, import contracts, mypy), build the docs and run the test suite"
	@echo "make docs   - build the documentation site into site/ (mkdocs --strict: a warning fails)"
	@echo "make bench  - run the benchmarks in bench/ (figures go in the README)"
	@echo "make mutation - mutation testing (mutmut) of the claims verdicts, the risk score and the correlation/beta estimators"

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

test: lint browser docs
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) -q

# the documentation site (mkdocs.yml): pages generated from the README, the typer app and the
# docstrings (scripts/docs_pages.py) plus docs/methods.md; --strict turns every warning (a
# broken link, a docstring mkdocstrings cannot read) into a failure (not with --quiet, which
# hides the warnings strict mode counts). Output: site/ (ignored).
$(VENV)/.docs-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[docs]'
	@touch $@ $(VENV)/.installed

docs: $(VENV)/.docs-installed
	NO_MKDOCS_2_WARNING=1 DISABLE_MKDOCS_2_WARNING=true $(BIN)/mkdocs build --strict

# the real-browser tests drive Debian's chromium (never a downloaded browser)
browser:
	sh scripts/ensure-chromium.sh

# each script writes its rows to bench/results.json; the README's table is rendered from it
# (BENCH_ARGS=--quick: CI-size smoke runs, which write no results)
bench: $(VENV)/.dev-installed
	@for script in bench/bench_*.py; do echo "== $$script"; $(BIN)/python $$script $(BENCH_ARGS) || exit 1; done
	$(BIN)/python bench/render_readme.py

# mutation testing ([tool.mutmut] in pyproject.toml says what is mutated and which tests run);
# mutmut writes a mutants/ directory, so it runs in a copy of the tree ($(MUTATION_DIR)); numba
# is off (its OpenMP threading layer kills forked workers) and the real data is found through
# BUBBLELINK_REAL_DATA. About an hour on 2 cores; the log is $(MUTATION_DIR)/mutmut-run.log.
MUTATION_DIR ?= /tmp/bubblelink-mutation
MUTATION_WORKERS ?= 2
REAL_DATA ?= $(abspath ..)/shared/data/real

$(VENV)/.mutation-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[mutation]'
	@touch $@

mutation: $(VENV)/.mutation-installed
	rm -rf $(MUTATION_DIR) && mkdir -p $(MUTATION_DIR)
	tar --exclude=.venv --exclude=.git --exclude=mutants --exclude='*.duckdb' --exclude=__pycache__ -cf - . | tar -xf - -C $(MUTATION_DIR)
	cd $(MUTATION_DIR) && BUBBLELINK_NO_NUMBA=1 BUBBLELINK_REAL_DATA=$(REAL_DATA) \
		$(abspath $(BIN))/mutmut run --max-children $(MUTATION_WORKERS) > mutmut-run.log 2>&1 \
		|| { tail -c 3000 mutmut-run.log; exit 1; }
	cd $(MUTATION_DIR) && $(abspath $(BIN))/mutmut results
	@cd $(MUTATION_DIR) && $(abspath $(BIN))/mutmut results --all true | awk -F': ' \
		'/: (killed|survived)$$/ { split($$1, p, "."); s = p[2] == "analytics" ? "correlation/beta" : p[2]; n[s, $$2]++; seen[s] = 1 } \
		END { for (s in seen) { k = n[s, "killed"]; v = n[s, "survived"]; \
		printf "%-16s killed %5d  survived %4d  score %.1f%%\n", s, k, v, 100 * k / (k + v) } }'

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build dist site src/*.egg-info
