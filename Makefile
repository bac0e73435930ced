# reportkit: `make demo` and `make test` each do all of their own set-up on a fresh
# Debian 12 machine: system packages, a virtualenv in .venv, the package itself.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
OUT    := out

.PHONY: demo test lint bench sysdeps sysdeps-test clean

sysdeps:
	@bash scripts/system-deps.sh

sysdeps-test:
	@bash scripts/system-deps.sh --test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamp files make re-runs cheap; editing pyproject.toml reinstalls.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e . --group dev
	@touch $@ $(VENV)/.installed

## demo: convert every brief in examples/ into out/: PDF, DOCX and the JSON model, default brand
demo: sysdeps $(VENV)/.installed
	@mkdir -p $(OUT)
	$(BIN)/reportkit convert examples/*.txt --brand default -f pdf -f docx -f json -o $(OUT)/
	@echo "reports written to $(OUT)/"

## test: ruff, then the whole test suite; in CI (CI=true) the hostile suite twice more, so
## that a fault test that passes only sometimes is caught where it is cheapest to fix
test: sysdeps-test $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/deptry src
	$(BIN)/python -m pytest
	@if [ "$$CI" = true ]; then \
	  for round in 2 3; do \
	    echo "hostile suite, round $$round of 3"; \
	    $(BIN)/python -m pytest -q -p no:cacheprovider tests/hostile || exit 1; \
	  done; \
	fi

## lint: style (ruff), the one-way imports of docs/architecture.md (import-linter) and
## declared dependencies (deptry)
lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/deptry src

## bench: one table of medians and ratios against pandoc and bare WeasyPrint, measured side by
## side in the same run (under 10 minutes on 2 cores; see benchmarks/README.md). Installs pandoc
## when it can, else its rows say "pandoc: not installed". BENCH_ARGS=--quick: a 1-minute smoke run.
bench: sysdeps $(VENV)/.installed
	@bash scripts/system-deps.sh --bench
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .ruff_cache .hypothesis
