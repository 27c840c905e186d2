"""No broken internal link or anchor: every relative href/src in every page of the built
site names a file that exists, and every #fragment names an id in its target page.

A plain test over the HTML files (no browser), so it is fast. External links are
not followed (the tests run offline). A link to the book's PDF waits for make test's
background PDF build to end (tools/build_pdf.py's pending_failure) before it looks for the file.
"""
from __future__ import annotations

import functools
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import build_pdf
import pytest
from sitetest import PAGES, SITE, fail

LINK_ATTRS = {"a": "href", "area": "href", "link": "href", "img": "src", "script": "src",
              "source": "src", "iframe": "src", "video": "src", "audio": "src", "embed": "src"}


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []  # (tag, url)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        attr = LINK_ATTRS.get(tag)
        if attr and attrs.get(attr) is not None:
            self.links.append((tag, attrs[attr]))
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh":
            content = attrs.get("content") or ""
            if "url=" in content.lower():
                self.links.append(("meta refresh", content[content.lower().index("url=") + 4:].strip()))


@functools.lru_cache(maxsize=None)
def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8", errors="replace"))
    return page


def broken(page_name: str, site: Path = SITE) -> list[str]:
    source = site / page_name
    problems = []
    for tag, url in parse(source).links:
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or url.startswith("//"):
            continue  # external (http, mailto, data, javascript): not followed offline
        path = unquote(parts.path)
        target = source if not path else (source.parent / path)
        if path.endswith("/"):
            target = target / "index.html"
        target = Path(target.resolve() if path else target)
        if site.resolve() not in target.parents and target != site.resolve():
            problems.append(f"<{tag}> {url!r} points outside the site")
            continue
        if target == (site / build_pdf.PDF.name).resolve():
            failure = build_pdf.pending_failure()  # make test builds the PDF while the tests run
            if failure:
                problems.append(f"<{tag}> {url!r}: {failure}")
                continue
        if not target.is_file():
            problems.append(f"<{tag}> {url!r}: no such file {target.relative_to(site.resolve())}")
            continue
        fragment = unquote(parts.fragment)
        if fragment and fragment != "top" and target.suffix == ".html" and fragment not in parse(target).ids:
            problems.append(f"<{tag}> {url!r}: no id {fragment!r} in {target.relative_to(site.resolve())}")
    return problems


def test_site_has_pages(site):
    assert PAGES, f"no HTML pages found in {site}"
    assert "index.html" in PAGES


@pytest.mark.parametrize("page_name", PAGES)
def test_no_broken_internal_links(site, page_name):
    problems = broken(page_name, site)
    if problems:
        fail(page_name, "broken internal links", problems)
