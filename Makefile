# wijkcoop — two commands: `make app` (serve the apps) and `make test` (the whole suite).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8866
DATA   ?= data
NBVAL_DATA := build/nbval-data

.PHONY: help app lab test bench stress lint chromium debian-packages clean catalogs
.DEFAULT_GOAL := help

help:
	@echo "make app    start de apps op http://127.0.0.1:$(PORT) (demo-gegevens als $(DATA)/ leeg is)"
	@echo "            serve the apps (demo data if $(DATA)/ is empty)"
	@echo "make lab    JupyterLab met het analysevoorbeeld (notebooks/analyse) / JupyterLab for the analyst"
	@echo "make test   installeer alles en draai alle tests / install everything, run every test"
	@echo "make bench  benchmarks → benchmarks/RESULTS.md"
	@echo "make stress belastingstest: 20 deelnemers tegelijk / load run: 20 participants at once"
	@echo "make lint   ruff en mypy / ruff and mypy"

# --- installation --------------------------------------------------------------------------
$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Python 3.11 of nieuwer nodig / Python 3.11 or newer needed ($(PYTHON))"; exit 1; }
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || \
	  { rm -rf $(VENV); [ "$$(id -u)" = 0 ] && apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); } || \
	  { echo "Kan geen virtuele omgeving maken / cannot create a venv: sudo apt-get install python3-venv"; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(VENV)/bin/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $@

# Debian packages the tests drive: Chromium (the browser tests; Playwright's own browser download cannot
# work here), LibreOffice Calc without its desktop (the exports opened and saved again, about 26 s) and
# poppler-utils (pdftotext, pdfinfo, pdftoppm: the printed forms read back as a person would).
debian-packages:
	@missing=""; [ -x /usr/bin/chromium ] || missing="chromium"; \
	command -v soffice >/dev/null || missing="$$missing libreoffice-calc-nogui"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  echo "Installeren / installing:$$missing (apt-get)"; \
	  apt-get update -qq && \
	  { [ -x /usr/bin/chromium ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } && \
	  { command -v soffice >/dev/null || DEBIAN_FRONTEND=noninteractive \
	      apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null; } && \
	  { command -v pdftotext >/dev/null || DEBIAN_FRONTEND=noninteractive \
	      apt-get install -y -qq --no-install-recommends poppler-utils >/dev/null; }; \
	else \
	  echo "Ontbreekt / missing:$$missing. Installeer met / install with:"; \
	  echo "    sudo apt-get update && sudo apt-get install -y$$missing"; exit 1; \
	fi
chromium: debian-packages

# --- the two commands --------------------------------------------------------------------------
app: $(VENV)/.installed
	$(BIN)/wijkcoop demo --data $(DATA) --if-empty
	$(BIN)/wijkcoop serve --data $(DATA) --port $(PORT)

# JupyterLab for the analyst: the worked notebook in notebooks/analyse on the same data folder. Voilà never
# serves that folder (wijkcoop serve serves only the app pages). LAB_ARGS: e.g. --no-browser --port=8890.
LAB_ARGS ?=
lab: $(VENV)/.installed
	$(BIN)/wijkcoop demo --data $(DATA) --if-empty
	WIJKCOOP_DATA=$(abspath $(DATA)) $(BIN)/jupyter lab --notebook-dir=notebooks/analyse \
	  $$([ "$$(id -u)" = 0 ] && echo --allow-root) $(LAB_ARGS)

# Two lines of work at once, each run with its own temp folder. One: the unit layer (CPU-bound, about four
# minutes alone), then the half of the browser layer that drives the apps in Chromium. Two, from the
# start: the half that mostly waits (culling windows, JupyterHub, kernel pools), with the double clicks
# and the accessibility walk so that both lines end about together. Three runs at once measured slower on
# two cores: the kernels and Chromium starved the unit layer. Measured on a fresh clone before the walk
# moved here: unit 6:22 + apps 5:18 beside waits 7:43.
BROWSER_WAITS := tests/browser/test_jupyterhub.py tests/browser/test_kernels.py tests/browser/test_hostile.py \
  tests/browser/test_preheat.py tests/browser/test_security.py tests/browser/test_double_click.py \
  tests/browser/test_accessibility.py
BROWSER_APPS  := $(filter-out $(BROWSER_WAITS),$(sort $(wildcard tests/browser/test_*.py)))
# Also on line two: tests that mostly wait on another program (LibreOffice saving our exports, JupyterLab),
# and two unit files (crash runs, big workbook imports; about 70 s) so that both lines end about together.
# Measured on a fresh clone (2 cores): with none moved, unit 8:49 + apps 4:12 beside line two 10:02; with
# three moved, 5:29 + 6:07 beside 12:22.
BESIDE := tests/test_libreoffice.py tests/test_lab.py tests/test_whole.py tests/test_import_silent.py
PYTEST_BROWSER := $(BIN)/python -m pytest -m "not stress" -p no:cacheprovider --durations=8

test: $(VENV)/.installed-test debian-packages
	@rm -rf $(NBVAL_DATA) build/tmp-browser* build/tmp-unit build/browser-*.log
	@mkdir -p build
	@$(BIN)/wijkcoop demo --data $(NBVAL_DATA) > /dev/null
	@echo "browser layer: tests/browser in two halves (their output follows the unit layer's)"
	@$(PYTEST_BROWSER) $(BROWSER_WAITS) $(BESIDE) --basetemp=build/tmp-browser-waits > build/browser-waits.log 2>&1 & waits=$$!; \
	WIJKCOOP_DATA=$(CURDIR)/$(NBVAL_DATA) $(BIN)/python -m pytest tests notebooks \
	  --ignore=tests/browser $(addprefix --ignore=,$(BESIDE)) -m "not stress" --basetemp=build/tmp-unit \
	  --nbval-lax --nbval-current-env; \
	  unit=$$?; \
	$(PYTEST_BROWSER) $(BROWSER_APPS) --basetemp=build/tmp-browser-apps > build/browser-apps.log 2>&1; \
	  apps_status=$$?; \
	wait $$waits; waits_status=$$?; \
	cat build/browser-waits.log build/browser-apps.log; \
	test $$unit -eq 0 && test $$waits_status -eq 0 && test $$apps_status -eq 0

bench: $(VENV)/.installed-test chromium
	$(BIN)/python benchmarks/run.py

# Load and crash runs, on their own (they would crowd out everything else): twenty sessions at once.
stress: $(VENV)/.installed-test chromium
	$(BIN)/python -m pytest tests -m stress --basetemp=build/tmp-stress -p no:cacheprovider

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

clean:
	rm -rf build .pytest_cache

# The compiled catalogs (.mo) beside the texts (.po): run after editing a .po (tests/test_i18n.py checks).
catalogs: $(VENV)/.installed
	$(BIN)/python -c "from wijkcoop.i18n import LOCALE_DIR, compile_catalog; \
	[p.with_suffix('.mo').write_bytes(compile_catalog(p)) for p in sorted(LOCALE_DIR.glob('*/LC_MESSAGES/*.po'))]"
