"""Launch and download buttons: on every page built from a notebook, the Binder link and Thebe's
Binder settings point at that notebook in the repository that _config.yml names
(`repository.url`, `repository.branch`); the Colab link points at its plain-Markdown copy
`colab/<page>.ipynb` in that repository (a committed file), and the download-.ipynb link serves
that same copy (tools/make_colab.py, tools/sphinxext/colab_copies.py).

Reads _config.yml rather than repeating the URL, so moving the book only means editing the config.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from sitetest import PAGES, ROOT, SITE, fail

CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
NOTEBOOK_PAGES = [p for p in PAGES if (SITE / "_sources" / p).with_suffix(".ipynb").is_file()]


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.thebe_config = ""
        self._in_thebe = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        self._in_thebe = tag == "script" and attrs.get("type") == "text/x-thebe-config"

    def handle_data(self, data):
        if self._in_thebe:
            self.thebe_config += data

    def handle_endtag(self, tag):
        self._in_thebe = False


def expected(notebook: str) -> dict[str, str]:
    repo = CONFIG["repository"]
    owner_repo = urlsplit(repo["url"]).path.strip("/").removesuffix(".git")
    branch = repo.get("branch", "main")
    path = "/".join(p for p in (repo.get("path_to_book", "").strip("/"), notebook) if p)
    launch = CONFIG.get("launch_buttons", {})
    out = {"owner_repo": owner_repo, "branch": branch}
    if launch.get("binderhub_url"):
        tree = "lab/tree" if launch.get("notebook_interface", "classic") == "jupyterlab" else "tree"
        out["binder"] = f"{launch['binderhub_url'].rstrip('/')}/v2/gh/{owner_repo}/{branch}?urlpath={tree}/{path}"
    if launch.get("colab_url"):
        copy = "/".join(p for p in (repo.get("path_to_book", "").strip("/"), "colab", notebook) if p)
        out["colab"] = f"{launch['colab_url'].rstrip('/')}/github/{owner_repo}/blob/{branch}/{copy}"
    return out


def test_some_pages_are_notebooks():
    assert NOTEBOOK_PAGES, "no page of the built site comes from a notebook (_build/html/_sources/*.ipynb)"


@pytest.mark.parametrize("page_name", NOTEBOOK_PAGES)
def test_launch_and_download_buttons(site, page_name):
    notebook = str(Path(page_name).with_suffix(".ipynb").as_posix())
    want = expected(notebook)
    links = _Links()
    links.feed((site / page_name).read_text(encoding="utf-8"))
    problems = []
    if not (ROOT / notebook).is_file():
        problems.append(f"the page's notebook {notebook} is not in the repository")
    for service in ("binder", "colab"):
        if service not in want:
            continue
        base = CONFIG["launch_buttons"][f"{service}hub_url" if service == "binder" else "colab_url"].rstrip("/")
        found = sorted({h for h in links.hrefs if h.startswith(base + "/")})
        if found != [want[service]]:
            problems.append(f"{service} link is {found or 'missing'}, expected {want[service]!r}")
    if CONFIG.get("launch_buttons", {}).get("thebe"):
        config = links.thebe_config
        repo = re.search(r'repo:\s*"([^"]*)"', config)
        ref = re.search(r'ref:\s*"([^"]*)"', config)
        if not (repo and ref and (repo[1], ref[1]) == (want["owner_repo"], want["branch"])):
            problems.append(f"Thebe's binderOptions name {repo and repo[1]!r} at {ref and ref[1]!r}, "
                            f"expected {want['owner_repo']!r} at {want['branch']!r}")
    downloads = [h for h in links.hrefs if urlsplit(h).path.endswith(".ipynb") and not urlsplit(h).scheme]
    if not downloads:
        problems.append("no download link to the .ipynb")
    copy = ROOT / "colab" / notebook
    if not copy.is_file():
        problems.append(f"no committed copy colab/{notebook} for Colab and the download button (make exercises)")
    for href in downloads:
        target = ((site / page_name).parent / unquote(urlsplit(href).path)).resolve()
        if target != (site / "colab" / notebook).resolve():
            problems.append(f"download link {href!r} is not this page's copy colab/{notebook}")
        elif not target.is_file():
            problems.append(f"download link {href!r}: the site has no file colab/{notebook}")
        elif copy.is_file() and target.read_bytes() != copy.read_bytes():
            problems.append(f"downloaded notebook {href!r} differs from colab/{notebook} in the repository")
    if problems:
        fail(page_name, "launch/download buttons", problems)
