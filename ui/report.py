"""The council-ready report (*beslutningsgrunnlag*): a Word document of one scenario.

:func:`build_report` is a pure function of its inputs (baseline, scenario, name,
description, language, date) and returns the .docx bytes; it reads no Streamlit state,
so it is tested directly (``tests/app/test_report.py``). Every figure comes from the
model's result (``model.evaluate``) and its uncertainty (``model.uncertainty.simulate``);
numbers are formatted here with babel in the report's language (``38,8 mill. kr`` /
``NOK 38.8m``). The document holds: name and description, baseline and sources, the
headline levels and changes, the action plan, the year table, the main charts as
images with titles, assumptions and uncertainty (P10/P50/P90), consequences and
preconditions per measure, and a short method note.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from babel.dates import format_date
from babel.numbers import format_decimal

from model import MODEL_VERSION, Baseline, Result, Scenario, evaluate
from model.result import UncertaintyResult
from model.tables import text_in
from ui.units import unit_en

Lang = Literal["nb", "en"]
NBSP = "\u00a0"
#: Monte Carlo draws in a report at most (the scenario's own setting below this is used).
MAX_REPORT_DRAWS = 20_000
#: Width of a chart image in the document.
CHART_WIDTH_CM = 16.0
#: Characters XML 1.0 (and so Word) cannot hold.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# --------------------------------------------------------------------------- formats
@dataclass(frozen=True)
class Fmt:
    """Numbers in the report's language: ``1 846``, ``38,8 mill. kr``, ``16,3 %``."""

    lang: Lang = "nb"

    @property
    def locale(self) -> str:
        return "en_GB" if self.lang == "en" else "nb_NO"

    def num(self, x: float | None, decimals: int = 0) -> str:
        if x is None or (isinstance(x, float) and not math.isfinite(x)):
            return "–"
        if round(float(x), decimals) == 0:
            x = 0.0  # never "-0,0"
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        out = format_decimal(x, format=pattern, locale=self.locale)
        return out.replace("\u202f", NBSP).replace("−", "-")

    def mnok(self, x: float | None, decimals: int = 1) -> str:
        if x is None:
            return "–"
        v = self.num(x / 1e6, decimals)
        return f"NOK{NBSP}{v}m" if self.lang == "en" else f"{v}{NBSP}mill.{NBSP}kr"

    def signed_mnok(self, x: float) -> str:
        s = self.mnok(x)
        return ("+" + s) if round(x / 1e6, 1) > 0 else s

    def fte(self, x: float | None, decimals: int = 1) -> str:
        if x is None:
            return "–"
        return f"{self.num(x, decimals)}{NBSP}" + ("FTE" if self.lang == "en" else "årsverk")

    def signed(self, x: float, decimals: int = 1) -> str:
        s = self.num(x, decimals)
        return ("+" + s) if round(x, decimals) > 0 else s

    def date(self, d: date) -> str:
        if self.lang == "en":
            return format_date(d, format="d MMMM y", locale="en_GB")
        return format_date(d, format="d. MMMM y", locale="nb_NO")

    def value(self, value: float, unit: str) -> str:
        if unit in ("andel", "andel/år"):
            return f"{self.num(value * 100, 1)}{NBSP}%" + (
                "" if unit == "andel" else ("/year" if self.lang == "en" else "/år")
            )
        if self.lang == "en":
            unit = unit_en(unit)
        if abs(value) >= 1000 or float(value).is_integer():
            return f"{self.num(value)} {unit}"
        return f"{self.num(value, 2)} {unit}"


def _t(lang: Lang, nb: str, en: str) -> str:
    return en if lang == "en" else nb


def clean(text: object) -> str:
    """User or data text as Word can hold it (no control characters)."""
    return _XML_INVALID.sub("", str(text))


def _label(obj: Any, field: str, lang: Lang) -> str:
    return clean(getattr(obj, f"{field}_{lang}", "") or getattr(obj, f"{field}_nb", "") or "")


