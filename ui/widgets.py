"""Small shared helpers for the pages: parameter levers with unit/year/source, labels for
services and data status, seeding of callback-driven widgets, and model warnings."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd
import streamlit as st

from model import Baseline, Result
from model.catalog import SERVICE_LABELS
from ui import fmt, state
from ui.i18n import lang, pick, pick_text, tr
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


# --------------------------------------------------------------- decimal sliders
# ``st.slider`` only takes printf formats ("%.1f %%"), which the browser renders with a
# decimal point whatever the UI language. A lever whose values have decimals is an
# ``st.select_slider`` over a precomputed grid instead, labelled in the UI's number format
# ("4,5 %" / "4.5 %"). The value it returns is the grid's float (4.5, 1/3), exactly what
# the scenario holds; a value off the grid (from a link or a saved scenario) is inserted
# into that render's options, never snapped. Grids and labels are cached per process:
# a render costs one dict look-up per option.

#: largest grid a decimal slider may have (a 0–100 % slider with step 0.5 has 201)
MAX_OPTIONS = 2_001


def _step_decimals(step: float) -> int:
    """Decimals of a decimal step (0.5 → 1, 0.05 → 2, 5 → 0); 0 for a step that is not a
    short decimal (1/60), whose grid is k/n instead."""
    for d in range(7):
        if abs(round(step, d) - step) <= 1e-12 * max(1.0, abs(step)):
            return d
    return 0


@functools.lru_cache(maxsize=256)
def _grid(lo: float, hi: float, step: float) -> tuple[float, ...]:
    """Multiples of ``step`` in [lo, hi] as the floats a user would type (0.1*3 → 0.3;
    step 1/60 → k/60). Raises for a grid larger than :data:`MAX_OPTIONS`."""
    if not (step > 0 and math.isfinite(lo) and math.isfinite(hi) and lo <= hi):
        raise ValueError(f"bad slider grid {lo}..{hi} by {step}")
    n_inv = 1.0 / step
    fraction = step < 1 and abs(n_inv - round(n_inv)) < 1e-9 and _step_decimals(step) == 0
    k0 = math.ceil(lo / step - 1e-9)
    k1 = math.floor(hi / step + 1e-9)
    if k1 - k0 + 1 > MAX_OPTIONS:
        raise ValueError(f"slider grid {lo}..{hi} by {step} has more than {MAX_OPTIONS} options")
    if fraction:
        n = round(n_inv)
        grid = tuple(k / n for k in range(k0, k1 + 1))
    else:
        d = _step_decimals(step)
        grid = tuple(round(k * step, d) + 0.0 for k in range(k0, k1 + 1))
    return grid or (lo,)


def _label(x: float, decimals: int, unit: str) -> str:
    text = fmt.num(x, decimals)
    return f"{text}{fmt.NBSP}{unit}" if unit else text


@functools.lru_cache(maxsize=256)
def _grid_labels(
    lo: float, hi: float, step: float, decimals: int, unit: str, lang_: str
) -> _Labels:
    """value → label for the grid (``lang_`` keys the cache; fmt reads the session's)."""
    return _Labels({x: _label(x, decimals, unit) for x in _grid(lo, hi, step)}, decimals, unit)


def _exact_decimals(x: float, at_least: int) -> int:
    """Fewest decimals (≥ at_least) that show ``x`` as it is (12.3 → 1, 12.34 → 2), but
    at most one more than the slider's own and at least two: a link's 100/3 reads
    "33,33 %" in the room, not "33,333333 %" (the scenario keeps the exact float)."""
    most = max(at_least + 1, 2)
    for d in range(at_least, most + 1):
        if abs(round(x, d) - x) <= 1e-9 * max(1.0, abs(x)):
            return d
    return most


class _Labels(dict[float, str]):
    """value → label of a decimal slider; its ``__getitem__`` is the ``format_func`` (a
    C-level dict look-up, called twice per option and render by Streamlit). A value not
    among the options, which Streamlit may format while validating, is formatted on the
    spot (and not kept: the mapping is shared by every session)."""

    __slots__ = ("decimals", "unit")

    def __init__(self, labels: dict[float, str], decimals: int, unit: str) -> None:
        super().__init__(labels)
        self.decimals, self.unit = decimals, unit

    def __missing__(self, x: Any) -> str:
        v = float(x)
        return _label(v, _exact_decimals(v, self.decimals), self.unit)


@functools.lru_cache(maxsize=1024)
def slider_choices(
    lo: float, hi: float, step: float, decimals: int, unit: str, lang_: str, value: float | None
) -> tuple[tuple[float, ...], Callable[[Any], str]]:
    """(options, format_func) of a decimal slider showing ``value``.

    On the grid (or within float noise of a grid point, which it then replaces so the
    scenario's float is kept): the cached grid. Elsewhere (a link's 12.3 on a 0.5 grid,
    or outside [lo, hi]): the grid with ``value`` inserted in order, labelled with as many
    decimals as it needs so that no two options share a label."""
    grid = _grid(lo, hi, step)
    labels = _grid_labels(lo, hi, step, decimals, unit, lang_)
    if value is None or value in labels:
        return grid, labels.__getitem__
    v = float(value)
    if not math.isfinite(v):
        return grid, labels.__getitem__
    i = min(range(len(grid)), key=lambda j: abs(grid[j] - v))
    opts = list(grid)
    lab = _Labels(labels, decimals, unit)
    if abs(grid[i] - v) <= 1e-9 * max(1.0, abs(v)):
        opts[i] = v
        lab[v] = lab.pop(grid[i])
    else:
        j = i + 1 if grid[i] < v else i
        opts.insert(j, v)
        d = _exact_decimals(v, decimals)
        taken = {lab[opts[k]] for k in (j - 1, j + 1) if 0 <= k < len(opts)}
        while _label(v, d, unit) in taken and d < 9:  # never the label of a neighbour
            d += 1
        lab[v] = _label(v, d, unit)
    return tuple(opts), lab.__getitem__


#: session key: widget key → how its labels were written last time (language, unit,
#: decimals)
_LABELLED = "_slider_labelled"


def _slider_kwargs(key: str, value: Any, kwargs: dict[str, Any]) -> dict[str, Any]:
    """``st.slider``-style kwargs (min_value, max_value, step, unit, decimals) → the
    ``options``/``format_func`` of an ``st.select_slider`` showing ``value``.

    A select_slider's value travels between browser and server as its *label*. When the
    labels change (the language was switched: "0,333" → "0.333"), the browser's label is
    no longer an option and Streamlit would fall back to the first option (0) on the
    next input. So when they change, the value is set again (``st.session_state``): the
    browser then gets the new label with the render."""
    lo = float(kwargs.pop("min_value"))
    hi = float(kwargs.pop("max_value"))
    step = float(kwargs.pop("step"))
    unit = str(kwargs.pop("unit", ""))
    decimals = kwargs.pop("decimals", None)
    if decimals is None:  # the step's decimals; three for a fraction step (1/60)
        decimals = _step_decimals(step) or (3 if step < 1 else 0)
    v = None if value is None else float(value)
    lang_ = lang()
    options, labels = slider_choices(lo, hi, step, int(decimals), unit, lang_, v)
    ss = st.session_state
    written: dict[str, tuple[str, str, int]] = ss.setdefault(_LABELLED, {})
    how = (lang_, unit, int(decimals))
    if written.get(key, how) != how and v is not None and key in ss:
        ss[key] = value
    written[key] = how
    return kwargs | {"options": options, "format_func": labels}


def decimal_slider(
    path: str,
    label: str,
    *,
    min_value: float,
    max_value: float,
    step: float,
    unit: str = "",
    decimals: int | None = None,
    to_widget: Callable[[Any], Any] | None = None,
    from_widget: Callable[[Any], Any] | None = None,
    **kwargs: Any,
) -> Any:
    """A lever (``state.lever``: key ``lv:<path>``, seeded from the scenario, writes on
    change) shown as a slider with decimal commas and a unit: "4,5 %", "0,333". The label
    is escaped here (:func:`md`); ``help`` is passed on as given (already Markdown).

    ``unit`` is appended after a no-break space (translate it at the call site);
    ``decimals`` defaults to the step's (0.5 → 1). The value is the grid's float, or the
    scenario's own if it is off the grid."""
    cur = state.get_path(state.scenario(), path)
    shown = to_widget(cur) if to_widget else cur
    kw = _slider_kwargs(
        state.PREFIX + path,
        shown,
        kwargs
        | {
            "min_value": min_value,
            "max_value": max_value,
            "step": step,
            "unit": unit,
            "decimals": decimals,
        },
    )
    return state.lever(
        st.select_slider, path, md(label), to_widget=to_widget, from_widget=from_widget, **kw
    )


def decimal_select(
    label: str,
    *,
    key: str,
    min_value: float,
    max_value: float,
    step: float,
    unit: str = "",
    decimals: int | None = None,
    **kwargs: Any,
) -> Any:
    """A decimal slider for a widget with its own callback (seeded with :func:`seed`):
    shows ``st.session_state[key]``, inserted into the options when it is off the grid."""
    kw = _slider_kwargs(
        key,
        st.session_state.get(key),
        kwargs
        | {
            "min_value": min_value,
            "max_value": max_value,
            "step": step,
            "unit": unit,
            "decimals": decimals,
        },
    )
    return st.select_slider(md(label), key=key, **kw)


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
        tr("Kilde: ", "Source: ") + (md(pick_text(p, "source")) if p.source else "–"),
        tr("Status: ", "Status: ") + md(status_label(p.status)),
    ]
    if p.low is not None and p.high is not None:
        parts.append(tr("Spenn: ", "Range: ") + md(param_range(b, key)))
    if p.note:
        parts.append(md(pick_text(p, "note")))
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
        src = pick_text(p, "source")
        src = src if len(src) <= 70 else src[:67] + "…"
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
    if widget is decimal_slider:  # escapes the label itself
        out = decimal_slider(
            "params." + key,
            label,
            to_widget=to_w,
            from_widget=from_w,
            help=param_help(b, key),
            **kwargs,
        )
    else:
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
        source, note = pick_text(p, "source"), pick_text(p, "note")
        base = {
            c["label"]: pick(p, "label") or key,
            c["key"]: key,
        }
        num_rows.append(
            base
            | {
                c["value"]: p.value,
                c["unit"]: fmt.unit(p.unit),
                c["year"]: p.year,
                c["muni"]: p.municipality,
                c["source"]: source,
                c["status"]: status_label(p.status),
                c["low"]: p.low,
                c["high"]: p.high,
                c["scen"]: s.params.get(key),
                c["note"]: note,
            }
        )
        shown_rows.append(
            base
            | {
                c["value"]: fmt.param_value(p.value, p.unit),
                c["unit"]: fmt.unit(p.unit),
                c["year"]: str(p.year) if p.year else "–",
                c["muni"]: p.municipality or "–",
                c["source"]: source,
                c["status"]: status_label(p.status),
                c["range"]: param_range(b, key),
                c["scen"]: fmt.param_value(s.params[key], p.unit) if key in s.params else "",
                c["note"]: note,
            }
        )
    return pd.DataFrame(num_rows), pd.DataFrame(shown_rows), (c["value"], c["range"], c["scen"])
