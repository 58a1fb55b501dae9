"""AppTest: the Metode og kilder page: formulas, every parameter, the published figures
against the model's, and the uncertainty of the current scenario."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

from model import Scenario, evaluate
from model.uncertainty import sensitivity, simulate
from tests.app.helpers import NB, frame, mnok, num, page_opener

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "metode.py")


@pytest.fixture
def open_page(tmp_path, monkeypatch):
    return page_opener(PAGE, tmp_path, monkeypatch)


def test_formulas_and_every_parameter(open_page, demo) -> None:
    at = open_page()
    assert len(at.latex) >= 10
    text = " ".join(m.value for m in at.markdown)
    r = evaluate(demo)
    nb = r.totals.night_baseline
    # the worked night-watch example uses the model's own figures
    assert f"{num(nb.paid_hours_per_year, 0)} timer" in text
    assert f"{num(nb.gross_fte, 2)} årsverk" in text
    assert mnok(nb.cost_nok) in text
    assert mnok(nb.supplements_nok, 2) in text
    params = frame(at, "Nøkkel")
    assert sorted(params["Nøkkel"]) == sorted(demo.parameters)
    for col in ("Verdi", "Enhet", "År", "Kommune", "Kilde", "Status", "Spenn (lav–høy)"):
        assert col in params.columns


def test_published_against_model(open_page, demo) -> None:
    at = open_page()
    nb = evaluate(demo).totals.night_baseline
    table = frame(at, "Publisert").set_index("Størrelse")
    assert table.loc["Betalte timer per natt", "Publisert"] == "246"
    assert table.loc["Betalte timer per natt", "Modellen"] == num(nb.paid_hours_per_night, 0)
    assert table.loc["Brutto årsverk, nattevakt", "Publisert"] == "48,60"
    assert table.loc["Brutto årsverk, nattevakt", "Modellen"] == num(nb.gross_fte, 2) == "48,64"
    assert table.loc["Kostnad nattevakt (årsverk)", "Publisert"] == mnok(38_800_000, 2)
    assert table.loc["Kostnad nattevakt (årsverk)", "Modellen"] == mnok(nb.cost_nok, 2)
    assert table.loc["Sum tillegg", "Modellen"] == mnok(nb.supplements_nok, 2)
    dev = (nb.gross_fte - 48.6) / 48.6
    assert table.loc["Brutto årsverk, nattevakt", "Avvik"] == num(dev * 100) + f"{NB}%"
    # Alver's baseline carries only Alver's figures: no Sogndal nursing-home rows
    assert "Normårsverk i sykehjem" not in table.index
    measures = frame(at, "Modellen brutto").set_index("Tiltak")
    ot = evaluate(demo, Scenario.model_validate({"levers": {"overtime_cut_pct": 100 / 3}}))
    assert measures.loc["Kutt overtid med en tredel", "Modellen brutto"] == mnok(
        ot.measure("overtime").gross_savings_nok_per_year, 2
    )


def test_uncertainty_of_current_scenario(open_page, demo) -> None:
    rk = [x.name for x in demo.sites if x.housing and x.service.value == "ressurskrevende"]
    s = Scenario.model_validate(
        {
            "levers": {"overtime_cut_pct": 30},
            "colocation": {"merges": [{"name": "RK", "sites": rk}]},
        }
    )
    at = open_page(s)
    u = simulate(demo, s)
    m = {x.label: x.value for x in at.metric}
    assert m["Netto besparelse P10"] == mnok(u.total_net.p10) + "/år"
    assert m["Netto besparelse P50"] == mnok(u.total_net.p50) + "/år"
    assert m["Netto besparelse P90"] == mnok(u.total_net.p90) + "/år"
    assert (
        m["Beregnet (verdiene)"] == mnok(evaluate(demo, s).totals.net_savings_nok_per_year) + "/år"
    )
    # tornado: one bar per parameter that moves the result, biggest swing first
    rows = [x for x in sensitivity(demo, s) if x.swing > 1.0]
    bars = [
        convert_arrow_bytes_to_pandas_df(ds.data.data)
        for c in at.get("vega_lite_chart")
        for ds in c.proto.datasets
    ]
    tornado = next(f for f in bars if "low_mnok" in f.columns)
    assert len(tornado) == min(12, len(rows))
    assert tornado["low_mnok"].iloc[0] == pytest.approx(rows[0].net_at_low / 1e6)
    sens = frame(at, "Utslag")
    assert len(sens) == len(tornado)


def test_empty_scenario_says_so(open_page) -> None:
    at = open_page()
    assert any("ingen tiltak" in i.value for i in at.info)
    assert len(at.get("vega_lite_chart")) == 0


def test_workshop_mode_shows_only_the_tornado(open_page) -> None:
    at = open_page(Scenario.model_validate({"levers": {"overtime_cut_pct": 30}}))
    at.toggle(key="workshop").set_value(True).run()
    assert not at.exception
    assert len(at.get("vega_lite_chart")) == 1
    assert len(at.main.dataframe) == 0
    assert len(at.latex) == 0


def test_english(open_page) -> None:
    at = open_page(Scenario.model_validate({"levers": {"overtime_cut_pct": 30}}))
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception
    assert "Net saving P50" in {x.label for x in at.metric}
