"""The upload template: machine-readable sheets plus an explanation, and it round-trips."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from model.baseline import Baseline
from storage.columns import KINDS, TABLES
from storage.importer import validate_upload
from storage.template import template_xlsx


def test_template_sheets_and_rows(demo: Baseline) -> None:
    wb = load_workbook(io.BytesIO(template_xlsx(demo)))
    assert wb.sheetnames == ["lokasjoner", "avdelinger", "parametere", "forklaring"]
    for kind in KINDS:
        table = TABLES[kind]
        rows = list(wb[table.sheet_nb].iter_rows(values_only=True))
        assert len(rows) == 2, "header + ONE example row"
        assert list(rows[0]) == table.names
        required = [rows[1][table.names.index(c)] for c in table.required]
        assert all(v not in (None, "") for v in required)


def test_explanation_covers_every_column_and_key(demo: Baseline) -> None:
    wb = load_workbook(io.BytesIO(template_xlsx(demo)))
    rows = list(wb["forklaring"].iter_rows(values_only=True))
    header = next(r for r in rows if r and r[0] == "ark")
    assert list(header[:6]) == [
        "ark",
        "kolonne",
        "betydning",
        "enhet",
        "tillatte verdier",
        "påkrevd",
    ]
    described = {
        (r[0], r[1]): r for r in rows if r and r[0] in {"lokasjoner", "avdelinger", "parametere"}
    }
    for kind in KINDS:
        t = TABLES[kind]
        for c in t.columns:
            r = described[(t.sheet_nb, c.name)]
            assert r[2], f"{c.name} has no meaning"
            assert r[5] == ("ja" if c.required else "nei")
    assert "habilitering" in described[("lokasjoner", "service")][4]
    assert "høyst 24" in described[("lokasjoner", "shift_hours")][4]
    assert described[("lokasjoner", "shift_hours")][3] == "timer"
    keys = {r[0]: r for r in rows if r and isinstance(r[0], str) and r[0] in demo.parameters}
    assert set(keys) == set(demo.parameters)
    assert keys["cost_per_gross_fte_nok"][1] == demo.parameters["cost_per_gross_fte_nok"].label_nb


def test_template_round_trips_through_validate_upload(demo: Baseline) -> None:
    for data in (template_xlsx(), template_xlsx(demo)):
        report = validate_upload(
            [("mal.xlsx", data)],
            name="mal",
            municipality="Eksempel kommune",
            year=2024,
            template=demo,
        )
        assert report.ok, report.messages()
        assert report.tables == {"sites": 1, "departments": 1, "parameters": 1}
        b = report.baseline
        assert b is not None
        assert [s.name for s in b.sites] == [TABLES["sites"].example_row()[0]]
        assert b.sites[0].housing is True and b.sites[0].dognturnus is False
        assert [d.name for d in b.departments] == ["Eksempel avdeling"]
        assert b.parameters["cost_per_gross_fte_nok"].source == "Eget regnskap 2024"
