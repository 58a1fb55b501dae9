"""Tables shown with Norwegian number formats (as text, right-aligned) while the Excel
download keeps the plain numbers; and several tables in one Excel workbook."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd
import pyarrow as pa
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


def formatted(df: pd.DataFrame, formats: Mapping[str, Callable[[Any], str]]) -> pa.Table:
    """The table as shown: the listed columns as formatted text ("–" where empty), the others
    as they are, straight into Arrow (what ``st.dataframe`` sends).

    Built column by column from plain lists: for the small tables of a page this is several
    times cheaper than assigning text columns into a pandas copy and converting that, and it
    runs on every rerun that changes the result."""
    arrays = []
    for col in df.columns:
        f = formats.get(col)
        if f is None:
            arrays.append(_arrow_column(df[col]))
        else:
            arrays.append(
                pa.array(
                    ["–" if _empty(v) else f(v) for v in df[col].tolist()],
                    type=pa.string(),
                )
            )
    return pa.Table.from_arrays(arrays, names=[str(c) for c in df.columns])


def _arrow_column(s: pd.Series) -> pa.Array:
    """A column as Arrow: nullable integers (years) stay integers; anything pyarrow cannot
    type on its own (mixed objects) as text."""
    try:
        return pa.array(s, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return pa.array(["" if _empty(v) else str(v) for v in s.tolist()])


def _empty(v: Any) -> bool:
    """None, NaN or pandas' NA: shown as "–"."""
    return v is None or v is pd.NA or (isinstance(v, float) and v != v)


def _columns(t: pd.DataFrame | pa.Table) -> list[str]:
    return list(t.column_names) if isinstance(t, pa.Table) else [str(c) for c in t.columns]


def show(
    df: pd.DataFrame,
    formats: Mapping[str, Callable[[Any], str]],
    name: str,
    key: str,
    *,
    download: bool = True,
    height: int | str = "auto",
    display: pd.DataFrame | pa.Table | None = None,
    right: tuple[str, ...] = (),
    widths: Mapping[str, int] | None = None,
) -> None:
    """Show `df` with `formats` applied (numbers right-aligned); Excel gets the numbers.

    ``display`` replaces the shown table (e.g. when a column's format depends on the row);
    ``right`` lists further columns to right-align; ``widths`` fixes columns' widths in
    pixels (the grid sizes a column from its first rows only, so a longer figure further
    down would be cut).
    """
    shown = display if display is not None else formatted(df, formats)
    names = _columns(shown)
    config = {
        c: st.column_config.TextColumn(c, alignment="right")
        for c in (*formats, *right)
        if c in names
    }
    # (ui-live) the first column stays in view when a wide table scrolls inside itself
    if names:
        first = names[0]
        config[first] = st.column_config.TextColumn(
            first, pinned=True, alignment="right" if first in config else None
        )
    for c, px in (widths or {}).items():
        if c in names:
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
