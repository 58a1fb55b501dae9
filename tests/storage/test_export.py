"""Results out: .xlsx and CSV exports, with formula injection neutralised."""

from __future__ import annotations

import csv
import io
import json
import math

import pandas as pd
import pytest
from openpyxl import load_workbook

from model import MODEL_VERSION, evaluate
from model.baseline import Baseline
from model.result import Result
from model.scenario import CustomMeasure, PercentLevers, Scenario
from storage.export import (
    dataframe_to_csv,
    dataframe_to_xlsx,
    format_csv_number,
    neutralise_cell,
    result_to_csv,
    result_to_xlsx,
)

EVIL = '=HYPERLINK("http://x")'
SHEETS_NB = ["Sammendrag", "Tiltak", "Tiltak per år", "Lokasjoner", "Parametere", "Scenario"]


@pytest.fixture(scope="module")
def evil_baseline(demo: Baseline) -> Baseline:
    data = demo.model_dump()
    data["sites"][0]["name"] = EVIL
    data["parameters"]["interest_rate"]["source"] = "-rente fra @banken"
    return Baseline.model_validate(data)


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return Scenario(
        params={"cost_per_gross_fte_nok": 750_000},
        levers=PercentLevers(overtime_cut_pct=33),
        custom=[
            CustomMeasure(
                id="evil",
                label=EVIL,
                savings_nok_per_year=-400_000,
                consequences="@SUM(A1:A9)",
                preconditions="+47 99 99 99 99",
            )
        ],
    )


@pytest.fixture(scope="module")
def result(evil_baseline: Baseline, scenario: Scenario) -> Result:
    return evaluate(evil_baseline, scenario)


@pytest.fixture(scope="module")
def book(result: Result, scenario: Scenario, evil_baseline: Baseline) -> bytes:
    return result_to_xlsx(result, scenario, evil_baseline)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("\uff1dcmd", "'\uff1dcmd"),
        ("Eik", "Eik"),
        ("", ""),
        (" =1", " =1"),
        (-1, -1),
        (2.5, 2.5),
        (None, None),
        (True, True),
    ],
)
def test_neutralise_cell(value: object, expected: object) -> None:
    assert neutralise_cell(value) == expected


def test_xlsx_has_the_sheets(book: bytes) -> None:
    wb = load_workbook(io.BytesIO(book))
    assert wb.sheetnames == SHEETS_NB


def test_xlsx_english_sheet_names(
    result: Result, scenario: Scenario, evil_baseline: Baseline
) -> None:
    wb = load_workbook(io.BytesIO(result_to_xlsx(result, scenario, evil_baseline, lang="en")))
    assert wb.sheetnames == [
        "Summary",
        "Measures",
        "Measures by year",
        "Sites",
        "Parameters",
        "Scenario",
    ]
    assert wb["Measures"]["B1"].value == "Measure"


def _rows(book: bytes, sheet: str) -> list[tuple[object, ...]]:
    return list(load_workbook(io.BytesIO(book))[sheet].iter_rows(values_only=True))


def test_summary_numbers_are_numbers(book: bytes, result: Result) -> None:
    rows = {r[0]: r for r in _rows(book, "Sammendrag") if r and r[0]}
    net = rows["Netto innsparing per år"]
    assert isinstance(net[1], float) and net[1] == pytest.approx(
        result.totals.net_savings_nok_per_year
    )
    assert net[2] == "kr/år"
    assert rows["Endring i årsverk"][1] == pytest.approx(result.totals.fte_change)
    assert rows["Kommune"][1] == "Alver"


def test_measures_sheet(book: bytes, result: Result) -> None:
    rows = _rows(book, "Tiltak")
    header = rows[0]
    assert header[:5] == ("Id", "Tiltak", "Type", "Aktivt", "Brutto innsparing (kr/år)")
    assert "Konsekvenser" in header and "Forutsetninger" in header and "Startår" in header
    assert len(rows) == 1 + len(result.measures)
    evil = next(r for r in rows if r[0] == "custom:evil")
    assert evil[1] == "'" + EVIL
    assert evil[header.index("Konsekvenser")] == "'@SUM(A1:A9)"
    assert evil[header.index("Forutsetninger")] == "'+47 99 99 99 99"
    gross = evil[header.index("Brutto innsparing (kr/år)")]
    assert isinstance(gross, int | float) and gross == -400_000  # negative numbers stay numbers
    assert evil[header.index("Aktivt")] is True


def test_no_formula_cells_anywhere(book: bytes) -> None:
    wb = load_workbook(io.BytesIO(book))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@")), cell.value


