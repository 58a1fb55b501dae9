"""The headline fits and stays: three screen sizes, bokmål and English, a busy scenario.

At 1280×720, 1366×768 (sidebar open, the default) and 1920×1080, in both languages, on
the pages with the widest figures and tables:

* no headline figure, label or caption is wider than its box (``scrollWidth >
  clientWidth`` on it or a child: how a cut "25,7 mil…" shows in the DOM);
* every headline figure is inside the viewport's width;
* the page itself never scrolls sideways (wide tables scroll inside themselves);
* the headline is still in view after scrolling to the page's last lever (sticky).

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
    width: int,
    height: int,
    lang: str,
) -> None:
    token = encode(every_lever_scenario())
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
        wait_rerun(page)
        assert not problems, "\n".join(problems)
    finally:
        ctx.close()


def expect_sidebar_open(page: Page) -> None:
    box = page.get_by_test_id("stSidebar").bounding_box()
    assert box is not None and box["width"] > 200 and box["x"] >= 0, box
