"""The upload template: an .xlsx a municipality fills in with its own data.

Sheets ``lokasjoner``, ``avdelinger`` and ``parametere`` hold a header row and ONE example
row each (machine-readable: exactly what :func:`storage.importer.validate_upload` reads);
the sheet ``forklaring`` explains every column (meaning, unit, allowed values, required)
and lists the valid parameter keys with their allowed ranges.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from model.baseline import Baseline
from model.params import PARAMETER_BOUNDS
from storage.columns import KINDS, SERVICES, STATUSES, TABLES
from storage.export import neutralise_cell

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE8F0")
_TITLE_FONT = Font(bold=True, size=13)


def _autosize(ws: Worksheet, widths: dict[int, int] | None = None, cap: int = 60) -> None:
    for col_cells in ws.columns:
        letter = get_column_letter(col_cells[0].column)
        longest = max((len(str(c.value)) for c in col_cells if c.value is not None), default=8)
        ws.column_dimensions[letter].width = min(cap, max(10, longest + 2))
    for idx, width in (widths or {}).items():
        ws.column_dimensions[get_column_letter(idx)].width = width


def _data_sheet(wb: Workbook, kind: str) -> None:
    table = TABLES[kind]  # type: ignore[index]
    ws = wb.create_sheet(table.sheet_nb)
    ws.append(table.names)
    ws.append([("" if v is None else v) for v in table.example_row()])
    for cell in ws[1]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
    ws.freeze_panes = "A2"
    lists = {"service": SERVICES, "status": STATUSES}
    for col in table.columns:
        idx = table.names.index(col.name) + 1
        letter = get_column_letter(idx)
        allowed: tuple[str, ...] | None = lists.get(col.name)
        if col.type == "bool":
            allowed = ("ja", "nei")
        if allowed:
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
    _autosize(ws)


def _explanation_sheet(wb: Workbook, template: Baseline | None) -> None:
    ws = wb.create_sheet("forklaring")
    ws.append(["Slik fyller du ut malen"])
    ws["A1"].font = _TITLE_FONT
    for line in (
        "Fyll inn arkene lokasjoner, avdelinger og parametere (ett ark per tabell). "
        "Behold overskriftene i rad 1; eksempelraden i rad 2 kan overskrives eller slettes.",
        "Lokasjoner og avdelinger erstatter grunnlagets tabeller i sin helhet. Parametere "
        "erstatter bare verdiene for nøklene du fyller inn; resten hentes fra grunnlaget.",
        "Ark du ikke trenger, kan slettes. Tall kan skrives med desimalkomma (9,5) og "
        "mellomrom (1 846). Ja/nei-felt: ja, nei, true, false, 1 eller 0.",
        "CSV går også: én fil per tabell med de samme kolonnene, lagret som «CSV UTF-8».",
        "This sheet is ignored on upload. Column names are the same in English and bokmål.",
    ):
        ws.append([line])
    ws.append([])
    header = [
        "ark",
        "kolonne",
        "betydning",
        "enhet",
        "tillatte verdier",
        "påkrevd",
        "standard hvis tom",
        "meaning (English)",
    ]
    ws.append(header)
    for cell in ws[ws.max_row]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
    for kind in KINDS:
        table = TABLES[kind]
        for col in table.columns:
            ws.append(
                [
                    table.sheet_nb,
                    col.name,
                    col.meaning_nb,
                    col.unit,
                    col.expected("nb"),
                    "ja" if col.required else "nei",
                    col.default_nb,
                    col.meaning_en,
                ]
            )
    ws.append([])
    ws.append(["Gyldige parameternøkler (ark parametere, kolonne key)"])
    ws[f"A{ws.max_row}"].font = _TITLE_FONT
    ws.append(["key", "navn", "enhet", "laveste tillatte", "høyeste tillatte", "verdi i malen"])
    for cell in ws[ws.max_row]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
    params = template.parameters if template is not None else {}
    for key, (lo, hi) in PARAMETER_BOUNDS.items():
        p = params.get(key)
        ws.append(
            [
                key,
                neutralise_cell(p.label_nb) if p else "",
                neutralise_cell(p.unit) if p else "",
                lo,
                hi,
                p.value if p else None,
            ]
        )
    for row in ws.iter_rows(min_row=1, max_row=6):
        for cell in row:
            cell.alignment = Alignment(wrap_text=False)
    _autosize(ws, {1: 14, 2: 30, 3: 60, 5: 40, 8: 50})


def template_xlsx(template: Baseline | None = None) -> bytes:
    """The upload template as .xlsx bytes (``template`` adds labels/values to the key list)."""
    wb = Workbook()
    default = wb.active
    if default is not None:
        wb.remove(default)
    for kind in KINDS:
        _data_sheet(wb, kind)
    _explanation_sheet(wb, template)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
