"""Download buttons: a chart as PNG (made only when clicked, with its title, the scenario,
the baseline and the date on the image) and its data or a table as Excel (numbers stay
numbers, headers in the UI's language)."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from ui.i18n import lang, tr

#: Internal column names of the chart data frames -> headers in bokmål and English.
#: A chart's own ``headers`` win; these cover the rest, so no export shows "site"/"when".
INTERNAL_HEADERS: dict[str, tuple[str, str]] = {
    "site": ("Lokasjon", "Site"),
    "new_site": ("Lokasjon etter", "Site after"),
    "when": ("Tidspunkt", "When"),
    "value": ("Verdi", "Value"),
    "label": ("Tiltak", "Measure"),
    "measure": ("Tiltak", "Measure"),
    "value_mnok": ("Netto besparelse (mill. kr/år)", "Net saving (NOK m/year)"),
    "year": ("År", "Year"),
    "series": ("Serie", "Series"),
    "places": ("Plasser", "Places"),
    "scenario": ("Scenario", "Scenario"),
    "net": ("Netto besparelse (mill. kr/år)", "Net saving (NOK m/year)"),
    "merged": ("Slått sammen", "Merged"),
    "kind": ("Type", "Kind"),
    "type": ("Type", "Kind"),
}


#: Width in CSS pixels of an exported chart whose width follows its container in the app.
EXPORT_WIDTH = 720


@dataclass(frozen=True)
class ExportContext:
    """What every exported chart and table says about where it comes from."""

    scenario: str
    baseline: str
    made: str
    lang: str = "nb"

    def lines(self) -> list[str]:
        en = self.lang == "en"
        return [
            ("Scenario: " if en else "Scenario: ") + self.scenario,
            ("Baseline: " if en else "Grunnlag: ") + self.baseline,
            ("Made: " if en else "Laget: ") + self.made,
        ]


def format_date(d: date, language: str) -> str:
    """27.11.2026 (nb) / 27 Nov 2026 (en)."""
    from babel.dates import format_date as babel_date

    if language == "en":
        return babel_date(d, format="d MMM y", locale="en_GB")
    return babel_date(d, format="dd.MM.y", locale="nb_NO")


def baseline_text(b: Any) -> str:
    """'demo – Alver kommune 2024 (data 1a2b3c…)'."""
    muni = f"{b.municipality} {b.year}".strip()
    return f"{b.name} – {muni} ({tr('data', 'data')} {str(b.hash)[:12]})"


def current_scenario_name() -> str:
    """The open saved scenario's name (marked as changed when the levers moved since), or
    'current scenario (not saved)'. Reads the store, so call it only when exporting."""
    from ui import state

    unsaved = tr("Gjeldende scenario (ikke lagret)", "Current scenario (not saved)")
    vid = st.session_state.get("loaded_version_id")
    store = state.store() if vid else None
    if not vid or store is None:
        return unsaved
    try:
        saved = store.load_version(vid)
    except Exception:  # noqa: BLE001 - the export still works without the name
        return unsaved
    if saved.scenario is not None and saved.scenario == state.scenario():
        return f"{saved.name} (v{saved.version})"
    return tr(
        f"{saved.name} (v{saved.version}), endret", f"{saved.name} (v{saved.version}), changed"
    )


def export_context() -> ExportContext:
    from ui import state

    return ExportContext(
        scenario=current_scenario_name(),
        baseline=baseline_text(state.baseline()),
        made=format_date(date.today(), lang()),
        lang=lang(),
    )


def export_frame(df: pd.DataFrame, headers: Mapping[str, str] | None = None) -> pd.DataFrame:
    """``df`` with headers in the UI's language: ``headers`` first, then the internal
    names of :data:`INTERNAL_HEADERS`."""
    names: dict[str, str] = {}
    for col in df.columns:
        if headers and col in headers:
            names[col] = headers[col]
        elif col in INTERNAL_HEADERS:
            names[col] = tr(*INTERNAL_HEADERS[col])
    return df.rename(columns=names)


def titled_spec(chart: Any, title: str | None, ctx: ExportContext | None) -> dict[str, Any]:
    """The chart's Vega-Lite spec with a title and, as subtitle, scenario, baseline and
    date (so a PNG pasted into a document says what it shows)."""
    spec = copy.deepcopy(chart) if isinstance(chart, dict) else chart.to_dict(validate=False)
    old = spec.get("title")
    text = title or (old.get("text") if isinstance(old, dict) else old) or ""
    spec["title"] = {
        "text": text,
        "subtitle": ctx.lines() if ctx else [],
        "anchor": "start",
        "fontSize": 18,
        "subtitleFontSize": 12,
        "subtitleColor": "#333333",
        "offset": 12,
    }
    if spec.get("width") in (None, "container") and not (
        {"hconcat", "vconcat", "concat", "facet", "repeat"} & spec.keys()
    ):
        spec["width"] = EXPORT_WIDTH  # the app's charts fill their column; a PNG needs a size
    spec.setdefault("background", "white")
    spec.setdefault("padding", 16)
    return spec


def chart_png(chart: Any, title: str | None = None, ctx: ExportContext | None = None) -> bytes:
    import vl_convert as vlc

    return bytes(vlc.vegalite_to_png(titled_spec(chart, title, ctx), scale=2))


def _png(chart: Any, title: str | None = None, ctx: ExportContext | None = None) -> bytes:
    return chart_png(chart, title, ctx)


def about_frame(ctx: ExportContext, title: str | None = None) -> pd.DataFrame:
    """A small sheet that says what the export shows and where it comes from."""
    en = ctx.lang == "en"
    rows = [
        ("Title" if en else "Tittel", title or ""),
        ("Scenario", ctx.scenario),
        ("Baseline" if en else "Grunnlag", ctx.baseline),
        ("Made" if en else "Laget", ctx.made),
    ]
    return pd.DataFrame(rows, columns=["Field" if en else "Felt", "Value" if en else "Verdi"])


def _xlsx(
    df: pd.DataFrame,
    sheet: str,
    ctx: ExportContext | None = None,
    title: str | None = None,
) -> bytes:
    from storage.export import frames_to_xlsx

    sheets: dict[str, pd.DataFrame] = {sheet: df}
    if ctx is not None:
        sheets["Om" if ctx.lang != "en" else "About"] = about_frame(ctx, title)
    return frames_to_xlsx(sheets)


def chart_block(
    chart: Any,
    table: pd.DataFrame | None,
    name: str,
    key: str,
    *,
    title: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> None:
    """The chart, then small PNG and Excel download buttons.

    ``title`` goes on the PNG (with scenario, baseline and date); ``headers`` names the
    data columns in the UI's language (internal names are translated anyway).
    """
    if isinstance(chart, dict):
        st.vega_lite_chart(chart, width="stretch", key=f"chart:{key}")
    else:
        st.altair_chart(chart, width="stretch", key=f"chart:{key}")
    c1, c2, _ = st.columns([1, 1, 3])
    c1.download_button(
        tr("Last ned PNG", "Download PNG"),
        data=lambda: chart_png(chart, title, export_context()),
        file_name=f"{name}.png",
        mime="image/png",
        key=f"png:{key}",
        on_click="ignore",
    )
    if table is not None:
        c2.download_button(
            tr("Last ned Excel", "Download Excel"),
            data=lambda: _xlsx(export_frame(table, headers), name[:31], export_context(), title),
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


# ------------------------------------------------------------------- council report
def report_button(key: str = "report") -> None:
    """One button: the council-ready Word report of the current scenario (made on click)."""
    from ui import report, state

    def make() -> bytes:
        return report.build_report(
            state.baseline(),
            state.scenario(),
            name=current_scenario_name(),
            description=_loaded_description(),
            lang=lang(),
        )

    st.download_button(
        tr("Last ned beslutningsgrunnlag (Word)", "Download decision report (Word)"),
        data=make,
        file_name=tr("beslutningsgrunnlag.docx", "decision-report.docx"),
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        key=f"docx:{key}",
        on_click="ignore",
        icon=":material/description:",
    )


def _loaded_description() -> str:
    from ui import state

    vid = st.session_state.get("loaded_version_id")
    store = state.store() if vid else None
    if not vid or store is None:
        return ""
    try:
        return str(store.load_version(vid).description or "")
    except Exception:  # noqa: BLE001 - the report still works without it
        return ""
