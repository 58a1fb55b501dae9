"""A link carries the baseline (issue 8): made on Sogndal, it opens on Sogndal in a fresh
browser context; a link to a baseline this server does not have says so. Screenshots of the
Data and Dekningsgrad pages at 1366×768 in bokmål and English."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, quote, urlparse

import pytest
from playwright.sync_api import Browser, Page, expect

from benchmarks.browser import open_app, wait_rerun
from model.loader import load_baseline

pytestmark = pytest.mark.browser

SOGNDAL = "Sogndal 2021 (Agenda Kaupang)"
ALVER = "Alver 2020 (PwC)"
PICKER = "Grunnlag (kommune og data)"


def pick_baseline(page: Page, name: str) -> None:
    box = page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").filter(has_text=PICKER)
    box.click()
    page.get_by_role("option", name=name).first.click()
    wait_rerun(page)


def headline_caption(page: Page) -> str:
    return page.locator(".st-key-headline").inner_text()


def test_link_made_on_sogndal_opens_on_sogndal_in_a_fresh_context(
    new_page: Callable[[], Page], app_url: str, shot: Callable[..., Path]
) -> None:
    page = new_page()
    open_app(page, app_url)
    assert "Grunnlag: Alver 2020" in headline_caption(page)
    pick_baseline(page, SOGNDAL)
    expect(page.locator(".st-key-headline")).to_contain_text("Grunnlag: Sogndal 2021")
    shot(page, "picked-sogndal")
    query = parse_qs(urlparse(page.url).query)
    assert query["b"] == [SOGNDAL]
    assert query["bh"] == [load_baseline(SOGNDAL).hash]
    link = page.url

    fresh = new_page()  # a new browser context: a new Streamlit session, no shared state
    open_app(fresh, link)
    expect(fresh.locator(".st-key-headline")).to_contain_text("Grunnlag: Sogndal 2021")
    box = fresh.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").filter(has_text=PICKER)
    assert SOGNDAL in box.locator("input").first.input_value()
    assert fresh.get_by_test_id("stAlert").filter(has_text="finnes ikke").count() == 0
    shot(fresh, "fresh-context-on-sogndal")


def test_link_to_an_unknown_baseline_says_so(
    new_page: Callable[[], Page], app_url: str, shot: Callable[..., Path]
) -> None:
    page = new_page()
    open_app(page, f"{app_url}/?b={quote('Ukjentby 2031')}&bh=0123456789abcdef")
    alert = page.get_by_test_id("stAlert").filter(has_text="finnes ikke på denne serveren")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("Ukjentby 2031")
    expect(page.locator(".st-key-headline")).to_contain_text("Grunnlag: Alver 2020")
    shot(page, "unknown-baseline")


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_screenshots_data_and_coverage_pages(
    chromium: Browser, app_url: str, artifact_dir: Path, lang: str
) -> None:
    """1366×768 screenshots for a person to look at (test-artifacts/browser/...)."""
    ctx = chromium.new_context(viewport={"width": 1366, "height": 768})
    ctx.set_default_timeout(30_000)
    try:
        page = ctx.new_page()
        q = "&lang=en" if lang == "en" else ""
        for name, path, expected in (
            (
                "data-sogndal",
                f"/data?b={quote(SOGNDAL)}{q}",
                ("Tabellene", "The baseline's tables"),
            ),
            (
                "dekningsgrad-sogndal",
                f"/dekningsgrad?b={quote(SOGNDAL)}{q}",
                ("Dekningsgrad i sykehjem", "Nursing-home coverage rate"),
            ),
            (
                "dekningsgrad-alver",
                f"/dekningsgrad?b={quote(ALVER)}{q}",
                ("har ikke sykehjemsdata", "has no nursing-home data"),
            ),
        ):
            open_app(page, app_url + path)
            text = expected[0] if lang == "nb" else expected[1]
            expect(page.get_by_test_id("stMain")).to_contain_text(text)
            assert page.get_by_test_id("stException").count() == 0
            page.screenshot(path=str(artifact_dir / f"{name}-{lang}.png"))
            # the main area scrolls by itself: one more shot further down the page
            anchor = {
                "data-sogndal": ("Tabellene i grunnlaget", "The baseline's tables"),
                "dekningsgrad-sogndal": ("Plasser siste planår", "Places in the last plan year"),
            }.get(name)
            if anchor:
                page.get_by_text(anchor[0] if lang == "nb" else anchor[1]).first.evaluate(
                    "el => el.scrollIntoView({block: 'start'})"
                )
                page.wait_for_timeout(300)
                page.screenshot(path=str(artifact_dir / f"{name}-{lang}-scrolled.png"))
    finally:
        ctx.close()
