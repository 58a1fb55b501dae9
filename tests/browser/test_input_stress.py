"""Input never loses the scenario: hundreds of rapid mixed inputs in a real browser.

Toggles, sliders, number-input steppers and the per-site editor are worked on three pages
without waiting for the app between inputs (a few tens of milliseconds apart, like a
participant pressing keys), including the reported race: switch on "Samlokaliser
habilitering" and press a slider's arrow keys about half a second later.

Afterwards the test reads what the widgets show, builds that scenario itself, evaluates it
with ``model.evaluate`` and checks that the headline shows the model's figures for it;
the widgets still show the same values when their pages are visited again; no error
element is on the page; the server log has no traceback.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from babel.numbers import format_decimal
from playwright.sync_api import Locator, Page, expect

from benchmarks.browser import StreamlitServer, open_app, thumb_value, wait_rerun
from model import Scenario, evaluate
from model.codec import decode
from model.loader import load_baseline

pytestmark = pytest.mark.browser

Shot = Callable[..., Path]
NewPage = Callable[[], Page]
DEMO = load_baseline("demo")


# ------------------------------------------------------------------------ reading
def mnok_nb(x: float) -> str:
    return format_decimal(x / 1e6, "#,##0.0", locale="nb_NO") + "\u00a0mill.\u00a0kr"


def metric_value(page: Page, label: str) -> str:
    m = page.get_by_test_id("stMetric").filter(
        has=page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True)
    )
    return m.first.get_by_test_id("stMetricValue").inner_text().strip()


def slider(scope: Page | Locator, label: str) -> Locator:
    page = scope if isinstance(scope, Page) else scope.page
    return (
        scope.get_by_test_id("stSlider")
        .filter(has=page.get_by_text(label, exact=True))
        .first.get_by_role("slider")
        .first
    )


def value_of(thumb: Locator) -> float:
    """The value a slider shows ("4,5 %" on a decimal lever → 4.5; see thumb_value)."""
    return thumb_value(thumb)


def switch(page: Page, label: str) -> Locator:
    return page.get_by_role("switch", name=label, exact=True)


def go_to(page: Page, title: str, url_path: str) -> None:
    page.get_by_test_id("stSidebarNav").get_by_role("link").filter(has_text=title).click()
    page.wait_for_url(re.compile(rf"/{url_path}(\?|$)"))
    wait_rerun(page)


def rule_box(page: Page, service_label: str) -> Locator:
    """The bordered container of one service's capacity rule (innermost block holding
    the rule's switch and a slider)."""
    return (
        page.get_by_test_id("stVerticalBlock")
        .filter(has=switch(page, f"Samlokaliser {service_label}"))
        .filter(has=page.get_by_test_id("stSlider"))
        .last
    )


def editor(page: Page) -> Locator:
    """The per-site editor (the only data frame with editable cells)."""
    return page.get_by_test_id("stDataFrame").filter(has=page.locator('td[aria-readonly="false"]'))


def editor_cell(page: Page, col: int, row: int) -> str:
    return editor(page).get_by_test_id(f"glide-cell-{col}-{row}").text_content() or ""


HEADER_PX, ROW_PX = 38, 37  # glide-data-grid's header and row heights in this theme


def edit_awake(page: Page, row: int, value: int) -> None:
    """Double-click the "Våkne (scenario)" cell of ``row`` and type ``value``."""
    grid = editor(page)
    for _ in range(8):
        box = grid.locator("canvas").first.bounding_box()
        assert box is not None
        page.mouse.dblclick(box["x"] + 260, box["y"] + HEADER_PX + ROW_PX * row + 18)
        overlay = page.locator("#portal textarea, #portal input").first
        try:
            overlay.wait_for(timeout=1_000)
        except Exception:  # noqa: BLE001 - the grid was re-rendered under the click
            continue
        overlay.fill(str(value))
        page.keyboard.press("Enter")
        return
    raise AssertionError(f"the editor cell in row {row} did not open")


