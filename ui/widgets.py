"""Small shared helpers for the pages: parameter levers with unit/year/source, labels for
services and data status, seeding of callback-driven widgets, and model warnings."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd
import streamlit as st

from model import Baseline, Result
from model.catalog import SERVICE_LABELS
from ui import fmt, state
from ui.i18n import lang, pick, tr
from ui.safe import md  # the one escape helper (re-exported as ``w.md``)

STATUS_LABELS: dict[str, tuple[str, str]] = {
    "published": ("publisert", "published"),
    "derived": ("utledet", "derived"),
    "reconstructed": ("rekonstruert", "reconstructed"),
    "assumption": ("antakelse", "assumption"),
}


def status_label(status: str) -> str:
    nb, en = STATUS_LABELS.get(status, (status, status))
    return tr(nb, en)


def service_label(service: str) -> str:
    nb, en = SERVICE_LABELS.get(str(service), (str(service), str(service)))
    return tr(nb, en)


def seed(key: str, value: Any) -> None:
    """Give a callback-driven widget its value from the scenario, unless it has one; a
    scenario widget (``lv:`` key) re-reads it after a reset, undo, load or rejection."""
    state.seed_widget(key, value)


def flash(key: str, kind: str, text: str) -> None:
    """Remember a message (from a callback) to show once on the next run."""
    st.session_state[key] = (kind, text)


def show_flash(key: str) -> None:
    msg = st.session_state.pop(key, None)
    if not msg:
        return
    kind, text = msg
    {"error": st.error, "warning": st.warning, "success": st.success}.get(kind, st.info)(text)


# ------------------------------------------------------------------------ parameters
def param_range(b: Baseline, key: str) -> str:
    p = b.parameters[key]
    if p.low is None or p.high is None:
        return "–"
    return f"{fmt.param_value(p.low, p.unit)} – {fmt.param_value(p.high, p.unit)}"


def param_help(b: Baseline, key: str) -> str:
    """'Kostnad per boenhet: grunnlag 3 500 000 kr/enhet (2021, Alver). Kilde: … Status: …'."""
    p = b.parameters.get(key)
    if p is None:
        return ""
    where = ", ".join(x for x in (str(p.year or ""), p.municipality) if x)
    parts = [
        md(f"{pick(p, 'label') or key}: ")
        + tr("grunnlag ", "baseline ")
        + md(fmt.param_value(p.value, p.unit))
        + (f" ({md(where)})" if where else ""),
        tr("Kilde: ", "Source: ") + (md(p.source) if p.source else "–"),
        tr("Status: ", "Status: ") + md(status_label(p.status)),
    ]
    if p.low is not None and p.high is not None:
        parts.append(tr("Spenn: ", "Range: ") + md(param_range(b, key)))
    if p.note:
        parts.append(md(p.note))
    return "  \n".join(parts)


def param_caption(b: Baseline, key: str) -> None:
    """Current value in Norwegian format, with the baseline value when it was changed."""
    p = b.parameters.get(key)
    if p is None:
        return
    s = state.scenario()
    if key in s.params:
        st.caption(
            md(fmt.param_value(s.params[key], p.unit))
            + tr(" (endret; grunnlag ", " (changed; baseline ")
            + md(fmt.param_value(p.value, p.unit))
            + f", {p.year or '–'})"
        )
    else:
        src = p.source if len(p.source) <= 70 else p.source[:67] + "…"
        st.caption(
            md(fmt.param_value(p.value, p.unit))
            + f" · {p.year or '–'} · {md(status_label(p.status))} · "
            + (md(src) if src else "–")
        )


def param_lever(
    widget: Callable[..., Any],
    key: str,
    label: str,
    *,
    percent: bool = False,
    integer: bool = False,
    caption: bool = True,
    **kwargs: Any,
) -> Any:
    """A widget bound to ``params.<key>`` whose help text gives unit, year and source.

    ``percent``: the widget shows a share (0.45) as a percentage (45). ``integer``: an
    integer widget for a parameter stored as a float. Slider/number limits are widened
    to include the current value so an unusual value from a link never breaks the page.
    """
    b = state.baseline()
    if key not in b.parameters:
        st.warning(
            tr(
                f"Parameteren {md(key)} finnes ikke i grunnlaget.",
                f"Parameter {md(key)} is missing.",
            )
        )
        return None
    to_w: Callable[[Any], Any] | None = None
    from_w: Callable[[Any], Any] | None = None
    if percent:

        def to_w(v: Any) -> Any:
            return round(float(v) * 100.0, 6)

        def from_w(v: Any) -> Any:
            return float(v) / 100.0

    elif integer:

        def to_w(v: Any) -> Any:
            return int(round(float(v)))

        def from_w(v: Any) -> Any:
            return float(v)

    else:

        def to_w(v: Any) -> Any:
            return float(v)

    current = state.get_path(state.scenario(), "params." + key, b)
    shown = to_w(current)
    if "min_value" in kwargs and kwargs["min_value"] is not None:
        kwargs["min_value"] = min(kwargs["min_value"], shown)
    if "max_value" in kwargs and kwargs["max_value"] is not None:
        kwargs["max_value"] = max(kwargs["max_value"], shown)
    out = state.lever(
        widget,
        "params." + key,
        md(label),
        to_widget=to_w,
        from_widget=from_w,
        help=param_help(b, key),
        **kwargs,
    )
    if caption:
        param_caption(b, key)
    return out


# -------------------------------------------------------------------------- warnings
def show_warnings(r: Result, codes: Iterable[str], contains: str | None = None) -> int:
    """Show the model's warnings with these codes; return how many were shown."""
    wanted = set(codes)
    shown = [
        md(pick(w, "message"))
        for w in r.warnings
        if w.code in wanted and (not contains or contains in w.message_en)
    ]
    if shown:  # one box, one paragraph per warning (one element, not one per warning)
        st.warning("\n\n".join(shown), icon=":material/warning:")
    return len(shown)


