# Thin targets: each calls the `usvn` command in the project's own virtualenv.
# `make book` = website + PDF; Debian packages (LaTeX, Chromium) come from scripts/system-deps.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
EXECUTED := _build/executed/chapters

.PHONY: book html pdf test test-fast check preview bench data venv lab clean

book: $(STAMP)
	scripts/system-deps pdf
	$(BIN)/usvn build --formats html,pdf

# The virtualenv is (re)made when the pins or the package metadata change.
$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

venv: $(STAMP)

html: $(STAMP)
	$(BIN)/usvn build --formats html

pdf: $(STAMP)
	scripts/system-deps pdf
	$(BIN)/usvn build --formats pdf

data: $(STAMP)
	$(BIN)/usvn data validate

# Every test: unit, data, facts, builds, browser and PDF checks, and nbval on the executed
# chapters (each re-run in a kernel and compared cell by cell with its execution).
test: $(STAMP)
	scripts/system-deps test
	$(BIN)/usvn build --formats none --quiet
	$(BIN)/python -m pytest -n 2 --dist loadfile --nbval tests $(EXECUTED)

# Unit, data and facts tests only: no kernel, browser, PDF or nbval (under a minute).
test-fast: $(STAMP)
	$(BIN)/python -m pytest -n 2 -m "not build and not site" tests

# Lint, format and types (configured in pyproject.toml).
check: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

# Live preview for authors: serves the website on http://127.0.0.1:8000 and rebuilds
# (executing only what is stale) and reloads the page when a chapter, page or data file changes.
preview: $(STAMP)
	$(BIN)/usvn preview

# JupyterLab in the project's environment; chapters show their charts where they are made
# (Altair's widget renderer, offline) and compute the same results as the build.
lab: $(STAMP)
	USVN_INTERACTIVE=1 $(BIN)/jupyter lab --notebook-dir=.

bench: $(STAMP)
	$(BIN)/python bench/bench.py

clean:
	rm -rf _build
