"""The book's PDF (``make pdf``, tools/build_pdf.py) and its link on the site.

For the LaTeX builder:
  * the TeX macros of the site (``mathjax3_config.tex.macros`` in _config.yml, the one
    definition) become ``\\newcommand``s in the LaTeX preamble, so the two cannot drift;
  * ``tools/latex/bbm.sty`` (a stub: see that file) is copied into the LaTeX build;
  * chapters are numbered as on the site: the parts marked ``numbered: true`` in the toc
    number their chapters 1, 2, …; the first unnumbered part (the appendices, whose titles
    carry their letters) counts its chapters A, B, … without printing the number, so their
    equations and figures read (B.3), and later unnumbered parts (solutions, bibliography)
    count S1, S2, …; part pages print only their caption ("Part I: Linear Algebra");
  * exercise statements (sphinx-exercise writes their LaTeX label as ``exercise:ex-1-1``)
    also get the label that references to them use, so "Exercise 1.1: …" links resolve;
  * an ``{admonition}`` with ``:class: tip`` (warning, hint, …) is drawn as that kind of box;
  * a reference to a practice notebook (``{doc}`…<../exercises/NN_slug>```), which the PDF
    leaves out, is printed as its text and the notebook's path instead of failing.

For the HTML builder, the ``{pdf-download}`` directive (used on the landing page) becomes a
link to the PDF when ``_build/pdf/<name>.pdf`` exists, and the build copies that file to the
root of the site; without a PDF (no TeX on the machine) it becomes a sentence naming
``make pdf``, so the site never links to a missing file. The page is re-read on every build,
so the link follows the file. ``make test`` builds the PDF while the site builds and the tests run:
it sets ``MATHAI_PDF_PENDING=1``, so the site build links the PDF still being written and leaves
copying it to the PDF's build (``tools/build_pdf.py --copy-into _build/html``), which copies it
into the site once it is built (the Makefile's ``build_and_test``).
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from docutils import nodes
from sphinx.util.docutils import SphinxDirective
from sphinx.writers.latex import LaTeXTranslator

LATEX_DIR = Path(__file__).resolve().parent.parent / "latex"
PDF_NAME = "mathematics-for-ai.pdf"


def pdf_path(app) -> Path:
    return Path(app.confdir) / "_build" / "pdf" / PDF_NAME


def macros_preamble(macros: dict) -> str:
    r"""MathJax macros as LaTeX: ``R: "\\mathbb{R}"`` -> ``\newcommand{\R}{\mathbb{R}}``;
    ``vect: ["\\mathbf{#1}", 1]`` -> ``\newcommand{\vect}[1]{\mathbf{#1}}``."""
    lines = []
    for name, body in macros.items():
        if isinstance(body, (list, tuple)):
            body, nargs = body[0], int(body[1])
            lines.append(f"\\providecommand{{\\{name}}}{{}}\\renewcommand{{\\{name}}}[{nargs}]{{{body}}}")
        else:
            lines.append(f"\\providecommand{{\\{name}}}{{}}\\renewcommand{{\\{name}}}{{{body}}}")
    return "\n".join(lines)


PARTS_TEX = r"""
% Chapter numbering as on the site (tools/sphinxext/pdf_book.py): part pages carry no number
% (their captions do); chapters of numbered parts are 1, 2, ...; the first unnumbered part's
% chapters count A, B, ... unprinted (their titles say "Appendix B: ..."), later ones S1, ...
\makeatletter
\newcounter{mathai@part}
\newif\ifmathai@hidden
\AtBeginDocument{\edef\mathai@secnumdepth{\the\c@secnumdepth}}
\AddToHook{cmd/part/before}{\stepcounter{mathai@part}\setcounter{secnumdepth}{-2}}
\AddToHook{cmd/@endpart/before}{%
  \edef\mathai@kind{\csname mathai@part@\arabic{mathai@part}\endcsname}%
  \if N\mathai@kind
    \setcounter{secnumdepth}{\mathai@secnumdepth}\global\mathai@hiddenfalse
  \else
    \setcounter{secnumdepth}{-1}\global\mathai@hiddentrue\setcounter{chapter}{0}%
    \if A\mathai@kind \gdef\thechapter{\@Alph\c@chapter}%
    \else \gdef\thechapter{S\arabic{chapter}}\fi
    % Sphinx numbers figures, tables, code captions and equations with \arabic{chapter}.
    \gdef\thefigure{\thechapter.\arabic{figure}}\gdef\thetable{\thechapter.\arabic{table}}%
    \gdef\theliteralblock{\thechapter.\arabic{literalblock}}%
    \gdef\theequation{\thechapter.\arabic{equation}}%
  \fi}
\AddToHook{cmd/@chapter/before}{\ifmathai@hidden\refstepcounter{chapter}\fi}
"""


def parts_preamble(toc_path) -> str:
    """Per toc part: N (numbered), A (the first unnumbered: lettered), S (later ones)."""
    import yaml

    try:
        parts = yaml.safe_load(Path(toc_path).read_text()).get("parts", [])
    except (OSError, TypeError, AttributeError):
        return ""
    kinds, lettered = [], False
    for part in parts:
        if part.get("numbered"):
            kinds.append("N")
        else:
            kinds.append("S" if lettered else "A")
            lettered = True
    return PARTS_TEX + "".join(
        f"\\@namedef{{mathai@part@{i}}}{{{k}}}\n" for i, k in enumerate(kinds, 1)) + "\\makeatother\n"


# The landing page follows the table of contents with no chapter heading of its own, so its pages
# kept the contents' running head ("CONTENTS" in the footer): after the contents, on a new page,
# the running head is the book's title (tests/test_pdf.py).
RUNNING_HEAD_AFTER_TOC = ("\n% The landing page's running head\n\\makeatletter\n"
                          "\\g@addto@macro\\sphinxtableofcontents{\\clearpage\\markboth{\\@title}{\\@title}}\n"
                          "\\makeatother\n")


def configure(app, config) -> None:
    macros = (config.mathjax3_config or {}).get("tex", {}).get("macros", {})
    elements = dict(config.latex_elements or {})
    preamble = elements.get("preamble", "")
    toc = getattr(config, "external_toc_path", None)
    if toc:
        toc = Path(app.confdir) / toc
    elements["preamble"] = (
        preamble + "\n% The site's MathJax macros (mathjax3_config in _config.yml)\n"
        + macros_preamble(macros) + "\n" + (parts_preamble(toc) if toc else "")
        + RUNNING_HEAD_AFTER_TOC
    )
    config.latex_elements = elements
    config.latex_additional_files = [*config.latex_additional_files, str(LATEX_DIR / "bbm.sty")]


def practice_notebook_as_text(app, env, node, contnode):
    """In the PDF, a link to a practice notebook (not in the PDF) prints its text and path."""
    if app.builder.format != "latex" or node.get("reftype") != "doc":
        return None
    target = node.get("reftarget", "")
    docname = Path(node.get("refdoc", "")).parent.joinpath(target).as_posix()
    parts = [p for p in docname.split("/") if p not in ("", ".")]
    while ".." in parts:  # normalise "solutions/../exercises/x"
        i = parts.index("..")
        del parts[max(i - 1, 0): i + 1]
    if not parts or parts[0] != "exercises":
        return None
    path = nodes.literal("", "/".join(parts) + ".ipynb")
    if not node.get("refexplicit"):  # {doc}`../exercises/x`: the site shows its title; print the path
        return path
    text = contnode.astext()
    return nodes.inline("", "", nodes.Text(text + " ("), nodes.literal("", "/".join(parts) + ".ipynb"),
                        nodes.Text(")"))


def exercise_label_too(app) -> None:
    """Give each exercise statement the LaTeX label its references point at."""
    if app.builder.format != "latex":
        return
    from sphinx_exercise import nodes as ex

    def visit(self, node):
        if node.get("label"):  # before the admonition, whose title argument follows
            self.body.append(self.hypertarget(node["label"], anchor=True))
        ex.visit_exercise_node(self, node)

    app.add_node(ex.exercise_node, override=True, latex=(visit, ex.depart_exercise_node))
    app.add_node(nodes.admonition, override=True,
                 latex=(visit_admonition, LaTeXTranslator.depart_admonition))


ADMONITION_KINDS = ("warning", "caution", "danger", "error", "attention", "important", "tip", "hint",
                    "note", "seealso")


def visit_admonition(self, node) -> None:
    """A generic {admonition} with `:class: tip` (warning, hint, …) gets that kind's LaTeX box,
    as it gets that kind's colours on the site, instead of Sphinx's one box for all."""
    kind = next((k for k in ADMONITION_KINDS if k in node.get("classes", [])), "note")
    self.body.append("\n\\begin{sphinxadmonition}{%s}" % kind)
    self.no_latex_floats += 1
    if self.table:
        self.table.has_problematic = True


class PdfDownload(SphinxDirective):
    """``{pdf-download}``: a link to the PDF on the site when it was built, else a sentence."""

    has_content = False

    def run(self):
        self.env.note_reread()  # the link depends on a file outside the sources
        if self.env.app.builder.format != "html":
            return []
        para = nodes.paragraph()
        if pdf_path(self.env.app).is_file() or os.environ.get("MATHAI_PDF_PENDING"):
            para += nodes.strong("", "Read it offline or print it: ")
            para += nodes.reference("", "the whole book as one PDF", refuri=PDF_NAME)
            para += nodes.Text(
                " (chapters, appendices and bibliography, with the worked solutions in a separate "
                "part at the back).")
        else:
            para += nodes.Text("A PDF of the whole book is built with ")
            para += nodes.literal("", "make pdf")
            para += nodes.Text(" (it needs a TeX installation; see the repository's README).")
        return [para]


def copy_pdf(app, exception) -> None:
    # While the PDF is pending, its build copies it into the site itself when it is done.
    if exception is None and app.builder.format == "html" and pdf_path(app).is_file() \
            and not os.environ.get("MATHAI_PDF_PENDING"):
        shutil.copy2(pdf_path(app), Path(app.outdir) / PDF_NAME)


def setup(app):
    app.add_directive("pdf-download", PdfDownload)
    app.connect("config-inited", configure)
    app.connect("builder-inited", exercise_label_too)
    app.connect("missing-reference", practice_notebook_as_text)
    app.connect("build-finished", copy_pdf)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
