"""The upload workbook: one sheet per table of a baseline, plus ``forklaring``.

* :func:`template_xlsx` — the blank template: every data sheet has its header row and
  no data (so nothing made-up can slip into a baseline); ``om`` and ``sykehjem`` list their
  fields with empty values; ``parametere`` lists every key the model needs with its name
  and unit and an empty value. ``forklaring`` explains every table (file name, what an
  empty table means — it stays EMPTY, never filled from the demo), every column (meaning,
  unit, allowed values, required, default) with an example, and every parameter key with
  its allowed range.
* :func:`baseline_xlsx` — the same workbook filled with a baseline's data (to edit and
  upload again); it round-trips through :func:`storage.importer.validate_upload`.
"""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from model.baseline import REQUIRED_PARAMETERS, Baseline
from model.params import PARAMETER_BOUNDS
from storage.columns import TABLES, Column, Table
from storage.export import neutralise_cell

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE8F0")
_TITLE_FONT = Font(bold=True, size=13)
_MAX_WIDTH = 60


def _autosize(ws: Worksheet, widths: dict[int, int] | None = None) -> None:
    for col_cells in ws.iter_cols(max_row=min(ws.max_row, 200)):
        letter = get_column_letter(col_cells[0].column)
        longest = max((len(str(c.value)) for c in col_cells if c.value is not None), default=8)
        ws.column_dimensions[letter].width = min(_MAX_WIDTH, max(10, longest + 2))
    for idx, width in (widths or {}).items():
        ws.column_dimensions[get_column_letter(idx)].width = width


