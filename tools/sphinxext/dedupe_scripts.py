"""Write each of a page's scripts once.

Under Sphinx 7, an inline script that an extension adds once the builder exists
(``app.add_js_file(None, body=...)``: sphinx-thebe's configuration, sphinx-togglebutton's
selector) reaches the page twice: the builder keeps its copy under the file name ``None``
and copies the registry's under ``''``, so its check for duplicates misses it (fixed in
Sphinx 8.2, which Jupyter Book 1.x cannot use). The second ``const THEBE_JS_URL = ...``
then throws "Identifier 'THEBE_JS_URL' has already been declared" on every page.
This drops the later copy of any script already on the page, just before the page is
written (tests/site/test_site_reader.py checks that every inline script appears once;
the console test, that no page logs an error).
"""


def _key(script):
    return (script.filename or "", script.priority, tuple(sorted(script.attributes.items())))


def dedupe_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for script in scripts:
        key = _key(script)
        if key not in seen:
            seen.add(key)
            unique.append(script)
    scripts[:] = unique  # the builder's own list: it restores it after each page


def setup(app):
    app.connect("html-page-context", dedupe_scripts, priority=900)  # after every extension's additions
    return {"parallel_read_safe": True, "parallel_write_safe": True}
