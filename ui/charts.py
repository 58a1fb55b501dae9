"""Altair chart builders with Norwegian labels and number formats, readable on a projector."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

import altair as alt
import pandas as pd

from ui.i18n import lang, tr

FONT_SIZE = 15
BLUE = "#1F5F8B"
ORANGE = "#D9822B"
GREEN = "#2E8540"
RED = "#B3261E"
GREY = "#8C8C8C"


def _locale() -> alt.Locale:
    if lang() == "en":
        return alt.Locale(
            number={"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["NOK ", ""]}
        )
    return alt.Locale(
        number={
            "decimal": ",",
            "thousands": "\u00a0",
            "grouping": [3],
            "currency": ["", "\u00a0kr"],
        }
    )


def finish(chart: alt.TopLevelMixin, height: int = 360) -> alt.TopLevelMixin:
    return (
        chart.properties(height=height)
        .configure(locale=_locale(), font="sans-serif")
        .configure_axis(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE, labelLimit=260)
        .configure_legend(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE, labelLimit=300)
        .configure_title(fontSize=FONT_SIZE + 3)
    )


class Spec(dict):  # type: ignore[type-arg]
    """A finished Vega-Lite spec with its data inline (for st.vega_lite_chart and PNG)."""

    def to_dict(self) -> dict[str, Any]:
        return dict(self)


TABLE = "table"
_DESIGNS: dict[str, Callable[..., alt.TopLevelMixin]] = {}


def design(fn: Callable[..., alt.TopLevelMixin]) -> Callable[..., alt.TopLevelMixin]:
    """Register a chart design drawn on the named dataset ``table``."""
    _DESIGNS[fn.__name__] = fn
    return fn


@functools.lru_cache(maxsize=256)
def _template(kind: str, language: str, height: int, extra: tuple[Any, ...]) -> str:
    # `language` is part of the cache key: the design's titles come from tr()
    chart = _DESIGNS[kind](alt.NamedData(name=TABLE), *extra)
    return json.dumps(finish(chart, height=height).to_dict())


def templated(kind: str, d: pd.DataFrame | list[dict[str, Any]], height: int, *extra: Any) -> Spec:
    """Build the chart once per design, language and size; then only swap the data.

    Altair takes 10–20 ms to build and validate a chart; a rerun on every slider move
    only needs new numbers, so the spec is cached and the rows are put in as JSON
    (``d``: a frame, or rows of plain numbers and text that are JSON already).
    """
    spec = json.loads(_template(kind, lang(), height, tuple(extra)))
    rows = d if isinstance(d, list) else json.loads(d.to_json(orient="records"))
    spec["datasets"] = {TABLE: rows}
    return Spec(spec)


def arrow_datasets(spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` for ``st.vega_lite_chart`` with its datasets as Arrow bytes.

    Streamlit turns rows into Arrow through pandas (about 1.4 ms for a chart of ten rows);
    pyarrow does it directly in a tenth of that, and Streamlit passes bytes through. The
    spec itself is not changed (its JSON rows are what a PNG export draws)."""
    import pyarrow as pa

    datasets = spec.get("datasets")
    if not isinstance(datasets, dict):
        return spec
    out = dict(spec)
    out["datasets"] = {}
    for name, rows in datasets.items():
        if not (isinstance(rows, list) and rows and all(isinstance(r, dict) for r in rows)):
            out["datasets"][name] = rows
            continue
        try:
            table = pa.Table.from_pylist(rows)
        except (pa.ArrowInvalid, pa.ArrowTypeError):  # mixed types: Streamlit's own way
            out["datasets"][name] = rows
            continue
        sink = pa.BufferOutputStream()
        with pa.RecordBatchStreamWriter(sink, table.schema) as writer:
            writer.write_table(table)
        out["datasets"][name] = sink.getvalue().to_pybytes()
    return out


@design
def _waterfall(data: alt.NamedData) -> alt.TopLevelMixin:
    pos, neg, tot_l = (
        tr("Besparelse", "Saving"),
        tr("Økt kostnad", "Cost increase"),
        tr("Sum", "Total"),
    )
    color = alt.Color(
        "type:N", title=None, scale=alt.Scale(domain=[pos, neg, tot_l], range=[GREEN, RED, BLUE])
    )
    y_title = tr("Netto besparelse (mill. kr/år)", "Net saving (NOK m/year)")
    base = alt.Chart(data).encode(
        x=alt.X(
            "label:N",
            sort=alt.SortField("order"),
            title=None,
            axis=alt.Axis(labelAngle=-35, labelOverlap=False, labelLimit=220),
        ),
    )
    bars = base.mark_bar().encode(
        y=alt.Y("start:Q", title=y_title, axis=alt.Axis(format=",.1f")),
        y2="end:Q",
        color=color,
        tooltip=[
            alt.Tooltip("label:N", title=tr("Tiltak", "Measure")),
            alt.Tooltip("value:Q", title=y_title, format=",.2f"),
        ],
    )
    text = base.mark_text(dy=-8, fontSize=FONT_SIZE - 1).encode(
        y=alt.Y("end:Q"), text=alt.Text("value:Q", format=",.1f")
    )
    return bars + text


