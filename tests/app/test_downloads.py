"""Chart PNG and table Excel downloads produce real files."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd

from ui import charts
from ui.downloads import _png, _xlsx, display_frame


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
