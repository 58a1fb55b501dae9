"""Decimal sliders show the UI's number format and a unit ("4,5 %" / "4.5 %"), keep the
scenario's float exactly (also a value off the slider's grid, from a link), and go through
the same lever machinery as every other scenario widget (issue 9, item 4)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from model import Scenario
from model.codec import decode
from tests.app.helpers import (
    assert_ok,
    page_opener,
    page_path,
    slider,
    slider_labels,
    slider_text,
)

NB = "\u00a0"
OVERTIME = "lv:levers.overtime_cut_pct"
SYNERGY = "lv:colocation.day_evening_synergy_pct"
INTEREST = "lv:params.interest_rate"
PAID = "lv:params.resting_paid_fraction"
SOGNDAL = "Sogndal 2021 (Agenda Kaupang)"


@pytest.fixture
def open_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    def _open(name: str, scenario: Scenario | None = None, **kw: str) -> AppTest:
        return page_opener(page_path(name), tmp_path, monkeypatch)(scenario, **kw)

    return _open


def scenario_of(at: AppTest) -> Scenario:
    s = at.session_state["scenario"]
    assert isinstance(s, Scenario)
    return s


# ------------------------------------------------------------------- labels
def test_bokmal_labels_have_decimal_commas_and_unit(open_page) -> None:
    at = open_page("oversikt")
    labels = slider_labels(at, OVERTIME)
    # 0–100 % by 0.5: 201 options, written the Norwegian way
    assert len(labels) == 201
    assert labels[0] == f"0,0{NB}%"
    assert labels[9] == f"4,5{NB}%"
    assert labels[-1] == f"100,0{NB}%"
    assert not any("." in x for x in labels)
    # the 0–20 % levers by 0.5
    rota = slider_labels(at, "lv:levers.rota_hours_cut_pct")
    assert (len(rota), rota[-1]) == (41, f"20,0{NB}%")

    slider(at, OVERTIME).set_value(4.5).run()
    assert_ok(at)
    assert slider_text(at, OVERTIME) == f"4,5{NB}%"
    assert scenario_of(at).levers.overtime_cut_pct == 4.5


def test_english_labels_have_decimal_points(open_page) -> None:
    at = open_page("oversikt")
    at.session_state["lang"] = "en"
    at.run()
    assert_ok(at)
    labels = slider_labels(at, OVERTIME)
    assert labels[9] == f"4.5{NB}%"
    assert labels[-1] == f"100.0{NB}%"
    slider(at, OVERTIME).set_value(33.5).run()
    assert slider_text(at, OVERTIME) == f"33.5{NB}%"
    assert scenario_of(at).levers.overtime_cut_pct == 33.5


def test_percent_parameter_and_units_per_page(open_page) -> None:
    at = open_page("samlokalisering")
    # interest: a share (0.04) shown as a percentage on a 0.1 grid
    rate = slider_labels(at, INTEREST)
    assert (len(rate), rate[40], rate[-1]) == (151, f"4,0{NB}%", f"15,0{NB}%")
    assert slider_text(at, INTEREST) == f"4,0{NB}%"
    slider(at, INTEREST).set_value(4.5).run()
    assert_ok(at)
    assert scenario_of(at).params["interest_rate"] == pytest.approx(0.045, abs=1e-15)
    assert slider_text(at, INTEREST) == f"4,5{NB}%"

    at = open_page("nattevakt")
    # one minute per hour: 0–1 by 1/60, three decimals; 1/3 is the baseline's own value
    paid = slider_labels(at, PAID)
    assert (len(paid), paid[20], paid[30]) == (61, "0,333", "0,500")
    assert slider(at, PAID).value == 1 / 3
    slider(at, PAID).set_value(0.5).run()
    assert_ok(at)
    assert scenario_of(at).params["resting_paid_fraction"] == 0.5

    at = open_page(
        "nattevakt",
        Scenario.model_validate({"night": {"shift_hours": 8.5}, "digital": {"enabled": True}}),
    )
    assert slider_text(at, "lv:night.shift_hours") == f"8,5{NB}t"
    assert slider_text(at, "lv:params.digital_effect_realisation") == "1,00"

    at = open_page(
        "dekningsgrad",
        Scenario.model_validate({"coverage": {"hdo_target_fte_per_resident": 0.75}}),
        baseline=SOGNDAL,
    )
    assert slider_text(at, "lv:dekningsgrad:hdo_target") == f"0,75{NB}årsverk"


# --------------------------------------------------------------- off the grid
def test_value_off_the_grid_from_a_link_is_kept_exactly(open_page) -> None:
    s = Scenario(levers={"overtime_cut_pct": 12.3, "substitute_cut_pct": 7.25})
    at = open_page("oversikt", s)
    # shown as it is, between its grid neighbours, and not snapped
    labels = slider_labels(at, OVERTIME)
    assert len(labels) == 202
    i = labels.index(f"12,3{NB}%")
    assert labels[i - 1 : i + 2] == [f"12,0{NB}%", f"12,3{NB}%", f"12,5{NB}%"]
    assert slider(at, OVERTIME).value == 12.3
    assert slider_text(at, "lv:levers.substitute_cut_pct") == f"7,25{NB}%"
    # moving another lever keeps both values exactly
    slider(at, "lv:levers.rota_hours_cut_pct").set_value(2.0).run()
    assert_ok(at)
    assert scenario_of(at).levers.overtime_cut_pct == 12.3
    assert scenario_of(at).levers.substitute_cut_pct == 7.25
    assert decode(at.query_params["s"]).levers.overtime_cut_pct == 12.3
    # once moved onto the grid, the off-grid option is gone
    slider(at, OVERTIME).set_value(12.5).run()
    assert scenario_of(at).levers.overtime_cut_pct == 12.5
    assert len(slider_labels(at, OVERTIME)) == 201


def test_repeating_decimal_from_a_link_reads_short_and_is_kept(open_page) -> None:
    """PwC's "a third of overtime" (100/3) reads 33,33 % on the slider, not 33,333333 %,
    and the scenario keeps the exact third."""
    s = Scenario(levers={"overtime_cut_pct": 100 / 3})
    at = open_page("oversikt", s)
    assert slider_text(at, OVERTIME) == f"33,33{NB}%"
    assert scenario_of(at).levers.overtime_cut_pct == 100 / 3
    slider(at, "lv:levers.rota_hours_cut_pct").set_value(2.0).run()
    assert scenario_of(at).levers.overtime_cut_pct == 100 / 3


def test_value_above_the_slider_range_is_shown(open_page) -> None:
    """The synergy slider goes to 20 %; a link may carry up to 50 % (the model's limit)."""
    at = open_page("samlokalisering", Scenario(colocation={"day_evening_synergy_pct": 32.5}))
    labels = slider_labels(at, SYNERGY)
    assert labels[-2:] == [f"20,0{NB}%", f"32,5{NB}%"]
    assert slider_text(at, SYNERGY) == f"32,5{NB}%"
    assert scenario_of(at).colocation.day_evening_synergy_pct == 32.5


def test_percent_parameter_off_the_grid_is_kept(open_page) -> None:
    """A share (0.0425) shown as 4,25 % and left exactly as it is in the scenario."""
    at = open_page("samlokalisering", Scenario(params={"interest_rate": 0.0425}))
    assert slider_text(at, INTEREST) == f"4,25{NB}%"
    slider(at, SYNERGY).set_value(1.5).run()
    assert_ok(at)
    assert scenario_of(at).params["interest_rate"] == 0.0425


# ------------------------------------------------------------------ the grid
def test_grid_floats_are_the_ones_a_user_would_type() -> None:
    from ui.widgets import MAX_OPTIONS, _grid

    tenths = _grid(0.0, 15.0, 0.1)
    assert len(tenths) == 151
    assert tenths[3] == 0.3 and tenths[7] == 0.7 and tenths[-1] == 15.0  # not 0.30000000000000004
    assert _grid(-5.0, 10.0, 0.1)[:2] == (-5.0, -4.9)
    assert "-0.0" not in {repr(x) for x in _grid(-5.0, 10.0, 0.1)}  # never "-0,0 %"
    sixtieths = _grid(0.0, 1.0, 1 / 60)
    assert sixtieths[20] == 1 / 3 and sixtieths[30] == 0.5 and len(sixtieths) == 61
    with pytest.raises(ValueError, match="more than"):
        _grid(0.0, 1000.0, 0.01)
    assert len(_grid(0.0, 20.0, 0.01)) == 2001 <= MAX_OPTIONS


def test_slider_benchmark_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """``python -m benchmarks.sliders`` end to end on a tiny load (figures, not timings)."""
    from benchmarks.sliders import measure

    monkeypatch.setenv("SLIDER_BENCH_MODE", "")  # restored after the test
    times, select_bytes = measure("select", 3)
    assert len(times) == 3 and all(t > 0 for t in times)
    _, slider_bytes = measure("slider", 3)
    # the select_slider sends its 2 × 201 + 3 × 41 labels ("4,5 %") with every render
    assert select_bytes > slider_bytes + 525 * len("0,0\u00a0%")
