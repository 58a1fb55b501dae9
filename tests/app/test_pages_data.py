"""AppTest: the Data page shows the baseline, imports validated data and switches."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from model.loader import DATA_DIR, DEFAULT_BASELINE, load_baseline
from tests.app.helpers import ENTRY, assert_ok, frame, metrics
from ui.safe import md

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "data.py")


@pytest.fixture
def at(tmp_path, monkeypatch) -> AppTest:
    monkeypatch.setenv("SIMULATOR_DB", str(tmp_path / "app.duckdb"))
    st.cache_resource.clear()
    st.cache_data.clear()
    at = AppTest.from_file(ENTRY, default_timeout=30)
    at.run()
    at.switch_page(PAGE).run()
    assert_ok(at)
    return at


def sites_csv(places_kvasten: int) -> bytes:
    text = (DATA_DIR / "demo" / "sites.csv").read_text(encoding="utf-8")
    old = "Kvasten,avlastning,Lindås/Knarvik,Avlastning,5,"
    assert old in text
    return text.replace(
        old, f"Kvasten,avlastning,Lindås/Knarvik,Avlastning,{places_kvasten},"
    ).encode()


def test_shows_baseline_and_every_parameter(at, demo) -> None:
    m = metrics(at)
    assert m["Grunnlag"] == demo.name
    assert m["Kommune"] == demo.municipality
    assert m["År"] == str(demo.year)
    assert any(demo.hash in x.value for x in at.markdown)
    params = frame(at, "Nøkkel")
    assert sorted(params["Nøkkel"]) == sorted(demo.parameters)
    row = params.set_index("Nøkkel").loc["cost_per_gross_fte_nok"]
    assert row["Verdi"] == "800\xa0000 kr/årsverk"
    assert row["År"] == "2020"
    assert row["Status"] == "publisert"
    assert row["Spenn (lav–høy)"] == "700\xa0000 kr/årsverk – 800\xa0000 kr/årsverk"
    assert set(params["Status"]) <= {"publisert", "utledet", "rekonstruert", "antakelse"}
    sites = frame(at, "Lokasjon")
    assert len(sites) == len(demo.sites)
    assert set(sites["Status"]) == {"rekonstruert"}
    assert len(frame(at, "Innslagspunkt (kr)")) == len(demo.refund_rules)
    assert any("rekonstruert slik at summene stemmer" in i.value for i in at.info)
    # template and exports are offered when the storage modules exist
    keys = {b.key for b in at.get("download_button")}
    if importlib.util.find_spec("storage.template"):
        assert "data:template" in keys
    if importlib.util.find_spec("storage.export"):
        assert {"data:export_xlsx", "data:export_csv_measures", "data:export_csv_sites"} <= keys


def test_bad_upload_shows_report_not_traceback(at, demo) -> None:
    at.file_uploader(key="data:upload").set_value(
        ("lokasjoner.csv", b"name,service,places\nX,ukjent,abc\n", "text/csv")
    )
    at.text_input(key="data:imp_name").input("egen")
    at.text_input(key="data:imp_muni").input("Testkommune")
    at.button(key="data:import").click().run()
    assert not at.exception
    assert any("ble ikke lagret" in e.value for e in at.error)
    report = frame(at, "Melding")
    assert list(report.columns) == ["Ark/fil", "Rad", "Kolonne", "Verdi", "Forventet", "Melding"]
    assert len(report) >= 1
    assert metrics(at)["Grunnlag"] == load_baseline("demo").name


def test_no_files_is_a_message(at) -> None:
    at.text_input(key="data:imp_name").input("egen")
    at.button(key="data:import").click().run()
    assert not at.exception
    assert any("Ingen filer" in m for m in frame(at, "Melding")["Melding"])


def test_good_upload_is_saved_and_selected_then_switch_back(at, demo) -> None:
    # A baseline is whole: the parameters are uploaded too (left-out tables are empty).
    params = (DATA_DIR / "demo" / "parameters.csv").read_bytes()
    at.file_uploader(key="data:upload").set_value(
        [("sites.csv", sites_csv(7), "text/csv"), ("parameters.csv", params, "text/csv")]
    )
    at.text_input(key="data:imp_name").input("egen-2024")
    at.text_input(key="data:imp_muni").input("Testkommune")
    at.number_input(key="data:imp_year").set_value(2024)
    at.button(key="data:import").click().run()
    assert_ok(at)
    assert any("Importert og valgt" in s.value for s in at.success)
    m = metrics(at)
    assert m["Grunnlag"] == "egen-2024"
    assert m["Kommune"] == "Testkommune"
    assert m["År"] == "2024"
    sites = frame(at, "Lokasjon").set_index("Lokasjon")
    assert sites.loc["Kvasten", "Plasser"] == "7"
    assert at.selectbox(key="data:baseline_pick").value == "egen-2024"
    # the headline of every page now uses the imported data
    assert any("Testkommune 2024" in c.value for c in at.caption)

    at.selectbox(key="data:baseline_pick").set_value(DEFAULT_BASELINE).run()
    assert_ok(at)
    assert metrics(at)["Grunnlag"] == load_baseline("demo").name
    assert frame(at, "Lokasjon").set_index("Lokasjon").loc["Kvasten", "Plasser"] == "5"


def test_workshop_mode_hides_tables(at) -> None:
    at.toggle(key="workshop").set_value(True).run()
    assert_ok(at)
    assert len(at.main.dataframe) == 0
    assert len(at.main.file_uploader) == 0


def test_export_calls_used_by_the_page(demo) -> None:
    """The page calls the storage exports exactly like this when a button is clicked."""
    from model import Scenario, evaluate
    from storage.export import result_to_csv, result_to_xlsx
    from storage.template import template_xlsx

    s = Scenario.model_validate({"levers": {"overtime_cut_pct": 10}})
    r = evaluate(demo, s)
    assert result_to_xlsx(r, s, demo, lang="nb")[:2] == b"PK"
    for table in ("measures", "years", "sites"):
        assert result_to_csv(r, table, lang="en")
    assert template_xlsx(demo)[:2] == b"PK"


def test_parameter_units_in_english(at) -> None:
    """The data's units are written in bokmål; the English UI shows them in English."""
    at.radio(key="lang").set_value("en").run()
    assert_ok(at)
    params = frame(at, "Key").set_index("Key")
    row = params.loc["cost_per_gross_fte_nok"]
    assert row["Value"] == "800,000 NOK/FTE"
    assert row["Unit"] == "NOK/FTE"
    assert row["Range (low–high)"] == "700,000 NOK/FTE – 800,000 NOK/FTE"
    words = {w for u in params["Unit"].astype(str) for w in u.split("/")}
    assert not words & {"kr", "år", "timer", "time", "beboer", "enhet", "netter", "ja=1"}
    assert {"NOK", "year", "hours"} <= words


