"""What the browser tests tolerate, and why. Each entry is owned upstream and cannot be fixed here.

Keep this short: fix what the book owns (its CSS in assets/static/mathai.css, its
alt text, its config) instead of adding to it. Every entry says whose it is and why it stays.
"""
import re

# axe-core violations, as (rule id, CSS selector of the node as axe reports it): reason.
AXE = {
    ("aria-required-children", ".citation-list"):
        "docutils' bibliography markup (sphinxcontrib-bibtex): role=list around role=doc-biblioentry, "
        "a role ARIA 1.3 deprecates; Jupyter Book 1.x pins the docutils that writes it.",
}

# Browser console errors, as regex on the message: reason.
CONSOLE: dict[re.Pattern, str] = {}

# W3C Nu HTML Checker (vnu) errors, as regex on the message: reason. Empty: every error the build
# wrote is fixed at its source (tools/sphinxext/publish_html.py), none is filtered.
VNU: dict = {}


def axe_allowed(rule: str, target: str) -> bool:
    return (rule, target) in AXE


def console_allowed(message: str) -> bool:
    return any(pattern.search(message) for pattern in CONSOLE)


def vnu_allowed(message: str) -> bool:
    return any(pattern.search(message) for pattern in VNU)