def number_word(n: int) -> str:
    """'seks' / 'six' for small counts (labels read aloud in workshops), else digits."""
    nb = ["null", "én", "to", "tre", "fire", "fem", "seks", "sju", "åtte", "ni", "ti"]
    en = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
    if 0 <= n < len(nb):
        return en[n] if lang() == "en" else nb[n]
    return fmt.num(n)


# ------------------------------------------------------------------ reference figures
@st.cache_resource(show_spinner=False)
def demo_baseline() -> Baseline:
    from model.loader import load_baseline

    return load_baseline("demo")


@st.cache_resource(show_spinner=False)
def published() -> dict[str, float]:
    """The consultants' published figures shipped with the demo (empty if missing)."""
    from model.loader import load_published

    try:
        return load_published("demo")
    except Exception:  # noqa: BLE001 - a missing file only hides the comparison
        return {}


def coverage_references() -> list[tuple[str, str, float]]:
    """(short label, source, rate) for the coverage-rate reference lines."""
    pub = published()
    return [
        (
            tr("Nasjonalt", "National"),
            tr("KOSTRA, plasser i bruk", "KOSTRA, places in use"),
            pub.get("national_coverage_rate", 0.163),
        ),
        (
            tr("Nabokommune", "Neighbour"),
            "Agenda Kaupang 2022",
            pub.get("neighbour_coverage_rate", 0.145),
        ),
        (
            tr("Langsiktig mål", "Long-term target"),
            tr("drøftet i Agenda Kaupang 2022", "discussed in Agenda Kaupang 2022"),
            0.10,
        ),
    ]


def parameter_tables(b: Baseline) -> tuple[pd.DataFrame, pd.DataFrame, tuple[str, ...]]:
    """Every parameter of `b`: (numbers for Excel, formatted text for the screen,
    columns to right-align). The scenario's own value is shown where it differs."""
    s = state.scenario()
    c = {
        "label": tr("Parameter", "Parameter"),
        "key": tr("Nøkkel", "Key"),
        "value": tr("Verdi", "Value"),
        "unit": tr("Enhet", "Unit"),
        "year": tr("År", "Year"),
        "muni": tr("Kommune", "Municipality"),
        "source": tr("Kilde", "Source"),
        "status": tr("Status", "Status"),
        "low": tr("Lav", "Low"),
        "high": tr("Høy", "High"),
        "range": tr("Spenn (lav–høy)", "Range (low–high)"),
        "scen": tr("I scenarioet", "In the scenario"),
        "note": tr("Merknad", "Note"),
    }
    num_rows, shown_rows = [], []
    for key, p in b.parameters.items():
        base = {
            c["label"]: pick(p, "label") or key,
            c["key"]: key,
        }
        num_rows.append(
            base
            | {
                c["value"]: p.value,
                c["unit"]: p.unit,
                c["year"]: p.year,
                c["muni"]: p.municipality,
                c["source"]: p.source,
                c["status"]: status_label(p.status),
                c["low"]: p.low,
                c["high"]: p.high,
                c["scen"]: s.params.get(key),
                c["note"]: p.note,
            }
        )
        shown_rows.append(
            base
            | {
                c["value"]: fmt.param_value(p.value, p.unit),
                c["unit"]: p.unit,
                c["year"]: str(p.year) if p.year else "–",
                c["muni"]: p.municipality or "–",
                c["source"]: p.source,
                c["status"]: status_label(p.status),
                c["range"]: param_range(b, key),
                c["scen"]: fmt.param_value(s.params[key], p.unit) if key in s.params else "",
                c["note"]: p.note,
            }
        )
    return pd.DataFrame(num_rows), pd.DataFrame(shown_rows), (c["value"], c["range"], c["scen"])
