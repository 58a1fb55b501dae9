"""The headline fits and stays: three screen sizes, bokmål and English, a busy scenario.

At 1280×720, 1366×768 (sidebar open, the default) and 1920×1080, in both languages, on
the pages with the widest figures and tables:

* no headline figure, label or caption is wider than its box (``scrollWidth >
  clientWidth`` on it or a child: how a cut "25,7 mil…" shows in the DOM);
* every headline figure is inside the viewport's width;
* the page itself never scrolls sideways (wide tables scroll inside themselves);
* the headline is still in view after scrolling to the page's last lever (sticky);
* the sticky band is compact: at most ``BAND_MAX_PX`` tall (it was about 270 px at
  1280×720 before issue 9's compact headline), so the levers under it have room;
* the budget-gap figure (issue 11: the default baseline, Alver, has a savings requirement)
  is in the band and fits like the others;
* presenter mode (large figures) fits too.

Band heights are written to ``test-artifacts/browser/<test>/band-height.txt``.

Screenshots go to ``test-artifacts/browser/<test>/`` (look at them).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from benchmarks.browser import open_app, wait_rerun
from benchmarks.model import every_lever_scenario
from model.codec import encode

pytestmark = pytest.mark.browser

SIZES = [(1280, 720), (1366, 768), (1920, 1080)]
PAGES = ["", "nattevakt", "samlokalisering"]
#: the sticky band's height bound (px) at every size: under a quarter of a 720 px screen
BAND_MAX_PX = 170
GAP_LABEL = {"nb": "Krav 2030 dekket", "en": "Requirement 2030 closed"}
PRESENTER = {"nb": "Presentasjonsmodus", "en": "Presenter mode"}

_OVERFLOW_JS = """() => {
  const out = [];
  const box = document.querySelector('.st-key-headline');
  if (!box) return ['no headline'];
  const sel = '[data-testid="stMetricValue"], [data-testid="stMetricLabel"], ' +
              '[data-testid="stCaptionContainer"]';
  for (const el of box.querySelectorAll(sel)) {
    for (const e of [el, ...el.querySelectorAll('*')]) {
      if (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).display !== 'inline') {
        out.push(`${el.dataset.testid}: "${el.textContent.trim()}" ${e.scrollWidth}>${e.clientWidth}`);
        break;
      }
    }
    const r = el.getBoundingClientRect();
    if (r.right > window.innerWidth + 1) out.push(`outside the window: "${el.textContent.trim()}"`);
  }
  const main = document.querySelector('[data-testid="stMain"]');
  if (main.scrollWidth > main.clientWidth + 1) out.push(`page scrolls sideways ${main.scrollWidth}>${main.clientWidth}`);
  for (const t of document.querySelectorAll('[data-testid="stDataFrame"]')) {
    const r = t.getBoundingClientRect();
    if (r.right > main.getBoundingClientRect().right + 1) out.push('a table is wider than the page');
  }
  return out;
}"""

_BAND_HEIGHT_JS = (
    """() => document.querySelector('.st-key-headline').getBoundingClientRect().height"""
)

_HEADLINE_IN_VIEW_JS = """() => {
  const r = document.querySelector('.st-key-headline').getBoundingClientRect();
  return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0;
}"""


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_headline_and_tables_fit(
    chromium: Browser,
    app_url: str,
    shot: Callable[..., Path],
    artifact_dir: Path,
    width: int,
    height: int,
    lang: str,
) -> None:
    token = encode(every_lever_scenario())
    heights: list[str] = []
    ctx = chromium.new_context(viewport={"width": width, "height": height})
    ctx.set_default_timeout(30_000)
    try:
        page: Page = ctx.new_page()
        problems: list[str] = []
        for slug in PAGES:
            query = f"?s={token}" + ("&lang=en" if lang == "en" else "")
            open_app(page, f"{app_url}/{slug}{query}")
            expect_sidebar_open(page)
            page.wait_for_timeout(300)  # fonts and the grid settle
            shot(page, f"{slug or 'oversikt'}-{lang}", top=True)
            problems += [f"{slug or 'oversikt'}: {p}" for p in page.evaluate(_OVERFLOW_JS)]
            band = page.evaluate(_BAND_HEIGHT_JS)
            heights.append(f"{width}x{height} {lang} {slug or 'oversikt'}: {band:.0f} px")
            if band > BAND_MAX_PX:
                problems.append(f"{slug or 'oversikt'}: the headline band is {band:.0f} px tall")
            band_text = page.locator(".st-key-headline").inner_text()
            if GAP_LABEL[lang] not in band_text:
                problems.append(f"{slug or 'oversikt'}: no budget-gap figure in the headline")
            # the headline stays in view at the bottom of the page (sticky)
            page.evaluate(
                "() => { const m = document.querySelector('[data-testid=\"stMain\"]');"
                " m.scrollTop = m.scrollHeight; }"
            )
            page.wait_for_timeout(200)
            if not page.evaluate(_HEADLINE_IN_VIEW_JS):
                problems.append(f"{slug or 'oversikt'}: headline scrolled out of view")
            if slug == "samlokalisering":
                shot(page, f"{slug}-{lang}-scrolled", top=False)
        # presenter mode: the same figures in large type, still not cut
        page.get_by_text(PRESENTER[lang], exact=True).click()
        wait_rerun(page)
        page.wait_for_timeout(300)
        shot(page, f"presenter-{lang}", top=True)
        problems += [f"presenter: {p}" for p in page.evaluate(_OVERFLOW_JS)]
        band = page.evaluate(_BAND_HEIGHT_JS)
        heights.append(f"{width}x{height} {lang} presenter: {band:.0f} px")
        (artifact_dir / "band-height.txt").write_text("\n".join(heights) + "\n", encoding="utf-8")
        assert not problems, "\n".join(problems)
    finally:
        ctx.close()


def expect_sidebar_open(page: Page) -> None:
    box = page.get_by_test_id("stSidebar").bounding_box()
    assert box is not None and box["width"] > 200 and box["x"] >= 0, box
