"""The accessibility tests run the vendored axe-core (tests/site/axe-core/), intact."""
from __future__ import annotations

import base64
import hashlib

from sitetest import AXE_CORE, AXE_CORE_SRI, AXE_CORE_VERSION, run_axe


def test_vendored_axe_core_is_the_published_file():
    digest = base64.b64encode(hashlib.sha256(AXE_CORE.read_bytes()).digest()).decode()
    assert f"sha256-{digest}" == AXE_CORE_SRI, f"{AXE_CORE} is not axe-core {AXE_CORE_VERSION} as published"


def test_run_axe_runs_the_vendored_axe_core(chromium):
    page = chromium.new_page()
    try:
        page.set_content("<!doctype html><html lang='en'><title>t</title><main><img src='x.png'></main></html>")
        violations = run_axe(page)["violations"]
        assert page.evaluate("axe.version") == AXE_CORE_VERSION
        assert "image-alt" in {v["id"] for v in violations}, "axe-core missed an image without alt text"
    finally:
        page.close()


# Two typeset formulas as MathJax's CHTML writes them: the visual markup (aria-hidden, glyphs as CSS
# content) and the assistive MathML beside it. The second holds a link: not inert, so axe sees it.
FORMULAS = """<!doctype html><html lang='en'><title>t</title><style>
  mjx-container { display: inline-block; } mjx-math { display: inline-block; }
  mjx-c { display: inline-block; width: 40px; height: 12px; } mjx-c::before { content: 'x'; }
  mjx-assistive-mml { position: absolute; clip: rect(1px, 1px, 1px, 1px); }</style>
<main><p>Say <mjx-container jax="CHTML"><mjx-math class="MJX-TEX" aria-hidden="true"><mjx-mi><mjx-c
  class="mjx-c1D465"></mjx-c></mjx-mi></mjx-math><mjx-assistive-mml><math><mi>x</mi></math></mjx-assistive-mml></mjx-container>
  and <mjx-container jax="CHTML"><mjx-math class="MJX-TEX" aria-hidden="true"><mjx-mi><a href="#n"><mjx-c
  class="mjx-c1D466"></mjx-c></a></mjx-mi></mjx-math><mjx-assistive-mml><math><mi>y</mi></math></mjx-assistive-mml></mjx-container>
  then more text.</p></main></html>"""


def test_mathjax_visual_markup_is_emptied_for_axe_only_when_inert_and_then_restored(chromium):
    page = chromium.new_page()
    try:
        page.set_content(FORMULAS)
        before = page.evaluate("document.body.innerHTML")
        result = run_axe(page)
        math = result["coverage"]["math"]
        assert (math["formulas"], math["emptied"], math["moved"], math["unargued"]) == (2, 1, 0, [])
        # The link inside the second formula's aria-hidden markup is focusable: axe still sees it.
        assert "aria-hidden-focus" in {v["id"] for v in result["violations"]}
        assert page.evaluate("document.body.innerHTML") == before, "the formulas were not restored"
    finally:
        page.close()


def test_a_stand_in_that_moves_the_page_is_reported(chromium):
    """Were an emptied formula's width not pinned, the text after it would move: that is reported."""
    from sitetest import AXE_OPTIONS, AXE_RUN_JS

    broken = AXE_RUN_JS.replace("width:${r.width}px;", "")
    assert broken != AXE_RUN_JS
    page = chromium.new_page()
    try:
        page.set_content(FORMULAS)
        run_axe(page)  # injects axe-core
        math = page.evaluate(broken, [AXE_OPTIONS, True])["coverage"]["math"]
        assert math["moved"] > 0 and "mjx-container" in math["movedExamples"][0]
    finally:
        page.close()
