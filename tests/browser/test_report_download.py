"""The Word report and an Excel export downloaded through a real browser open and carry
the model's figures (issue 9 items 5 and 6)."""

from __future__ import annotations

import io
from collections.abc import Callable

import openpyxl
import pytest
from babel.numbers import format_decimal
from docx import Document
from playwright.sync_api import Page

from benchmarks.browser import open_app, wait_rerun
from model import Scenario, evaluate
from model.codec import encode
from model.loader import load_baseline

pytestmark = pytest.mark.browser

NB = "\u00a0"


def _mnok(x: float) -> str:
    v = format_decimal(round(x / 1e6, 1) + 0.0, "#,##0.0", locale="nb_NO")
    return v.replace("\u202f", NB) + f"{NB}mill.{NB}kr"


def _download(page: Page, name: str) -> bytes:
    button = page.get_by_role("button", name=name).first
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=60_000) as info:
        button.click()
    path = info.value.path()
    assert path is not None
    with open(path, "rb") as fh:
        return fh.read()


def test_word_report_and_excel_download(new_page: Callable[[], Page], app_url: str) -> None:
    s = Scenario(levers={"overtime_cut_pct": 50})
    net = evaluate(load_baseline("demo"), s).totals.net_savings_nok_per_year
    page = new_page()
    open_app(page, f"{app_url}/?s={encode(s)}")

    doc = Document(io.BytesIO(_download(page, "Last ned beslutningsgrunnlag (Word)")))
    rows = {r.cells[0].text: r.cells[1].text for t in doc.tables for r in t.rows}
    assert rows["Netto besparelse per år"] == _mnok(net)
    assert any(rel.reltype.endswith("/image") for rel in doc.part.rels.values())
    wait_rerun(page)

    # the year table's Excel: numbers with number formats, Norwegian headers
    xlsx = page.get_by_test_id("stDownloadButton").filter(has_text="Last ned Excel")
    assert xlsx.count() >= 2
    with page.expect_download(timeout=60_000) as info:
        xlsx.last.scroll_into_view_if_needed()
        xlsx.last.click()
    assert info.value.suggested_filename.endswith(".xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(info.value.path().read_bytes()))
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[1]]
    assert headers[0] == "År"
    assert ws.cell(2, 1).number_format == "0"
    for cell in ws[2][1:]:
        assert isinstance(cell.value, int | float), (cell.coordinate, cell.value)
    assert wb.sheetnames[-1] == "Om"