def waterfall(df: pd.DataFrame) -> Spec:
    """df: label, value_mnok (net savings per measure). Adds a total bar."""
    rows = []
    running = 0.0
    pos, neg, tot_l = (
        tr("Besparelse", "Saving"),
        tr("Økt kostnad", "Cost increase"),
        tr("Sum", "Total"),
    )
    for i, (label, v) in enumerate(zip(df["label"], df["value_mnok"], strict=True)):
        rows.append(
            {
                "label": label,
                "start": running,
                "end": running + v,
                "value": v,
                "order": i,
                "type": pos if v >= 0 else neg,
            }
        )
        running += v
    rows.append(
        {
            "label": tot_l,
            "start": 0.0,
            "end": running,
            "value": running,
            "order": len(rows),
            "type": tot_l,
        }
    )
    return templated("_waterfall", rows, 420)


@design
def _before_after(data: alt.NamedData, value_title: str) -> alt.TopLevelMixin:
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("site:N", title=None, sort=None, axis=alt.Axis(labelOverlap=False)),
            x=alt.X("value:Q", title=value_title),
            yOffset=alt.YOffset("when:N", sort=None),
            color=alt.Color("when:N", title=None, sort=None, scale=alt.Scale(range=[GREY, BLUE])),
            tooltip=["site:N", "when:N", alt.Tooltip("value:Q", format=",.1f")],
        )
    )


def before_after_bars(df: pd.DataFrame, value_title: str) -> Spec:
    """df: site, when (Før/Etter), value."""
    return templated("_before_after", df, max(300, 30 * df["site"].nunique()), value_title)


def merge_map(df: pd.DataFrame) -> alt.TopLevelMixin:
    """df: site, new_site, places, merged(bool). Bars by new site, stacked by old site."""
    return finish(
        alt.Chart(df)
        .mark_bar(stroke="white", strokeWidth=1)
        .encode(
            y=alt.Y("new_site:N", title=tr("Lokasjon etter", "Site after"), sort="-x"),
            x=alt.X("places:Q", title=tr("Plasser", "Places"), stack="zero"),
            color=alt.Color("site:N", title=tr("Lokasjon i dag", "Site today"), legend=None),
            tooltip=[
                alt.Tooltip("site:N", title=tr("Lokasjon i dag", "Site today")),
                alt.Tooltip("new_site:N", title=tr("Lokasjon etter", "Site after")),
                alt.Tooltip("places:Q", title=tr("Plasser", "Places")),
            ],
        ),
        height=max(300, 24 * df["new_site"].nunique()),
    )


def lines(
    df: pd.DataFrame, x: str, y: str, series: str, y_title: str, x_title: str = ""
) -> alt.TopLevelMixin:
    return finish(
        alt.Chart(df)
        .mark_line(point=True, strokeWidth=3)
        .encode(
            x=alt.X(f"{x}:O", title=x_title or None),
            y=alt.Y(f"{y}:Q", title=y_title, scale=alt.Scale(zero=False)),
            color=alt.Color(f"{series}:N", title=None, scale=alt.Scale(range=[GREY, BLUE])),
            tooltip=[f"{x}:O", f"{series}:N", alt.Tooltip(f"{y}:Q", format=",.1f")],
        )
    )


def grouped_bars(df: pd.DataFrame, x: str, y: str, group: str, y_title: str) -> alt.TopLevelMixin:
    return finish(
        alt.Chart(df)
        .mark_bar()
        .encode(
            x=alt.X(f"{x}:N", title=None, axis=alt.Axis(labelAngle=-20)),
            xOffset=alt.XOffset(f"{group}:N"),
            y=alt.Y(f"{y}:Q", title=y_title),
            color=alt.Color(f"{group}:N", title=None),
            tooltip=[f"{x}:N", f"{group}:N", alt.Tooltip(f"{y}:Q", format=",.2f")],
        )
    )


@design
def _stacked_years(data: alt.NamedData) -> alt.TopLevelMixin:
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=tr("År", "Year")),
            y=alt.Y("value_mnok:Q", title=tr("Netto besparelse (mill. kr)", "Net saving (NOK m)")),
            color=alt.Color("label:N", title=tr("Tiltak", "Measure")),
            tooltip=["year:O", "label:N", alt.Tooltip("value_mnok:Q", format=",.2f")],
        )
    )


def stacked_years(df: pd.DataFrame) -> Spec:
    """df: year, label, value_mnok — net savings per measure per plan year."""
    return templated("_stacked_years", df, 320)


