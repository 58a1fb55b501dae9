"""Decimal sliders in a real browser: the Oversikt overtime slider shows "1,5 %" in bokmål
and "1.5 %" in English, moves by its step with the keyboard (arrow keys 0,5, PageUp/PageDown
10 percentage points), and the scenario in the address bar holds the exact value."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Locator, Page, expect

from benchmarks.browser import (
    APP_SLIDER,
    open_app,
    press_slider,
    slider_text,
    slider_thumb,
    slider_value,
    wait_rerun,
)
from model import Scenario
from model.codec import decode, encode

pytestmark = pytest.mark.browser

NewPage = Callable[[], Page]
Shot = Callable[..., Path]
NB = "\u00a0"


def overtime_in_url(page: Page) -> float:
    page.wait_for_function("() => new URLSearchParams(location.search).has('s')")
    token = parse_qs(urlparse(page.url).query)["s"][0]
    return decode(token).levers.overtime_cut_pct


def widget(page: Page, label: str) -> Locator:
    return page.get_by_test_id("stSlider").filter(has=page.get_by_text(label, exact=True))


def test_overtime_slider_shows_decimal_comma_and_moves_by_its_step(
    new_page: NewPage, app_url: str, shot: Shot
) -> None:
    page = new_page()
    page.set_viewport_size({"width": 1366, "height": 768})
    open_app(page, app_url)
    box = widget(page, APP_SLIDER)
    box.scroll_into_view_if_needed()
    # the ends of the scale, in Norwegian format
    expect(box.get_by_test_id("stSliderTickBar")).to_have_text(f"0,0{NB}%100,0{NB}%")
    assert slider_text(page, APP_SLIDER) == f"0,0{NB}%"

    assert press_slider(page, APP_SLIDER, "ArrowRight", times=3) == 1.5
    # what the eye sees above the thumb, and what a screen reader reads
    expect(box.get_by_test_id("stSliderThumbValue")).to_have_text(f"1,5{NB}%")
    assert slider_text(page, APP_SLIDER) == f"1,5{NB}%"
    assert "," in box.get_by_test_id("stSliderThumbValue").inner_text()
    assert overtime_in_url(page) == 1.5

    assert press_slider(page, APP_SLIDER, "PageUp") == 11.5
    expect(box.get_by_test_id("stSliderThumbValue")).to_have_text(f"11,5{NB}%")
    assert press_slider(page, APP_SLIDER, "ArrowLeft") == 11.0
    assert press_slider(page, APP_SLIDER, "PageDown") == 1.0
    expect(box.get_by_test_id("stSliderThumbValue")).to_have_text(f"1,0{NB}%")
    wait_rerun(page)
    assert overtime_in_url(page) == 1.0
    box.scroll_into_view_if_needed()
    shot(page, "oversikt-levers-1366x768", top=False)
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_english_slider_shows_decimal_point_and_link_value_off_the_grid(
    new_page: NewPage, app_url: str, shot: Shot
) -> None:
    page = new_page()
    # a link with 12.3 % (not on the 0.5 grid): shown as it is, not snapped
    token = encode(Scenario(levers={"overtime_cut_pct": 12.3}))
    open_app(page, f"{app_url}?lang=en&s={token}")
    label = "Cut in overtime (%)"
    expect(widget(page, label).get_by_test_id("stSliderThumbValue")).to_have_text(f"12.3{NB}%")
    assert slider_value(page, label) == 12.3
    assert slider_thumb(page, label).get_attribute("aria-valuetext") == f"12.3{NB}%"
    # one step up lands on the grid
    assert press_slider(page, label, "ArrowRight") == 12.5
    expect(widget(page, label).get_by_test_id("stSliderThumbValue")).to_have_text(f"12.5{NB}%")
    assert overtime_in_url(page) == 12.5
    shot(page, "oversikt-levers-english", top=False)


def test_language_switch_keeps_a_decimal_lever(new_page: NewPage, app_url: str) -> None:
    """A select_slider's value travels as its label: after "0,333" became "0.333" (language
    switch) a key press must still start from 1/3, never from the first option (0)."""
    page = new_page()
    open_app(page, f"{app_url}/nattevakt")
    label_nb, label_en = "Betalt andel av hvilende vakt", "Paid share of a resting watch"
    assert slider_text(page, label_nb) == "0,333"
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("English", exact=True).click()
    expect(widget(page, label_en).get_by_test_id("stSliderThumbValue")).to_have_text("0.333")
    wait_rerun(page)
    sidebar.get_by_text("Norsk (bokmål)", exact=True).click()
    expect(widget(page, label_nb).get_by_test_id("stSliderThumbValue")).to_have_text("0,333")
    wait_rerun(page)
    # nothing was written to the scenario by the switches
    assert "s" not in parse_qs(urlparse(page.url).query)
    sidebar.get_by_text("English", exact=True).click()
    expect(widget(page, label_en).get_by_test_id("stSliderThumbValue")).to_have_text("0.333")
    wait_rerun(page)
    assert press_slider(page, label_en, "ArrowRight") == 0.35
    page.wait_for_function("() => new URLSearchParams(location.search).has('s')")
    token = parse_qs(urlparse(page.url).query)["s"][0]
    assert decode(token).params == {"resting_paid_fraction": 21 / 60}
