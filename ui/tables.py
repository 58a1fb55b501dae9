"""Tables shown with Norwegian number formats (as text, right-aligned) while the Excel
download keeps the plain numbers; and several tables in one Excel workbook."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd
import streamlit as st

from ui.i18n import tr

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def sheet_name(name: str, used: set[str] | None = None) -> str:
    base = _BAD_SHEET_CHARS.sub("-", name).strip("'") or "Ark"
    base = base[:31]
    if used is None:
        return base
    out, i = base, 2
    while out.lower() in used:
        suffix = f" ({i})"
        out = base[: 31 - len(suffix)] + suffix
        i += 1
    used.add(out.lower())
    return out


#: Text starting with these is run as a formula by spreadsheets (OWASP CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise(value: Any) -> Any:
    """Prefix ``'`` to text a spreadsheet would run as a formula (same rule as
    ``storage.export.neutralise_cell``); numbers and other values are left alone."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells and headers cannot run as formulas in Excel."""
    out = df.copy()
    out.columns = [neutralise(str(c)) for c in out.columns]
    for col in out.columns:
        if not pd.api.types.is_numeric_dtype(out[col]):
            out[col] = out[col].map(neutralise)
    return out


def xlsx(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """An Excel workbook with one sheet per table (plain numbers; user text neutralised)."""
    buf = io.BytesIO()
    used: set[str] = set()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for name, df in sheets.items():
            safe_frame(df).to_excel(writer, sheet_name=sheet_name(name, used), index=False)
    return buf.getvalue()


def formatted(df: pd.DataFrame, formats: Mapping[str, Callable[[Any], str]]) -> pd.DataFrame:
    """A copy with the listed columns turned into formatted text."""
    out = df.copy()
    for col, f in formats.items():
        if col in out.columns:
            out[col] = [f(v) if v is not None and not _isnan(v) else "–" for v in df[col]]
    return out


def _isnan(v: Any) -> bool:
    return isinstance(v, float) and v != v


def show(
    df: pd.DataFrame,
    formats: Mapping[str, Callable[[Any], str]],
    name: str,
    key: str,
    *,
    download: bool = True,
    height: int | str = "auto",
    display: pd.DataFrame | None = None,
    right: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Show `df` with `formats` applied (numbers right-aligned); Excel gets the numbers.

    ``display`` replaces the shown table (e.g. when a column's format depends on the row);
    ``right`` lists further columns to right-align.
    """
    shown = display if display is not None else formatted(df, formats)
    config = {
        c: st.column_config.TextColumn(c, alignment="right")
        for c in (*formats, *right)
        if c in shown.columns
    }
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        key=f"df:{key}",
        column_config=config,
        height=height,
    )
    if download:
        st.download_button(
            tr("Last ned Excel", "Download Excel"),
            data=lambda: xlsx({name: df}),
            file_name=f"{name}.xlsx",
            mime=XLSX_MIME,
            key=f"xlsx:{key}",
            on_click="ignore",
        )
    return shown