# --------------------------------------------------------------------------- tables
def headline_rows(r: Result, lang: Lang) -> list[list[str]]:
    """Today → scenario → change for the night watch, then the yearly money and the
    investment (the same figures as the app's headline)."""
    f = Fmt(lang)
    t = r.totals
    n0, n1 = t.night_baseline, t.night

    def level(label: str, before: float, after: float, show: Any) -> list[str]:
        return [label, show(before), show(after), show(after - before)]

    return [
        level(
            _t(lang, "Nattevakt, kostnad per år", "Night watch, cost per year"),
            n0.total_cost_nok,
            n1.total_cost_nok,
            f.mnok,
        ),
        level(
            _t(lang, "Nattevakt, brutto årsverk", "Night watch, gross FTE"),
            n0.gross_fte,
            n1.gross_fte,
            lambda x: f.num(x, 1),
        ),
        level(
            _t(lang, "Betalte timer per natt", "Paid hours per night"),
            n0.paid_hours_per_night,
            n1.paid_hours_per_night,
            lambda x: f.num(x, 1),
        ),
        level(
            _t(lang, "Lokasjoner med nattbemanning", "Sites with night staff"),
            float(t.sites_baseline),
            float(t.sites),
            lambda x: f.num(x),
        ),
    ]


def level_rows(r: Result, lang: Lang) -> list[list[str]]:
    """Today's and the scenario's level (cost, refund, net cost, FTE, sites, places) when
    the model's result carries them; empty otherwise."""
    f = Fmt(lang)
    today = getattr(r.totals, "today", None)
    scen = getattr(r.totals, "scenario", None)
    if today is None or scen is None:
        return []

    def level(label: str, a: float, b: float, show: Any) -> list[str]:
        return [label, show(a), show(b), show(b - a)]

    one = lambda x: f.num(x, 1)  # noqa: E731
    return [
        level(
            _t(
                lang,
                "Kostnad per år (det modellen kjenner)",
                "Cost per year (what the model knows)",
            ),
            today.cost_nok_per_year,
            scen.cost_nok_per_year,
            f.mnok,
        ),
        level(
            _t(lang, "Statlig refusjon per år", "State refund per year"),
            today.refund_nok_per_year,
            scen.refund_nok_per_year,
            f.mnok,
        ),
        level(
            _t(lang, "Netto kostnad per år", "Net cost per year"),
            today.net_cost_nok_per_year,
            scen.net_cost_nok_per_year,
            f.mnok,
        ),
        level(_t(lang, "Årsverk", "FTE"), today.fte, scen.fte, one),
        level(
            _t(lang, "Lokasjoner med nattbemanning", "Sites with night staff"),
            float(today.sites),
            float(scen.sites),
            f.num,
        ),
        level(_t(lang, "Plasser", "Places"), today.places, scen.places, f.num),
    ]


def money_kind_rows(r: Result, lang: Lang) -> list[list[str]]:
    """The model's three kinds of money (cut in today's budget, cost avoided, change in
    refund) with the model's own names and explanations; empty when not in the result."""
    from model import result as model_result

    kinds: dict[str, tuple[str, str, str, str]] = getattr(model_result, "MONEY_KINDS", {})
    f = Fmt(lang)
    out = []
    for key, (nb, en, expl_nb, expl_en) in kinds.items():
        value = getattr(r.totals, key, None)
        if value is None:
            continue
        out.append([_t(lang, nb, en), f.mnok(value), _t(lang, expl_nb, expl_en)])
    return out