class Driver:
    """Counts inputs and paces them like a quick participant (no waiting for the app)."""

    def __init__(self, page: Page, seed: int) -> None:
        self.page = page
        self.rng = random.Random(seed)
        self.n = 0

    def pause(self, lo: float = 0.0, hi: float = 0.12) -> None:
        self.page.wait_for_timeout(1000 * self.rng.uniform(lo, hi))

    def key(self, thumb: Locator, key: str) -> None:
        thumb.focus()
        self.page.keyboard.press(key)
        self.n += 1

    def click(self, target: Locator) -> None:
        if target.get_attribute("role") in ("switch", "checkbox"):
            target = target.locator("xpath=ancestor::label[1]")  # the input is hidden
        target.click(force=True)  # no waiting for the app to settle: rapid input
        self.n += 1


def assert_clean(page: Page) -> None:
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_test_id("stAlert").filter(has_text="ble ikke brukt")).to_have_count(0)
    expect(page.get_by_test_id("stAlert").filter(has_text="Noe gikk galt")).to_have_count(0)


# -------------------------------------------------------------------------- test
def test_rapid_mixed_inputs_end_with_the_scenario_the_widgets_show(
    new_page: NewPage, app_server: StreamlitServer, shot: Shot
) -> None:
    log_before = app_server.log_path.read_text(encoding="utf-8", errors="replace")
    page = new_page()
    open_app(page, app_server.url)
    d = Driver(page, seed=20261127)
    shown: dict[str, Any] = {}

    # --- Oversikt: two sliders and the refund toggle, ~70 inputs
    overtime = slider(page, "Kutt i overtid (%)")
    substitute = slider(page, "Kutt i vikarkostnad (%)")
    refund = switch(page, "Regn med tapt statlig refusjon (netto)")
    for _ in range(70):
        x = d.rng.random()
        if x < 0.45:
            d.key(overtime, d.rng.choice(["ArrowRight", "ArrowRight", "PageUp", "ArrowLeft"]))
        elif x < 0.9:
            d.key(substitute, d.rng.choice(["ArrowRight", "ArrowRight", "ArrowLeft"]))
        else:
            d.click(refund)
        d.pause()
    wait_rerun(page, settle_ms=500)
    shown["overtime"] = value_of(overtime)
    shown["substitute"] = value_of(substitute)
    shown["refund"] = refund.is_checked()
    shot(page, "oversikt-after-burst")
    assert_clean(page)

    # --- Samlokalisering: the reported race, then a mixed burst, ~80 inputs
    go_to(page, "Samlokalisering", "samlokalisering")
    hab_on = switch(page, "Samlokaliser habilitering")
    synergy = slider(page, "Synergi dag/kveld (%)")
    for _ in range(6):  # toggle, then ~0.5 s later the slider's arrow keys
        d.click(hab_on)
        d.pause(0.35, 0.65)
        for _ in range(3):
            d.key(synergy, "ArrowRight")
            d.pause(0.0, 0.06)
    box = rule_box(page, "habilitering")
    max_res = box.get_by_role("slider").first
    awake_up = box.get_by_test_id("stNumberInputStepUp").first
    awake_down = box.get_by_test_id("stNumberInputStepDown").first
    for _ in range(56):
        x = d.rng.random()
        if x < 0.15:
            d.click(hab_on)
        elif x < 0.45:
            d.key(synergy, d.rng.choice(["ArrowRight", "ArrowLeft", "ArrowRight"]))
        elif x < 0.75:
            d.key(max_res, d.rng.choice(["ArrowRight", "ArrowLeft"]))
        elif x < 0.9:
            d.click(awake_up)
        else:
            d.click(awake_down)
        d.pause()
    if not hab_on.is_checked():  # end with the rule on, so the test sees it applied
        d.click(hab_on)
    wait_rerun(page, settle_ms=500)
    shown["hab_on"] = hab_on.is_checked()
    shown["synergy"] = value_of(synergy)
    shown["max"] = int(value_of(max_res))
    shown["awake"] = int(box.get_by_role("spinbutton").first.input_value())
    shown["resting"] = int(box.get_by_role("spinbutton").nth(1).input_value())
    shown["hab_dt"] = box.get_by_role("checkbox", name="Døgnturnus på ny lokasjon").is_checked()
    shown["hab_area"] = box.get_by_role("checkbox").first.is_checked()
    shot(page, "samlokalisering-after-burst")
    assert_clean(page)

    # --- Nattevakt: a slider and the per-site editor, interleaved, ~60 inputs
    go_to(page, "Nattevakt", "nattevakt")
    paid = slider(page, "Betalt andel av hvilende vakt")
    edits: dict[int, int] = {}
    for i in range(56):
        if i % 8 == 3:
            row, val = d.rng.randrange(0, 7), d.rng.randrange(0, 4)
            editor(page).scroll_into_view_if_needed()
            edit_awake(page, row, val)
            edits[row] = val
            d.n += 1
        else:
            d.key(paid, d.rng.choice(["ArrowRight", "ArrowRight", "ArrowLeft"]))
        d.pause()
    wait_rerun(page, settle_ms=500)
    # the paid share moves by one minute per hour (1/60) and shows three decimals
    # ("0,333"): the value is the sixtieth it shows
    shown["paid"] = round(value_of(paid) * 60) / 60
    changed = page.get_by_text(re.compile(r"^Endret for: ")).inner_text()
    names = changed.removeprefix("Endret for: ").split(", ")
    rows = {editor_cell(page, 0, row): row for row in range(8)}
    shown["editor"] = {
        n: (int(editor_cell(page, 1, rows[n])), int(editor_cell(page, 2, rows[n]))) for n in names
    }
    shot(page, "nattevakt-after-burst")
    assert_clean(page)
    assert d.n >= 200, d.n

    # --- the scenario the widgets show, built and evaluated here
    arrangement: dict[str, Any] = {"awake": shown["awake"], "resting": shown["resting"]}
    if shown["hab_dt"]:
        arrangement["dognturnus"] = True
    s = Scenario.model_validate(
        {
            "levers": {
                "overtime_cut_pct": shown["overtime"],
                "substitute_cut_pct": shown["substitute"],
            },
            "refund": {"enabled": shown["refund"]},
            "colocation": {
                "capacity_rules": [
                    {
                        "service": "habilitering",
                        "by_area": shown["hab_area"],
                        "max_residents": shown["max"],
                        "arrangement": arrangement,
                    }
                ]
                if shown["hab_on"]
                else [],
                "day_evening_synergy_pct": shown["synergy"],
            },
            "night": {
                "overrides": {
                    name: {"awake": awake, "resting": resting}
                    for name, (awake, resting) in shown["editor"].items()
                }
            },
            "params": {"resting_paid_fraction": shown["paid"]}
            if abs(shown["paid"] - DEMO.value("resting_paid_fraction")) > 1e-12
            else {},
        }
    )
    r = evaluate(DEMO, s)
    in_url = decode(parse_qs(urlparse(page.url).query)["s"][0])
    diff = f"widgets show {shown}\napp's scenario (URL) {in_url.model_dump(exclude_defaults=True)}"
    assert metric_value(page, "Netto besparelse") == mnok_nb(r.totals.net_savings_nok_per_year), (
        diff
    )
    assert metric_value(page, "Brutto besparelse") == mnok_nb(r.totals.gross_savings_nok_per_year)
    assert metric_value(page, "Investering (netto)") == mnok_nb(r.totals.net_investment_nok)

    # --- the widgets still show the same values on a second visit
    go_to(page, "Samlokalisering", "samlokalisering")
    assert switch(page, "Samlokaliser habilitering").is_checked() == shown["hab_on"]
    assert value_of(slider(page, "Synergi dag/kveld (%)")) == shown["synergy"]
    assert (
        int(value_of(rule_box(page, "habilitering").get_by_role("slider").first)) == (shown["max"])
    )
    go_to(page, "Oversikt", "")
    assert value_of(slider(page, "Kutt i overtid (%)")) == shown["overtime"]
    assert value_of(slider(page, "Kutt i vikarkostnad (%)")) == shown["substitute"]
    assert metric_value(page, "Netto besparelse") == mnok_nb(r.totals.net_savings_nok_per_year)
    shot(page, "oversikt-revisited")
    assert_clean(page)

    log = app_server.log_path.read_text(encoding="utf-8", errors="replace")[len(log_before) :]
    assert "Traceback" not in log, log[-4000:]
    assert "Error" not in log, log[-4000:]
