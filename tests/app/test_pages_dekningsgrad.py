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
    slider,
)

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "dekningsgrad.py")


@pytest.fixture
def open_page(tmp_path, monkeypatch):
    return page_opener(PAGE, tmp_path, monkeypatch)


K = "lv:dekningsgrad"
SOGNDAL = "Sogndal 2021 (Agenda Kaupang)"  # the nursing-home figures are Sogndal's own


@pytest.fixture(scope="module")
def sogndal():
    from model.loader import load_baseline

    return load_baseline(SOGNDAL)


def test_renders_with_sogndal_figures(open_page, sogndal) -> None:
    at = open_page(baseline=SOGNDAL)
    m = metrics(at)
    assert m["Normårsverk"] == "80,9"
    assert m["Årsverk i bruk"] == "108,0"
    assert m["Gap (årsverk)"] == "27,1"
    assert m["HDO: årsverk per beboer"] == "0,98 → 0,98"
    captions = " ".join(c.value for c in at.caption)
    assert "Sogndal 2021" in captions
    assert "Grunnlag: Sogndal 2021" in captions
    # the reference rates are on screen next to the slider
    for ref in ("16,3", "14,5", "10,0"):
        assert ref + NB + "%" in captions
    # the places chart: baseline vs scenario for every plan year
    r = evaluate(sogndal, Scenario())
    frames = [f for f in chart_data(at) if "places" in f.columns]
    assert len(frames) == 1
    assert len(frames[0]) == 2 * len(r.coverage)


def test_target_rate_matches_model(open_page, sogndal) -> None:
    at = open_page(baseline=SOGNDAL)
    at.button(key=f"{K}:preset:163").click().run()
    assert_ok(at)
    s = at.session_state["scenario"]
    assert s.coverage.target_rate == pytest.approx(0.163)
    assert at.toggle(key=f"{K}:target_on").value is True
    r = evaluate(sogndal, s)
    cov = r.measure("coverage_rate")
    m = metrics(at)
    # the cut against the base year's accounts, by hand: (places today - target x 80+ in the
    # base year) x cost per place
    nh = sogndal.nursing_homes
    cut = (nh.places - 0.163 * nh.population_80_plus) * sogndal.value("cost_per_nursing_place_nok")
    assert m["Kutt mot basisåret"] == mnok(cut) + "/år"
    cs = r.coverage_summary
    assert m["Unngått, siste planår"] == mnok(cs.avoided_last_year_nok) + "/år"
    assert m["Unngått, sum planårene"] == mnok(cs.avoided_plan_years_nok)
    assert cov.avoided_nok_per_year == pytest.approx(cs.avoided_last_year_nok)
    captions = " ".join(c.value for c in at.caption)
    assert fte(cov.fte_change) in captions
    assert "ikke et kutt i dagens budsjett" in captions  # the model's explanation line
    last = r.coverage[-1]
    assert m["Plasser siste planår"] == (
        f"{num(last.places_baseline)} → {num(last.places_scenario)}"
    )
    # the table per year shows the model's rows
    table = next(d.value for d in at.dataframe if "Befolkning 80+" in d.value.columns)
    assert list(table["År"]) == [str(c.year) for c in r.coverage]
    assert list(table["Dekningsgrad scenario"]) == [pct(c.rate_scenario) for c in r.coverage]
    assert list(table["Unngått kostnad kr"]) == [mnok(c.avoided_nok) for c in r.coverage]
    assert list(table["Kutt mot i dag kr"]) == [mnok(c.cut_nok) for c in r.coverage]

    # the slider and the target year move the figures
    slider(at, key=f"{K}:target_pct").set_value(14.5).run()
    at.number_input(key=f"{K}:target_year").set_value(s.plan.start_year + 1).run()
    assert_ok(at)
    s = at.session_state["scenario"]
    assert s.coverage.target_rate == pytest.approx(0.145)
    assert s.coverage.target_year == s.plan.start_year + 1
    cs = evaluate(sogndal, s).coverage_summary
    label = "Unngått, siste planår"
    assert metrics(at)[label] == mnok(cs.avoided_last_year_nok) + "/år"

    at.toggle(key=f"{K}:target_on").set_value(False).run()
    assert at.session_state["scenario"].coverage.target_rate is None
    assert metrics(at)[label] == "–"
    assert metrics(at)["Kutt mot basisåret"] == "–"


def test_staffing_norms_and_closure(open_page, sogndal) -> None:
    at = open_page(baseline=SOGNDAL)
    slider(at, key="lv:coverage.norm_closure_share").set_value(50.0).run()
    at.number_input(key=f"{K}:norm:langtid_somatikk").set_value(0.9).run()
    assert_ok(at)
    s = at.session_state["scenario"]
    assert s.coverage.norm_closure_share == pytest.approx(0.5)
    assert s.coverage.norms == {"langtid_somatikk": 0.9}
    r = evaluate(sogndal, s)
    m = metrics(at)
    assert m["Normårsverk"] == num(r.staffing.norm_fte) == "85,9"
    assert m["Bemanning: besparelse"] == (
        mnok(r.measure("staffing_norm").net_savings_nok_per_year) + "/år"
    )
    assert m["Bemanning: årsverk"] == fte(r.measure("staffing_norm").fte_change)
    # back to the baseline norm: the override disappears
    at.number_input(key=f"{K}:norm:langtid_somatikk").set_value(0.8).run()
    assert at.session_state["scenario"].coverage.norms == {}