def money_rows(r: Result, lang: Lang) -> list[list[str]]:
    f = Fmt(lang)
    t = r.totals
    rows = [
        [
            _t(
                lang,
                "Brutto besparelse per år (full effekt)",
                "Gross saving per year (full effect)",
            ),
            f.mnok(t.gross_savings_nok_per_year),
        ],
        [
            _t(lang, "Tapt statlig refusjon per år", "Lost state refund per year"),
            f.mnok(t.lost_refund_nok_per_year),
        ],
        [
            _t(lang, "Netto besparelse per år", "Net saving per year"),
            f.mnok(t.net_savings_nok_per_year),
        ],
        [_t(lang, "Endring i årsverk", "Change in FTE"), f.fte(t.fte_change)],
        [
            _t(lang, "Investering (før tilskudd)", "Investment (before grant)"),
            f.mnok(t.investment_nok),
        ],
        [_t(lang, "Netto investering", "Net investment"), f.mnok(t.net_investment_nok)],
        [
            _t(lang, "Årlig kapitalkostnad", "Annual capital cost"),
            f.mnok(t.annual_capital_cost_nok),
        ],
        [
            _t(
                lang,
                "Tilbakebetalt (alle tiltak samlet)",
                "Paid back (all measures together)",
            ),
            str(t.payback_year) if t.payback_year else "–",
        ],
    ]
    return rows


def _has_measure_payback() -> bool:
    from model.result import MeasureResult

    return "payback_year" in MeasureResult.model_fields


def plan_header(lang: Lang) -> list[str]:
    extra = [_t(lang, "Tilbakebetalt (eget tiltak)", "Paid back (own measure)")]
    return [
        _t(lang, "Tiltak", "Measure"),
        _t(lang, "Brutto per år", "Gross per year"),
        _t(lang, "Tapt refusjon", "Lost refund"),
        _t(lang, "Netto per år", "Net per year"),
        _t(lang, "Årsverk", "FTE"),
        _t(lang, "Start", "Start"),
        _t(lang, "Full effekt", "Full effect"),
    ] + (extra if _has_measure_payback() else [])


def plan_rows(r: Result, lang: Lang) -> list[list[str]]:
    f = Fmt(lang)
    full = _full_effect_years(r)
    return [
        [
            _label(m, "label", lang),
            f.mnok(m.gross_savings_nok_per_year),
            f.mnok(m.lost_refund_nok_per_year),
            f.mnok(m.net_savings_nok_per_year),
            f.num(m.fte_change, 1),
            str(m.start_year),
            str(full.get(m.id, "–")),
        ]
        + ([str(getattr(m, "payback_year", None) or "–")] if _has_measure_payback() else [])
        for m in r.measures
        if m.active
    ]


def _full_effect_years(r: Result) -> dict[str, int]:
    """The model's full-effect year per measure when the result carries it; otherwise
    the first plan year in which the measure's net effect in the year table reaches its
    full yearly value (so the action plan agrees with the year table)."""
    from model.result import MeasureResult

    out: dict[str, int] = {}
    from_model = "full_effect_year" in MeasureResult.model_fields
    for m in r.measures:
        if from_model:
            given = getattr(m, "full_effect_year", None)
            if given is not None:
                out[m.id] = int(given)
            continue
        target = m.net_savings_nok_per_year
        for y in r.years:
            v = y.by_measure_net_nok.get(m.id)
            if v is not None and target != 0 and abs(v - target) <= 1e-6 * abs(target) + 1:
                out[m.id] = y.year
                break
    return out


def year_header(lang: Lang) -> list[str]:
    return [
        _t(lang, "År", "Year"),
        _t(lang, "Brutto", "Gross"),
        _t(lang, "Netto", "Net"),
        _t(lang, "Årsverk", "FTE"),
        _t(lang, "Investering (netto)", "Investment (net)"),
        _t(lang, "Kapitalkostnad", "Capital cost"),
        _t(lang, "Akkumulert netto", "Cumulative net"),
    ]


