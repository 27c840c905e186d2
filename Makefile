# Mathematics for AI: build and test.
#   make html       build the site into _build/html (warnings are errors)
#   make test       the whole suite: nbval over every notebook, the repo's tests, and the site build
#                   (tests/site/ drive headless Chromium over the built site: see `make browser`)
#   make check NB=chapters/05_derivatives.ipynb
#                   the fast inner loop for one chapter: everything make test runs that concerns it
#                   (nbval of its chapter and solutions, its practice notebook's runs, its pages)
#   make bench      measure build, notebook, page-load and test times; writes _build/bench.json
#   make browser    make sure the browser tests have a Chromium (system one, else Playwright's own)
#   make serve      serve the built site on http://127.0.0.1:$(PORT)
#   make exercises  regenerate everything generated (practice notebooks, checker cells, exercise lists)
#   make execute    re-run notebooks in place to refresh their stored outputs (NB=path to pick some)
#   make lock       re-resolve constraints.txt (the full pinned environment) from the direct pins
#   make clean      remove the built site and caches (make distclean also removes .venv)
# Every target bootstraps .venv from the pins first, and re-creates it when a pin file changes.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000
PIP_FLAGS ?= --progress-bar off
JB_FLAGS := -W -n --keep-going
NB ?= $(wildcard chapters/*.ipynb appendices/*.ipynb solutions/*.ipynb)

.PHONY: html test check serve exercises execute lock clean distclean venv bench browser

venv: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt constraints.txt
	@echo "==> Creating $(VENV) with $(PYTHON) ($$($(PYTHON) --version))"
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 is required: make PYTHON=/path/to/python3.11")'
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install $(PIP_FLAGS) -r requirements-dev.txt -c constraints.txt
	touch $@

# The HTML is always written afresh (the parsed sources in _build/.doctrees stay cached, so this
# costs a second): Sphinx leaves pages of deleted notebooks behind and does not re-copy a changed
# file of assets/static/, and the tests must see exactly what this build produces.
define build_site
	@echo "==> Building the site (jupyter-book build . $(JB_FLAGS))"
	rm -rf _build/html
	$(BIN)/jupyter-book build . $(JB_FLAGS)
endef

html: $(STAMP)
	$(build_site)
	@echo "==> Site built: $(CURDIR)/_build/html/index.html"

test: $(STAMP) browser
	@echo "==> Checking that generated files are current"
	$(BIN)/python tools/make_exercises.py --check
	$(build_site)
	@echo "==> Running nbval over chapters/ and solutions/, and the tests in tests/"
	$(BIN)/python -m pytest

# One chapter (or appendix): NB names its chapter, solutions or practice notebook; the stem
# (05_derivatives) selects its notebooks, its tests in tests/ and its three pages of the site.
# Its build is incremental (a few seconds, not the ~25 s of rewriting every page): Sphinx rewrites
# the pages whose sources changed. The stem's own pages, _static/ and mathjax/ are removed first: the
# pages under test are always written by this build, and so (Sphinx copies static files only when it
# writes a page) a changed file of assets/static/ is copied afresh. Pages of deleted notebooks may
# linger, but the stem's tests do not look at them; `make test` always builds the whole site afresh.
check: $(STAMP) browser
	@test "$(words $(NB))" = 1 || { echo "usage: make check NB=chapters/NN_slug.ipynb (one notebook)"; exit 2; }
	@stem=$$(basename "$(NB)" .ipynb); \
	 notebooks=$$(for f in chapters appendices solutions; do test ! -f $$f/$$stem.ipynb || echo $$f/$$stem.ipynb; done); \
	 echo "==> make check: $$stem ($$notebooks)"; \
	 $(BIN)/python tools/make_exercises.py --check && \
	 rm -rf _build/html/_static _build/html/mathjax $$(for f in chapters appendices solutions exercises; do echo _build/html/$$f/$$stem.html; done) && \
	 $(BIN)/jupyter-book build . $(JB_FLAGS) | tail -n 3 && \
	 $(BIN)/python -m pytest $$notebooks tests -k "$$stem" -q

# The browser tests use $$MATHAI_CHROMIUM, else /usr/bin/chromium (or chromium on PATH), else
# Playwright's own Chromium, which this target downloads when there is no other.
browser: $(STAMP)
	@$(BIN)/python tools/site_browser.py

bench: $(STAMP) browser
	$(BIN)/python tools/bench.py

serve: $(STAMP)
	@test -f _build/html/index.html || $(MAKE) html
	@echo "==> Serving the site at http://127.0.0.1:$(PORT)/ (Ctrl-C to stop)"
	$(BIN)/python -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html

exercises: $(STAMP)
	$(BIN)/python tools/make_exercises.py

execute: $(STAMP)
	$(BIN)/python tools/run_notebooks.py $(NB)

lock: requirements.txt requirements-dev.txt
	rm -rf /tmp/mathai-lock && $(PYTHON) -m venv /tmp/mathai-lock
	/tmp/mathai-lock/bin/python -m pip install $(PIP_FLAGS) -r requirements-dev.txt
	/tmp/mathai-lock/bin/python -m pip freeze --exclude-editable | sort > constraints.txt
	@echo "==> constraints.txt updated; commit it with the pin change"

clean:
	rm -rf _build .pytest_cache
	find . -name __pycache__ -not -path './$(VENV)/*' -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
