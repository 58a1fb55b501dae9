"""Tables shown with Norwegian number formats (as text, right-aligned) while the Excel
download keeps the plain numbers; and several tables in one Excel workbook."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd
import streamlit as st

from ui.downloads import snapshot
from ui.i18n import tr

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """An Excel workbook with one sheet per table (plain numbers; user text neutralised)."""
    from storage.export import frames_to_xlsx

    return frames_to_xlsx(sheets)


def _xlsx_with_about(name: str, df: pd.DataFrame, snap: Any) -> bytes:
    """The table plus a sheet saying which scenario, baseline and date it comes from."""
    from ui.downloads import about_frame, export_context

    ctx = export_context(snap)
    return xlsx({name: df, "About" if ctx.lang == "en" else "Om": about_frame(ctx, name)})


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
    widths: Mapping[str, int] | None = None,
) -> pd.DataFrame:
    """Show `df` with `formats` applied (numbers right-aligned); Excel gets the numbers.

    ``display`` replaces the shown table (e.g. when a column's format depends on the row);
    ``right`` lists further columns to right-align; ``widths`` fixes columns' widths in
    pixels (the grid sizes a column from its first rows only, so a longer figure further
    down would be cut).
    """
    shown = display if display is not None else formatted(df, formats)
    config = {
        c: st.column_config.TextColumn(c, alignment="right")
        for c in (*formats, *right)
        if c in shown.columns
    }
    # (ui-live) the first column stays in view when a wide table scrolls inside itself
    if len(shown.columns):
        first = str(shown.columns[0])
        config[first] = st.column_config.TextColumn(
            first, pinned=True, alignment="right" if first in config else None
        )
    for c, px in (widths or {}).items():
        if c in shown.columns:
            config[c] = {**config.get(c, st.column_config.TextColumn(c)), "width": px}
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        key=f"df:{key}",
        column_config=config,
        height=height,
    )
    if download:
        snap = snapshot()
        st.download_button(
            tr("Last ned Excel", "Download Excel"),
            data=lambda: _xlsx_with_about(name, df, snap),
            file_name=f"{name}.xlsx",
            mime=XLSX_MIME,
            key=f"xlsx:{key}",
            on_click="ignore",
        )
    return shown
