"""Download buttons: a chart as PNG (made only when clicked, with its title, the scenario,
the baseline and the date on the image) and its data or a table as Excel (numbers stay
numbers, headers in the UI's language)."""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from ui import charts
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


@dataclass(frozen=True)
class Snapshot:
    """What an export needs from the session, taken while the page runs: a download's
    data callable runs later, outside the session's script run, where ``st.session_state``
    is not this user's."""

    lang: str
    baseline: Any
    scenario: Any
    version_id: str | None
    store: Any


def snapshot() -> Snapshot:
    from ui import state

    vid = st.session_state.get("loaded_version_id")
    return Snapshot(
        lang=lang(),
        baseline=state.baseline(),
        scenario=state.scenario(),
        version_id=vid,
        store=state.store() if vid else None,
    )


def _t(snap: Snapshot, nb: str, en: str) -> str:
    return en if snap.lang == "en" else nb


def _loaded(snap: Snapshot) -> Any | None:
    if not snap.version_id or snap.store is None:
        return None
    try:
        return snap.store.load_version(snap.version_id)
    except Exception:  # noqa: BLE001 - the export still works without the name
        return None


def current_scenario_name(snap: Snapshot) -> str:
    """The open saved scenario's name (marked as changed when the levers moved since), or
    'current scenario (not saved)'. Reads the store, so call it only when exporting."""
    saved = _loaded(snap)
    if saved is None:
        return _t(snap, "Gjeldende scenario (ikke lagret)", "Current scenario (not saved)")
    if saved.scenario is not None and saved.scenario == snap.scenario:
        return f"{saved.name} (v{saved.version})"
    return _t(
        snap,
        f"{saved.name} (v{saved.version}), endret",
        f"{saved.name} (v{saved.version}), changed",
    )


def loaded_description(snap: Snapshot) -> str:
    saved = _loaded(snap)
    return str(saved.description or "") if saved is not None else ""


def baseline_text(b: Any, language: str = "nb") -> str:
    """'demo – Alver kommune 2024 (data 1a2b3c…)'."""
    muni = f"{b.municipality} {b.year}".strip()
    return f"{b.name} – {muni} (data {str(b.hash)[:12]})"


def export_context(snap: Snapshot) -> ExportContext:
    return ExportContext(
        scenario=current_scenario_name(snap),
        baseline=baseline_text(snap.baseline, snap.lang),
        made=format_date(date.today(), snap.lang),
        lang=snap.lang,
    )