def year_rows(r: Result, lang: Lang) -> list[list[str]]:
    f = Fmt(lang)
    return [
        [
            str(y.year),
            f.mnok(y.gross_savings_nok),
            f.mnok(y.net_savings_nok),
            f.num(y.fte_change, 1),
            f.mnok(y.investment_nok),
            f.mnok(y.capital_cost_nok),
            f.mnok(y.cumulative_net_savings_nok),
        ]
        for y in r.years
    ]


def uncertainty_rows(u: UncertaintyResult, r: Result, lang: Lang) -> list[list[str]]:
    f = Fmt(lang)
    rows = [
        [
            _t(lang, "Netto besparelse, alle tiltak", "Net saving, all measures"),
            f.mnok(u.total_net.p10),
            f.mnok(u.total_net.p50),
            f.mnok(u.total_net.p90),
        ],
        [
            _t(lang, "Brutto besparelse, alle tiltak", "Gross saving, all measures"),
            f.mnok(u.total_gross.p10),
            f.mnok(u.total_gross.p50),
            f.mnok(u.total_gross.p90),
        ],
    ]
    for m in r.measures:
        q = u.by_measure_net.get(m.id)
        if q is not None and m.active:
            rows.append(
                [
                    _t(lang, "Netto: ", "Net: ") + _label(m, "label", lang),
                    f.mnok(q.p10),
                    f.mnok(q.p50),
                    f.mnok(q.p90),
                ]
            )
    return rows


def range_rows(b: Baseline, s: Scenario, lang: Lang) -> list[list[str]]:
    """The parameters drawn in the uncertainty analysis: low, value used, high, source."""
    from model.uncertainty import ranges

    f = Fmt(lang)
    out = []
    for key, (lo, mode, hi) in sorted(ranges(b, s).items()):
        p = b.parameters.get(key)
        unit = p.unit if p else ""
        out.append(
            [
                _label(p, "label", lang) or key if p else key,
                f.value(lo, unit),
                f.value(mode, unit),
                f.value(hi, unit),
                clean(text_in(p, "source", lang)) if p and p.source else "–",
            ]
        )
    return out


def source_rows(b: Baseline, s: Scenario, lang: Lang) -> list[list[str]]:
    """Every parameter with the value used, unit, year, source and status."""
    from model.engine import parameters

    f = Fmt(lang)
    used = parameters(b, s)
    status = {
        "published": ("publisert", "published"),
        "derived": ("utledet", "derived"),
        "reconstructed": ("rekonstruert", "reconstructed"),
        "assumption": ("antakelse", "assumption"),
    }
    rows = []
    for key, p in b.parameters.items():
        value = float(used.get(key, p.value))  # type: ignore[arg-type]
        changed = abs(value - p.value) > 1e-12
        rows.append(
            [
                (_label(p, "label", lang) or key)
                + (
                    _t(lang, " (endret i scenarioet)", " (changed in the scenario)")
                    if changed
                    else ""
                ),
                f.value(value, clean(p.unit)),
                str(p.year or "–"),
                clean(text_in(p, "source", lang)) or "–",
                _t(lang, *status.get(p.status, (p.status, p.status))),
            ]
        )
    return rows


# --------------------------------------------------------------------------- charts
def _vl_locale(lang: Lang) -> dict[str, Any]:
    if lang == "en":
        return {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["NOK ", ""]}
    return {"decimal": ",", "thousands": NBSP, "grouping": [3], "currency": ["", f"{NBSP}kr"]}


def _png(spec: dict[str, Any], lang: Lang) -> bytes:
    import vl_convert as vlc

    spec = {
        **spec,
        "config": {
            "font": "Liberation Sans, Arial, sans-serif",
            "axis": {"labelFontSize": 13, "titleFontSize": 13},
            "legend": {"labelFontSize": 13, "titleFontSize": 13},
            "view": {"stroke": None},
        },
    }
    return bytes(vlc.vegalite_to_png(spec, scale=2, format_locale=_vl_locale(lang)))


