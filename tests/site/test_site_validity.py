"""The built site is valid HTML and fit for search engines.

- The W3C Nu HTML Checker (npm `vnu-jar`, run with the system's Java; `make node_modules`)
  reports no error on any page of the site: one JVM checks every page at once. Anything it
  reports is listed by page and line. `site_allowlist.VNU` would hold what is owned upstream and
  cannot be fixed here; it is empty (tools/sphinxext/publish_html.py fixes what the build wrote).
- Every page has a `<meta name="description">` with some words in it, written as a reader reads
  the page: no raw TeX, no empty list items (",,"), no words glued together or split at inline
  markup ("VectorsA", "pillars(linear", "( A)") unless the page itself has that word; the site has a
  `robots.txt` that lets crawlers in (Lighthouse's SEO audits; tests/site/test_site_lighthouse.py).

Plain tests over the files (no browser); each is its own unit of work for the scheduler.
"""
from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from site_allowlist import vnu_allowed
from sitetest import PAGES, ROOT, SITE, fail
from tools import site_validators

DESCRIPTION = re.compile(r'<meta\s+name="description"\s+content="([^"]*)"', re.I)


def vnu_problems(site: Path, pages: list[str]) -> list[str]:
    """One line per error vnu reports in `pages` of `site` that the allow-list does not excuse."""
    site_validators.skip_unless_available()
    messages = site_validators.vnu([site / page for page in pages])
    problems = []
    for m in messages:
        url = m.get("url", "")
        page = Path(unquote(urlsplit(url).path)).resolve() if url else None
        name = page.relative_to(site.resolve()).as_posix() if page and page.is_relative_to(site.resolve()) else url
        if vnu_allowed(m["message"]):
            continue
        extract = " ".join((m.get("extract") or "").split())[:120]
        problems.append(f"{name}:{m.get('lastLine', '?')}: {m['message']}  [{extract}]")
    return problems


def test_html_is_valid(site):
    problems = vnu_problems(site, PAGES)
    if problems:
        fail(f"{len(PAGES)} pages", "the Nu HTML Checker reports errors", problems)


def test_html_checker_catches_invalid_markup(tmp_path):
    """The check above can fail: a copy of a page with a duplicate id and a stray <p> in <summary>."""
    page = next(p for p in PAGES if p.startswith("chapters/"))
    text = (SITE / page).read_text(encoding="utf-8")
    text = text.replace("</main>", '<div id="dup"></div><div id="dup"></div>'
                        "<details><summary><p>title</p></summary></details></main>", 1)
    (tmp_path / "broken.html").write_text(text, encoding="utf-8")
    problems = vnu_problems(tmp_path, ["broken.html"])
    print("\n".join(problems))
    assert any("Duplicate ID “dup”" in p for p in problems), problems
    assert any("“p” not allowed as child of element “summary”" in p for p in problems), problems


# What a description made badly from the page's text looks like: raw TeX, an empty list item, a
# bracket with a space inside (never right), a word glued to a bracket or to the next sentence's
# capital (right only where the page itself writes such a word: "f(x)", "NumPy").
GARBLED = [re.compile(p) for p in (r"\\[A-Za-z]", r",\s*,", r"[(\[]\s|\s[)\]]")]
GLUED = [re.compile(p) for p in (r"[A-Za-z]{2,}[(\[][A-Za-z]{2,}", r"[a-z]{2,}[A-Z][a-z]+")]


def page_words(text: str) -> set[str]:
    """The page's words as written (tags read as spaces): "NumPy" or "f(x)" are the page's own."""
    body = re.sub(r"<[^>]+>", " ", text.split("<body", 1)[-1])
    return set(html.unescape(body).split())


def description_problems(site: Path, pages: list[str]) -> list[str]:
    problems = []
    for page in pages:
        text = (site / page).read_text(encoding="utf-8", errors="replace")
        found = DESCRIPTION.findall(text)
        if len(found) != 1:
            problems.append(f"{page}: {len(found)} <meta name=\"description\"> (want one)")
            continue
        description = html.unescape(found[0])
        if len(description.split()) < 4:
            problems.append(f"{page}: the description {found[0]!r} says too little")
        words = page_words(text)
        garbled = sorted({m.group(0) for pattern in GARBLED for m in pattern.finditer(description)} |
                         {m.group(0) for pattern in GLUED for m in pattern.finditer(description)
                          if not any(m.group(0) in w for w in words)})
        if garbled:
            problems.append(f"{page}: the description has {garbled} where the page has no such word: {description!r}")
    return problems


def test_every_page_has_a_description(site):
    problems = description_problems(site, PAGES)
    if problems:
        fail(f"{len(PAGES)} pages", "pages without a proper meta description", problems)


def test_description_check_catches_a_page_without_one(tmp_path):
    page = next(p for p in PAGES if p.startswith("chapters/"))
    text = DESCRIPTION.sub("<meta", (SITE / page).read_text(encoding="utf-8"))
    (tmp_path / "bare.html").write_text(text, encoding="utf-8")
    assert description_problems(tmp_path, ["bare.html"]) == ['bare.html: 0 <meta name="description"> (want one)']


def test_description_check_catches_garbled_text(tmp_path):
    page = next(p for p in PAGES if p.startswith("chapters/"))
    garbled = ('<meta name="description" content="The four pillars(linear algebra, calculus) in the '
               'notation( Appendix A):,,, Symbol \\mathbf x"')
    text = DESCRIPTION.sub(lambda m: garbled, (SITE / page).read_text(encoding="utf-8"), 1)
    (tmp_path / "garbled.html").write_text(text, encoding="utf-8")
    problems = description_problems(tmp_path, ["garbled.html"])
    print(problems)
    assert len(problems) == 1 and all(bit in problems[0] for bit in ("pillars(linear", "( ", ",,,", "\\m")), problems


def test_robots_txt_lets_crawlers_in(site):
    robots = site / "robots.txt"
    assert robots.is_file(), "the site has no robots.txt (tools/sphinxext/publish_html.py writes it)"
    lines = [line.strip() for line in robots.read_text().splitlines() if line.strip()]
    assert lines[0] == "User-agent: *" and "Disallow: /" not in lines, lines
