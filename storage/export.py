"""Results out: Excel workbooks and CSV files a steering group can take with them.

* :func:`result_to_xlsx` — the whole result plus its inputs (so it is reproducible):
  Sammendrag, Tiltak, Tiltak per år, Lokasjoner, Parametere, Scenario.
* :func:`result_to_csv` — one table ("measures" | "years" | "sites").
* :func:`dataframe_to_xlsx` / :func:`dataframe_to_csv` — any table shown in the app.

CSV convention (chosen for Norwegian Excel, which opens these with a double-click):
UTF-8 **with BOM**, separator ``;``, **decimal comma**, no thousands separator, CRLF line
ends, booleans ``ja``/``nei`` (``yes``/``no`` with ``lang="en"``).

Formula injection: every *text* cell that begins with ``=``, ``+``, ``-``, ``@``, tab or
carriage return (also their full-width forms) is prefixed with ``'`` by
:func:`neutralise_cell`, in every export. Numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, Literal

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from model.baseline import Baseline
from model.result import Result
from model.scenario import Scenario
from model.tables import text_in

Lang = Literal["nb", "en"]
CsvTable = Literal["measures", "years", "sites"]

#: Characters that make a spreadsheet treat a text cell as a formula (OWASP CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
CSV_SEPARATOR = ";"
CSV_DECIMAL = ","
EXCEL_CELL_MAX = 32_767

NOK_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.00"
FTE_FORMAT = "0.0"
YEAR_FORMAT = "0"

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE8F0")


def neutralise_cell(value: Any) -> Any:
    """Prefix ``'`` to text that a spreadsheet would run as a formula; leave others alone."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


# --------------------------------------------------------------------------- labels

