# sanclab: `make book` sets everything up and builds the course; `make test` runs every test.
# Each command installs what it needs when it needs it (exact versions from constraints.txt):
# the book needs the `book` extra only; the tests need everything; JupyterLab the `lab` extra.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install -c constraints.txt
STAMP_BOOK := $(VENV)/.sanclab-book
STAMP_LAB := $(VENV)/.sanclab-lab
STAMP_ALL := $(VENV)/.sanclab-all

.PHONY: setup book test test-fast lab lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP_BOOK): pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) -e ".[book]"
	touch $@

$(STAMP_LAB): pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) -e ".[lab]"
	touch $@

$(STAMP_ALL): pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) -e ".[book,lab,test]"
	touch $@ $(STAMP_BOOK) $(STAMP_LAB)

setup: $(STAMP_ALL)

book: $(STAMP_BOOK)
	$(BIN)/python scripts/build_book.py

test: $(STAMP_ALL)
	$(BIN)/python -m pytest

# The developer loop: library, doctests and quick tests; no browser, no book build, no lesson
# re-execution and no test marked slow. `make test` (what CI runs) stays the complete run.
test-fast: $(STAMP_ALL)
	$(BIN)/python -m pytest -m "not slow and not e2e and not book and not notebook"

lab: $(STAMP_LAB)
	$(BIN)/jupyter lab notebooks

lint: $(STAMP_ALL)
	$(BIN)/ruff check .

# Measures every speed goal and writes benchmarks/RESULTS.md (about half an hour: run it on a
# quiet machine). `make bench BENCH_ARGS=--quick` checks that every group runs (a few minutes).
BENCH_ARGS ?=
bench: $(STAMP_ALL)
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

clean:
	rm -rf book/_build
