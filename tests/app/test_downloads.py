"""Chart PNG and table Excel downloads produce real files."""

from __future__ import annotations

import io
import struct
from datetime import date

import openpyxl
import pandas as pd
import pytest
import streamlit as st

from ui import charts
from ui.downloads import (
    ExportContext,
    _png,
    _xlsx,
    chart_png,
    display_frame,
    export_frame,
    format_date,
    titled_spec,
)


def test_chart_png_is_an_image() -> None:
    df = pd.DataFrame({"label": ["Nattevakt", "Overtid"], "value_mnok": [1.5, -0.3]})
    data = _png(charts.waterfall(df))
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 5_000


def test_table_excel_keeps_numbers_and_neutralises_text() -> None:
    df = pd.DataFrame({"Tiltak": ["=HYPERLINK(1)", "Overtid"], "Netto": [1.25, -0.5]})
    wb = openpyxl.load_workbook(io.BytesIO(_xlsx(df, "tabell")))
    ws = wb.active
    assert ws.cell(2, 1).value == "'=HYPERLINK(1)"
    assert ws.cell(2, 2).value == 1.25  # a number, not text


def test_display_frame_uses_norwegian_decimals_and_keeps_years() -> None:
    df = pd.DataFrame({"År": [2027, 2028], "Netto": [1.25, -0.5], "Timer": [89_790.0, 246.0]})
    out = display_frame(df)
    assert out["År"].tolist() == [2027, 2028]  # years are not "2 027"
    assert out["Netto"].tolist() == ["1,25", "-0,50"]
    assert out["Timer"].tolist() == ["89\u00a0790", "246"]


# --- exports users can compute with (issue 9 item 5) ------------------------------------

CTX = ExportContext(
    scenario="Nattevakt 2027",
    baseline="demo – Alver 2024 (data 1a2b3c4d5e6f)",
    made="27.11.2026",
)


@pytest.fixture
def language():
    def set_lang(code: str) -> None:
        st.session_state["lang"] = code

    yield set_lang
    st.session_state["lang"] = "nb"


def _png_size(data: bytes) -> tuple[int, int]:
    w, h = struct.unpack(">II", data[16:24])
    return w, h


def test_chart_png_has_title_scenario_baseline_and_date() -> None:
    df = pd.DataFrame({"label": ["Nattevakt", "Overtid"], "value_mnok": [1.5, -0.3]})
    chart = charts.waterfall(df)
    spec = titled_spec(chart, "Netto besparelse per tiltak", CTX)
    assert spec["title"]["text"] == "Netto besparelse per tiltak"
    assert spec["title"]["subtitle"] == [
        "Scenario: Nattevakt 2027",
        "Grunnlag: demo – Alver 2024 (data 1a2b3c4d5e6f)",
        "Laget: 27.11.2026",
    ]
    plain, titled = _png(chart), chart_png(chart, "Netto besparelse per tiltak", CTX)
    assert titled[:8] == b"\x89PNG\r\n\x1a\n"
    # the title block adds height (four text lines at scale 2)
    assert _png_size(titled)[1] > _png_size(plain)[1] + 80


def test_export_context_lines_follow_the_language() -> None:
    en = ExportContext(scenario="S", baseline="B", made="27 Nov 2026", lang="en")
    assert en.lines() == ["Scenario: S", "Baseline: B", "Made: 27 Nov 2026"]
    assert format_date(date(2026, 11, 27), "nb") == "27.11.2026"
    assert format_date(date(2026, 11, 27), "en") == "27 Nov 2026"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("nb", ["Lokasjon", "Tidspunkt", "Betalte timer per natt"]),
        ("en", ["Site", "When", "Paid hours per night"]),
    ],
)
def test_chart_data_headers_follow_the_language(language, code: str, expected: list[str]) -> None:
    language(code)
    df = pd.DataFrame({"site": ["Eik"], "when": ["I dag"], "value": [8.0]})
    value = {"nb": "Betalte timer per natt", "en": "Paid hours per night"}[code]
    out = export_frame(df, {"value": value})
    assert list(out.columns) == expected
    wb = openpyxl.load_workbook(io.BytesIO(_xlsx(out, "data", CTX, "Tittel")))
    assert [c.value for c in wb["data"][1]] == expected
    assert wb["data"]["C2"].value == 8.0
    assert [r[1] for r in wb["Om"].iter_rows(min_row=2, values_only=True)] == [
        "Tittel",
        CTX.scenario,
        CTX.baseline,
        CTX.made,
    ]


def test_no_internal_chart_columns_survive(language) -> None:
    language("en")
    df = pd.DataFrame({"year": [2027], "label": ["X"], "value_mnok": [1.0], "series": ["s"]})
    assert list(export_frame(df).columns) == [
        "Year",
        "Measure",
        "Net saving (NOK m/year)",
        "Series",
    ]


# --- what st.dataframe and st.vega_lite_chart are handed (issue 9 item 8) -----------------


def test_shown_table_is_text_where_formatted_and_keeps_the_rest() -> None:
    import pyarrow as pa

    from ui.tables import formatted

    df = pd.DataFrame(
        {
            "Tiltak": ["Overtid", "Vikarer", "Ingen"],
            "Netto": [1.25, float("nan"), None],
            "År": pd.array([2027, None, 2029], dtype="Int64"),
            "Blandet": [1, "to", None],
        }
    )
    t = formatted(df, {"Netto": lambda v: f"<{v:.1f}>"})
    assert isinstance(t, pa.Table)
    assert t.column_names == ["Tiltak", "Netto", "År", "Blandet"]
    assert t.column("Netto").to_pylist() == ["<1.2>", "–", "–"]  # empty: a dash, not "nan"
    assert t.column("År").to_pylist() == [2027, None, 2029]  # years stay whole numbers
    assert t.column("Tiltak").to_pylist() == ["Overtid", "Vikarer", "Ingen"]
    assert t.column("Blandet").to_pylist() == ["1", "to", ""]  # mixed: shown as text


def test_chart_rows_reach_streamlit_as_the_same_arrow_rows() -> None:
    import pyarrow as pa

    df = pd.DataFrame({"label": ["Nattevakt", "Overtid"], "value_mnok": [1.5, -0.3]})
    spec = charts.waterfall(df)
    rows = spec["datasets"][charts.TABLE]
    shown = charts.arrow_datasets(spec)
    data = shown["datasets"][charts.TABLE]
    assert isinstance(data, bytes)
    assert pa.ipc.open_stream(data).read_all().to_pylist() == rows
    # the spec itself keeps its JSON rows (the PNG export draws them)
    assert spec["datasets"][charts.TABLE] is rows
    assert {k: v for k, v in shown.items() if k != "datasets"} == {
        k: v for k, v in spec.items() if k != "datasets"
    }
    # rows Arrow cannot type as one column are left to Streamlit as they are
    odd = {"datasets": {"t": [{"a": 1}, {"a": "x"}]}}
    assert charts.arrow_datasets(odd)["datasets"]["t"] == [{"a": 1}, {"a": "x"}]
