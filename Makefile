# Two commands: `make run` (set up, import the FAERS sample if no FAERS reports are imported yet, then start the
# dashboard on the demo data) and
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

# On a fresh clone the FAERS page shows the shipped sample (see faers-sample) rather than nothing: imported only
# when the FAERS folder (the faers_dir setting, datasets/faers) does not exist, so a real import is never touched.
run: setup
	$(BIN)/python -m sidefx.faers --sample --if-missing
	$(BIN)/streamlit run dashboard.py

# The tests run in parallel (one worker per core; the browser tests that only look at one page share a worker, so the
# page opens once) and the slowest are listed at the end. SIDEFX_SCREENSHOTS=1 saves the browser tests' screenshots.
test: setup-dev browser
	$(BIN)/python -m pytest -n auto --dist loadgroup --durations=15

# The linter and the formatter's check (pyproject.toml holds their settings).
lint: setup-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

data: setup
	$(BIN)/python -m sidefx.build

bench: setup
	$(BIN)/python bench/run.py $(if $(BIG),--big)

# Two 100-report samples of real reports, legacy AERS (2004Q1) and FAERS (2017Q2), shipped in data/faers-sample/
# with their origin and licence note, so the FAERS page can be seen working: far too small for any conclusion, and
# the page says so. They go to the FAERS folder (the faers_dir setting, datasets/faers), replacing an earlier
# sample, with the note kept beside them; a folder holding imported quarters is refused.
faers-sample: setup
	$(BIN)/python -m sidefx.faers --sample

