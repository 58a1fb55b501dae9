"""The workshop flow in a real browser against a real Streamlit server.

Move a lever and see the headline; share the link; a broken link; switch pages;
save and reopen a scenario; workshop mode. Screenshots of every step go to
``test-artifacts/browser/<test>/``.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.numbers import format_decimal
from playwright.sync_api import Locator, Page, expect

from benchmarks.browser import (
    APP_SLIDER,
    choose_option,
    headline_locator,
    headline_values,
    open_app,
    press_slider,
    slider_value,
    wait_rerun,
)
from model import Scenario, evaluate
from model.loader import load_baseline

pytestmark = pytest.mark.browser

Shot = Callable[..., Path]
NewPage = Callable[[], Page]

ZERO = "0,0\u00a0mill.\u00a0kr"
SIDEBAR_NAV = "stSidebarNav"


# ------------------------------------------------------------------------ helpers
def expected_net_headline(overtime_cut_pct: float, lang: str = "nb") -> str:
    """The model's "Netto besparelse" for this lever, formatted as the app shows it."""
    r = evaluate(load_baseline("demo"), Scenario(levers={"overtime_cut_pct": overtime_cut_pct}))
    net = r.totals.net_savings_nok_per_year
    if lang == "en":
        return "NOK\u00a0" + format_decimal(net / 1e6, "#,##0.0", locale="en_GB") + "m"
    return format_decimal(net / 1e6, "#,##0.0", locale="nb_NO") + "\u00a0mill.\u00a0kr"


def assert_no_errors(page: Page) -> None:
    """No Streamlit exception element and no "something went wrong" from the app frame."""
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_test_id("stAlert").filter(has_text="Noe gikk galt")).to_have_count(0)


def sidebar(page: Page) -> Locator:
    return page.get_by_test_id("stSidebar")


def share_link(page: Page) -> str:
    """The link in the sidebar's "Lenke til dette scenarioet" code block."""
    # the code block is styled as a "copy link" button: its text is in the DOM, not shown
    return (sidebar(page).get_by_test_id("stCode").text_content() or "").strip()


def wait_url_matches_share_link(page: Page) -> str:
    """Wait until the address bar carries the same ``?s=`` token as the share link."""
    link = share_link(page)
    m = re.search(r"[?&]s=([^&\s]+)", link)
    assert m, f"share link has no ?s= token: {link!r}"
    token = m.group(1)
    page.wait_for_function("(t) => new URLSearchParams(location.search).get('s') === t", arg=token)
    return token


def move_overtime_to(page: Page, pct: float) -> float:
    """PageUp moves the slider by 10 pp (react-aria page step = range / 10)."""
    steps = round((pct - slider_value(page, APP_SLIDER)) / 10)
    key = "PageUp" if steps > 0 else "PageDown"
    value = press_slider(page, APP_SLIDER, key, times=abs(steps))
    assert value == pct, f"slider at {value}, wanted {pct}"
    return value


def go_to(page: Page, title: str, url_path: str) -> None:
    page.get_by_test_id(SIDEBAR_NAV).get_by_role("link").filter(has_text=title).click()
    page.wait_for_url(re.compile(rf"/{url_path}(\?|$)") if url_path else re.compile(r"/(\?|$)"))
    wait_rerun(page)


def open_saved_block(page: Page) -> None:
    summary = sidebar(page).locator("details summary").filter(has_text="Lagrede scenarioer")
    summary.click()
    expect(sidebar(page).get_by_label("Navn", exact=True)).to_be_visible()


# -------------------------------------------------------------------------- tests
def test_lever_moves_headline_to_model_figure(new_page: NewPage, app_url: str, shot: Shot) -> None:
    page = new_page()
    open_app(page, app_url)
    shot(page, "opened")
    assert page.title() == "Bemanningssimulator"
    expect(page.get_by_role("heading", name="Oversikt og handlingsplan")).to_be_visible()
    expect(page.get_by_test_id("stMetricLabel").first).to_have_text("Netto besparelse")
    expect(headline_locator(page)).to_have_text(ZERO)
    assert_no_errors(page)

    move_overtime_to(page, 20.0)
    want = expected_net_headline(20.0)
    assert want != ZERO
    expect(headline_locator(page)).to_have_text(want)
    wait_rerun(page)
    shot(page, "overtime-20")
    assert_no_errors(page)
    # the address bar follows the scenario
    wait_url_matches_share_link(page)

    # one more (smaller) move, the headline follows again
    press_slider(page, APP_SLIDER, "ArrowRight", times=3)
    assert slider_value(page, APP_SLIDER) == 21.5
    expect(headline_locator(page)).to_have_text(expected_net_headline(21.5))
    wait_rerun(page)
    shot(page, "overtime-21.5")
    assert_no_errors(page)