def tornado(df: pd.DataFrame) -> alt.TopLevelMixin:
    """df: label, low_mnok, high_mnok, base_mnok."""
    base_v = float(df["base_mnok"].iloc[0]) if len(df) else 0.0
    d = df.assign(
        lo=df[["low_mnok", "high_mnok"]].min(axis=1), hi=df[["low_mnok", "high_mnok"]].max(axis=1)
    )
    bars = (
        alt.Chart(d)
        .mark_bar(color=BLUE)
        .encode(
            y=alt.Y("label:N", sort=None, title=None),
            x=alt.X(
                "lo:Q",
                title=tr("Netto besparelse (mill. kr/år)", "Net saving (NOK m/year)"),
                scale=alt.Scale(zero=False),
            ),
            x2="hi:Q",
            tooltip=[
                "label:N",
                alt.Tooltip("low_mnok:Q", format=",.2f"),
                alt.Tooltip("high_mnok:Q", format=",.2f"),
            ],
        )
    )
    rule = alt.Chart(pd.DataFrame({"x": [base_v]})).mark_rule(color=ORANGE, size=2).encode(x="x:Q")
    return finish(bars + rule, height=max(200, 34 * len(d)))


def spec(chart: Any) -> dict[str, Any]:
    return chart.to_dict()  # type: ignore[no-any-return]


# ----------------------------------------------------------------- added for the pages
def series_lines(
    df: pd.DataFrame,
    x: str,
    y: str,
    series: str,
    y_title: str,
    *,
    domain: list[str],
    colors: list[str] | None = None,
    refs: list[tuple[str, float]] | None = None,
    x_title: str = "",
    y_format: str = ",.1f",
) -> alt.TopLevelMixin:
    """Lines per series in a fixed order and colours (first = today, grey), with optional
    horizontal reference lines labelled at the right edge (e.g. national coverage)."""
    rng = colors or [GREY, BLUE, ORANGE, GREEN][: len(domain)]
    lines_ = (
        alt.Chart(df)
        .mark_line(point=True, strokeWidth=3)
        .encode(
            x=alt.X(f"{x}:O", title=x_title or None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y(f"{y}:Q", title=y_title, scale=alt.Scale(zero=False)),
            color=alt.Color(
                f"{series}:N",
                title=None,
                sort=domain,
                scale=alt.Scale(domain=domain, range=rng),
                legend=alt.Legend(orient="bottom", direction="vertical"),
            ),
            tooltip=[
                alt.Tooltip(f"{x}:O", title=x_title or x),
                alt.Tooltip(f"{series}:N", title=" "),
                alt.Tooltip(f"{y}:Q", title=y_title, format=y_format),
            ],
        )
    )
    layers: list[Any] = [lines_]
    if refs:
        rd = pd.DataFrame({"label": [r[0] for r in refs], "value": [r[1] for r in refs]})
        rule = (
            alt.Chart(rd)
            .mark_rule(color=ORANGE, strokeDash=[6, 4], size=2)
            .encode(
                y="value:Q",
                tooltip=[
                    alt.Tooltip("label:N", title=" "),
                    alt.Tooltip("value:Q", title=y_title, format=y_format),
                ],
            )
        )
        text = (
            alt.Chart(rd)
            .mark_text(align="left", dx=4, dy=-8, fontSize=FONT_SIZE - 2, color=ORANGE)
            .encode(y="value:Q", x=alt.value(0), text="label:N")
        )
        layers += [rule, text]
    return finish(alt.layer(*layers))


def merge_map_labeled(df: pd.DataFrame) -> alt.TopLevelMixin:
    """df: site, new_site, places. One bar per new site made of today's sites, each
    segment labelled with the site's (short) name and places, readable on a projector."""
    d = df.sort_values(["new_site", "places", "site"], ascending=[True, False, True]).copy()
    d["x1"] = d.groupby("new_site")["places"].cumsum()
    d["x0"] = d["x1"] - d["places"]
    d["mid"] = (d["x0"] + d["x1"]) / 2
    d["label"] = [
        f"{str(s).split(' (')[0]} ({p:g})" for s, p in zip(d["site"], d["places"], strict=True)
    ]
    order = d.groupby("new_site")["places"].sum().sort_values(ascending=False).index.tolist()
    y = alt.Y("new_site:N", sort=order, title=None, axis=alt.Axis(labelLimit=320))
    base = alt.Chart(d)
    bars = base.mark_bar(stroke="white", strokeWidth=2).encode(
        y=y,
        x=alt.X(
            "x0:Q",
            title=tr("Plasser", "Places"),
            axis=alt.Axis(tickMinStep=1, format="d"),
        ),
        x2="x1:Q",
        color=alt.Color("site:N", legend=None, scale=alt.Scale(scheme="set3")),
        tooltip=[
            alt.Tooltip("site:N", title=tr("Lokasjon i dag", "Site today")),
            alt.Tooltip("new_site:N", title=tr("Lokasjon etter", "Site after")),
            alt.Tooltip("places:Q", title=tr("Plasser", "Places")),
        ],
    )
    text = base.mark_text(fontSize=FONT_SIZE - 3, color="black", limit=150).encode(
        y=y, x="mid:Q", text="label:N"
    )
    return finish(bars + text, height=max(200, 90 * d["new_site"].nunique()))
