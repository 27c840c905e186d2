"""The book's PDF (`make pdf`), read the way a reader and a printer would meet it.

`make test` builds the PDF (tools/build_pdf.py) in the background, while the site builds and
the tests run, when XeLaTeX is installed or CI is set; these tests first wait for that build to
end (tools/build_pdf.py's pending_failure: they fail with the end of its log if it failed), then
read what it left: the PDF (through poppler's pdftotext,
pdfinfo and pdfimages) and the LaTeX log. Without TeX they skip, except under CI, where
they fail: CI always installs TeX (.ci/run). With TeX but no PDF they fail and say
`make pdf`. None is parametrised by chapter, so `make check NB=…` (pytest -k STEM) does
not select them.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import build_pdf  # noqa: E402

PDF = build_pdf.PDF
LOG = build_pdf.LATEX / f"{build_pdf.NAME}.log"
WARNINGS = build_pdf.WARNINGS  # Sphinx's warnings during the PDF's build
# The book without its solutions part is about 370 A4 pages and with it about 570: fewer than
# 400 means a part went missing, more than 900 that some output or code ran away (a printed
# array of thousands of lines, verbatim wrapping gone wrong).
PAGES = (400, 900)


def _need_pdf() -> None:
    failure = build_pdf.pending_failure()  # make test builds the PDF while the tests run
    if failure:
        pytest.fail(failure, pytrace=False)
    if PDF.is_file() and LOG.is_file() and WARNINGS.is_file():
        return
    if os.environ.get("CI") or shutil.which("xelatex"):
        pytest.fail(f"{PDF.relative_to(ROOT)} or its LaTeX log is missing: run `make pdf` "
                    "(make test builds it whenever XeLaTeX is installed)", pytrace=False)
    pytest.skip("no XeLaTeX on this machine: the PDF is not built (see CONTRIBUTING.md, 'The PDF')")


def _poppler(tool: str, *args: str) -> str:
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} (Debian's poppler-utils) is missing", pytrace=False)
    return subprocess.run([tool, *args], check=True, capture_output=True, text=True).stdout


@lru_cache(maxsize=None)
def pdf_pages() -> tuple[str, ...]:
    _need_pdf()
    return tuple(_poppler("pdftotext", "-layout", str(PDF), "-").split("\f"))


@lru_cache(maxsize=None)
def latex_log() -> str:
    _need_pdf()
    return LOG.read_text(encoding="utf-8", errors="replace")


def flat(text: str) -> str:
    """Text with every run of whitespace made one space (titles wrap across lines), and
    Sphinx's typographic apostrophes made plain ones, as in the sources."""
    return re.sub(r"\s+", " ", text).replace("\u2019", "'")


def toc_parts() -> list[dict]:
    """The PDF's parts: _toc.yml without the practice notebooks (tools/build_pdf.py)."""
    from build_pdf import pdf_toc

    return pdf_toc()["parts"]


def title(docname: str) -> str:
    path = ROOT / f"{docname}.ipynb"
    if path.is_file():
        text = "".join("".join(c["source"]) + "\n" for c in json.loads(path.read_text())["cells"]
                       if c["cell_type"] == "markdown")
    else:
        text = (ROOT / f"{docname}.md").read_text()
    return re.search(r"^# (.+)$", text, re.M)[1].strip()


def contents() -> str:
    """The table of contents: from the page headed "CONTENTS", the pages numbered i, ii, …"""
    pages = pdf_pages()
    start = next(i for i, p in enumerate(pages) if p.strip().startswith("CONTENTS"))
    end = start
    while end < len(pages) and re.fullmatch(r"[ivxl]+", (pages[end].split() or [""])[-1]):
        end += 1
    lines = "\n".join(pages[start:end]).replace("\u2019", "'").splitlines()
    return "\n".join(re.sub(r"\s+", " ", line).strip() for line in lines)


def test_pdf_page_count_is_sane():
    _need_pdf()
    info = _poppler("pdfinfo", str(PDF))
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1])
    assert PAGES[0] <= pages <= PAGES[1], f"{pages} pages, expected {PAGES[0]}–{PAGES[1]}"


def test_pdf_has_every_chapter_and_appendix_numbered_as_on_the_site():
    """The contents list every chapter as "N Title" (N as on the site: 1–13 across the numbered
    parts) and every appendix, solutions page and the bibliography by its title alone, each with
    a page number; and every title is printed in the body too."""
    toc, body = contents(), flat("\n".join(pdf_pages()))
    problems, number = [], 0
    for part in toc_parts():
        if not re.search(rf"(?m)^{re.escape(part['caption'])} \d+$", toc):
            problems.append(f"part {part['caption']!r} not in the contents")
        for entry in part["chapters"]:
            name = title(entry["file"])
            # A contents line: "N Title  page" (numbered parts) or "Title  page"; long titles wrap.
            expect = r"\s+".join(map(re.escape, name.split()))
            if part.get("numbered"):
                number += 1
                expect = rf"{number} {expect}"
            if not re.search(rf"(?m)^{expect}(?: \.)* \d+$", toc):
                problems.append(f"contents: no {'%d ' % number if part.get('numbered') else ''}{name!r}"
                                " with a page number")
            if body.count(name) < 2:  # once in the contents, once as the heading
                problems.append(f"body: {name!r} is not printed as a heading")
    assert not problems, "\n".join(problems)