def test_years_sites_parameters_and_scenario(
    book: bytes, result: Result, scenario: Scenario, evil_baseline: Baseline
) -> None:
    years = _rows(book, "Tiltak per år")
    assert [r[0] for r in years[1:]] == [y.year for y in result.years]
    assert any(str(h).startswith("Netto: ") and EVIL in str(h) for h in years[0])

    sites = _rows(book, "Lokasjoner")
    assert sites[1][0] == "'" + EVIL
    assert len(sites) == 1 + len(result.sites.name)
    assert all(isinstance(r[9], float) for r in sites[1:])  # cost today

    params = _rows(book, "Parametere")
    header = params[0]
    by_key = {r[0]: r for r in params[1:]}
    assert set(by_key) == set(evil_baseline.parameters)
    cost = by_key["cost_per_gross_fte_nok"]
    assert cost[header.index("Verdi")] == 800_000
    assert cost[header.index("Scenarioets verdi")] == 750_000
    assert cost[header.index("Brukt verdi")] == 750_000
    assert by_key["interest_rate"][header.index("Kilde")] == "'-rente fra @banken"
    assert by_key["interest_rate"][header.index("Scenarioets verdi")] is None

    sc = {r[0]: r[1] for r in _rows(book, "Scenario")[1:]}
    assert sc["Modellversjon"] == MODEL_VERSION
    assert sc["Grunnlagsdata (navn)"] == evil_baseline.name
    assert sc["Grunnlagsdata (kontrollsum)"] == evil_baseline.hash
    assert sc["Scenario (kontrollsum)"] == scenario.hash
    assert Scenario.model_validate_json(str(sc["Scenario (JSON)"])) == scenario
    assert json.loads(str(sc["Scenario (JSON)"])) == scenario.compact()


def _csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM so Excel opens it"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_csv_measures(result: Result) -> None:
    rows = _csv(result_to_csv(result, "measures"))
    header = rows[0]
    assert header[1] == "Tiltak"
    evil = next(r for r in rows if r[0] == "custom:evil")
    assert evil[1] == "'" + EVIL
    assert evil[header.index("Konsekvenser")] == "'@SUM(A1:A9)"
    assert evil[header.index("Brutto innsparing (kr/år)")] == "-400000"  # a number, not "'-…"
    assert evil[header.index("Aktivt")] == "ja"
    overtime = next(r for r in rows if r[0] == "overtime")
    fte = overtime[header.index("Endring årsverk")]
    assert "," in fte and "." not in fte
    assert float(fte.replace(",", ".")) == pytest.approx(result.measure("overtime").fte_change)
    assert len(rows) == 1 + len(result.measures)


def test_csv_years_and_sites(result: Result) -> None:
    years = _csv(result_to_csv(result, "years", lang="en"))
    assert years[0][0] == "Year" and [r[0] for r in years[1:]] == [
        str(y.year) for y in result.years
    ]
    sites = _csv(result_to_csv(result, "sites"))
    assert sites[1][0] == "'" + EVIL
    assert len(sites) == 1 + len(result.sites.name)
    with pytest.raises(ValueError, match="measures"):
        result_to_csv(result, "nope")  # type: ignore[arg-type]


def test_csv_number_format() -> None:
    assert format_csv_number(1846) == "1846"
    assert format_csv_number(9.5) == "9,5"
    assert format_csv_number(-400000.0) == "-400000"
    assert format_csv_number(1e11) == "100000000000"
    assert format_csv_number(1e-7) == "0,0000001"
    assert format_csv_number(-1.5e-10) == "-0,00000000015"
    assert format_csv_number(1.5e20) == "150000000000000000000"
    assert format_csv_number(math.nan) == ""


def test_dataframe_exports() -> None:
    df = pd.DataFrame(
        {
            "Lokasjon": [EVIL, "Eik", None],
            "=kolonne": ["+x", "-y", "@z"],
            "Plasser": [6, 7, 8],
            "Kostnad": [1.5, float("nan"), -2.25],
            "Aktiv": [True, False, True],
        }
    )
    wb = load_workbook(io.BytesIO(dataframe_to_xlsx(df, "Mine/data:[1]")))
    assert wb.sheetnames == ["Mine_data__1_"]
    rows = list(wb.active.iter_rows(values_only=True))  # type: ignore[union-attr]
    assert rows[0] == ("Lokasjon", "'=kolonne", "Plasser", "Kostnad", "Aktiv")
    assert rows[1] == ("'" + EVIL, "'+x", 6, 1.5, True)
    assert rows[2] == ("Eik", "'-y", 7, None, False)
    assert rows[3] == (None, "'@z", 8, -2.25, True)

    text = _csv(dataframe_to_csv(df))
    assert text[0] == ["Lokasjon", "'=kolonne", "Plasser", "Kostnad", "Aktiv"]
    assert text[1] == ["'" + EVIL, "'+x", "6", "1,5", "ja"]
    assert text[2] == ["Eik", "'-y", "7", "", "nei"]
    assert text[3] == ["", "'@z", "8", "-2,25", "ja"]


