# Thin targets: each calls the `usvn` command in the project's own virtualenv.
# `make book` = website + PDF; Debian packages (LaTeX, Chromium) come from scripts/system-deps.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: book html pdf test bench data venv lab clean

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

test: $(STAMP)
	scripts/system-deps test
	$(BIN)/python -m pytest --nbval tests chapters

# JupyterLab in the project's environment; chapters show their charts where they are made
# (Altair's widget renderer, offline) and compute the same results as the build.
lab: $(STAMP)
	USVN_INTERACTIVE=1 $(BIN)/jupyter lab --notebook-dir=.

bench: $(STAMP)
	$(BIN)/python bench/bench.py

clean:
	rm -rf _build
