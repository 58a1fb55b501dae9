"""AppTest: the «Økonomiplan og handlingsrom» page inside the real app frame."""

from __future__ import annotations

from pathlib import Path

import pytest

from model import Scenario, evaluate
from model.economy import GapSettings, budget_gap, effects_from_result
from model.economy.loader import load_economy
from model.loader import load_baseline
from tests.app.helpers import NB, assert_ok, chart_data, metrics, mnok, page_opener

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "okonomi.py")
K = "econ:okonomi"


@pytest.fixture
def open_page(tmp_path, monkeypatch):
    return page_opener(PAGE, tmp_path, monkeypatch)


def texts(at) -> str:
    return " ".join(
        [c.value for c in at.caption]
        + [m.value for m in at.markdown]
        + [x.value for x in at.info]
        + [x.value for x in at.warning]
    )


def test_demo_baseline_opens_on_its_own_budget(open_page) -> None:
    at = open_page()
    assert at.selectbox(key=f"{K}:set").value == "alver-2020"
    m = metrics(at)
    # Alver set: requirement 20 MNOK in 2030 (a labelled assumption), nothing closed yet
    assert m["Krav 2030"] == mnok(20e6)
    assert m["Dekket av tiltakene"] == mnok(0)
    assert m["Gjenstår"] == mnok(20e6)
    t = texts(at)
    assert "antakelse (demo)" in t
    # no borrowed figures: the Alver set has no projection and no KOSTRA table
    assert "datasettet har ingen befolkningsframskriving" in t
    assert "datasettet har ikke KOSTRA-tall" in t
    assert not any(k.startswith("Handlingsrom") for k in m)


def test_gap_follows_the_scenario(open_page) -> None:
    s = Scenario.model_validate(
        {
            "custom": [{"id": "journal", "label": "Postjournal", "savings_nok_per_year": 4e6}],
            "coverage": {"target_rate": 0.145},
        }
    )
    at = open_page(s)
    m = metrics(at)
    # hand-computed: 4 MNOK a year from 2027 against 20 MNOK required in 2030
    assert m["Dekket av tiltakene"] == mnok(4e6)
    assert m["Gjenstår"] == mnok(16e6)
    assert m["Andel dekket"] == f"20{NB}%"
    assert f"Tiltakene dekker {mnok(4e6)} av {mnok(20e6)} i 2030" in texts(at)
    # the measures table names the measure; coverage (avoided cost) is not counted yet
    table = next(d.value for d in at.dataframe if "Tiltak" in d.value.columns)
    assert "Postjournal" in list(table["Tiltak"])
    assert list(table["2030"])[list(table["Tiltak"]).index("Postjournal")] == mnok(4e6)
    before = at.session_state["scenario"]
    at.toggle(key=f"{K}:count_avoided").set_value(True).run()
    assert_ok(at)
    # the avoided cost (if this baseline's scenario has any) now counts too
    r = evaluate(load_baseline("demo"), s)
    g = budget_gap(
        load_economy("alver-2020").budget,
        effects_from_result(r),
        r.plan_years,
        GapSettings.model_validate({"count": ["cut", "refund", "avoided"]}),
    )
    assert metrics(at)["Dekket av tiltakene"] == mnok(g.years[-1].closed_nok)
    assert at.session_state["scenario"] == before  # page settings never change the scenario
    # the chart's bars are the counted effects per year and measure
    frames = [f for f in chart_data(at) if "value_mnok" in f.columns]
    assert frames and set(frames[0]["year"]) == {2027, 2028, 2029, 2030}


