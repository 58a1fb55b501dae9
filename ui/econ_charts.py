"""Charts of the economic-plan page (Økonomiplan og handlingsrom).

Built on :mod:`ui.charts` (its colours, fonts and Norwegian number locale via ``finish``);
the figures come from :mod:`model.economy`, never re-derived here.
"""

from __future__ import annotations

import textwrap

import altair as alt
import pandas as pd

from ui.charts import BLUE, FONT_SIZE, GREEN, GREY, ORANGE, RED, finish
from ui.i18n import tr

PALETTE = [BLUE, GREEN, ORANGE, "#6A4C93", "#0B7A75", "#8C564B", "#C44E52", GREY]


def gap_chart(effects: pd.DataFrame, targets: pd.DataFrame) -> alt.TopLevelMixin:
    """effects: year, label, value_mnok (counted effect per measure and year);
    targets: year, target_mnok. Stacked bars per year with the requirement as a bar outline;
    its value is written above the taller of the outline and the bars."""
    y_title = tr("Mill. kr per år", "NOK m per year")
    req = tr("Innsparingskrav", "Savings requirement")
    bars = (
        alt.Chart(effects)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=tr("År", "Year"), axis=alt.Axis(labelAngle=0)),
            y=alt.Y("value_mnok:Q", title=y_title, axis=alt.Axis(format=",.1f")),
            color=alt.Color(
                "label:N",
                title=tr("Tiltak", "Measure"),
                scale=alt.Scale(range=PALETTE),
                legend=alt.Legend(orient="bottom", columns=2, labelLimit=360),
            ),
            tooltip=[
                alt.Tooltip("year:O", title=tr("År", "Year")),
                alt.Tooltip("label:N", title=tr("Tiltak", "Measure")),
                alt.Tooltip("value_mnok:Q", title=y_title, format=",.2f"),
            ],
        )
    )
    tops = effects.groupby("year")["value_mnok"].apply(lambda v: v[v > 0].sum())
    t = targets.assign(
        series=req,
        label_y=[
            max(float(tm), float(tops.get(y, 0.0)))
            for y, tm in zip(targets["year"], targets["target_mnok"])
        ],
    )
    outline = (
        alt.Chart(t)
        .mark_bar(filled=False, stroke=RED, strokeWidth=3, strokeDash=[6, 3])
        .encode(
            x="year:O",
            y=alt.Y("target_mnok:Q"),
            tooltip=[
                alt.Tooltip("year:O", title=tr("År", "Year")),
                alt.Tooltip("target_mnok:Q", title=req, format=",.1f"),
            ],
        )
    )
    labels = (
        alt.Chart(t)
        .mark_text(dy=-12, fontSize=FONT_SIZE, color=RED, fontWeight="bold")
        .encode(x="year:O", y="label_y:Q", text=alt.Text("target_mnok:Q", format=",.1f"))
    )
    return finish(alt.layer(bars, outline, labels), height=360)


def need_chart(df: pd.DataFrame, y_title: str) -> alt.TopLevelMixin:
    """df: year, series, value. One line per level of care (or scenario series)."""
    domain = list(dict.fromkeys(df["series"]))
    return finish(
        alt.Chart(df)
        .mark_line(point=alt.OverlayMarkDef(size=30), strokeWidth=3)
        .encode(
            x=alt.X(
                "year:Q",
                title=tr("År", "Year"),
                axis=alt.Axis(format="d", tickMinStep=5, labelAngle=0),
                scale=alt.Scale(zero=False, nice=False),
            ),
            y=alt.Y("value:Q", title=y_title, axis=alt.Axis(format=",.0f")),
            color=alt.Color(
                "series:N",
                title=None,
                sort=domain,
                scale=alt.Scale(domain=domain, range=PALETTE[: len(domain)]),
                legend=alt.Legend(orient="bottom", columns=3, labelLimit=320),
            ),
            tooltip=[
                alt.Tooltip("year:Q", title=tr("År", "Year"), format="d"),
                alt.Tooltip("series:N", title=" "),
                alt.Tooltip("value:Q", title=y_title, format=",.1f"),
            ],
        ),
        height=340,
    )


def benchmark_chart(df: pd.DataFrame) -> alt.TopLevelMixin:
    """df: label, value_mnok, kind ('pos'|'neg'|'rest'), text. Horizontal bars as in
    the reports, negative rows to the left, the unitemised rest in grey."""
    pos, neg, rest = (
        tr("Over referansen", "Above the reference"),
        tr("Under referansen", "Below the reference"),
        tr("Ikke spesifisert", "Not itemised"),
    )
    names = {"pos": pos, "neg": neg, "rest": rest}
    d = df.assign(
        kind_label=[names[k] for k in df["kind"]],
        name=df["label"],
        label=["|".join(textwrap.wrap(str(v), 28)) or " " for v in df["label"]],
    )
    y = alt.Y(
        "label:N",
        sort=None,
        title=None,
        axis=alt.Axis(labelExpr="split(datum.label, '|')", labelLimit=300, labelPadding=8),
    )
    x_title = tr("Handlingsrom (mill. kr)", "Room for action (NOK m)")
    bars = (
        alt.Chart(d)
        .mark_bar()
        .encode(
            y=y,
            x=alt.X("value_mnok:Q", title=x_title, axis=alt.Axis(format=",.0f")),
            color=alt.Color(
                "kind_label:N",
                title=None,
                scale=alt.Scale(domain=[pos, neg, rest], range=[BLUE, RED, GREY]),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("name:N", title=tr("Område", "Area")),
                alt.Tooltip("value_mnok:Q", title=x_title, format=",.1f"),
            ],
        )
    )
    right = (
        alt.Chart(d)
        .transform_filter("datum.value_mnok >= 0")
        .mark_text(align="left", dx=5, fontSize=FONT_SIZE, color="black")
        .encode(y=y, x="value_mnok:Q", text="text:N")
    )
    left = (
        alt.Chart(d)
        .transform_filter("datum.value_mnok < 0")
        .mark_text(align="right", dx=-5, fontSize=FONT_SIZE, color="black")
        .encode(y=y, x="value_mnok:Q", text="text:N")
    )
    lo = min(0.0, float(d["value_mnok"].min())) if len(d) else 0.0
    hi = max(0.0, float(d["value_mnok"].max())) if len(d) else 1.0
    pad = 0.4 * max(hi - lo, 1.0)  # room for the value labels at the bar ends
    bars = bars.encode(
        x=alt.X(
            "value_mnok:Q",
            title=x_title,
            axis=alt.Axis(format=",.0f"),
            scale=alt.Scale(domain=[lo - (pad if lo < 0 else 0), hi + pad]),
        )
    )
    return finish(alt.layer(bars, right, left), height=120 + 80 * max(len(d), 2))