_L: dict[str, tuple[str, str]] = {
    # sheet names
    "sheet_summary": ("Sammendrag", "Summary"),
    "sheet_measures": ("Tiltak", "Measures"),
    "sheet_years": ("Tiltak per år", "Measures by year"),
    "sheet_sites": ("Lokasjoner", "Sites"),
    "sheet_parameters": ("Parametere", "Parameters"),
    "sheet_scenario": ("Scenario", "Scenario"),
    # summary
    "figure": ("Størrelse", "Figure"),
    "value": ("Verdi", "Value"),
    "unit": ("Enhet", "Unit"),
    "municipality": ("Kommune", "Municipality"),
    "baseline": ("Grunnlagsdata", "Baseline"),
    "price_year": ("Prisnivå (år)", "Price level (year)"),
    "plan_years": ("Planperiode", "Plan period"),
    "gross": ("Brutto innsparing per år (full effekt)", "Gross savings per year (full effect)"),
    "lost_refund": ("Tapt statlig refusjon per år", "Lost state refund per year"),
    "net": ("Netto innsparing per år", "Net savings per year"),
    "fte": ("Endring i årsverk", "Change in FTE"),
    "sites_before": ("Lokasjoner med nattbemanning i dag", "Sites with night staff today"),
    "sites_after": ("Lokasjoner med nattbemanning etter", "Sites with night staff after"),
    "night_cost_before": ("Nattevakt i dag, kostnad", "Night watch today, cost"),
    "night_cost_after": ("Nattevakt etter, kostnad", "Night watch after, cost"),
    "night_fte_before": ("Nattevakt i dag, brutto årsverk", "Night watch today, gross FTE"),
    "night_fte_after": ("Nattevakt etter, brutto årsverk", "Night watch after, gross FTE"),
    "night_hours_before": (
        "Nattevakt i dag, betalte timer per natt",
        "Night watch today, paid hours per night",
    ),
    "night_hours_after": (
        "Nattevakt etter, betalte timer per natt",
        "Night watch after, paid hours per night",
    ),
    "investment": ("Investering (før tilskudd)", "Investment (before grant)"),
    "grant": ("Investeringstilskudd", "Investment grant"),
    "net_investment": ("Netto investering", "Net investment"),
    "capital_cost": ("Årlig kapitalkostnad", "Annual capital cost"),
    "net_after_capital": (
        "Netto effekt etter kapitalkostnad per år",
        "Net effect after capital cost per year",
    ),
    "payback_year": ("Tilbakebetalt (år)", "Paid back (year)"),
    "warnings": ("Merknader", "Notes"),
    "nok_year": ("kr/år", "NOK/year"),
    "nok": ("kr", "NOK"),
    "fte_unit": ("årsverk", "FTE"),
    "hours_night": ("timer/natt", "hours/night"),
    "count_sites": ("lokasjoner", "sites"),
    "year": ("år", "year"),
    # measures
    "id": ("Id", "Id"),
    "measure": ("Tiltak", "Measure"),
    "kind": ("Type", "Kind"),
    "active": ("Aktivt", "Active"),
    "staff_cost": ("Herav lønn (årsverk)", "Of which staff cost (FTE)"),
    "supplements": ("Herav tillegg", "Of which supplements"),
    "other": ("Andre kostnader", "Other costs"),
    "start_year": ("Startår", "Start year"),
    "ramp_years": ("Opptrapping (år)", "Ramp-up (years)"),
    "consequences": ("Konsekvenser", "Consequences"),
    "preconditions": ("Forutsetninger", "Preconditions"),
    "gross_short": ("Brutto innsparing (kr/år)", "Gross savings (NOK/year)"),
    "lost_refund_short": ("Tapt refusjon (kr/år)", "Lost refund (NOK/year)"),
    "net_short": ("Netto innsparing (kr/år)", "Net savings (NOK/year)"),
    "fte_short": ("Endring årsverk", "Change in FTE"),
    "investment_short": ("Investering (kr)", "Investment (NOK)"),
    "net_investment_short": ("Netto investering (kr)", "Net investment (NOK)"),
    "capital_cost_short": ("Årlig kapitalkostnad (kr)", "Annual capital cost (NOK)"),
    # years
    "yr": ("År", "Year"),
    "gross_year": ("Brutto innsparing (kr)", "Gross savings (NOK)"),
    "net_year": ("Netto innsparing (kr)", "Net savings (NOK)"),
    "capital_year": ("Kapitalkostnad (kr)", "Capital cost (NOK)"),
    "cum_net": ("Akkumulert netto innsparing (kr)", "Cumulative net savings (NOK)"),
    "cum_inv": ("Akkumulert netto investering (kr)", "Cumulative net investment (NOK)"),
    "net_of": ("Netto: ", "Net: "),
    # sites
    "site": ("Lokasjon", "Site"),
    "service": ("Tjeneste", "Service"),
    "area": ("Område", "Area"),
    "places": ("Plasser", "Places"),
    "new_site": ("Lokasjon etter", "Site after"),
    "awake_before": ("Våkne i dag", "Awake today"),
    "resting_before": ("Hvilende i dag", "Resting today"),
    "hours_before": ("Betalte timer per natt i dag", "Paid hours per night today"),
    "fte_before": ("Brutto årsverk i dag", "Gross FTE today"),
    "cost_before": ("Kostnad i dag (kr)", "Cost today (NOK)"),
    "supp_before": ("Tillegg i dag (kr)", "Supplements today (NOK)"),
    "awake_after": ("Våkne etter", "Awake after"),
    "resting_after": ("Hvilende etter", "Resting after"),
    "hours_after": ("Betalte timer per natt etter", "Paid hours per night after"),
    "fte_after": ("Brutto årsverk etter", "Gross FTE after"),
    "cost_after": ("Kostnad etter (kr)", "Cost after (NOK)"),
    "supp_after": ("Tillegg etter (kr)", "Supplements after (NOK)"),
    # parameters
    "key": ("Nøkkel", "Key"),
    "label": ("Navn", "Name"),
    "p_year": ("År", "Year"),
    "source": ("Kilde", "Source"),
    "status": ("Status", "Status"),
    "low": ("Lav", "Low"),
    "high": ("Høy", "High"),
    "override": ("Scenarioets verdi", "Scenario value"),
    "used": ("Brukt verdi", "Value used"),
    "note": ("Merknad", "Note"),
    # scenario
    "field": ("Felt", "Field"),
    "model_version": ("Modellversjon", "Model version"),
    "baseline_name": ("Grunnlagsdata (navn)", "Baseline (name)"),
    "baseline_hash": ("Grunnlagsdata (kontrollsum)", "Baseline (hash)"),
    "baseline_hash_now": (
        "Grunnlagsdata i eksporten (kontrollsum)",
        "Baseline in this export (hash)",
    ),
    "scenario_hash": ("Scenario (kontrollsum)", "Scenario (hash)"),
    "exported_at": ("Eksportert (UTC)", "Exported (UTC)"),
    "scenario_json": ("Scenario (JSON)", "Scenario (JSON)"),
    "part": ("del", "part"),
    "yes": ("ja", "yes"),
    "no": ("nei", "no"),
}