def test_sogndal_handlingsrom_and_demography(open_page) -> None:
    at = open_page(
        Scenario.model_validate(
            {"coverage": {"target_rate": 0.163, "hdo_target_fte_per_resident": 0.6}}
        )
    )
    at.selectbox(key=f"{K}:set").set_value("sogndal-2021").run()
    assert_ok(at)
    m = metrics(at)
    assert m["Handlingsrom 2021"] == mnok(95.7e6)
    assert m["Sum av områdene"] == mnok(91.4e6)
    assert m["Ikke spesifisert"] == mnok(4.3e6)
    assert m["80+ i 2021 → 2050"] == f"534 → 1{NB}294"
    table = next(d.value for d in at.dataframe if "Handlingsrom" in d.value.columns)
    assert list(table["Handlingsrom"]) == [
        mnok(17.8e6),
        mnok(14.4e6),
        mnok(34.8e6),
        mnok(24.4e6),
        mnok(4.3e6),
        mnok(95.7e6),
    ]
    assert "Ikke spesifisert i rapporten" in " ".join(table["Tjenesteområde"])
    t = texts(at)
    assert "antakelser for demonstrasjon, ikke SSB-tall" in t
    # 2030/2040/2050 for each level, and the nursing-home target table
    ms = next(d.value for d in at.dataframe if "Endring årsverk" in d.value.columns)
    assert sorted(set(ms["År"])) == ["2030", "2040", "2050"]
    nt = next(d.value for d in at.dataframe if "Unngåtte plasser" in d.value.columns)
    assert list(nt["År"]) == ["2030", "2040", "2050"]
    # population by age group at the base year and the milestones (demo file: 2021 values;
    # 2050 = 2021 × growth^29, rounded in the file: 434 × 1.03^29 = 1 023, 100 × 1.035^29 = 271)
    pop = next(
        d.value
        for d in at.dataframe
        if "Aldersgruppe" in d.value.columns and "2021" in d.value.columns
    )
    assert list(pop["Aldersgruppe"]) == ["0-66", "67-79", "80-89", "90+", "80+"]
    assert list(pop["2021"]) == [f"10{NB}000", f"1{NB}500", "434", "100", "534"]
    assert list(pop["2050"])[2:] == [f"1{NB}023", "271", f"1{NB}294"]
    cov = next(d.value for d in at.dataframe if "Brukere per innbygger" in d.value.columns)
    assert len(cov) == 10 and set(cov["Status"]) == {"antakelse"}
    # 24/7 housing at the scenario's 0.6 FTE per resident against today's 0.98 (Sogndal)
    hdo = next(d.value for d in at.dataframe if "Årsverk, mål" in d.value.columns)
    assert list(hdo["År"]) == ["2030", "2040", "2050"]
    # the horizon is a setting: 2040 drops 2050
    at.number_input(key=f"{K}:horizon").set_value(2040).run()
    ms = next(d.value for d in at.dataframe if "Endring årsverk" in d.value.columns)
    assert sorted(set(ms["År"])) == ["2030", "2040"]


def test_alesund_table_as_published(open_page) -> None:
    at = open_page()
    at.selectbox(key=f"{K}:set").set_value("alesund-2020").run()
    assert_ok(at)
    m = metrics(at)
    assert m["Handlingsrom 2020"] == mnok(247.4e6)
    assert m["Egen kostnad per innbygger"] == f"22{NB}732{NB}kr"
    assert m["Referansen per innbygger"] == f"19{NB}021{NB}kr"
    table = next(d.value for d in at.dataframe if "Handlingsrom" in d.value.columns)
    assert list(table["Handlingsrom"]) == [
        mnok(171.3e6),
        mnok(-6.7e6),
        mnok(82.7e6),
        mnok(247.4e6),
    ]
    assert list(table["Egen kr/innb."])[:3] == [f"14{NB}945", f"1{NB}390", f"6{NB}397"]
    # a caption tells that the figures are Ålesund's, not the baseline's
    assert "ikke grunnlaget" in texts(at)
    # Ålesund publishes no projection, only the 2050 statement
    assert "mer enn dobbelt så høyt i 2050" in texts(at)
    bars = next(f for f in chart_data(at) if "value_mnok" in f.columns and "kind" in f.columns)
    assert list(bars["kind"]) == ["pos", "neg", "pos"]


def test_english(open_page, tmp_path, monkeypatch) -> None:
    at = open_page()
    at.session_state["lang"] = "en"
    at.run()
    assert_ok(at)
    m = metrics(at)
    assert m["Requirement 2030"] == "NOK\u00a020.0m"
    assert any(h.value == "Economic plan and room for action" for h in at.title)


def test_unusable_uploads_are_explained_not_crashed(open_page) -> None:
    """Files that parse but cannot be used (ages missing, a figure missing) give the
    model's message on the page; nothing else breaks."""
    from model.economy.tables import parse_kostra, parse_population

    at = open_page()
    at.selectbox(key=f"{K}:set").set_value("alesund-2020").run()
    pop = parse_population(
        "region,alder,år,alternativ,verdi\nX,80-89,2024,MMMM,100\nX,90+,2024,MMMM,20\n"
    )
    kostra = parse_kostra(
        "region,indicator,year,value\nÅlesund,noe annet,2020,1\n"
        "Snitt av 16 utvalgte kommuner,noe annet,2020,1\n"
    )
    at.session_state[f"{K}:uploads"] = {"population": ("pop.csv", pop), "kostra": ("k.csv", kostra)}
    at.run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert "Befolkningstallene kan ikke brukes:" in errors
    assert "Handlingsrommet kan ikke beregnes:" in errors
    problems = " ".join(
        " ".join(d.value["Feil"]) for d in at.dataframe if "Feil" in d.value.columns
    )
    assert "aldersgruppe 0-66 er ikke dekket fullt ut (mangler fra alder 0)" in problems
    assert "Mangler tall for «Ålesund»" in problems and "legg det inn i KOSTRA-filen" in problems
    # the budget section of the Ålesund set is unaffected (it has none, and says so)
    assert "datasettet har ikke budsjett" in texts(at)


