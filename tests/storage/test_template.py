"""The upload template: one sheet per table, an explanation, and it round-trips."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from model.baseline import REQUIRED_PARAMETERS, Baseline
from model.params import PARAMETER_BOUNDS
from storage.columns import TABLES
from storage.importer import validate_upload
from storage.template import baseline_xlsx, template_xlsx


def test_template_has_one_sheet_per_table_and_no_made_up_data(demo: Baseline) -> None:
    wb = load_workbook(io.BytesIO(template_xlsx(demo)))
    assert wb.sheetnames == [t.sheet_nb for t in TABLES.values()] + ["forklaring"]
    for table in TABLES.values():
        rows = list(wb[table.sheet_nb].iter_rows(values_only=True))
        assert list(rows[0]) == table.names
        if table.shape == "fields":  # field names, no values
            assert [r[0] for r in rows[1:]] == [f.name for f in table.fields]
            assert all(r[1] is None for r in rows[1:])
        elif table.kind == "parameters":  # every key, with name and unit, value empty
            keys = [r[0] for r in rows[1:]]
            assert set(keys) == set(REQUIRED_PARAMETERS) | set(PARAMETER_BOUNDS)
            value = table.names.index("value")
            assert all(r[value] is None for r in rows[1:])
            unit = table.names.index("unit")
            assert all(
                r[unit] == demo.parameters[r[0]].unit for r in rows[1:] if r[0] in demo.parameters
            )
        else:
            assert len(rows) == 1, f"{table.kind}: header only, no example row as data"


def test_explanation_covers_every_table_column_and_key(demo: Baseline) -> None:
    wb = load_workbook(io.BytesIO(template_xlsx(demo)))
    rows = list(wb["forklaring"].iter_rows(values_only=True))
    text = " ".join(str(c) for r in rows for c in r if c)
    assert "blir TOM i grunnlaget" in text and "Ingenting hentes fra demodataene" in text
    assert "is EMPTY in the baseline, never filled from the demo" in text
    tables = {r[0]: r for r in rows if r and r[1] in {t.file for t in TABLES.values()}}
    assert set(tables) == {t.sheet_nb for t in TABLES.values()}
    assert tables["parametere"][3] == "ja" and tables["refusjonsbrukere"][3] == "nei"
    assert "statlig refusjon regnes ikke" in tables["refusjonsbrukere"][4]
    header = next(r for r in rows if r and r[0] == "ark" and r[1] == "kolonne")
    assert list(header[:6]) == [
        "ark",
        "kolonne",
        "betydning",
        "enhet",
        "tillatte verdier",
        "påkrevd",
    ]
    described = {(r[0], r[1]): r for r in rows if r and r[0] in tables and r[1] != r[0]}
    for t in TABLES.values():
        for c in t.fields if t.shape == "fields" else t.columns:
            r = described[(t.sheet_nb, c.name)]
            assert r[2], f"{t.kind}.{c.name} has no meaning"
            assert r[5] == ("ja" if c.required else "nei")
    assert "små bokstaver a–z" in described[("lokasjoner", "service")][4]
    assert "80-89" in described[("befolkning", "age_group")][4]
    assert "høyst 24" in described[("lokasjoner", "shift_hours")][4]
    assert described[("lokasjoner", "shift_hours")][3] == "timer"
    assert described[("refusjonsbrukere", "direct_labour_cost_nok")][3] == "kr/år"
    assert "16-66" in described[("refusjonsbrukere", "age_band")][4]
    keys = {r[0]: r for r in rows if r and isinstance(r[0], str) and r[0] in demo.parameters}
    assert set(keys) == set(demo.parameters)
    assert keys["cost_per_gross_fte_nok"][1] == demo.parameters["cost_per_gross_fte_nok"].label_nb


def test_blank_template_asks_for_exactly_the_parameter_values(demo: Baseline) -> None:
    report = validate_upload([("mal.xlsx", template_xlsx(demo))], name="mal", year=2024)
    assert not report.ok
    assert {(p.sheet, p.column) for p in report.problems} == {("parametere", "value")}
    # required keys come first; optional keys listed without a value are simply left out
    assert [p.row for p in report.problems] == list(range(2, 2 + len(REQUIRED_PARAMETERS)))
    first = report.problems[0]
    assert "Fyll inn verdien for cost_per_gross_fte_nok (100\u00a0000 – 3\u00a0000\u00a0000)" in (
        first.message_nb
    )


def test_blank_template_without_a_name_says_where_to_give_it(demo: Baseline) -> None:
    report = validate_upload([("mal.xlsx", template_xlsx())])
    meta = {p.column: p for p in report.problems if p.sheet == "om"}
    assert set(meta) == {"name", "year"}
    assert "Skriv et navn i skjemaet, eller fyll ut feltet name i arket om" in (
        meta["name"].message_nb
    )


def test_baseline_workbook_round_trips_to_the_same_baseline(demo: Baseline) -> None:
    data = baseline_xlsx(demo)
    report = validate_upload([("grunnlag.xlsx", data)], reserved_names=())
    assert report.ok, report.messages()
    assert report.baseline == demo
    assert report.published == {f.key: f.value for f in demo.published_figures}