def test_shared_link_reproduces_figures_in_new_context(
    new_page: NewPage, app_url: str, shot: Shot
) -> None:
    page = new_page()
    open_app(page, app_url)
    move_overtime_to(page, 30.0)
    expect(headline_locator(page)).to_have_text(expected_net_headline(30.0))
    token = wait_url_matches_share_link(page)
    figures = headline_values(page)
    url = page.url
    link = share_link(page)
    assert f"s={token}" in url
    shot(page, "source")

    for name, target in (("address-bar", url), ("share-link", link)):
        other = new_page()
        open_app(other, target)
        shot(other, f"reopened-{name}")
        assert headline_values(other) == figures, name
        assert slider_value(other, APP_SLIDER) == 30.0
        assert_no_errors(other)


def test_tampered_link_warns_and_shows_baseline(
    new_page: NewPage, app_url: str, shot: Shot, baseline_figures: list[str]
) -> None:
    page = new_page()
    open_app(page, app_url + "/?s=1.garbage")
    shot(page, "tampered")
    warning = page.get_by_test_id("stAlert").filter(has_text="Lenken")
    expect(warning).to_have_count(1)
    expect(warning).to_be_visible()
    assert headline_values(page) == baseline_figures
    assert baseline_figures[0] == ZERO
    assert_no_errors(page)


def test_page_switch_keeps_headline_and_sidebar(
    new_page: NewPage, app_url: str, shot: Shot
) -> None:
    page = new_page()
    open_app(page, app_url)
    move_overtime_to(page, 10.0)
    want = expected_net_headline(10.0)
    expect(headline_locator(page)).to_have_text(want)
    token = wait_url_matches_share_link(page)
    figures = headline_values(page)
    shot(page, "oversikt")

    go_to(page, "Nattevakt", "nattevakt")
    shot(page, "nattevakt")
    assert_no_errors(page)
    expect(page.get_by_test_id("stMain").get_by_role("heading").first).to_be_visible()
    assert headline_values(page) == figures
    assert wait_url_matches_share_link(page) == token
    expect(sidebar(page).get_by_text("Lenke til dette scenarioet")).to_be_visible()
    expect(sidebar(page).get_by_role("button", name="Angre")).to_be_enabled()

    # a rerun on the other page (language to English and back) keeps the scenario
    sidebar(page).get_by_text("English", exact=True).click()
    expect(page.get_by_test_id("stMetricLabel").first).to_have_text("Net saving")
    wait_rerun(page)
    shot(page, "nattevakt-en")
    assert_no_errors(page)
    assert "lang=en" in page.url
    assert headline_values(page)[0] == expected_net_headline(10.0, "en")
    sidebar(page).get_by_text("Norsk (bokmål)", exact=True).click()
    expect(page.get_by_test_id("stMetricLabel").first).to_have_text("Netto besparelse")
    wait_rerun(page)
    assert headline_values(page) == figures
    assert "lang=en" not in page.url

    go_to(page, "Oversikt", "")
    shot(page, "back-to-oversikt")
    assert_no_errors(page)
    assert headline_values(page) == figures
    assert slider_value(page, APP_SLIDER) == 10.0
    assert wait_url_matches_share_link(page) == token


