"""Small things a reader meets on the site: search snippets, scripts, link text.

- A search result's snippet quotes the page's prose, not the labels of the page's buttons
  (".ipynb .pdf Eigenvalues...") nor the print-only table of contents: Sphinx's search reads the
  whole `[role=main]` element, which in this theme holds those too (assets/static/mathai.js
  narrows it to the article).
- Every inline script of a page appears once: under Sphinx 7, an inline script an extension adds
  after the builder starts (sphinx-thebe's config, sphinx-togglebutton's selector) was written
  twice, and the second `const THEBE_JS_URL` threw on every page (tools/sphinxext/dedupe_scripts.py).
- A link's text does not start with a space: sphinx-exercise put the space between "Solution to"
  and "Exercise 1.1" inside the link, so the underline started with a blank
  (tools/sphinxext/exercise_titles.py).
"""
from __future__ import annotations

import re
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools.site_browser import SITE, block_network, site_pages  # noqa: E402

PAGES = site_pages(SITE) if SITE.is_dir() else []
# What the article header's buttons and the print-only contents say: never prose.
BUTTON_WORDS = re.compile(r"\.ipynb|\.pdf|\bBinder\b|\bColab\b|Live Code|Open issue|\bRepository\b")


class _Scripts(HTMLParser):
    """Inline <script> bodies, and the text of every link the document wrote (with its href).

    Only the links of the article (docutils' class "reference"): the theme's templates indent the
    text of their own links, which HTML collapses; a document's text is written as it is."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inline: list[str] = []
        self.links: list[tuple[str, str]] = []
        self._script: list[str] | None = None
        self._links: list[list] = []
        self._article = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and not attrs.get("src"):
            self._script = []
        if tag == "article":
            self._article += 1
        if tag == "a" and self._article and "reference" in (attrs.get("class") or "").split():
            self._links.append([attrs.get("href") or "", []])

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)
        for link in self._links:
            link[1].append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            body = "".join(self._script).strip()
            if body:
                self.inline.append(body)
            self._script = None
        if tag == "article":
            self._article -= 1
        if tag == "a" and self._links:  # (docutils never nests links)
            href, text = self._links.pop()
            self.links.append((href, "".join(text)))


def parse(page: str) -> _Scripts:
    parser = _Scripts()
    parser.feed((SITE / page).read_text(encoding="utf-8"))
    return parser


def test_site_is_built():
    assert PAGES, f"no pages in {SITE}: run `make html` first"


def test_every_inline_script_appears_once():
    problems = []
    for page in PAGES:
        counts = Counter(parse(page).inline)
        problems += [f"{page}: {body[:90]!r} appears {n} times" for body, n in counts.items() if n > 1]
    assert not problems, f"{len(problems)} duplicated inline script(s):\n" + "\n".join(problems[:10])


def test_no_link_text_starts_with_a_space():
    problems = []
    for page in PAGES:
        for href, text in parse(page).links:
            if text.strip() and text[:1].isspace():
                problems.append(f"{page}: link to {href} reads {text!r}")
    assert not problems, (f"{len(problems)} link(s) whose underlined text starts with a space:\n"
                          + "\n".join(problems[:10]))


@pytest.mark.parametrize("query", ["eigenvalues", "gradient"])
def test_search_snippets_quote_the_prose(chromium, base_url, query):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    try:
        block_network(context)
        page = context.new_page()
        page.goto(f"{base_url}search.html?q={query}", wait_until="load")
        snippets = page.locator("#search-results li p.context")
        try:
            # every result fetches its page for the snippet: wait for the last one
            page.wait_for_function(
                "() => { const r = document.querySelectorAll('#search-results li');"
                "        return r.length > 0 && [...r].every(li => li.querySelector('p.context')); }",
                timeout=15000)
        except Exception:
            pass
        texts = [snippets.nth(i).text_content() for i in range(snippets.count())]
    finally:
        context.close()
    assert texts, f"searching {query!r} shows no result with a snippet"
    bad = [t for t in texts if BUTTON_WORDS.search(t) or re.search(r"\bContents\b", t)]
    assert not bad, (f"{len(bad)} of {len(texts)} snippets for {query!r} quote button labels or the "
                     "print-only contents instead of prose:\n" + "\n".join(f"  - {t[:160]!r}" for t in bad[:5]))