def test_dataframe_with_index_keeps_it() -> None:
    df = pd.DataFrame({"v": [1.0, 2.0]}, index=pd.Index(["a", "=b"], name="navn"))
    rows = list(
        load_workbook(io.BytesIO(dataframe_to_xlsx(df, "x"))).active.iter_rows(values_only=True)
    )  # type: ignore[union-attr]
    assert rows == [("navn", "v"), ("a", 1.0), ("'=b", 2.0)]


def test_dataframe_number_formats_are_norwegian_excel_formats() -> None:
    """Every number is a number cell; its format shows as Norwegian in Norwegian Excel
    (format codes are locale-free: '#,##0.00' shows '1 234,50' there)."""
    df = pd.DataFrame(
        {
            "År": [2027, 2028, 2029],
            "Beløp (kr)": [38_912_345.0, -11_000_000.0, 0.0],
            "Mill. kr": [38.91, -11.0, 0.25],
            "Årsverk": [1.5, -2.0, 0.5],
            "Plasser": [6, 7, 8],
            "Tiltak": ["A", "B", "C"],
        }
    )
    wb = load_workbook(io.BytesIO(dataframe_to_xlsx(df, "t")))
    ws = wb.active
    assert ws is not None
    formats = {ws.cell(1, c).value: ws.cell(2, c).number_format for c in range(1, 7)}
    assert formats == {
        "År": "0",  # a year is never "2 027"
        "Beløp (kr)": "#,##0",
        "Mill. kr": "#,##0.00",
        "Årsverk": "#,##0.0",
        "Plasser": "#,##0",
        "Tiltak": "General",
    }
    for row in ws.iter_rows(min_row=2, max_col=5):
        for cell in row:
            assert cell.data_type == "n", (cell.coordinate, cell.value)
    assert ws.cell(3, 3).value == -11.0  # not the text "'-11,0"


def test_frames_to_xlsx_explicit_formats_win() -> None:
    from storage.export import frames_to_xlsx

    df = pd.DataFrame({"Andel": [0.163, 0.5]})
    wb = load_workbook(io.BytesIO(frames_to_xlsx({"s": df}, {"s": {"Andel": "0.0%"}})))
    assert wb["s"]["A2"].number_format == "0.0%"
    assert wb["s"]["A2"].value == 0.163


def test_english_parameters_sheet_has_the_english_sources_neutralised(
    demo: Baseline, scenario: Scenario
) -> None:
    """The English export gives source_en/note_en (fallback: bokmål), formulas neutralised
    there too; the bokmål export keeps the bokmål texts."""
    data = demo.model_dump()
    data["parameters"]["interest_rate"]["source_en"] = "=cmd|' /C calc'!A0"
    data["parameters"]["depreciation_years"]["source_en"] = ""  # falls back to bokmål
    b = Baseline.model_validate(data)
    r = evaluate(b, scenario)
    en = _rows(result_to_xlsx(r, scenario, b, lang="en"), "Parameters")
    col = {h: i for i, h in enumerate(en[0])}
    by_key = {row[0]: row for row in en[1:]}
    pay = by_key["annual_pay_nok"]
    assert pay[col["Source"]] == "Demo assumption: used only when supplement rates follow KS 2023"
    assert pay[col["Note"]] == "Hourly pay = annual pay / (52 × weekly working hours)"
    assert by_key["interest_rate"][col["Source"]] == "'=cmd|' /C calc'!A0"
    assert by_key["depreciation_years"][col["Source"]] == "Antakelse for demo"
    nb = _rows(result_to_xlsx(r, scenario, b, lang="nb"), "Parametere")
    col = {h: i for i, h in enumerate(nb[0])}
    pay = next(row for row in nb[1:] if row[0] == "annual_pay_nok")
    assert pay[col["Kilde"]] == (
        "Antakelse for demo: brukes bare når tilleggssatser regnes etter KS 2023"
    )
