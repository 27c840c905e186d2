"""Headless Chromium against the built site, offline: shared by tests/site/ and tools/bench.py.

- ``find_chromium()``: the browser to drive: ``$MATHAI_CHROMIUM``, else Debian's
  ``/usr/bin/chromium`` (or a ``chromium`` on PATH), else ``None``, meaning
  Playwright's own build (``.venv/bin/playwright install chromium``).
- ``launch(playwright)``: start it headless with the flags this project needs.
- ``serve(site)``: serve a folder over http on 127.0.0.1, on a free port, from a thread.
- ``block_network(context)``: abort every request that does not go to this
  machine, and record it, so a page that needs the internet fails its test.
- ``site_pages(site)``: every HTML page of the built book.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"

# Debian's chromium, as root, with no network: no sandbox (root), no GPU, and
# none of the background requests (updates, safe browsing, first-run) that a
# closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]

HOW_TO_GET_A_BROWSER = (
    "No Chromium found for the browser tests. Either install one "
    "(Debian/Ubuntu: `sudo apt-get install chromium`; .ci/run does this on CI), "
    "point MATHAI_CHROMIUM at a Chromium or Chrome executable, "
    "or let Playwright fetch its own: `.venv/bin/playwright install chromium`."
)

LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


def find_chromium() -> str | None:
    """The Chromium executable to use, or None for Playwright's own browser."""
    env = os.environ.get("MATHAI_CHROMIUM")
    if env:
        path = shutil.which(env) or env
        if not Path(path).is_file():
            raise FileNotFoundError(f"MATHAI_CHROMIUM={env!r} is not an executable file")
        return path
    for candidate in ("/usr/bin/chromium", "chromium", "chromium-browser"):
        found = shutil.which(candidate)
        if found:
            return found
    return None


def launch(playwright):
    """Launch headless Chromium (see find_chromium); raise with advice if there is none."""
    executable = find_chromium()
    try:
        return playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
    except Exception as exc:
        if executable is None and "Executable doesn't exist" in str(exc):
            raise RuntimeError(HOW_TO_GET_A_BROWSER) from exc
        raise


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".woff": "font/woff", ".woff2": "font/woff2", ".svg": "image/svg+xml",
                      ".js": "text/javascript", ".ipynb": "application/x-ipynb+json"}

    def log_message(self, format, *args):  # keep test output clean
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A browser that closes a page mid-transfer breaks the pipe: not an error of the site.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(site: Path = SITE):
    """Serve `site` on http://127.0.0.1:<free port>/; yields the base URL (ending in /)."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.hostname in LOCAL_HOSTS


def block_network(context) -> list[str]:
    """Abort every non-local request made in `context`; returns the (live) list of blocked URLs."""
    blocked: list[str] = []

    def handle(route):
        url = route.request.url
        if is_local(url):
            route.continue_()
        else:
            blocked.append(url)
            route.abort("internetdisconnected")

    context.route("**/*", handle)
    return blocked


def site_pages(site: Path = SITE) -> list[str]:
    """Every HTML page of the built book, as paths relative to the site (posix).

    Skips Sphinx's and the theme's own folders (`_static/`, `_sources/`, `_images/`, ...:
    the theme keeps HTML template fragments in `_static/`) and the vendored `mathjax/`.
    """
    pages = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site)
        if rel.parts[0].startswith("_") or rel.parts[0] == "mathjax":
            continue
        pages.append(rel.as_posix())
    return pages


def is_redirect(site: Path, page: str) -> bool:
    """True for a stub page that only redirects (index.html -> intro.html)."""
    head = (site / page).read_text(encoding="utf-8", errors="replace")[:500].lower()
    return 'http-equiv="refresh"' in head and "<body" not in head


def main() -> int:
    """`make browser`: say which Chromium the tests will use; fetch Playwright's own if there is none."""
    import subprocess

    try:
        found = find_chromium()
    except FileNotFoundError as exc:
        print(f"==> {exc}", file=sys.stderr)
        return 1
    if found:
        print(f"==> Browser tests use {found}")
        return 0
    print("==> No system Chromium: installing Playwright's own (playwright install chromium)")
    if subprocess.run([sys.executable, "-m", "playwright", "install", "chromium"]).returncode:
        print(f"==> {HOW_TO_GET_A_BROWSER}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