def export_frame(
    df: pd.DataFrame, headers: Mapping[str, str] | None = None, language: str | None = None
) -> pd.DataFrame:
    """``df`` with headers in the UI's language (or ``language``): ``headers`` first, then
    the internal names of :data:`INTERNAL_HEADERS`."""
    en = (language or lang()) == "en"
    names: dict[str, str] = {}
    for col in df.columns:
        if headers and col in headers:
            names[col] = headers[col]
        elif col in INTERNAL_HEADERS:
            nb, english = INTERNAL_HEADERS[col]
            names[col] = english if en else nb
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
        st.vega_lite_chart(charts.arrow_datasets(chart), width="stretch", key=f"chart:{key}")
    else:
        st.altair_chart(chart, width="stretch", key=f"chart:{key}")
    from ui import state

    if state.presenting():  # presenter mode: the chart, nothing else (issue 9 item 3)
        return
    snap = snapshot()
    # one flex row (one block) rather than three columns (four blocks): fewer messages
    # per rerun, and the buttons sit side by side at their own width
    row = st.container(horizontal=True, gap="small")
    row.download_button(
        tr("Last ned PNG", "Download PNG"),
        data=lambda: chart_png(chart, title, export_context(snap)),
        file_name=f"{name}.png",
        mime="image/png",
        key=f"png:{key}",
        on_click="ignore",
    )
    if table is not None:
        row.download_button(
            tr("Last ned Excel", "Download Excel"),
            data=lambda: _xlsx(
                export_frame(table, headers, snap.lang), name[:31], export_context(snap), title
            ),
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
        s = df[col]
        if s.dtype.kind != "f":  # float64 and pandas' Float64; not Int64 years or text
            continue
        # plain floats, not numpy: a page's tables have a few dozen rows and this runs for
        # every table on every rerun that changes the result
        vals = [v for v in s.tolist() if v is not None and v is not pd.NA and v == v]
        integral = all(float(v).is_integer() for v in vals)
        big = any(abs(v) >= 1000 for v in vals)
        decimals = 0 if (integral or big) else 2
        out[col] = lambda v, d=decimals: fmt.num(v, d)
    return out


def display_frame(df: pd.DataFrame) -> pd.DataFrame:
    """What `table_block` shows: decimal numbers as Norwegian text."""
    from ui.tables import formatted

    return formatted(df, number_formats(df)).to_pandas()


def table_block(
    df: pd.DataFrame | Callable[[], pd.DataFrame], name: str, key: str, *, per_result: bool = False
) -> None:
    """A table with Norwegian number formats; the Excel download keeps real numbers.

    ``per_result``: ``df`` (a frame, or a function that builds it) depends only on the
    model's result and the language, so the frame and its formatted text are built once
    per result (``state.memo``) and reused by every rerun that does not change it."""
    from ui import state
    from ui.tables import formatted, show

    def build() -> tuple[pd.DataFrame, dict[str, Any], Any]:
        frame = df() if callable(df) else df
        formats = number_formats(frame)
        return frame, formats, formatted(frame, formats)

    frame, formats, shown = state.memo(f"table:{key}:{name}", build) if per_result else build()
    show(frame, formats, name, key, display=shown)


# ------------------------------------------------------------------- council report
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _saved_baseline(store: Any, name: str, hash: str, fallback: Any) -> Any:
    """The baseline a scenario was saved with: by name and hash, else any stored baseline
    with that hash (the name in a record may be the display name), else the newest
    version of that name, else ``fallback`` (the session's baseline)."""
    attempts = [lambda: store.load_baseline(name, hash=hash)]
    try:
        for info in store.list_baselines(all_versions=True):
            if info.hash == hash:
                attempts.append(lambda n=info.name: store.load_baseline(n, hash=hash))
    except Exception:  # noqa: BLE001 - listing is only a second chance
        pass
    attempts.append(lambda: store.load_baseline(name))
    for attempt in attempts:
        try:
            return attempt()
        except Exception:  # noqa: BLE001 - try the next way
            continue
    if fallback is None:
        raise LookupError(name)
    return fallback


def saved_report(store: Any, scenario_id: str, language: str, fallback: Any = None) -> bytes:
    """The report of a saved scenario on the baseline it was saved with (see
    :func:`_saved_baseline`)."""
    from ui import report

    saved = store.load_scenario(scenario_id)
    if saved.scenario is None:
        raise ValueError(saved.error or "unreadable scenario")
    b = _saved_baseline(store, saved.baseline_name, saved.baseline_hash, fallback)
    return report.build_report(
        b,
        saved.scenario,
        name=f"{saved.name} (v{saved.version})",
        description=saved.description,
        lang="en" if language == "en" else "nb",
    )


def report_button(key: str = "report") -> None:
    """The council-ready Word report (made on click) of the current scenario, or of a
    saved one when "another saved scenario" is ticked (only then is the store listed)."""
    from ui import report, state
    from ui.safe import md

    snap = snapshot()
    language = snap.lang
    # one flex row (one block, not three): the button (its slot first, so it stays
    # first), then the toggle and its picker
    row = st.container(horizontal=True, gap="medium", vertical_alignment="center")
    button = row.empty()
    pick_saved = row.toggle(
        tr("Rapport for et annet lagret scenario", "Report for another saved scenario"),
        key=f"docx:{key}:pick",
    )
    if pick_saved:
        store = state.store()
        items = [] if store is None else store.list_scenarios()
        if not items:
            row.caption(tr("Ingen lagrede scenarioer ennå.", "No saved scenarios yet."))
            return
        names = {it.id: f"{it.name} (v{it.version})" for it in items}
        chosen = row.selectbox(
            tr("Lagret scenario", "Saved scenario"),
            options=list(names),
            format_func=lambda k: names[k],
            key=f"docx:{key}:saved",
        )
        button.download_button(
            tr("Last ned beslutningsgrunnlag (Word)", "Download decision report (Word)"),
            data=lambda: saved_report(store, chosen, language, snap.baseline),
            file_name=tr("beslutningsgrunnlag.docx", "decision-report.docx"),
            mime=DOCX_MIME,
            key=f"docx:{key}:file-saved",
            on_click="ignore",
            icon=":material/description:",
            help=md(names[chosen]),
        )
        return

    def make() -> bytes:
        return report.build_report(
            snap.baseline,
            snap.scenario,
            name=current_scenario_name(snap),
            description=loaded_description(snap),
            lang="en" if language == "en" else "nb",
        )

    button.download_button(
        tr("Last ned beslutningsgrunnlag (Word)", "Download decision report (Word)"),
        data=make,
        file_name=tr("beslutningsgrunnlag.docx", "decision-report.docx"),
        mime=DOCX_MIME,
        key=f"docx:{key}:file",
        on_click="ignore",
        icon=":material/description:",
    )