def test_pdf_leaves_the_practice_notebooks_out():
    body = flat("\n".join(pdf_pages()))
    assert "Practice: " not in body, "a practice notebook is in the PDF"
    assert "Solutions: Vectors" in body


def test_pdf_has_no_unresolved_reference_marks():
    """LaTeX prints ?? for a \\ref it cannot resolve (a broken {eq}, {numref} or {ref})."""
    found = [f"page {i}: …{flat(p[max(m.start() - 60, 0):m.end() + 20])}…"
             for i, p in enumerate(pdf_pages(), 1) for m in re.finditer(r"\?\?", p)]
    assert not found, "unresolved references in the PDF:\n" + "\n".join(found[:20])


def test_sphinx_build_of_the_pdf_has_no_warnings():
    """Sphinx resolves {eq}, {numref}, {ref}, {doc} and {cite} before LaTeX runs; one it cannot
    resolve is a warning there (and printed as plain text, which LaTeX cannot flag)."""
    _need_pdf()
    warnings = WARNINGS.read_text().strip()
    assert not warnings, "the PDF's Sphinx build warned:\n" + warnings


def test_latex_log_has_no_undefined_references_or_citations():
    log = flat(latex_log())
    found = re.findall(r"LaTeX Warning: (?:Hyper r|R)eference `[^']*' on page \d+ undefined"
                       r"|LaTeX Warning: Citation `[^']*' on page \d+ undefined"
                       r"|LaTeX Warning: There were undefined references", log)
    assert not found, f"{len(found)} undefined references in {LOG.name}:\n" + "\n".join(found[:20])


def test_latex_log_has_no_missing_characters():
    """Every glyph is in a font: the checkers' ✅ ❌ ⏳, the prose's maths symbols."""
    found = sorted(set(re.findall(r"Missing character: There is no .*", latex_log())))
    assert not found, "glyphs missing from the PDF's fonts:\n" + "\n".join(found)


def test_pdf_has_every_figure():
    """At least as many images in the PDF as PNG outputs in the notebooks it contains."""
    _need_pdf()
    pngs = 0
    for part in toc_parts():
        for entry in part["chapters"]:
            path = ROOT / f"{entry['file']}.ipynb"
            if path.is_file():
                pngs += sum("image/png" in o.get("data", {})
                            for c in json.loads(path.read_text())["cells"] for o in c.get("outputs", []))
    listing = _poppler("pdfimages", "-list", str(PDF)).splitlines()[2:]
    images = sum(1 for line in listing if line.split()[2] == "image")
    assert pngs > 0 and images >= pngs, f"{images} images in the PDF for {pngs} PNG figures"


def test_code_and_outputs_fit_the_page():
    """No line of code or output runs into the margin: the log has no overfull line set in
    the monospace font (Sphinx wraps long verbatim lines: `verbatimforcewraps`)."""
    log = latex_log()
    found = [m[0] for m in re.finditer(r"Overfull \\hbox \(([\d.]+)pt too wide\)[^\n]*\n[^\n]*DejaVuSansMono[^\n]*",
                                       log) if float(m[1]) > 1.0]
    assert not found, f"{len(found)} code or output lines overrun the margin:\n" + "\n".join(found[:10])


def test_latex_preamble_defines_the_sites_macros():
    """Every MathJax macro of the site (_config.yml) is defined for LaTeX too, from that one
    definition (tools/sphinxext/pdf_book.py), with the same number of arguments."""
    _need_pdf()
    macros = yaml.safe_load((ROOT / "_config.yml").read_text())["sphinx"]["config"][
        "mathjax3_config"]["tex"]["macros"]
    tex = LOG.with_suffix(".tex").read_text(encoding="utf-8")
    preamble = tex[:tex.index("\\begin{document}")]
    missing = []
    for name, body in macros.items():
        body, nargs = (body[0], f"[{body[1]}]") if isinstance(body, list) else (body, "")
        if f"\\renewcommand{{\\{name}}}{nargs}{{{body}}}" not in preamble:
            missing.append(f"\\{name}")
    assert macros and not missing, f"not defined in the LaTeX preamble: {', '.join(missing)}"


def test_appendix_figures_are_numbered_by_their_letter():
    """Appendix B's figures read "Fig. B.1", not a number that repeats a chapter's."""
    body = flat("\n".join(pdf_pages()))
    problems = []
    for part in toc_parts():
        if part.get("numbered"):
            continue
        for entry in part["chapters"]:
            letter = re.match(r"Appendix ([A-Z]):", title(entry["file"]))
            path = ROOT / f"{entry['file']}.ipynb"
            if not letter or not path.is_file():
                continue
            figures = sum(bool(c.get("metadata", {}).get("mystnb", {}).get("figure"))
                          for c in json.loads(path.read_text())["cells"])
            if figures and f"Fig. {letter[1]}.1:" not in body:
                problems.append(f"{entry['file']}: no 'Fig. {letter[1]}.1:' caption")
    assert not problems, "\n".join(problems)