def test_hdo_ratio(open_page, sogndal) -> None:
    at = open_page(baseline=SOGNDAL)
    at.toggle(key=f"{K}:hdo_on").set_value(True).run()
    assert_ok(at)
    s = at.session_state["scenario"]
    assert s.coverage.hdo_target_fte_per_resident == pytest.approx(0.6)
    hdo = evaluate(sogndal, s).measure("hdo_ratio")
    m = metrics(at)
    assert m["HDO: årsverk per beboer"] == "0,98 → 0,60"
    assert m["HDO: besparelse"] == mnok(hdo.net_savings_nok_per_year) + "/år"
    assert m["HDO: årsverk"] == fte(hdo.fte_change)
    slider(at, key=f"{K}:hdo_target").set_value(0.8).run()
    hdo = evaluate(sogndal, at.session_state["scenario"]).measure("hdo_ratio")
    assert metrics(at)["HDO: besparelse"] == mnok(hdo.net_savings_nok_per_year) + "/år"


def test_parameter_levers(open_page, sogndal) -> None:
    at = open_page(Scenario.model_validate({"coverage": {"target_rate": 0.15}}), baseline=SOGNDAL)
    slider(at, key="lv:params.population_80_growth").set_value(2.0).run()
    at.number_input(key="lv:params.cost_per_nursing_place_nok").set_value(1_200_000.0).run()
    assert_ok(at)
    s = at.session_state["scenario"]
    assert s.params["population_80_growth"] == pytest.approx(0.02)
    assert s.params["cost_per_nursing_place_nok"] == 1_200_000.0
    cs = evaluate(sogndal, s).coverage_summary
    label = "Unngått, siste planår"
    assert metrics(at)[label] == mnok(cs.avoided_last_year_nok) + "/år"
    help_text = slider(at, key="lv:params.population_80_growth").help
    assert "2021" in help_text and "Kilde" in help_text and "antakelse" in help_text


def test_workshop_mode_shows_only_the_chart(open_page) -> None:
    """Presenter mode: the page's levers (the coverage target) and its main chart only."""
    at = open_page(Scenario.model_validate({"coverage": {"target_rate": 0.15}}), baseline=SOGNDAL)
    at.toggle(key="workshop").set_value(True).run()
    assert_ok(at)
    assert len(at.get("vega_lite_chart")) == 1
    assert "lv:dekningsgrad:target_pct" in [s.key for s in at.main.select_slider]
    assert "lv:dekningsgrad:target_year" in [n.key for n in at.main.number_input]
    assert len(at.main.dataframe) == 0


def test_english(open_page) -> None:
    at = open_page(baseline=SOGNDAL)
    at.session_state["lang"] = "en"
    at.run()
    assert_ok(at)
    assert metrics(at)["Norm FTE"] == "80.9"


def test_close_a_named_home_uses_its_own_figures(open_page, sogndal) -> None:
    at = open_page(baseline=SOGNDAL)
    at.multiselect(key=f"{K}:close_homes").set_value(["Svingen (SHOS)"]).run()
    assert_ok(at)
    assert at.session_state["scenario"].coverage.close_homes == ["Svingen (SHOS)"]
    closed = next(d.value for d in at.dataframe if "Sykehjem" in d.value.columns)
    row = closed.set_index("Sykehjem").loc["Svingen (SHOS)"]
    # Svingen: 6 places, its own 5 FTE (Agenda Kaupang 2022) x cost per nursing FTE
    assert row["Plasser"] == "6"
    assert row["Årsverk"] == "5,0"
    assert row["Kutt i dagens budsjett (kr/år)"] == mnok(
        5 * sogndal.value("cost_per_fte_nursing_nok")
    )
    assert row["Grunnlag for kostnaden"] == "egne årsverk × kostnad per årsverk"


def test_baseline_without_nursing_homes_says_what_to_upload(open_page) -> None:
    """Alver has no nursing-home data: the page says what to upload, and no coverage figure
    appears anywhere (not on the page, not in the headline), even with a coverage target."""
    alver = "Alver 2020 (PwC)"
    at = open_page(Scenario.model_validate({"coverage": {"target_rate": 0.15}}), baseline=alver)
    info = " ".join(i.value for i in at.info).replace("\\", "")  # as shown (md escapes)
    assert "har ikke sykehjemsdata" in info
    assert "nursing_homes.csv" in info and "population.csv" in info
    labels = [m.label for m in at.metric]
    assert not any(k in labels for k in ("Kutt mot basisåret", "Unngått, siste planår"))
    assert not any("Dekningsgrad" in k for k in labels)
    assert len(at.get("vega_lite_chart")) == 0 and len(at.main.dataframe) == 0
    # nothing borrowed: Sogndal's figures (93 places, 534 aged 80+) appear nowhere
    texts = [m.value for m in at.metric] + [c.value for c in at.caption] + [info]
    assert not any("Sogndal" in t or "534" in t for t in texts)
    # the headline sums no coverage money
    head = {m.label: m.value for m in at.metric}
    assert all("Dekningsgrad" not in k for k in head)
    assert head["Unngått kostnad"] == mnok(0)  # the target adds no avoided cost here


def test_nursing_home_sources_follow_the_language(open_page, sogndal) -> None:
    """The nursing homes' sources (nursing_homes.csv ``source_en``): bokmål in bokmål,
    English in English; the «FTE in use» help too."""
    at = open_page(baseline=SOGNDAL)
    captions = " ".join(c.value for c in at.caption)
    assert "Plasser per 31.12.2021" in captions
    at.session_state["lang"] = "en"
    at.run()
    assert_ok(at)
    captions = " ".join(c.value for c in at.caption)
    assert "Places as of 31.12.2021" in captions
    assert "8\\-place unit in Balestrand" in captions or "8-place unit in Balestrand" in captions
    assert "Plasser per" not in captions and "plasstype ikke oppgitt" not in captions
    fte_help = next(m for m in at.metric if m.label == "FTE in use").help
    assert "Places as of 31.12.2021" in fte_help and "Plasser per" not in fte_help