def test_save_and_reopen_scenario(new_page: NewPage, app_url: str, shot: Shot) -> None:
    page = new_page()
    open_app(page, app_url)
    move_overtime_to(page, 40.0)
    want = expected_net_headline(40.0)
    expect(headline_locator(page)).to_have_text(want)
    token = wait_url_matches_share_link(page)
    figures = headline_values(page)

    name = f"Browsertest {uuid.uuid4().hex[:8]}"
    open_saved_block(page)
    sb = sidebar(page)
    sb.get_by_label("Navn", exact=True).fill(name)
    sb.get_by_label("Kommune", exact=True).fill("Alver")
    sb.get_by_label("Beskrivelse", exact=True).fill("Lagret av nettlesertesten")
    shot(page, "save-form", top=False)
    sb.get_by_role("button", name="Lagre", exact=True).click()
    saved_msg = sb.get_by_test_id("stAlert").filter(has_text=f"Lagret «{name}»")
    expect(saved_msg).to_be_visible()
    wait_rerun(page)
    saved_msg.scroll_into_view_if_needed()
    shot(page, "saved", top=False)
    assert_no_errors(page)
    short = re.search(r"Kort lenke: (\S+\?id=\S+)", sb.inner_text())
    assert short, "no short link after saving"

    # a fresh session at the base URL: baseline first, then open the saved scenario
    other = new_page()
    open_app(other, app_url)
    expect(headline_locator(other)).to_have_text(ZERO)
    open_saved_block(other)
    osb = sidebar(other)
    combo = osb.get_by_role("combobox", name="Velg scenario")
    choose_option(other, combo, name)
    wait_rerun(other)
    expect(combo).to_have_value(re.compile(re.escape(name)))
    shot(other, "picked", top=False)
    osb.get_by_role("button", name="Åpne", exact=True).click()
    expect(headline_locator(other)).to_have_text(want)
    wait_rerun(other)
    shot(other, "opened-saved")
    assert headline_values(other) == figures
    assert slider_value(other, APP_SLIDER) == 40.0
    assert wait_url_matches_share_link(other) == token
    assert_no_errors(other)

    # the short link (?id=...) opens the same scenario
    third = new_page()
    # the caption keeps the URL from becoming a link (invisible characters in it)
    open_app(third, re.sub(r"[\u200b-\u200d\u2060\ufeff\\]", "", short.group(1)))
    shot(third, "short-link")
    assert headline_values(third) == figures
    assert_no_errors(third)


def test_presenter_mode_shows_large_figures_and_the_levers(
    new_page: NewPage, app_url: str, shot: Shot
) -> None:
    page = new_page()
    open_app(page, app_url)
    move_overtime_to(page, 10.0)
    figures = headline_values(page)
    metric_px = float(
        headline_locator(page).evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    )
    expect(page.get_by_role("heading", name="Handlingsplan", exact=True)).to_be_visible()
    shot(page, "normal")

    sidebar(page).get_by_text("Presentasjonsmodus").click()
    expect(page.get_by_role("heading", name="Handlingsplan", exact=True)).to_have_count(0)
    wait_rerun(page)
    shot(page, "presenter")
    assert_no_errors(page)
    assert headline_values(page) == figures  # the same figures, in large type
    big_px = float(headline_locator(page).evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
    assert big_px >= 1.3 * metric_px, (big_px, metric_px)
    # the page's levers stay and still move the figures; its tables go
    assert slider_value(page, APP_SLIDER) == 10.0
    expect(page.get_by_test_id("stDataFrame")).to_have_count(0)
    move_overtime_to(page, 20.0)
    expect(headline_locator(page)).to_have_text(expected_net_headline(20.0))
    wait_rerun(page)
    # figures on one row or a clean grid: equal widths, aligned tops per row
    boxes = [m.bounding_box() for m in page.get_by_test_id("stMetric").all()]
    widths = {round(b["width"]) for b in boxes if b}
    assert max(widths) - min(widths) <= 2, widths

    # presenter mode is a sidebar (entry-point) setting: it survives a page switch
    go_to(page, "Samlokalisering", "samlokalisering")
    shot(page, "presenter-samlokalisering")
    assert_no_errors(page)
    expect(page.get_by_role("switch", name="Samlokaliser habilitering")).to_have_count(1)
    expect(page.get_by_test_id("stDataFrame")).to_have_count(0)

    expect(page.get_by_role("heading", name="Sammenslåingsplan")).to_have_count(0)
    sidebar(page).get_by_text("Presentasjonsmodus").click()
    expect(page.get_by_role("heading", name="Sammenslåingsplan")).to_be_visible()
    wait_rerun(page)
    shot(page, "presenter-off")
