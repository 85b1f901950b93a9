# One task runner: CI runs these targets as they are.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STORE  ?= policykg-data
PORT   ?= 8501
SAMPLE := data/samples/qingdao-2024-industry-nine-actions.txt
STAMP  := $(VENV)/.installed

.PHONY: help setup system neo4j-jar lint test run bench schema clean

help:
	@echo "make run    set up, ingest the bundled sample and serve the app (prints its address)"
	@echo "make test   set up and run every check (ruff + pytest, real Neo4j and Chromium)"
	@echo "make bench  run the benchmarks and rewrite docs/BENCHMARKS.md"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

# system first: a fresh Debian has no python3-venv, which $(STAMP)'s venv needs
setup: $(STAMP)

system:
	@PYTHON=$(PYTHON) bash tools/system-deps.sh

neo4j-jar: system
	@$(BIN)/python -c "import sys; sys.path.insert(0, 'tests'); from neo4j_server import build_jar; r = build_jar(); print('neo4j test server:', r or 'ready')"

lint: setup
	$(BIN)/ruff check .

test: system setup neo4j-jar lint
	$(BIN)/python -m pytest -q -p no:cacheprovider

run: system setup
	$(BIN)/policykg --store $(STORE) ingest $(SAMPLE)
	$(BIN)/policykg --store $(STORE) serve --port $(PORT)

bench: setup
	$(BIN)/python bench/run_all.py

schema: setup
	$(BIN)/policykg schema > docs/SCHEMA.md

clean:
	rm -rf $(VENV) $(STORE) tools/neo4j/target .pytest_cache .ruff_cache
