# Two commands: `make run` (set up, then start the dashboard on the demo data) and
# `make test` (set up, then run every test, browser tests included).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint setup setup-dev browser data bench faers-sample

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

setup: $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt

setup-dev: $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt

# Debian's Chromium drives the browser tests and the static figure export. Nothing downloads a browser.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core; \
	  else echo "Chromium is missing: sudo apt-get install chromium (browser tests will be skipped)"; fi; }

run: setup
	$(BIN)/streamlit run dashboard.py

test: setup-dev browser
	$(BIN)/python -m pytest

# The linter and the formatter's check (pyproject.toml holds their settings).
lint: setup-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

data: setup
	$(BIN)/python -m sidefx.build

bench: setup
	$(BIN)/python bench/run.py $(if $(BIG),--big)

# A 100-report sample of real FAERS reports (2017Q2), so the FAERS page can be seen working: far too small for
# any conclusion, and the page says so. The sample's note (origin and licence) is kept beside the import.
FAERS_SAMPLE ?= data/faers-sample
faers-sample: setup
	$(BIN)/python -m sidefx.faers $(FAERS_SAMPLE)/faers_ascii_2017q2.zip --out datasets/faers
	cp $(FAERS_SAMPLE)/README.md datasets/faers/SAMPLE-README.md

