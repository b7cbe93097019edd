# sanclab: `make book` sets everything up and builds the course; `make test` runs every test.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.sanclab-installed

.PHONY: setup book test test-fast lab lint clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -c constraints.txt -e ".[book,lab,test]"
	touch $(STAMP)

setup: $(STAMP)

book: $(STAMP)
	$(BIN)/python scripts/build_book.py

test: $(STAMP)
	$(BIN)/python -m pytest

# The developer loop: library, doctests and quick tests; no browser, no book build, no lesson
# re-execution and no test marked slow. `make test` (what CI runs) stays the complete run.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow and not e2e and not book and not notebook"

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf book/_build