def _t(key: str, lang: Lang) -> str:
    nb, en = _L[key]
    return en if lang == "en" else nb


# --------------------------------------------------------------------------- cells


def _missing(value: Any) -> bool:
    """None, pandas NA/NaT."""
    return value is None or type(value).__name__ in ("NAType", "NaTType")


def _clean(value: Any) -> Any:
    """A value openpyxl can write: text neutralised, numpy → Python, NaN → empty."""
    if _missing(value):
        return None
    if isinstance(value, bool):
        return value
    if hasattr(value, "item") and not isinstance(value, str | bytes):  # numpy scalar
        try:
            value = value.item()
        except (AttributeError, ValueError):
            value = str(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, int | date):
        if isinstance(value, datetime) and value.tzinfo is not None:
            return value.astimezone(UTC).replace(tzinfo=None)
        return value
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    if not isinstance(value, str):
        value = str(value)
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if len(value) > EXCEL_CELL_MAX:
        value = value[: EXCEL_CELL_MAX - 1] + "…"
    return neutralise_cell(value)


def _header(ws: Worksheet, row: int = 1) -> None:
    for cell in ws[row]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _append(ws: Worksheet, values: Iterable[Any]) -> None:
    ws.append([_clean(v) for v in values])


def _formats(ws: Worksheet, formats: dict[int, str], first_row: int = 2) -> None:
    for idx, fmt in formats.items():
        for (cell,) in ws.iter_rows(min_row=first_row, min_col=idx, max_col=idx):
            if isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
                cell.number_format = fmt


def _widths(ws: Worksheet, cap: int = 50) -> None:
    for col_cells in ws.columns:
        letter = get_column_letter(col_cells[0].column)
        longest = max(
            (len(str(c.value)) for c in col_cells[:200] if c.value is not None), default=8
        )
        ws.column_dimensions[letter].width = min(cap, max(9, longest + 2))


def _table_sheet(
    wb: Workbook,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    formats: dict[int, str] | None = None,
) -> Worksheet:
    ws = wb.create_sheet(_sheet_name(title))
    _append(ws, headers)
    _header(ws)
    for r in rows:
        _append(ws, r)
    ws.freeze_panes = "A2"
    _formats(ws, formats or {})
    _widths(ws)
    return ws


def _sheet_name(name: str) -> str:
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in str(name)).strip("'").strip()
    return cleaned[:31] or "Ark1"