def chart_specs(r: Result, lang: Lang) -> list[tuple[str, dict[str, Any]]]:
    """(title, Vega-Lite spec) of the report's charts: net saving by measure, and net
    saving by plan year and measure."""
    active = [m for m in r.measures if m.active]
    measure = _t(lang, "Tiltak", "Measure")
    net_title = _t(lang, "Netto besparelse (mill. kr/år)", "Net saving (NOK m/year)")
    by_measure = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": 560,
        "height": max(120, 34 * len(active)),
        "background": "white",
        "data": {
            "values": [
                {"m": _label(m, "label", lang), "v": m.net_savings_nok_per_year / 1e6}
                for m in active
            ]
        },
        "mark": {"type": "bar"},
        "encoding": {
            "y": {
                "field": "m",
                "type": "nominal",
                "title": measure,
                "sort": None,
                "axis": {"labelLimit": 260},
            },
            "x": {
                "field": "v",
                "type": "quantitative",
                "title": net_title,
                "axis": {"format": ",.1f"},
            },
            "color": {"condition": {"test": "datum.v < 0", "value": "#b2282e"}, "value": "#2e7d46"},
        },
    }
    rows = [
        {"y": str(y.year), "m": _label(r.measure(mid), "label", lang), "v": v / 1e6}
        for y in r.years
        for mid, v in y.by_measure_net_nok.items()
        if r.measure(mid).active
    ]
    by_year = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": 560,
        "height": 300,
        "background": "white",
        "data": {"values": rows},
        "mark": {"type": "bar"},
        "encoding": {
            "x": {
                "field": "y",
                "type": "ordinal",
                "title": _t(lang, "År", "Year"),
                "axis": {"labelAngle": 0},
            },
            "y": {
                "field": "v",
                "type": "quantitative",
                "aggregate": "sum",
                "title": _t(lang, "Netto besparelse (mill. kr)", "Net saving (NOK m)"),
                "axis": {"format": ",.1f"},
            },
            "color": {
                "field": "m",
                "type": "nominal",
                "title": measure,
                "legend": {"orient": "bottom", "columns": 2, "labelLimit": 300},
            },
        },
    }
    return [
        (
            _t(
                lang,
                "Netto besparelse per tiltak (per år ved full effekt)",
                "Net saving by measure (per year at full effect)",
            ),
            by_measure,
        ),
        (
            _t(
                lang,
                "Netto besparelse per år og tiltak i planperioden",
                "Net saving by year and measure in the plan period",
            ),
            by_year,
        ),
    ]


# --------------------------------------------------------------------------- document
METHOD_NOTE = {
    "nb": (
        "Modellen regner ut nattbemanning per lokasjon (våkne og hvilende vakter, betalte "
        "timer, årsverk og tillegg) i dag og etter tiltakene, og priser endringen med "
        "grunnlagets lønns- og tilleggssatser. Tapt statlig refusjon for ressurskrevende "
        "tjenester trekkes fra brutto besparelse. Investeringer gir årlig kapitalkostnad "
        "(annuitet), og tiltakene fases inn over planperioden etter start og opptrapping. "
        "Usikkerheten er beregnet med Monte Carlo-trekk av parametere med spenn "
        "(triangelfordeling med verdien som modus); P10 og P90 er 10- og 90-persentilene. "
        "Tallene er cirka-tall for beslutningsstøtte, ikke budsjett. Fullstendige formler "
        "og kilder står under «Metode og kilder» i simulatoren."
    ),
    "en": (
        "The model computes night staffing per site (awake and resting watches, paid hours, "
        "FTE and supplements) today and after the measures, and prices the change with the "
        "baseline's pay and supplement rates. Lost state refund for resource-intensive "
        "services is subtracted from the gross saving. Investments give an annual capital "
        "cost (annuity), and measures phase in over the plan period by start and ramp-up. "
        "Uncertainty comes from Monte Carlo draws of parameters with a range (triangular, "
        "with the value as mode); P10 and P90 are the 10th and 90th percentiles. The "
        "figures are approximate decision support, not a budget. Full formulas and sources "
        "are under 'Method and sources' in the simulator."
    ),
}