def test_make_test_builds_the_pdf_while_the_site_builds_and_the_tests_run():
    """make test starts the PDF build in the background, copying into the site and writing its
    status (which the PDF's tests wait for), builds the site and runs pytest beside it, and only
    then waits for the PDF (two cores: the PDF takes about twice the site's time, and the tests
    leave a core idle part of the time); `make -n test` prints the recipe."""
    out = subprocess.run(["make", "-n", "--no-print-directory", "test"], cwd=ROOT, capture_output=True,
                         text=True, env={**os.environ, "CI": "1"}).stdout
    pdf = out.find("tools/build_pdf.py")
    assert pdf >= 0, "make -n test does not run tools/build_pdf.py:\n" + out[-2000:]
    command = re.match(r"[^\n;|]*?\s&\s", out[pdf:])  # an & alone: not 2>&1, not &&
    site = out.find("jupyter-book build . ", pdf)
    tests = out.find("-m pytest", max(site, 0))
    wait = out.find("wait ", max(tests, 0))
    assert command and 0 <= site < tests < wait, (
        "make test does not start the PDF build in the background (`… tools/build_pdf.py … &`), "
        "then the site build and pytest, then `wait` for the PDF:\n" + out[max(pdf - 200, 0):pdf + 1500])
    assert "--copy-into _build/html" in command[0] and "--status" in command[0], (
        f"the PDF's background build must copy it into the site and write its status: {command[0]!r}")


def test_site_links_the_pdf_it_serves():
    """The landing page links mathematics-for-ai.pdf and the site has that file, the one just
    built (make test's background PDF build copies it in). Without XeLaTeX, the page
    names `make pdf` instead and links no PDF."""
    page = ROOT / "_build" / "html" / "intro.html"
    if not page.is_file():
        pytest.fail("_build/html/intro.html is missing: run `make html`", pytrace=False)
    html = page.read_text(encoding="utf-8")
    link = re.search(r'href="mathematics-for-ai\.pdf"', html)
    if not (os.environ.get("CI") or shutil.which("xelatex")):
        assert not link and "make pdf" in html, "without XeLaTeX the landing page must not link a PDF"
        return
    _need_pdf()
    copied = ROOT / "_build" / "html" / PDF.name
    assert link, "the landing page does not link mathematics-for-ai.pdf"
    assert copied.is_file(), f"the landing page links {PDF.name} but the site has no {copied.relative_to(ROOT)}"
    assert copied.read_bytes() == PDF.read_bytes(), f"{copied.relative_to(ROOT)} is not the PDF just built"


def test_running_head_says_contents_only_on_the_contents():
    """The contents' running head ("CONTENTS") stops with the contents: the landing page that
    follows them has none of its own and used to keep it (tools/sphinxext/pdf_book.py)."""
    pages = pdf_pages()
    leaders = [bool(re.search(r"(?:\. ){8,}", page)) for page in pages[:40]]
    assert any(leaders), "none of the PDF's first 40 pages has the contents' dot leaders"
    first = leaders.index(True)
    last = first + (leaders[first:] + [False]).index(False) - 1  # the contents: the first run of such pages
    toc = [last]
    wrong = [i + 1 for i, page in enumerate(pages[:40])
             if i > last and any(line.strip() == "CONTENTS" or re.fullmatch(r"\d+\s+CONTENTS|CONTENTS\s+\d+", line.strip())
                                    for line in page.splitlines())]
    assert not wrong, f"pages {wrong} (after the contents, which end on page {toc[-1] + 1}) have the running head CONTENTS"


def test_waiting_for_the_background_pdf_build(tmp_path, monkeypatch):
    """pending_failure, which the PDF's tests call first: nothing to wait for without
    MATHAI_PDF_PENDING; under it, it waits for the status file and reports a failed build with
    its exit code and the end of its log."""
    status, log = tmp_path / "status", tmp_path / "build.log"
    monkeypatch.setattr(build_pdf, "STATUS", status)
    monkeypatch.setattr(build_pdf, "LOG", log)
    monkeypatch.delenv("MATHAI_PDF_PENDING", raising=False)
    assert build_pdf.pending_failure(timeout=0) is None, "waited without MATHAI_PDF_PENDING"
    monkeypatch.setenv("MATHAI_PDF_PENDING", "1")
    failure = build_pdf.pending_failure(timeout=0)
    assert failure and "has not ended" in failure, f"no status file, yet: {failure!r}"
    log.write_text("==> jupyter-book build …\n! Undefined control sequence.\n")
    status.write_text("1\n")
    failure = build_pdf.pending_failure(timeout=0)
    assert failure and "exit 1" in failure and "Undefined control sequence" in failure, failure
    status.write_text("0\n")
    assert build_pdf.pending_failure(timeout=0) is None, "a build that exited 0 reported as failed"