def _save(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _new_workbook() -> Workbook:
    wb = Workbook()
    if wb.active is not None:
        wb.remove(wb.active)
    return wb


# --------------------------------------------------------------------------- tables


def _measure_rows(result: Result, lang: Lang) -> tuple[list[str], list[list[Any]]]:
    headers = [
        _t(k, lang)
        for k in (
            "id",
            "measure",
            "kind",
            "active",
            "gross_short",
            "staff_cost",
            "supplements",
            "other",
            "lost_refund_short",
            "net_short",
            "fte_short",
            "start_year",
            "ramp_years",
            "investment_short",
            "net_investment_short",
            "capital_cost_short",
            "consequences",
            "preconditions",
        )
    ]
    en = lang == "en"
    rows = [
        [
            m.id,
            m.label_en if en else m.label_nb,
            m.kind,
            m.active,
            m.gross_savings_nok_per_year,
            m.staff_cost_savings_nok,
            m.supplement_savings_nok,
            m.other_savings_nok,
            m.lost_refund_nok_per_year,
            m.net_savings_nok_per_year,
            m.fte_change,
            m.start_year,
            m.ramp_years,
            m.investment_nok,
            m.net_investment_nok,
            m.annual_capital_cost_nok,
            m.consequences_en if en else m.consequences_nb,
            m.preconditions_en if en else m.preconditions_nb,
        ]
        for m in result.measures
    ]
    return headers, rows


_MEASURE_FORMATS = {5: NOK_FORMAT, 6: NOK_FORMAT, 7: NOK_FORMAT, 8: NOK_FORMAT, 9: NOK_FORMAT}
_MEASURE_FORMATS |= {10: NOK_FORMAT, 11: FTE_FORMAT, 14: NOK_FORMAT, 15: NOK_FORMAT}
_MEASURE_FORMATS |= {16: NOK_FORMAT}


def _year_rows(result: Result, lang: Lang) -> tuple[list[str], list[list[Any]]]:
    en = lang == "en"
    labels = {m.id: (m.label_en if en else m.label_nb) or m.id for m in result.measures}
    ids: list[str] = []
    for y in result.years:
        for k in y.by_measure_net_nok:
            if k not in ids:
                ids.append(k)
    headers = [
        _t(k, lang)
        for k in (
            "yr",
            "gross_year",
            "net_year",
            "fte_short",
            "investment_short",
            "capital_year",
            "cum_net",
            "cum_inv",
        )
    ] + [_t("net_of", lang) + labels.get(k, k) for k in ids]
    rows = [
        [
            y.year,
            y.gross_savings_nok,
            y.net_savings_nok,
            y.fte_change,
            y.investment_nok,
            y.capital_cost_nok,
            y.cumulative_net_savings_nok,
            y.cumulative_net_investment_nok,
            *[y.by_measure_net_nok.get(k, 0.0) for k in ids],
        ]
        for y in result.years
    ]
    return headers, rows


def _site_rows(result: Result, lang: Lang) -> tuple[list[str], list[list[Any]]]:
    keys = [
        ("site", "name"),
        ("service", "service"),
        ("area", "area"),
        ("places", "places"),
        ("new_site", "new_site"),
        ("awake_before", "awake_before"),
        ("resting_before", "resting_before"),
        ("hours_before", "paid_hours_per_night_before"),
        ("fte_before", "gross_fte_before"),
        ("cost_before", "cost_nok_before"),
        ("supp_before", "supplements_nok_before"),
        ("awake_after", "awake_after"),
        ("resting_after", "resting_after"),
        ("hours_after", "paid_hours_per_night_after"),
        ("fte_after", "gross_fte_after"),
        ("cost_after", "cost_nok_after"),
        ("supp_after", "supplements_nok_after"),
    ]
    headers = [_t(label, lang) for label, _ in keys]
    rows = [
        [result.site_name(rec[attr], lang) if attr == "new_site" else rec[attr] for _, attr in keys]
        for rec in result.sites.records()
    ]
    return headers, rows


_SITE_FORMATS = {9: FTE_FORMAT, 10: NOK_FORMAT, 11: NOK_FORMAT, 15: FTE_FORMAT}
_SITE_FORMATS |= {16: NOK_FORMAT, 17: NOK_FORMAT}


def _summary_rows(result: Result, baseline: Baseline, lang: Lang) -> list[list[Any]]:
    t = result.totals
    nok_y, nok, fte = _t("nok_year", lang), _t("nok", lang), _t("fte_unit", lang)
    hn = _t("hours_night", lang)
    return [
        [_t("municipality", lang), baseline.municipality, ""],
        [_t("baseline", lang), result.baseline_name, ""],
        [_t("price_year", lang), result.price_year, _t("year", lang)],
        [_t("plan_years", lang), ", ".join(str(y) for y in result.plan_years), ""],
        [_t("gross", lang), t.gross_savings_nok_per_year, nok_y],
        [_t("lost_refund", lang), t.lost_refund_nok_per_year, nok_y],
        [_t("net", lang), t.net_savings_nok_per_year, nok_y],
        [_t("fte", lang), t.fte_change, fte],
        [_t("sites_before", lang), t.sites_baseline, _t("count_sites", lang)],
        [_t("sites_after", lang), t.sites, _t("count_sites", lang)],
        [_t("night_cost_before", lang), t.night_baseline.total_cost_nok, nok_y],
        [_t("night_cost_after", lang), t.night.total_cost_nok, nok_y],
        [_t("night_fte_before", lang), t.night_baseline.gross_fte, fte],
        [_t("night_fte_after", lang), t.night.gross_fte, fte],
        [_t("night_hours_before", lang), t.night_baseline.paid_hours_per_night, hn],
        [_t("night_hours_after", lang), t.night.paid_hours_per_night, hn],
        [_t("investment", lang), t.investment_nok, nok],
        [_t("grant", lang), t.grant_nok, nok],
        [_t("net_investment", lang), t.net_investment_nok, nok],
        [_t("capital_cost", lang), t.annual_capital_cost_nok, nok_y],
        [_t("net_after_capital", lang), t.net_effect_after_capital_nok_per_year, nok_y],
        [_t("payback_year", lang), t.payback_year, _t("year", lang)],
    ]


def _parameter_rows(
    baseline: Baseline, scenario: Scenario, lang: Lang
) -> tuple[list[str], list[list[Any]]]:
    headers = [
        _t(k, lang)
        for k in (
            "key",
            "label",
            "value",
            "unit",
            "p_year",
            "municipality",
            "source",
            "status",
            "low",
            "high",
            "override",
            "used",
            "note",
        )
    ]
    rows = []
    for key, p in baseline.parameters.items():
        override = scenario.params.get(key)
        rows.append(
            [
                key,
                p.label_en if lang == "en" and p.label_en else p.label_nb,
                p.value,
                p.unit,
                p.year,
                p.municipality,
                text_in(p, "source", lang),
                p.status,
                p.low,
                p.high,
                override,
                override if override is not None else p.value,
                text_in(p, "note", lang),
            ]
        )
    return headers, rows


def _scenario_rows(
    result: Result, scenario: Scenario, baseline: Baseline, lang: Lang
) -> list[list[Any]]:
    rows: list[list[Any]] = [
        [_t("model_version", lang), result.model_version],
        [_t("baseline_name", lang), result.baseline_name],
        [_t("baseline_hash", lang), result.baseline_hash],
    ]
    if baseline.hash != result.baseline_hash:
        rows.append([_t("baseline_hash_now", lang), baseline.hash])
    rows += [
        [_t("scenario_hash", lang), result.scenario_hash or scenario.hash],
        [_t("exported_at", lang), datetime.now(UTC).replace(tzinfo=None, microsecond=0)],
    ]
    text = scenario.canonical_json()
    size = EXCEL_CELL_MAX - 100
    parts = [text[i : i + size] for i in range(0, len(text), size)] or [""]
    for i, part in enumerate(parts, start=1):
        label = _t("scenario_json", lang)
        if len(parts) > 1:
            label += f" ({_t('part', lang)} {i}/{len(parts)})"
        rows.append([label, part])
    return rows


# --------------------------------------------------------------------------- public API


def result_to_xlsx(
    result: Result, scenario: Scenario, baseline: Baseline, *, lang: Lang = "nb"
) -> bytes:
    """The result as an .xlsx workbook (six sheets; names in bokmål unless ``lang="en"``)."""
    wb = _new_workbook()
    ws = _table_sheet(
        wb,
        _t("sheet_summary", lang),
        [_t("figure", lang), _t("value", lang), _t("unit", lang)],
        _summary_rows(result, baseline, lang),
    )
    for (cell,) in ws.iter_rows(min_row=2, min_col=2, max_col=2):
        unit = ws.cell(row=cell.row, column=3).value
        if isinstance(cell.value, float):
            cell.number_format = FTE_FORMAT if unit == _t("fte_unit", lang) else NOK_FORMAT
    if result.warnings:
        ws.append([])
        _append(ws, [_t("warnings", lang)])
        ws.cell(row=ws.max_row, column=1).font = _HEADER_FONT
        for w in result.warnings:
            _append(ws, [w.message_en if lang == "en" else w.message_nb])
    ws.column_dimensions["A"].width = 48

    headers, rows = _measure_rows(result, lang)
    _table_sheet(wb, _t("sheet_measures", lang), headers, rows, _MEASURE_FORMATS)

    headers, rows = _year_rows(result, lang)
    formats = {i: NOK_FORMAT for i in range(2, len(headers) + 1)}
    formats[4] = FTE_FORMAT
    _table_sheet(wb, _t("sheet_years", lang), headers, rows, formats)

    headers, rows = _site_rows(result, lang)
    _table_sheet(wb, _t("sheet_sites", lang), headers, rows, _SITE_FORMATS)

    headers, rows = _parameter_rows(baseline, scenario, lang)
    _table_sheet(wb, _t("sheet_parameters", lang), headers, rows)

    ws = _table_sheet(
        wb,
        _t("sheet_scenario", lang),
        [_t("field", lang), _t("value", lang)],
        _scenario_rows(result, scenario, baseline, lang),
    )
    ws.column_dimensions["B"].width = 100
    for (cell,) in ws.iter_rows(min_row=2, min_col=2, max_col=2):
        if isinstance(cell.value, datetime):
            cell.number_format = "yyyy-mm-dd hh:mm:ss"
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return _save(wb)


def dataframe_to_xlsx(df: Any, sheet_name: str = "Tabell") -> bytes:
    """Any pandas DataFrame as a one-sheet .xlsx (text neutralised, numbers numeric)."""
    return frames_to_xlsx({sheet_name: df})


def frames_to_xlsx(
    sheets: Mapping[str, Any], formats: Mapping[str, Mapping[str, str]] | None = None
) -> bytes:
    """Several DataFrames as one .xlsx, a sheet each (text neutralised, numbers numeric).

    Numeric cells stay numbers with an Excel number format that Norwegian Excel shows as
    ``1 234``, ``1,25`` or ``2027`` (see :func:`column_number_format`); ``formats`` may
    set a column's format by sheet and header.
    """
    import pandas as pd

    wb = _new_workbook()
    for name, df in sheets.items():
        frame: pd.DataFrame = df
        if not isinstance(frame.index, pd.RangeIndex):
            frame = frame.reset_index()
        headers = [str(c) for c in frame.columns]
        rows = (list(r) for r in frame.itertuples(index=False, name=None))
        ws = _table_sheet(wb, name, headers, rows)
        given = (formats or {}).get(name, {})
        for col_idx, header in enumerate(headers, start=1):
            number_format = given.get(header) or column_number_format(frame.iloc[:, col_idx - 1])
            if number_format:
                _formats(ws, {col_idx: number_format})
    return _save(wb)


def column_number_format(values: Any) -> str | None:
    """The Excel number format for a numeric column: years ``0``; whole numbers and
    amounts of 1 000 or more ``#,##0``; other decimals ``#,##0.0`` or ``#,##0.00`` (as
    many decimals as the values have, at most two). None for text columns.

    Format codes are locale-independent: Norwegian Excel shows ``#,##0.00`` as
    ``1 234,50``.
    """
    import pandas as pd

    series = pd.Series(values)
    if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series):
        return None
    nums = pd.to_numeric(series, errors="coerce").dropna()
    nums = nums[nums.map(math.isfinite)]
    if not len(nums):
        return NOK_FORMAT
    if bool(((nums % 1) == 0).all()):
        if bool(((nums >= 1900) & (nums <= 2200)).all()) and pd.api.types.is_integer_dtype(series):
            return YEAR_FORMAT
        return NOK_FORMAT
    if bool((nums.abs() >= 1000).any()):
        return NOK_FORMAT
    one = bool((((nums * 10).round(9) % 1) == 0).all())
    return "#,##0.0" if one else DECIMAL_FORMAT


