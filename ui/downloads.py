"""Download buttons: chart as PNG (made only when clicked) and table as Excel."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from ui.i18n import tr


def _png(chart: Any) -> bytes:
    import vl_convert as vlc

    return bytes(vlc.vegalite_to_png(chart.to_dict(), scale=2))


def _xlsx(df: pd.DataFrame, sheet: str) -> bytes:
    from storage.export import dataframe_to_xlsx

    return dataframe_to_xlsx(df, sheet)


def chart_block(chart: Any, table: pd.DataFrame | None, name: str, key: str) -> None:
    """The chart, then small PNG and Excel download buttons."""
    if isinstance(chart, dict):
        st.vega_lite_chart(chart, width="stretch", key=f"chart:{key}")
    else:
        st.altair_chart(chart, width="stretch", key=f"chart:{key}")
    c1, c2, _ = st.columns([1, 1, 3])
    c1.download_button(
        tr("Last ned PNG", "Download PNG"),
        data=lambda: _png(chart),
        file_name=f"{name}.png",
        mime="image/png",
        key=f"png:{key}",
        on_click="ignore",
    )
    if table is not None:
        c2.download_button(
            tr("Last ned Excel", "Download Excel"),
            data=lambda: _xlsx(table, name[:31]),
            file_name=f"{name}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"xlsx:{key}",
            on_click="ignore",
        )


def number_formats(df: pd.DataFrame) -> dict[str, Any]:
    """Norwegian text formats for the decimal columns (``1,41``, ``-1 234``); years and
    counts (integer columns) are left as they are."""
    from ui import fmt

    out: dict[str, Any] = {}
    for col in df.columns:
        if pd.api.types.is_float_dtype(df[col]):
            vals = df[col].dropna()
            integral = bool(((vals % 1) == 0).all()) if len(vals) else True
            big = bool((vals.abs() >= 1000).any()) if len(vals) else False
            decimals = 0 if (integral or big) else 2
            out[col] = lambda v, d=decimals: fmt.num(v, d)
    return out


def display_frame(df: pd.DataFrame) -> pd.DataFrame:
    """What `table_block` shows: decimal numbers as Norwegian text."""
    from ui.tables import formatted

    return formatted(df, number_formats(df))


def table_block(df: pd.DataFrame, name: str, key: str) -> None:
    """A table with Norwegian number formats; the Excel download keeps real numbers."""
    from ui.tables import show

    show(df, number_formats(df), name, key)
