"""Oversikt og handlingsplan: headline, action-plan table, waterfall and plan years."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from ui import charts, fmt, state
from ui.downloads import chart_block, report_button, table_block
from ui.frame import require_frame
from ui.i18n import pick, pick_text, tr
from ui.safe import md
from ui.widgets import decimal_slider, show_warnings

require_frame()

r = state.result()
s = state.scenario()
active = [m for m in r.measures if m.active]

st.header(tr("Oversikt og handlingsplan", "Overview and action plan"))
if not state.presenting():  # presenter mode: figures, levers and the main chart only
    report_button()  # the council-ready Word report of this scenario (made on click)

# Always the same element here, so the widgets below keep focus when measures appear.
if not state.presenting():
    st.info(
        tr(
            "Ingen tiltak er valgt ennå. Bruk sidene «Nattevakt», «Samlokalisering» og "
            "«Dekningsgrad og bemanning», eller prosentgrepene nederst, og se tallene endre seg.",
            "No measures chosen yet. Use the pages Night watch, Co-location and Coverage, or "
            "the percentage levers at the bottom, and watch the figures change.",
        )
        if not active
        else tr(f"{len(active)} tiltak er valgt.", f"{len(active)} measures chosen."),
        icon=":material/info:",
    )


def short_term_levers() -> None:
    """The percentage levers (the page's levers, also in presenter mode)."""
    st.subheader(tr("Kortsiktige tiltak (prosentgrep)", "Short-term measures (percentages)"))
    b = state.baseline()

    def pct_lever(path: str, label: str, base_key: str, max_value: float) -> None:
        prm = b.parameters.get(base_key)
        if prm is None:  # this municipality's baseline lacks the base figure: say so
            st.caption(
                md(label)
                + tr(
                    f": grunnlaget mangler parameteren «{md(base_key)}» – last den opp under «Data».",
                    f": the baseline lacks the parameter '{md(base_key)}' – upload it under 'Data'.",
                )
            )
            return
        decimal_slider(
            path,
            label,  # escaped by the helper
            min_value=0.0,
            max_value=max_value,
            step=0.5,
            unit="%",
            help=tr(
                f"Grunnlag: {md(fmt.param_value(prm.value, prm.unit))} "
                f"({prm.year}, {md(prm.source)})",
                f"Base: {md(fmt.param_value(prm.value, prm.unit))} "
                f"({prm.year}, {md(pick_text(prm, 'source'))})",
            ),
        )

    c1, c2 = st.columns(2)
    with c1:
        pct_lever(
            "levers.overtime_cut_pct",
            tr("Kutt i overtid (%)", "Cut in overtime (%)"),
            "overtime_nok",
            100.0,
        )
        pct_lever(
            "levers.substitute_cut_pct",
            tr("Kutt i vikarkostnad (%)", "Cut in substitute cost (%)"),
            "substitute_cost_nok",
            100.0,
        )
        pct_lever(
            "levers.competence_level_cut_pct",
            tr("Lavere lønnsnivå ved nytilsetting (%)", "Lower pay level of new hires (%)"),
            "fixed_pay_nok",
            20.0,
        )
    with c2:
        pct_lever(
            "levers.rota_hours_cut_pct",
            tr("Kutt i turnustimer (%)", "Cut in rota hours (%)"),
            "rota_hours_cost_base_nok",
            20.0,
        )
        pct_lever(
            "levers.decided_hours_cut_pct",
            tr("Kutt i vedtakstimer (%)", "Cut in decided hours (%)"),
            "decided_hours_per_year",
            20.0,
        )
        state.lever(
            st.toggle,
            "refund.enabled",
            tr("Regn med tapt statlig refusjon (netto)", "Count lost state refund (net)"),
            help=tr(
                "Toppfinansieringsordningen: staten refunderer 80 % over innslagspunktet.",
                "The state refunds 80 % of labour cost above the threshold.",
            ),
        )


wf = pd.DataFrame(
    {
        "label": [pick(m, "label") for m in active],
        "value_mnok": [m.net_savings_nok_per_year / 1e6 for m in active],
    }
)
st.subheader(tr("Netto besparelse per tiltak", "Net saving by measure"))
chart_block(
    charts.waterfall(wf),
    wf,
    tr("besparelse-per-tiltak", "saving-by-measure"),
    "waterfall",
    title=tr("Netto besparelse per tiltak", "Net saving by measure"),
)

if state.presenting():
    short_term_levers()
else:
    st.subheader(tr("Handlingsplan", "Action plan"))
    # Three kinds of money kept apart (issue 8), each named; net = their sum. All from the
    # model's result; the explanation line is the model's too.
    st.caption(
        tr(
            "Kutt = lavere kostnad enn i dag (basisåret). Unngått = kostnad en videreføring av "
            "dagens praksis ville gitt ved befolkningsvekst; ikke et kutt i dagens budsjett. "
            "Refusjon = endring i statlig refusjon (negativ: tapt). Netto = summen av de tre. "
            "Mill. kr per år ved full effekt.",
            "Cut = lower cost than today (the base year). Avoided = cost that carrying today's "
            "practice forward with population growth would add; not a cut in today's budget. "
            "Refund = change in state refund (negative: lost). Net = the sum of the three. "
            "NOK m per year at full effect.",
        )
    )

    def plan_frame() -> pd.DataFrame:
        # column by column: each header translated once, not once per row
        return pd.DataFrame(
            {
                tr("Tiltak", "Measure"): [pick(m, "label") for m in active],
                tr("Kutt i dagens budsjett", "Cut in today's budget"): [
                    round(m.cut_nok_per_year / 1e6, 2) for m in active
                ],
                tr("Unngått kostnad", "Cost avoided"): [
                    round(m.avoided_nok_per_year / 1e6, 2) for m in active
                ],
                tr("Endret refusjon", "Refund change"): [
                    round(m.refund_change_nok_per_year / 1e6, 2) for m in active
                ],
                tr("Netto mill. kr/år", "Net NOK m/yr"): [
                    round(m.net_savings_nok_per_year / 1e6, 2) for m in active
                ],
                tr("Brutto mill. kr/år", "Gross NOK m/yr"): [
                    round(m.gross_savings_nok_per_year / 1e6, 2) for m in active
                ],
                tr("Årsverk", "FTE"): [round(m.fte_change, 1) for m in active],
                tr("Start", "Start"): [m.start_year for m in active],
                # years as whole numbers; empty where the model has none
                tr("Full effekt", "Full effect"): pd.array(
                    [m.full_effect_year for m in active], dtype="Int64"
                ),
                tr("Tilbakebetalt (eget tiltak)", "Payback (own measure)"): pd.array(
                    [m.payback_year for m in active], dtype="Int64"
                ),
                tr("Forklaring", "Explanation"): [pick(m, "explanation") for m in active],
                tr("Konsekvenser", "Consequences"): [pick(m, "consequences") for m in active],
                tr("Forutsetninger", "Preconditions"): [pick(m, "preconditions") for m in active],
            }
        )

    explained = [m for m in active if pick(m, "explanation")]
    if active:  # one row per measure; built once per result (and language) by table_block
        table_block(plan_frame, tr("handlingsplan", "action-plan"), "plan", per_result=True)
        includes = dict.fromkeys(
            pick(m, "payback_includes") for m in active if m.payback_year and m.net_investment_nok
        )
        total = pick(r.totals, "payback_includes") if r.totals.payback_year else ""
        st.caption(
            " · ".join(
                [
                    tr(
                        "Full effekt: første år i årstabellen med full effekt",
                        "Full effect: the first year of the year table at full effect",
                    ),
                    *(md(x) for x in includes if x),
                    *(
                        [
                            tr("Tilbakebetalt i hovedtallene: ", "Payback in the headline: ")
                            + md(total)
                        ]
                        if total
                        else []
                    ),
                ]
            )
        )
    if explained:  # net above gross, refund raised: the model's own explanation
        st.caption(
            "\n\n".join(md(pick(m, "label")) + ": " + md(pick(m, "explanation")) for m in explained)
        )

    st.subheader(tr("Økonomiplanperioden", "Economic-plan period"))
    c1, c2 = st.columns(2)
    with c1:
        state.lever(
            st.number_input,
            "plan.start_year",
            tr("Første år i planen", "First plan year"),
            min_value=2000,
            max_value=2100,
            step=1,
            help=tr(
                "Økonomiplanen går over fire år fra dette året.",
                "The economic plan runs four years from this year.",
            ),
        )
    with c2:
        state.lever(
            st.slider,
            "plan.years",
            tr("Antall år", "Number of years"),
            min_value=1,
            max_value=10,
            help=tr("Standard: fire år (økonomiplan)", "Default: four years"),
        )
    rows = []
    for y in r.years:
        for mid, v in y.by_measure_net_nok.items():
            m = r.measure(mid)
            rows.append({"year": y.year, "label": pick(m, "label"), "value_mnok": v / 1e6})
    years_df = pd.DataFrame(rows, columns=["year", "label", "value_mnok"])
    chart_block(
        charts.stacked_years(years_df),
        years_df,
        tr("plan-per-aar", "plan-by-year"),
        "years",
        title=tr("Netto besparelse per år og tiltak", "Net saving by year and measure"),
        headers={"value_mnok": tr("Netto besparelse (mill. kr)", "Net saving (NOK m)")},
    )

    #: the year table's columns: header (nb, en), the model's field, unit divisor, decimals
    year_columns = [
        ("Kutt i dagens budsjett mill. kr", "Cut in today's budget NOK m", "cut_nok", 1e6, 2),
        ("Unngått kostnad mill. kr", "Cost avoided NOK m", "avoided_nok", 1e6, 2),
        ("Endret refusjon mill. kr", "Refund change NOK m", "refund_change_nok", 1e6, 2),
        ("Netto mill. kr", "Net NOK m", "net_savings_nok", 1e6, 2),
        ("Brutto mill. kr", "Gross NOK m", "gross_savings_nok", 1e6, 2),
        ("Årsverk", "FTE", "fte_change", 1.0, 1),
        ("Investering (netto) mill. kr", "Net investment NOK m", "investment_nok", 1e6, 2),
        ("Kapitalkostnad mill. kr", "Capital cost NOK m", "capital_cost_nok", 1e6, 2),
        ("Akkumulert netto mill. kr", "Cumulative net NOK m", "cumulative_net_savings_nok", 1e6, 2),
    ]

    def ytab() -> pd.DataFrame:  # built once per result by table_block
        ys = r.years
        cols: dict[str, list[Any]] = {tr("År", "Year"): [y.year for y in ys]}
        for nb, en, field, div, decimals in year_columns:
            cols[tr(nb, en)] = [round(getattr(y, field) / div, decimals) for y in ys]
        return pd.DataFrame(cols)

    table_block(ytab, tr("aar", "years"), "ytab", per_result=True)
    _lv0, _lv1 = r.totals.today, r.totals.scenario
    if _lv0 is not None and _lv1 is not None:  # levels, today and in the scenario (the model's)
        st.caption(
            tr(
                f"Nivå i dag → i scenarioet: kostnad {fmt.mnok(_lv0.cost_nok_per_year)} → "
                f"{fmt.mnok(_lv1.cost_nok_per_year)} per år, {fmt.fte(_lv0.fte)} → "
                f"{fmt.fte(_lv1.fte)}, {fmt.num(_lv0.sites)} → {fmt.num(_lv1.sites)} lokasjoner "
                f"med nattbemanning, {fmt.num(_lv0.places)} → {fmt.num(_lv1.places)} plasser.",
                f"Level today → in the scenario: cost {fmt.mnok(_lv0.cost_nok_per_year)} → "
                f"{fmt.mnok(_lv1.cost_nok_per_year)} per year, {fmt.fte(_lv0.fte)} → "
                f"{fmt.fte(_lv1.fte)}, {fmt.num(_lv0.sites)} → {fmt.num(_lv1.sites)} sites with "
                f"night staff, {fmt.num(_lv0.places)} → {fmt.num(_lv1.places)} places.",
            )
        )

    # Built only while open (on_change="rerun"): two widgets per measure would otherwise
    # be sent on every rerun for a panel that is usually closed.
    timing = st.expander(
        tr("Start og innfasing per tiltak", "Start and ramp-up per measure"),
        key="exp:timing",
        on_change="rerun",
    )
    with timing:
        for m in active if timing.open else ():
            if m.kind == "coverage":
                continue
            c1, c2 = st.columns(2)
            t = s.plan.timing.get(m.id)
            start_key = f"lv:timing:{m.id}:start"
            ramp_key = f"lv:timing:{m.id}:ramp"
            state.seed_widget(
                start_key, (t.start_year if t and t.start_year else s.plan.start_year)
            )
            state.seed_widget(ramp_key, t.ramp_years if t else 1)

            def _set_timing(mid: str = m.id, sk: str = start_key, rk: str = ramp_key) -> None:
                def edit(d: dict) -> None:
                    d["plan"]["timing"][mid] = {
                        "start_year": int(st.session_state[sk]),
                        "ramp_years": int(st.session_state[rk]),
                    }

                state.replace(edit, tag=f"timing:{mid}")

            c1.number_input(
                f"{md(pick(m, 'label'))}: " + tr("startår", "start year"),
                min_value=2000,
                max_value=2100,
                step=1,
                key=start_key,
                on_change=_set_timing,
            )
            c2.slider(
                tr("År til full effekt", "Years to full effect"),
                1,
                10,
                key=ramp_key,
                on_change=_set_timing,
            )

    short_term_levers()
    show_warnings(r, {x.code for x in r.warnings})