def format_csv_number(x: float | int) -> str:
    """12345.5 → '12345,5'; 1e11 → '100000000000'; no exponent, no thousands separator."""
    if isinstance(x, bool):
        raise TypeError("bool is not a number here")
    if isinstance(x, int):
        return str(x)
    if not math.isfinite(x):
        return ""
    if x.is_integer() and abs(x) < 1e18:
        return str(int(x))
    text = format(x, ".15g")
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    return text.replace(".", CSV_DECIMAL)


def _csv_cell(value: Any, lang: Lang) -> str:
    if _missing(value):
        return ""
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        try:
            value = value.item()
        except (AttributeError, ValueError):
            value = str(value)
    if isinstance(value, bool):
        return _t("yes" if value else "no", lang)
    if isinstance(value, int | float):
        return format_csv_number(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value)
    return str(neutralise_cell(text))


def _csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[Any]], lang: Lang) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=CSV_SEPARATOR, lineterminator="\r\n")
    writer.writerow([_csv_cell(h, lang) for h in headers])
    for r in rows:
        writer.writerow([_csv_cell(v, lang) for v in r])
    return buf.getvalue().encode("utf-8-sig")


def result_to_csv(result: Result, table: CsvTable, *, lang: Lang = "nb") -> bytes:
    """One result table as CSV for Norwegian Excel (UTF-8 BOM, ``;``, decimal comma)."""
    if table == "measures":
        headers, rows = _measure_rows(result, lang)
    elif table == "years":
        headers, rows = _year_rows(result, lang)
    elif table == "sites":
        headers, rows = _site_rows(result, lang)
    else:
        raise ValueError(f"table must be 'measures', 'years' or 'sites', not {table!r}")
    return _csv_bytes(headers, rows, lang)


def dataframe_to_csv(df: Any, *, lang: Lang = "nb") -> bytes:
    """Any DataFrame as CSV with the same conventions as :func:`result_to_csv`."""
    import pandas as pd

    frame: pd.DataFrame = df
    if not isinstance(frame.index, pd.RangeIndex):
        frame = frame.reset_index()
    rows = (list(r) for r in frame.itertuples(index=False, name=None))
    return _csv_bytes([str(c) for c in frame.columns], rows, lang)
