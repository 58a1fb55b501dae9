"""The frame's headline shows how much of the economic plan's savings requirement the
scenario closes (issue 11 item 1), when the baseline has a requirement, and nothing when
it has none.

Expected texts are written here with babel, independently of ``ui.fmt``; the figures are
hand-computed (a custom measure of 4 MNOK a year against the Alver set's requirement of
20 MNOK in 2030, a labelled assumption) and checked against the model's
``budget_gap``/``headline`` too.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from babel.numbers import format_decimal
from streamlit.testing.v1 import AppTest

from model import Scenario, evaluate
from model.codec import encode
from model.economy import GapSettings, budget_gap, effects_from_result, headline
from model.economy.loader import load_economy
from model.loader import load_baseline
from tests.app.helpers import ENTRY, assert_ok

NB = "\u00a0"
ALVER = "Alver 2020 (PwC)"
SOGNDAL = "Sogndal 2021 (Agenda Kaupang)"
FOUR_MNOK = Scenario.model_validate(
    {"custom": [{"id": "journal", "label": "Postjournal", "savings_nok_per_year": 4e6}]}
)


@pytest.fixture(autouse=True)
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIMULATOR_DB", str(tmp_path / "app.duckdb"))
    st.cache_resource.clear()
    st.cache_data.clear()


def open_app(query: dict[str, str]) -> AppTest:
    at = AppTest.from_file(ENTRY, default_timeout=60)
    at.query_params.update(query)
    at.run()
    assert_ok(at)
    return at


def mnok_nb(x: float) -> str:
    return format_decimal(x / 1e6, format="#,##0.0", locale="nb_NO") + f"{NB}mill.{NB}kr"


def mnok_en(x: float) -> str:
    return "NOK" + NB + format_decimal(x / 1e6, format="#,##0.0", locale="en_GB") + "m"


def model_headline(baseline: str, s: Scenario):
    r = evaluate(load_baseline(baseline), s)
    g = budget_gap(
        load_economy("alver-2020").budget, effects_from_result(r), r.plan_years, GapSettings()
    )
    return headline(g), g.counted


def figures(at: AppTest) -> dict[str, tuple[str, str]]:
    """label -> (value, the grey line under it)"""
    return {m.label: (m.value, m.proto.delta) for m in at.metric}


def test_headline_shows_the_share_of_the_requirement_closed_bokmal() -> None:
    h, counted = model_headline(ALVER, FOUR_MNOK)
    assert h is not None and counted == ["cut", "refund"]
    # by hand: 4 MNOK a year (a cut) from 2027 at full effect against 20 MNOK in 2030
    assert (h.year, h.closed_nok, h.requirement_nok) == (2030, pytest.approx(4e6), 20e6)
    at = open_app({"s": encode(FOUR_MNOK), "b": ALVER})
    value, line = figures(at)["Krav 2030 dekket"]
    assert value == mnok_nb(h.closed_nok) == f"4,0{NB}mill.{NB}kr"
    # names the requirement, that it is an assumption, and which kinds of money count
    assert line == f"av {mnok_nb(h.requirement_nok)} (antatt) · kutt + refusjon"
    assert line == f"av 20,0{NB}mill.{NB}kr (antatt) · kutt + refusjon"
    help_text = next(m.proto.help for m in at.metric if m.label == "Krav 2030 dekket")
    # the tooltip (escaped as Markdown, spaces flattened) says it as a sentence
    assert "Tiltakene dekker 4,0 mill. kr av 20,0 mill. kr i 2030" in help_text
    assert "antakelse" in help_text


def test_headline_shows_the_share_of_the_requirement_closed_english() -> None:
    h, _ = model_headline(ALVER, FOUR_MNOK)
    assert h is not None
    at = open_app({"s": encode(FOUR_MNOK), "b": ALVER, "lang": "en"})
    value, line = figures(at)["Requirement 2030 closed"]
    assert value == mnok_en(h.closed_nok) == f"NOK{NB}4.0m"
    assert line == f"of {mnok_en(h.requirement_nok)} (assumed) · cut + refund"


def test_headline_gap_follows_the_scenario() -> None:
    """The every-lever-free default: nothing closed yet; then a busier scenario."""
    at = open_app({"b": ALVER})
    assert figures(at)["Krav 2030 dekket"][0] == f"0,0{NB}mill.{NB}kr"
    s = Scenario.model_validate(
        {"levers": {"overtime_cut_pct": 30}, "custom": FOUR_MNOK.model_dump()["custom"]}
    )
    h, _ = model_headline(ALVER, s)
    assert h is not None and h.closed_nok > 4e6  # the overtime cut counts as a cut too
    at = open_app({"s": encode(s), "b": ALVER})
    assert figures(at)["Krav 2030 dekket"][0] == mnok_nb(h.closed_nok)


def test_no_requirement_no_figure() -> None:
    """Sogndal's economy set has no budget or requirement: no figure, no placeholder."""
    for lang in ("nb", "en"):
        at = open_app({"s": encode(FOUR_MNOK), "b": SOGNDAL, "lang": lang})
        labels = [m.label for m in at.metric]
        assert "Netto besparelse" in labels or "Net saving" in labels
        assert not [x for x in labels if x.startswith(("Krav", "Requirement"))], labels
        shown = " ".join(
            [m.value + " " + m.proto.delta for m in at.metric] + [c.value for c in at.caption]
        )
        assert "antatt" not in shown and "assumed" not in shown
        assert "refusjon ·" not in shown and "kutt + refusjon" not in shown
