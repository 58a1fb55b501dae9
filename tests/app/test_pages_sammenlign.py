"""AppTest: the Sammenlign page evaluates saved scenarios and shows them side by side."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from model import MODEL_VERSION, Scenario, evaluate
from storage import open_store
from tests.app.helpers import ENTRY, NB, assert_ok, mnok, num
from ui import tables

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "sammenlign.py")
PICK = "sammenlign:pick"


@pytest.fixture
def db(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "app.duckdb"
    monkeypatch.setenv("SIMULATOR_DB", str(path))
    st.cache_resource.clear()
    st.cache_data.clear()
    return path


def open_page() -> AppTest:
    at = AppTest.from_file(ENTRY, default_timeout=30)
    at.run()
    at.switch_page(PAGE).run()
    assert_ok(at)
    return at


def save(db: Path, demo, name: str, data: dict) -> tuple[str, Scenario]:
    s = Scenario.model_validate(data)
    saved = open_store(db).save_scenario(
        name=name,
        scenario=s,
        baseline_name=demo.name,
        baseline_hash=demo.hash,
        model_version=MODEL_VERSION,
    )
    return saved.id, s


def test_no_saved_scenarios(db) -> None:
    at = open_page()
    assert any("Ingen lagrede scenarioer" in i.value for i in at.info)
    assert any("minst to" in i.value for i in at.info)
    assert at.multiselect(key=PICK).value == ["__current__"]


def test_two_saved_scenarios_side_by_side(db, demo) -> None:
    rk = [x.name for x in demo.sites if x.housing and x.service.value == "ressurskrevende"]
    id_a, s_a = save(db, demo, "Kutt overtid", {"levers": {"overtime_cut_pct": 33}})
    id_b, s_b = save(
        db, demo, "RK samlet", {"colocation": {"merges": [{"name": "RK", "sites": rk}]}}
    )
    at = open_page()
    assert set(at.multiselect(key=PICK).options) >= {
        "Gjeldende scenario (ikke lagret)",
    }
    at.multiselect(key=PICK).set_value([id_a, id_b]).run()
    assert_ok(at)
    head = next(d.value for d in at.dataframe if "Nøkkeltall" in d.value.columns)
    assert list(head.columns) == ["Nøkkeltall", "Kutt overtid (v1)", "RK samlet (v1)"]
    rows = head.set_index("Nøkkeltall")
    for col, s in (("Kutt overtid (v1)", s_a), ("RK samlet (v1)", s_b)):
        t = evaluate(demo, s).totals
        assert rows.loc["Netto besparelse per år", col] == mnok(t.net_savings_nok_per_year)
        assert rows.loc["Brutto besparelse per år", col] == mnok(t.gross_savings_nok_per_year)
        assert rows.loc["Endring årsverk", col] == num(t.fte_change) + f"{NB}årsverk"
        assert rows.loc["Netto investering", col] == mnok(t.net_investment_nok)
        assert rows.loc["Tilbakebetalt, alle tiltak (år)", col] == (
            str(t.payback_year) if t.payback_year else "–"
        )
    meas = next(d.value for d in at.dataframe if "Tiltak" in d.value.columns)
    meas = meas.set_index("Tiltak")
    ot = evaluate(demo, s_a).measure("overtime")
    assert meas.loc["Redusere overtid", "Kutt overtid (v1): netto mill. kr/år"] == num(
        ot.net_savings_nok_per_year / 1e6
    )
    assert meas.loc["Redusere overtid", "RK samlet (v1): netto mill. kr/år"] == "–"
    # the grouped bar chart and the Excel download are there
    assert len(at.get("vega_lite_chart")) == 1
    keys = [b.key for b in at.get("download_button")]
    assert "xlsx:sammenlign:all" in keys


def test_current_scenario_and_workshop(db, demo) -> None:
    id_a, s_a = save(db, demo, "Kutt vikarer", {"levers": {"substitute_cut_pct": 5}})
    at = open_page()
    at.multiselect(key=PICK).set_value(["__current__", id_a]).run()
    assert_ok(at)
    head = next(d.value for d in at.dataframe if "Nøkkeltall" in d.value.columns)
    assert list(head.columns)[1:] == ["Gjeldende scenario", "Kutt vikarer (v1)"]
    at.toggle(key="workshop").set_value(True).run()
    assert_ok(at)
    # only the chart, computed from the kept selection
    assert len(at.get("vega_lite_chart")) == 1
    assert len(at.main.dataframe) == 0
    assert len(at.main.multiselect) == 0


def test_store_unavailable_is_explained(tmp_path, monkeypatch) -> None:
    # a directory is not a database file: the store cannot open
    monkeypatch.setenv("SIMULATOR_DB", str(tmp_path))
    st.cache_resource.clear()
    at = AppTest.from_file(ENTRY, default_timeout=30).run()
    at.switch_page(PAGE).run()
    assert not at.exception
    # the app runs on the shipped baselines, read-only, and says why (issue 10)
    assert any("Databasen kan ikke brukes nå" in w.value for w in at.warning)
    assert all(str(tmp_path) not in w.value for w in at.warning)
    assert at.multiselect(key=PICK).options == ["Gjeldende scenario (ikke lagret)"]


def test_xlsx_has_one_sheet_per_table() -> None:
    data = tables.xlsx(
        {
            "Nøkkeltall": pd.DataFrame({"a": [1.5]}),
            "Tiltak/år: [x]": pd.DataFrame({"b": ["x"]}),
            "Nøkkeltall ": pd.DataFrame({"c": [2]}),
        }
    )
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert len(wb.sheetnames) == 3
    assert wb.sheetnames[0] == "Nøkkeltall"
    assert wb[wb.sheetnames[0]]["A2"].value == 1.5


def test_xlsx_neutralises_formulas_in_user_text() -> None:
    """Scenario names are user text: they must not run as formulas in Excel."""
    data = tables.xlsx(
        {"Ark": pd.DataFrame({"=HYPERLINK(1)": ["=1+1", "@SUM(A1)", "ok"], "n": [-1.0, 2, 3]})}
    )
    ws = openpyxl.load_workbook(io.BytesIO(data))["Ark"]
    assert ws["A1"].value == "'=HYPERLINK(1)"
    assert [ws["A2"].value, ws["A3"].value, ws["A4"].value] == ["'=1+1", "'@SUM(A1)", "ok"]
    assert ws["B2"].value == -1.0