def _cell(value: Any) -> Any:
    """A value as written to a cell: text neutralised against formulas, bools as ja/nei."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if hasattr(value, "value") and not isinstance(value, int | float | str):
        value = value.value  # enums
    if isinstance(value, str):
        return neutralise_cell(value)
    return value


def _style_header(ws: Worksheet) -> None:
    for cell in ws[ws.max_row]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL


def _lists(ws: Worksheet, columns: tuple[Column, ...], col_of: dict[str, int]) -> None:
    for col in columns:
        allowed: tuple[str, ...] = col.allowed
        if col.type == "bool":
            allowed = ("ja", "nei")
        if not allowed or col.name not in col_of:
            continue
        letter = get_column_letter(col_of[col.name])
        dv = DataValidation(
            type="list",
            formula1='"' + ",".join(allowed) + '"',
            allow_blank=not col.required,
            showErrorMessage=True,
            errorTitle="Ugyldig verdi",
            error="Tillatte verdier: " + ", ".join(allowed),
        )
        dv.add(f"{letter}2:{letter}5000")
        ws.add_data_validation(dv)


def _data_sheet(wb: Workbook, table: Table, rows: list[list[Any]]) -> None:
    ws = wb.create_sheet(table.sheet_nb)
    ws.append(table.names)
    _style_header(ws)
    for r in rows:
        ws.append([_cell(v) for v in r])
    ws.freeze_panes = "A2"
    if table.shape == "rows":
        _lists(ws, table.columns, {c: i + 1 for i, c in enumerate(table.names)})
    _autosize(ws)


def _blank_rows(table: Table, labels: Baseline | None) -> list[list[Any]]:
    if table.shape == "fields":
        return [[f.name, None, *([None] * (len(table.names) - 2))] for f in table.fields]
    if table.kind == "parameters":
        known = labels.parameters if labels is not None else {}
        keys = list(dict.fromkeys([*REQUIRED_PARAMETERS, *PARAMETER_BOUNDS]))
        rows = []
        for key in keys:
            p = known.get(key)
            row = dict.fromkeys(table.names)
            row.update(
                key=key,
                label_nb=p.label_nb if p else "",
                label_en=p.label_en if p else "",
                unit=p.unit if p else "",
            )
            rows.append([row[c] for c in table.names])
        return rows
    return []


def _baseline_rows(
    table: Table, b: Baseline, published: list[dict[str, Any]] | None
) -> list[list[Any]]:
    def dump(items: list[Any]) -> list[list[Any]]:
        out = []
        for item in items:
            d = item.model_dump() if hasattr(item, "model_dump") else dict(item)
            out.append([d.get(c) for c in table.names])
        return out

    if table.kind == "about":
        values = b.model_dump(
            include={"name", "slug", "municipality", "year", "description", "description_en"}
        )
        values["source"], values["source_en"] = b.source, b.source_en
        return [[f.name, values.get(f.name)] for f in table.fields if values.get(f.name)]
    if table.kind == "parameters":
        return dump(list(b.parameters.values()))
    if table.kind == "published_figures" and published and not b.published_figures:
        return dump(published)
    if table.target is None:
        return []
    return dump(list(getattr(b, table.target)))


def _explanation_sheet(wb: Workbook, labels: Baseline | None) -> None:
    ws = wb.create_sheet("forklaring")
    ws.append(["Slik fyller du ut malen"])
    ws["A1"].font = _TITLE_FONT
    for line in (
        "Ett ark per tabell i grunnlaget. Behold overskriftene i rad 1 og skriv én rad per "
        "lokasjon, avdeling, bruker osv. fra rad 2.",
        "VIKTIG: En tabell du sletter eller lar stå tom, blir TOM i grunnlaget. Ingenting "
        "hentes fra demodataene eller fra grunnlaget som er i bruk. Sidene som trenger en tom "
        "tabell, sier hva som mangler.",
        "Påkrevd: navn og år (arket om, eller skjemaet ved opplasting) og alle nøklene i "
        "arket parametere (fyll inn value).",
        "Tall kan skrives med desimalkomma (9,5) og mellomrom (1 846). Ja/nei-felt: ja, nei, "
        "true, false, 1 eller 0.",
        "CSV går også: én fil per tabell med de samme kolonnene, lagret som «CSV UTF-8», kalt "
        "som arket eller filnavnet i listen under (for eksempel lokasjoner.csv eller sites.csv).",
        "This sheet is ignored on upload. Column names are the same in English and bokmål. "
        "A table you leave out is EMPTY in the baseline, never filled from the demo.",
    ):
        ws.append([line])
    ws.append([])
    ws.append(["Tabeller"])
    ws[f"A{ws.max_row}"].font = _TITLE_FONT
    ws.append(["ark", "CSV-fil", "innhold", "påkrevd", "hvis tom", "contents (English)"])
    _style_header(ws)
    for t in TABLES.values():
        ws.append(
            [t.sheet_nb, t.file, t.title_nb, "ja" if t.required else "nei", t.empty_nb, t.title_en]
        )
    ws.append([])
    ws.append(["Kolonner"])
    ws[f"A{ws.max_row}"].font = _TITLE_FONT
    ws.append(
        [
            "ark",
            "kolonne",
            "betydning",
            "enhet",
            "tillatte verdier",
            "påkrevd",
            "standard hvis tom",
            "meaning (English)",
            "eksempel",
        ]
    )
    _style_header(ws)
    for table in TABLES.values():
        specs = table.fields if table.shape == "fields" else table.columns
        for col in specs:
            meaning = col.meaning_nb
            if table.shape == "fields":
                meaning = f"(felt, én rad med field = {col.name}) {meaning}"
            ws.append(
                [
                    table.sheet_nb,
                    col.name,
                    meaning,
                    col.unit,
                    col.expected("nb"),
                    "ja" if col.required else "nei",
                    col.default_nb,
                    col.meaning_en,
                    _cell(col.example),
                ]
            )
    ws.append([])
    ws.append(["Gyldige parameternøkler (ark parametere, kolonne key)"])
    ws[f"A{ws.max_row}"].font = _TITLE_FONT
    ws.append(["key", "navn", "enhet", "laveste tillatte", "høyeste tillatte", "påkrevd"])
    _style_header(ws)
    params = labels.parameters if labels is not None else {}
    for key, (lo, hi) in PARAMETER_BOUNDS.items():
        p = params.get(key)
        ws.append(
            [
                key,
                neutralise_cell(p.label_nb) if p else "",
                neutralise_cell(p.unit) if p else "",
                lo,
                hi,
                "ja" if key in REQUIRED_PARAMETERS else "nei",
            ]
        )
    for row in ws.iter_rows(min_row=1, max_row=8):
        for cell in row:
            cell.alignment = Alignment(wrap_text=False)
    _autosize(ws, {1: 18, 2: 30, 3: 60, 5: 40, 8: 50})


def _workbook(rows_for: Any, labels: Baseline | None) -> bytes:
    wb = Workbook()
    default = wb.active
    if default is not None:
        wb.remove(default)
    for table in TABLES.values():
        _data_sheet(wb, table, rows_for(table))
    _explanation_sheet(wb, labels)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def template_xlsx(template: Baseline | None = None) -> bytes:
    """The blank upload template (``template`` only supplies parameter names and units)."""
    return _workbook(lambda t: _blank_rows(t, template), template)


def baseline_xlsx(baseline: Baseline, published: list[dict[str, Any]] | None = None) -> bytes:
    """``baseline`` in the template's format, to edit and upload again.

    ``published`` (rows of ``published_figures``) is used only when the baseline itself has
    none (older callers).
    """
    return _workbook(lambda t: _baseline_rows(t, baseline, published), baseline)