def build_report(
    b: Baseline,
    s: Scenario,
    *,
    name: str = "",
    description: str = "",
    lang: Lang = "nb",
    today: date | None = None,
    result: Result | None = None,
    uncertainty: UncertaintyResult | None = None,
    charts: bool = True,
) -> bytes:
    """The .docx bytes of the report on scenario ``s`` over baseline ``b``."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    from model.uncertainty import simulate

    lang = "en" if lang == "en" else "nb"
    f = Fmt(lang)
    r = result or evaluate(b, s)
    u = uncertainty or simulate(b, s, draws=min(s.uncertainty.draws, MAX_REPORT_DRAWS))
    day = today or date.today()
    title_name = clean(name) or _t(lang, "Gjeldende scenario", "Current scenario")

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    rpr = normal.element.get_or_add_rPr()
    lang_el = OxmlElement("w:lang")
    lang_el.set(qn("w:val"), "en-GB" if lang == "en" else "nb-NO")
    rpr.append(lang_el)
    for section in doc.sections:
        section.left_margin = section.right_margin = Cm(2.2)
    props = doc.core_properties
    props.title = _t(lang, "Beslutningsgrunnlag: ", "Decision report: ") + title_name
    props.subject = clean(b.municipality)
    props.language = "en-GB" if lang == "en" else "nb-NO"

    def table(
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        text_cols: Sequence[int] = (0,),
    ) -> None:
        """A table; ``widths`` in cm (the first column widest); numbers right-aligned."""
        t = doc.add_table(rows=1, cols=len(header))
        t.style = "Table Grid"
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        t.autofit = False

        def fill(cells: Any, values: Sequence[str], bold: bool) -> None:
            for i, v in enumerate(values):
                cell = cells[i]
                cell.width = Cm(widths[i])
                par = cell.paragraphs[0]
                run = par.add_run(clean(v))
                run.bold = bold
                run.font.size = Pt(9.5)
                if i not in text_cols:
                    par.alignment = WD_ALIGN_PARAGRAPH.RIGHT

        fill(t.rows[0].cells, header, True)
        for row in rows:
            fill(t.add_row().cells, row, False)
        for i, col in enumerate(t.columns):
            col.width = Cm(widths[i])
        doc.add_paragraph()

    def today_scenario_table(first: str, rows: Sequence[Sequence[str]]) -> None:
        """Rows of a figure today, in the scenario and the change (``first``: its header)."""
        header = [
            first,
            _t(lang, "I dag", "Today"),
            _t(lang, "Scenario", "Scenario"),
            _t(lang, "Endring", "Change"),
        ]
        table(header, rows, (6.2, 3.5, 3.5, 3.4))

    def para(text: str, *, italic: bool = False, style: str | None = None) -> None:
        p = doc.add_paragraph(style=style)
        run = p.add_run(clean(text))
        run.italic = italic

    # -- title
    doc.add_heading(_t(lang, "Beslutningsgrunnlag", "Decision report"), level=0)
    para(title_name, style="Subtitle")
    para(
        _t(lang, "Laget ", "Made ")
        + f.date(day)
        + _t(lang, " med bemanningssimulatoren, modell ", " with the staffing simulator, model ")
        + MODEL_VERSION
        + ".",
        italic=True,
    )

    # -- 1 scenario
    doc.add_heading(_t(lang, "1. Scenario", "1. Scenario"), level=1)
    table(
        [_t(lang, "Felt", "Field"), _t(lang, "Verdi", "Value")],
        [
            [_t(lang, "Navn", "Name"), title_name],
            [_t(lang, "Beskrivelse", "Description"), clean(description) or "–"],
            [_t(lang, "Scenario (kontrollsum)", "Scenario (hash)"), r.scenario_hash],
            [_t(lang, "Antall tiltak", "Measures"), f.num(sum(1 for m in r.measures if m.active))],
        ],
        (5.0, 11.6),
        text_cols=(0, 1),
    )

    # -- 2 baseline and sources (summary here, full list in the appendix)
    doc.add_heading(_t(lang, "2. Grunnlag og kilder", "2. Baseline and sources"), level=1)
    para(
        _t(lang, "Grunnlagsdata: ", "Baseline: ")
        + f"{clean(b.name)} – {clean(b.municipality)} {b.year} "
        + _t(lang, "(kontrollsum ", "(hash ")
        + f"{b.hash}). "
        + _t(lang, "Beløp i ", "Amounts in ")
        + str(r.price_year)
        + _t(lang, "-kroner. ", " prices. ")
        + _t(
            lang,
            f"Planperiode {r.plan_years[0]}–{r.plan_years[-1]}." if r.plan_years else "",
            f"Plan period {r.plan_years[0]}–{r.plan_years[-1]}." if r.plan_years else "",
        )
    )
    if b.description:
        para(clean(text_in(b, "description", lang)), italic=True)
    para(
        _t(
            lang,
            "Alle parametere med verdi, år, kilde og status står i vedlegget «Kilder».",
            "Every parameter with value, year, source and status is in the appendix 'Sources'.",
        )
    )

    # -- 3 headline
    doc.add_heading(_t(lang, "3. Hovedtall", "3. Headline figures"), level=1)
    today_scenario_table(_t(lang, "Størrelse", "Figure"), headline_rows(r, lang))
    levels = level_rows(r, lang)
    if levels:
        para(
            _t(
                lang,
                "Nivå i dag og i scenarioet (ved full effekt):",
                "Level today and in the scenario (at full effect):",
            )
        )
        today_scenario_table(_t(lang, "Nivå", "Level"), levels)
    kinds = money_kind_rows(r, lang)
    if kinds:
        table(
            [
                _t(lang, "Tre slags penger, per år", "Three kinds of money, per year"),
                _t(lang, "Beløp", "Amount"),
                _t(lang, "Hva det er", "What it is"),
            ],
            kinds,
            (4.6, 2.8, 9.2),
            text_cols=(0, 2),
        )
    table(
        [_t(lang, "Per år ved full effekt", "Per year at full effect"), _t(lang, "Verdi", "Value")],
        money_rows(r, lang),
        (11.6, 5.0),
    )
    for key in ("headline_sums", "payback_includes"):
        note = _label(r.totals, key, lang)
        if note:
            para(note, italic=True)

    # -- 4 action plan
    doc.add_heading(_t(lang, "4. Handlingsplan", "4. Action plan"), level=1)
    plan = plan_rows(r, lang)
    if plan:
        widths = (4.0, 2.4, 2.4, 2.4, 1.7, 1.4, 1.7)
        if _has_measure_payback():
            widths = (3.0, 2.2, 2.2, 2.2, 1.6, 1.5, 1.6, 2.3)
        table(plan_header(lang), plan, widths)
    else:
        para(_t(lang, "Ingen tiltak er valgt.", "No measures are chosen."))

    # -- 5 years
    doc.add_heading(_t(lang, "5. År for år", "5. Year by year"), level=1)
    table(year_header(lang), year_rows(r, lang), (1.3, 2.4, 2.4, 1.9, 2.8, 2.8, 3.0))

    # -- 6 charts
    if charts and plan:
        doc.add_heading(_t(lang, "6. Figurer", "6. Charts"), level=1)
        for i, (title, spec) in enumerate(chart_specs(r, lang), start=1):
            doc.add_picture(io.BytesIO(_png(spec, lang)), width=Cm(CHART_WIDTH_CM))
            cap = doc.add_paragraph()
            run = cap.add_run(_t(lang, f"Figur {i}: ", f"Figure {i}: ") + title)
            run.bold = True

    # -- 7 assumptions and uncertainty
    doc.add_heading(
        _t(lang, "7. Forutsetninger og usikkerhet", "7. Assumptions and uncertainty"), level=1
    )
    para(
        _t(
            lang,
            f"{f.num(u.draws)} trekninger (frø {u.seed}) av {f.num(len(u.parameters))} "
            "parametere med spenn. P10: 1 av 10 utfall er lavere; P90: 1 av 10 er høyere.",
            f"{f.num(u.draws)} draws (seed {u.seed}) of {f.num(len(u.parameters))} parameters "
            "with a range. P10: 1 in 10 outcomes is lower; P90: 1 in 10 is higher.",
        )
    )
    table(
        [_t(lang, "Per år ved full effekt", "Per year at full effect"), "P10", "P50", "P90"],
        uncertainty_rows(u, r, lang),
        (7.6, 3.0, 3.0, 3.0),
    )
    rr = range_rows(b, s, lang)
    if rr:
        table(
            [
                _t(lang, "Parameter med spenn", "Parameter with a range"),
                _t(lang, "Lav", "Low"),
                _t(lang, "Brukt", "Used"),
                _t(lang, "Høy", "High"),
                _t(lang, "Kilde", "Source"),
            ],
            rr,
            (4.6, 2.6, 2.6, 2.6, 4.2),
            text_cols=(0, 4),
        )
    if r.warnings:
        doc.add_heading(_t(lang, "Merknader fra modellen", "Notes from the model"), level=2)
        seen: set[str] = set()
        for w in r.warnings:
            text = _label(w, "message", lang)
            if text and text not in seen and len(seen) < 30:
                seen.add(text)
                para(text, style="List Bullet")

    # -- 8 consequences and preconditions
    doc.add_heading(
        _t(
            lang,
            "8. Konsekvenser og forutsetninger per tiltak",
            "8. Consequences and preconditions per measure",
        ),
        level=1,
    )
    for m in r.measures:
        if not m.active:
            continue
        doc.add_heading(_label(m, "label", lang), level=2)
        para(
            _t(lang, "Netto ", "Net ")
            + f.mnok(m.net_savings_nok_per_year)
            + _t(lang, " per år ved full effekt, ", " per year at full effect, ")
            + f.fte(m.fte_change)
            + "."
        )
        own_payback = getattr(m, "payback_year", None)
        if own_payback:
            p = doc.add_paragraph()
            p.add_run(_t(lang, "Tilbakebetalt: ", "Paid back: ")).bold = True
            p.add_run(str(own_payback))
            includes = _label(m, "payback_includes", lang)
            if includes:
                p.add_run(f" ({includes})")
        p = doc.add_paragraph()
        p.add_run(_t(lang, "Konsekvenser: ", "Consequences: ")).bold = True
        p.add_run(_label(m, "consequences", lang) or "–")
        p = doc.add_paragraph()
        p.add_run(_t(lang, "Forutsetninger: ", "Preconditions: ")).bold = True
        p.add_run(_label(m, "preconditions", lang) or "–")

    # -- 9 method
    doc.add_heading(_t(lang, "9. Metode (kort)", "9. Method (short)"), level=1)
    para(METHOD_NOTE[lang])

    # -- appendix: sources
    doc.add_heading(_t(lang, "Vedlegg: Kilder", "Appendix: Sources"), level=1)
    table(
        [
            _t(lang, "Parameter", "Parameter"),
            _t(lang, "Verdi brukt", "Value used"),
            _t(lang, "År", "Year"),
            _t(lang, "Kilde", "Source"),
            _t(lang, "Status", "Status"),
        ],
        source_rows(b, s, lang),
        (4.6, 2.8, 1.2, 5.8, 2.2),
        text_cols=(0, 3, 4),
    )

    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
