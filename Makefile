# Two entry points, each creating its own virtual environment on a fresh machine (Python 3.11 + pip):
#   make demo   - the main job: set up, ingest the sample cables, run example searches, fit topics, then serve the archive
#                 and print the address to open (Ctrl-C stops it; PORT=8001 make demo picks another port)
#   make test   - the whole test suite (lint and type check included)
PY ?= python3.11
VENV ?= .venv
BIN = $(VENV)/bin
DB ?= ./cablebase-data
PORT ?= 8000

.PHONY: demo test setup setup-test lint typecheck bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

setup: $(BIN)/python
	$(BIN)/pip install -q -e .

setup-test: $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'

demo: setup
	$(BIN)/cablebase parse samples/raw-telegram/07MEXICO1102.txt
	$(BIN)/cablebase ingest samples --db $(DB)
	$(BIN)/cablebase search 'tag:PREL AND date:[2007-01 TO 2007-12]' --db $(DB) --sort date
	$(BIN)/cablebase search '"External Political Relations" origin:madrid' --db $(DB) --limit 3
	$(BIN)/cablebase refs 06MADRID1914 --db $(DB)
	$(BIN)/cablebase stats --db $(DB)
	$(BIN)/cablebase topics build --k 4 --db $(DB)
	$(BIN)/cablebase topics --db $(DB)
	$(BIN)/cablebase serve --db $(DB) --port $(PORT)

test: setup-test
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -n 2

lint: setup-test
	$(BIN)/ruff check src tests benchmarks

typecheck: setup-test
	$(BIN)/mypy

bench: setup
	$(BIN)/python benchmarks/parse.py
	$(BIN)/python benchmarks/search.py 250000
	$(BIN)/python benchmarks/serve.py

clean:
	rm -rf $(VENV) $(DB) build *.egg-info