def test_workshop_mode_keeps_figures_and_charts(open_page) -> None:
    at = open_page()
    at.selectbox(key=f"{K}:set").set_value("sogndal-2021").run()
    at.session_state["workshop"] = True
    at.run()
    assert_ok(at)
    m = metrics(at)
    assert m["Handlingsrom 2021"] == mnok(95.7e6)
    assert len(at.get("vega_lite_chart")) == 2  # need and handlingsrom
    cols = [set(d.value.columns) for d in at.dataframe]
    assert not any("Endring årsverk" in c or "Handlingsrom" in c for c in cols)


def test_sogndal_baseline_opens_on_its_own_set(tmp_path, monkeypatch) -> None:
    """A link to the Sogndal baseline opens the page on Sogndal's own economy data (no
    borrowed budget, and no 'not the baseline' note)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from tests.app.helpers import ENTRY

    monkeypatch.setenv("SIMULATOR_DB", str(tmp_path / "app.duckdb"))
    st.cache_resource.clear()
    at = AppTest.from_file(ENTRY, default_timeout=60)
    at.query_params["b"] = "Sogndal 2021 (Agenda Kaupang)"
    at.run()
    at.switch_page(PAGE).run()
    assert_ok(at)
    assert at.selectbox(key=f"{K}:set").value == "sogndal-2021"
    t = texts(at)
    assert "ikke grunnlaget" not in t
    assert "Sogndal: datasettet har ikke budsjett og innsparingskrav" in t
    assert metrics(at)["Handlingsrom 2021"] == mnok(95.7e6)


def _english_sogndal(tmp_path, monkeypatch):
    """A fresh app in English from its first run, on the Sogndal baseline's own set (an
    AppTest cannot rerun a page after its language changed: translated select boxes)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from tests.app.helpers import ENTRY

    monkeypatch.setenv("SIMULATOR_DB", str(tmp_path / "app.duckdb"))
    st.cache_resource.clear()
    at = AppTest.from_file(ENTRY, default_timeout=60)
    at.query_params["b"] = "Sogndal 2021 (Agenda Kaupang)"
    at.session_state["lang"] = "en"
    at.run()
    at.switch_page(PAGE).run()
    assert_ok(at)
    assert at.selectbox(key=f"{K}:set").value == "sogndal-2021"
    return at


def test_english_sources(open_page, tmp_path, monkeypatch) -> None:
    """The English UI shows the economy data's sources in English (issue 9: no Norwegian
    words except proper names); the bokmål UI keeps the bokmål ones."""
    at = open_page()
    # bokmål: the reference overspend's source (Alver set's budget section)
    t = texts(at).replace("\\:\u2060", ":")  # w.md escapes the colon
    assert "Molde og Kristiansund (2025): «vært et merforbruk på henholdsvis 22,8 %" in t
    at.session_state["lang"] = "en"
    at.run()
    assert_ok(at)
    t = texts(at).replace("\\:\u2060", ":")
    assert "Molde and Kristiansund (2025): “has been an overspend of 22.8 %" in t
    assert "Molde og Kristiansund (2025)" not in t

    at = _english_sogndal(tmp_path, monkeypatch)
    t = texts(at).replace("\\:\u2060", ":")
    assert "Agenda Kaupang (2022) for Sogndal municipality: “NOK 95.7 million (gross)”" in t
    assert "Assumption (demo): 2021 figures and constant annual growth" in t
    assert "Sogndal kommune" not in t and "Antakelse (demo)" not in t
    sources = [s for d in at.dataframe if "Source" in d.value.columns for s in d.value["Source"]]
    assert "As above: 53 of 93 places assumed used by ages 80–89 (53 / 434 = 0.1221)" in sources
    assert "Demo assumption" in sources and "Som over" not in sources
