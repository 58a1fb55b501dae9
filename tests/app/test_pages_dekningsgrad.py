"""AppTest: the Dekningsgrad og bemanning page shows the model's figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from model import Scenario, evaluate
from tests.app.helpers import (
    NB,
    assert_ok,
    chart_data,
    fte,
    metrics,
    mnok,
    num,
    page_opener,
    pct,
)

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "dekningsgrad.py")


@pytest.fixture
def open_page(tmp_path, monkeypatch):
    return page_opener(PAGE, tmp_path, monkeypatch)


K = "lv:dekningsgrad"


def test_renders_with_sogndal_figures(open_page, demo) -> None:
    at = open_page()
    m = metrics(at)
    assert m["Normårsverk"] == "80,9"
    assert m["Årsverk i bruk"] == "108,0"
    assert m["Gap (årsverk)"] == "27,1"
    assert m["HDO: årsverk per beboer"] == "0,98 → 0,98"
    captions = " ".join(c.value for c in at.caption)
    assert "Sogndal 2021" in captions
    assert "I demoen er sykehjemstallene fra Sogndal 2021" in captions
    # the reference rates are on screen next to the slider
    for ref in ("16,3", "14,5", "10,0"):
        assert ref + NB + "%" in captions
    # the places chart: baseline vs scenario for every plan year
    r = evaluate(demo, Scenario())
    frames = [f for f in chart_data(at) if "places" in f.columns]
    assert len(frames) == 1
    assert len(frames[0]) == 2 * len(r.coverage)


def test_target_rate_matches_model(open_page, demo) -> None:
    at = open_page()
    at.button(key=f"{K}:preset:163").click().run()
    assert_ok(at)
    s = at.session_state["scenario"]
    assert s.coverage.target_rate == pytest.approx(0.163)
    assert at.toggle(key=f"{K}:target_on").value is True
    r = evaluate(demo, s)
    cov = r.measure("coverage_rate")
    m = metrics(at)
    assert m["Dekningsgrad: besparelse"] == mnok(cov.net_savings_nok_per_year) + "/år"
    assert m["Dekningsgrad: årsverk"] == fte(cov.fte_change)
    last = r.coverage[-1]
    assert m["Plasser siste planår"] == (
        f"{num(last.places_baseline)} → {num(last.places_scenario)}"
    )
    # the table per year shows the model's rows
    table = next(d.value for d in at.dataframe if "Befolkning 80+" in d.value.columns)
    assert list(table["År"]) == [str(c.year) for c in r.coverage]
    assert list(table["Dekningsgrad scenario"]) == [pct(c.rate_scenario) for c in r.coverage]
    assert list(table["Besparelse kr"]) == [mnok(c.savings_nok) for c in r.coverage]

    # the slider and the target year move the figures
    at.slider(key=f"{K}:target_pct").set_value(14.5).run()
    at.number_input(key=f"{K}:target_year").set_value(s.plan.start_year + 1).run()
    assert_ok(at)
    s = at.session_state["scenario"]
    assert s.coverage.target_rate == pytest.approx(0.145)
    assert s.coverage.target_year == s.plan.start_year + 1
    cov = evaluate(demo, s).measure("coverage_rate")
    assert metrics(at)["Dekningsgrad: besparelse"] == mnok(cov.net_savings_nok_per_year) + "/år"

    at.toggle(key=f"{K}:target_on").set_value(False).run()
    assert at.session_state["scenario"].coverage.target_rate is None
    assert metrics(at)["Dekningsgrad: besparelse"] == mnok(0) + "/år"


def test_staffing_norms_and_closure(open_page, demo) -> None:
    at = open_page()
    at.slider(key="lv:coverage.norm_closure_share").set_value(50.0).run()
    at.number_input(key=f"{K}:norm:langtid_somatikk").set_value(0.9).run()
    assert_ok(at)
    s = at.session_state["scenario"]
    assert s.coverage.norm_closure_share == pytest.approx(0.5)
    assert s.coverage.norms == {"langtid_somatikk": 0.9}
    r = evaluate(demo, s)
    m = metrics(at)
    assert m["Normårsverk"] == num(r.staffing.norm_fte) == "85,9"
    assert m["Bemanning: besparelse"] == (
        mnok(r.measure("staffing_norm").net_savings_nok_per_year) + "/år"
    )
    assert m["Bemanning: årsverk"] == fte(r.measure("staffing_norm").fte_change)
    # back to the baseline norm: the override disappears
    at.number_input(key=f"{K}:norm:langtid_somatikk").set_value(0.8).run()
    assert at.session_state["scenario"].coverage.norms == {}


def test_hdo_ratio(open_page, demo) -> None:
    at = open_page()
    at.toggle(key=f"{K}:hdo_on").set_value(True).run()
    assert_ok(at)
    s = at.session_state["scenario"]
    assert s.coverage.hdo_target_fte_per_resident == pytest.approx(0.6)
    hdo = evaluate(demo, s).measure("hdo_ratio")
    m = metrics(at)
    assert m["HDO: årsverk per beboer"] == "0,98 → 0,60"
    assert m["HDO: besparelse"] == mnok(hdo.net_savings_nok_per_year) + "/år"
    assert m["HDO: årsverk"] == fte(hdo.fte_change)
    at.slider(key=f"{K}:hdo_target").set_value(0.8).run()
    hdo = evaluate(demo, at.session_state["scenario"]).measure("hdo_ratio")
    assert metrics(at)["HDO: besparelse"] == mnok(hdo.net_savings_nok_per_year) + "/år"


def test_parameter_levers(open_page, demo) -> None:
    at = open_page(Scenario.model_validate({"coverage": {"target_rate": 0.15}}))
    at.slider(key="lv:params.population_80_growth").set_value(2.0).run()
    at.number_input(key="lv:params.cost_per_nursing_place_nok").set_value(1_200_000.0).run()
    assert_ok(at)
    s = at.session_state["scenario"]
    assert s.params["population_80_growth"] == pytest.approx(0.02)
    assert s.params["cost_per_nursing_place_nok"] == 1_200_000.0
    cov = evaluate(demo, s).measure("coverage_rate")
    assert metrics(at)["Dekningsgrad: besparelse"] == mnok(cov.net_savings_nok_per_year) + "/år"
    help_text = at.slider(key="lv:params.population_80_growth").help
    assert "2021" in help_text and "Kilde" in help_text and "antakelse" in help_text


def test_workshop_mode_shows_only_the_chart(open_page) -> None:
    """Presenter mode: the page's levers (the coverage target) and its main chart only."""
    at = open_page(Scenario.model_validate({"coverage": {"target_rate": 0.15}}))
    at.toggle(key="workshop").set_value(True).run()
    assert_ok(at)
    assert len(at.get("vega_lite_chart")) == 1
    assert "lv:dekningsgrad:target_pct" in [s.key for s in at.main.slider]
    assert "lv:dekningsgrad:target_year" in [n.key for n in at.main.number_input]
    assert len(at.main.dataframe) == 0


def test_english(open_page) -> None:
    at = open_page()
    at.session_state["lang"] = "en"
    at.run()
    assert_ok(at)
    assert metrics(at)["Norm FTE"] == "80.9"
