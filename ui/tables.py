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


def xlsx(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """An Excel workbook with one sheet per table (plain numbers, no formatting)."""
    buf = io.BytesIO()
    used: set[str] = set()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for name, df in sheets.items():
            df.to_excel(writer, sheet_name=sheet_name(name, used), index=False)
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
) -> pd.DataFrame:
    """Show `df` with `formats` applied (numbers right-aligned); Excel gets the numbers."""
    shown = formatted(df, formats)
    config = {c: st.column_config.TextColumn(c, alignment="right") for c in formats if c in shown}
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
