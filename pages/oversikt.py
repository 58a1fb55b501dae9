"""Oversikt og handlingsplan: headline, action-plan table, waterfall and plan years."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import charts, fmt, state
from ui.downloads import chart_block, table_block
from ui.frame import require_frame
from ui.i18n import pick, tr
from ui.safe import md
from ui.widgets import show_warnings

require_frame()

r = state.result()
s = state.scenario()
active = [m for m in r.measures if m.active]

st.header(tr("Oversikt og handlingsplan", "Overview and action plan"))

# Always the same element here, so the widgets below keep focus when measures appear.
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

wf = pd.DataFrame(
    {
        "label": [pick(m, "label") for m in active],
        "value_mnok": [m.net_savings_nok_per_year / 1e6 for m in active],
    }
)
st.subheader(tr("Netto besparelse per tiltak", "Net saving by measure"))
chart_block(charts.waterfall(wf), wf, tr("besparelse-per-tiltak", "saving-by-measure"), "waterfall")

if not state.workshop():
    st.subheader(tr("Handlingsplan", "Action plan"))
    plan = pd.DataFrame(
        [
            {
                tr("Tiltak", "Measure"): pick(m, "label"),
                tr("Brutto mill. kr/år", "Gross NOK m/yr"): round(
                    m.gross_savings_nok_per_year / 1e6, 2
                ),
                tr("herav årsverk", "of which FTE cost"): round(m.staff_cost_savings_nok / 1e6, 2),
                tr("herav tillegg", "of which supplements"): round(
                    m.supplement_savings_nok / 1e6, 2
                ),
                tr("herav annet", "of which other"): round(m.other_savings_nok / 1e6, 2),
                tr("Tapt refusjon", "Lost refund"): round(m.lost_refund_nok_per_year / 1e6, 2),
                tr("Netto mill. kr/år", "Net NOK m/yr"): round(m.net_savings_nok_per_year / 1e6, 2),
                tr("Årsverk", "FTE"): round(m.fte_change, 1),
                tr("Start", "Start"): m.start_year,
                tr("Full effekt", "Full effect"): m.start_year + m.ramp_years - 1,
                tr("Konsekvenser", "Consequences"): pick(m, "consequences"),
                tr("Forutsetninger", "Preconditions"): pick(m, "preconditions"),
            }
            for m in active
        ]
    )
    if len(plan):
        table_block(plan, tr("handlingsplan", "action-plan"), "plan")

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
        charts.stacked_years(years_df), years_df, tr("plan-per-aar", "plan-by-year"), "years"
    )
    ytab = pd.DataFrame(
        [
            {
                tr("År", "Year"): y.year,
                tr("Brutto mill. kr", "Gross NOK m"): round(y.gross_savings_nok / 1e6, 2),
                tr("Netto mill. kr", "Net NOK m"): round(y.net_savings_nok / 1e6, 2),
                tr("Årsverk", "FTE"): round(y.fte_change, 1),
                tr("Investering (netto) mill. kr", "Net investment NOK m"): round(
                    y.investment_nok / 1e6, 2
                ),
                tr("Kapitalkostnad mill. kr", "Capital cost NOK m"): round(
                    y.capital_cost_nok / 1e6, 2
                ),
                tr("Akkumulert netto mill. kr", "Cumulative net NOK m"): round(
                    y.cumulative_net_savings_nok / 1e6, 2
                ),
            }
            for y in r.years
        ]
    )
    table_block(ytab, tr("aar", "years"), "ytab")

    with st.expander(tr("Start og innfasing per tiltak", "Start and ramp-up per measure")):
        for m in active:
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

    st.subheader(tr("Kortsiktige tiltak (prosentgrep)", "Short-term measures (percentages)"))
    b = state.baseline()

    def pct_lever(path: str, label: str, base_key: str, max_value: float) -> None:
        prm = b.parameters[base_key]
        state.lever(
            st.slider,
            path,
            md(label),
            min_value=0.0,
            max_value=max_value,
            step=0.5,
            format="%.1f %%",
            help=tr(
                f"Grunnlag: {md(fmt.param_value(prm.value, prm.unit))} "
                f"({prm.year}, {md(prm.source)})",
                f"Base: {md(fmt.param_value(prm.value, prm.unit))} ({prm.year}, {md(prm.source)})",
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

    show_warnings(r, {x.code for x in r.warnings})