def test_parameter_sources_and_notes_follow_the_language(at) -> None:
    """Sources and notes are bokmål in the bokmål UI and English (``source_en``/``note_en``)
    in the English UI; the table of tables lists the English sources too."""
    params = frame(at, "Nøkkel").set_index("Nøkkel")
    row = params.loc["annual_pay_nok"]
    assert row["Kilde"] == "Antakelse for demo: brukes bare når tilleggssatser regnes etter KS 2023"
    assert row["Merknad"] == "Timelønn = årslønn / (52 × ukentlig arbeidstid)"
    at.radio(key="lang").set_value("en").run()
    assert_ok(at)
    params = frame(at, "Key").set_index("Key")
    row = params.loc["annual_pay_nok"]
    assert row["Source"] == "Demo assumption: used only when supplement rates follow KS 2023"
    assert row["Note"] == "Hourly pay = annual pay / (52 × weekly working hours)"
    assert params.loc["fixed_pay_nok", "Source"] == (
        "PwC 2021: fixed pay about NOK 195 million/year"
    )
    sources = " ".join(params["Source"].astype(str)) + " ".join(params["Note"].astype(str))
    for word in ("Antakelse", "ikke oppgitt", "mill. kr", "tilleggstabell", "dagens"):
        assert word not in sources, word
    tables = frame(at, "Table").set_index("Table")
    assert "Demo assumption" in tables.loc["Parameters", "Source"]
    assert "Antakelse" not in tables.loc["Parameters", "Source"]


def test_description_and_refund_sources_follow_the_language(at, demo) -> None:
    """The baseline's description and the refund rules' sources (about.csv
    ``description_en``, refund_rules.csv ``source_en``) in the UI's language."""
    assert any(md(demo.description) in c.value for c in at.caption)
    rules = frame(at, "Innslagspunkt (kr)")
    rules = rules.set_index(rules["År"].astype(str))
    assert rules.loc["2021", "Kilde"] == "Helsedirektoratet, rundskriv IS-4/2021"
    at.radio(key="lang").set_value("en").run()
    assert_ok(at)
    assert demo.description_en.startswith("Alver municipality 2020")
    assert any(md(demo.description_en) in c.value for c in at.caption)
    assert not any(md(demo.description) in c.value for c in at.caption)
    rules = frame(at, "Threshold (NOK)")
    rules = rules.set_index(rules["Year"].astype(str))
    assert rules.loc["2021", "Source"] == "Norwegian Directorate of Health, circular IS-4/2021"
    assert not any("rundskriv" in str(x) for x in rules["Source"])
