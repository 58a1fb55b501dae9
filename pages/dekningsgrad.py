"""Dekningsgrad og bemanning: nursing-home coverage rate path, staffing norms per place
type and the staffing ratio in 24/7 care housing (HDO)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from model import Baseline, Result, Scenario
from model.baseline import NursingHomes
from ui import charts, fmt, state, tables
from ui import widgets as w
from ui.downloads import chart_block
from ui.frame import require_frame
from ui.i18n import pick, pick_text, tr

require_frame()

PAGE = "dekningsgrad"
K = f"lv:{PAGE}"
HDO_DEFAULT_TARGET = 0.6
ss = st.session_state


def _today_rate(r: Result, nh: NursingHomes) -> float:
    if r.coverage:
        return r.coverage[0].rate_baseline
    return nh.places / nh.population_80_plus if nh.population_80_plus else 0.0


# ------------------------------------------------------------------ coverage rate
def _on_target() -> None:
    if state.missing(f"{K}:target_on", f"{K}:target_pct"):
        return
    if ss.get(f"{K}:target_on"):
        pct = float(ss.get(f"{K}:target_pct") or 0.0)
        state.update("coverage.target_rate", round(pct / 100.0, 6))
    else:
        state.update("coverage.target_rate", None)


def _set_target(rate: float) -> None:
    ss[f"{K}:target_on"] = True
    ss[f"{K}:target_pct"] = round(rate * 100.0, 1)
    _on_target()


def _on_target_year() -> None:
    v = ss.get(f"{K}:target_year")
    state.update("coverage.target_year", int(v) if v is not None else None)


def _coverage_controls(b: Baseline, s: Scenario, r: Result, nh: NursingHomes) -> None:
    refs = w.coverage_references()
    today = _today_rate(r, nh)
    cur = s.coverage.target_rate
    w.seed(f"{K}:target_on", cur is not None)
    w.seed(f"{K}:target_pct", round((cur if cur is not None else refs[0][2]) * 100.0, 1))
    last_year = s.plan.start_year + s.plan.years - 1
    w.seed(f"{K}:target_year", int(s.coverage.target_year or last_year))

    c1, c2 = st.columns([1, 1])
    with c1:
        st.toggle(
            tr("Sett mål for dekningsgrad", "Set a coverage-rate target"),
            key=f"{K}:target_on",
            on_change=_on_target,
        )
        w.decimal_select(
            tr("Mål for dekningsgrad (% av innbyggere 80+)", "Target coverage (% of 80+)"),
            min_value=8.0,  # a value outside 8–25 (from a link) is shown as it is
            max_value=25.0,
            step=0.1,
            unit="%",
            key=f"{K}:target_pct",
            on_change=_on_target,
            disabled=not ss.get(f"{K}:target_on"),
            help=tr(
                "Dekningsgrad = sykehjemsplasser i bruk / innbyggere 80 år og over. "
                "Dekningsgraden trappes lineært fra i dag til målet i målåret.",
                "Coverage = nursing-home places in use / population aged 80+. The rate moves "
                "linearly from today to the target in the target year.",
            ),
        )
        st.caption(
            tr("I dag ", "Today ")
            + f"{fmt.pct(today)} · "
            + " · ".join(f"{w.md(lbl)} {fmt.pct(v)} ({w.md(src)})" for lbl, src, v in refs)
        )
        st.caption(tr("Hurtigvalg for målet:", "Quick targets:"))
        row = st.container(horizontal=True)
        for lbl, _src, v in refs:
            row.button(
                f"{w.md(lbl)} {fmt.pct(v)}",
                key=f"{K}:preset:{round(v * 1000)}",
                on_click=_set_target,
                args=(v,),
            )
    with c2:
        st.number_input(
            tr("Målår", "Target year"),
            min_value=2000,
            max_value=2100,
            step=1,
            key=f"{K}:target_year",
            on_change=_on_target_year,
            help=tr(
                "Året målet skal være nådd. Standard: siste år i økonomiplanen.",
                "The year the target is reached. Default: the last plan year.",
            ),
        )
        ty = int(ss.get(f"{K}:target_year") or last_year)
        if ty < s.plan.start_year:
            st.warning(
                tr(
                    f"Målåret er før planperioden ({s.plan.start_year}); målet nås første planår.",
                    f"The target year is before the plan ({s.plan.start_year}); the target is "
                    "reached in the first plan year.",
                )
            )
        w.param_lever(
            w.decimal_slider,
            "population_80_growth",
            tr("Årlig vekst i befolkning 80+ (%)", "Annual growth of population 80+ (%)"),
            percent=True,
            min_value=-5.0,
            max_value=10.0,
            step=0.1,
            unit="%",
        )
        w.param_lever(
            st.number_input,
            "cost_per_nursing_place_nok",
            tr("Kostnad per sykehjemsplass (kr/år)", "Cost per nursing-home place (NOK/yr)"),
            min_value=0.0,
            max_value=1e8,
            step=50_000.0,
            format="%.0f",
        )


def _coverage_chart(r: Result, nh: NursingHomes) -> None:
    today = _today_rate(r, nh)
    base_name = tr(
        f"Videreført dekningsgrad ({fmt.pct(today)})", f"Today's rate ({fmt.pct(today)})"
    )
    scen_name = tr("Scenario", "Scenario")
    rows = []
    for c in r.coverage:
        rows.append({"year": c.year, "series": base_name, "places": c.places_baseline})
        rows.append({"year": c.year, "series": scen_name, "places": c.places_scenario})
    df = pd.DataFrame(rows, columns=["year", "series", "places"])
    st.markdown("**" + tr("Sykehjemsplasser per år", "Nursing-home places per year") + "**")
    if df.empty:
        st.info(tr("Ingen planår å vise.", "No plan years to show."))
        return
    chart_block(
        charts.series_lines(
            df,
            "year",
            "places",
            "series",
            tr("Plasser", "Places"),
            domain=[base_name, scen_name],
            x_title=tr("År", "Year"),
        ),
        df.rename(
            columns={
                "year": tr("År", "Year"),
                "series": tr("Serie", "Series"),
                "places": tr("Plasser", "Places"),
            }
        ),
        tr("sykehjemsplasser", "nursing-places"),
        f"{PAGE}:places",
        title=tr("Sykehjemsplasser per år", "Nursing-home places per year"),
    )


def _rate_chart(r: Result) -> None:
    base_name = tr("Videreført", "Today's rate")
    scen_name = tr("Scenario", "Scenario")
    rows = []
    for c in r.coverage:
        rows.append({"year": c.year, "series": base_name, "rate": c.rate_baseline * 100})
        rows.append({"year": c.year, "series": scen_name, "rate": c.rate_scenario * 100})
    df = pd.DataFrame(rows, columns=["year", "series", "rate"])
    if df.empty:
        return
    refs = [(f"{lbl} {fmt.pct(v)}", v * 100) for lbl, _src, v in w.coverage_references()]
    st.markdown(
        "**"
        + tr("Dekningsgrad per år, med referanser", "Coverage rate per year, with references")
        + "**"
    )
    st.altair_chart(
        charts.series_lines(
            df,
            "year",
            "rate",
            "series",
            tr("Dekningsgrad (%)", "Coverage rate (%)"),
            domain=[base_name, scen_name],
            refs=refs,
            x_title=tr("År", "Year"),
        ),
        width="stretch",
        key=f"chart:{PAGE}:rate",
    )


def _coverage_table(r: Result) -> None:
    cols = {
        "year": tr("År", "Year"),
        "pop": tr("Befolkning 80+", "Population 80+"),
        "rb": tr("Dekningsgrad videreført", "Rate (today)"),
        "rs": tr("Dekningsgrad scenario", "Rate (scenario)"),
        "pb": tr("Plasser videreført", "Places (today's rate)"),
        "ps": tr("Plasser scenario", "Places (scenario)"),
        "cb": tr("Kostnad videreført kr", "Cost (today's rate) NOK"),
        "cs": tr("Kostnad scenario kr", "Cost (scenario) NOK"),
        "cut": tr("Kutt mot i dag kr", "Cut against today NOK"),
        "av": tr("Unngått kostnad kr", "Cost avoided NOK"),
        "fte": tr("Årsverk", "FTE"),
    }
    df = pd.DataFrame(
        [
            {
                cols["year"]: c.year,
                cols["pop"]: c.population_80_plus,
                cols["rb"]: c.rate_baseline,
                cols["rs"]: c.rate_scenario,
                cols["pb"]: c.places_baseline,
                cols["ps"]: c.places_scenario,
                cols["cb"]: c.cost_baseline_nok,
                cols["cs"]: c.cost_scenario_nok,
                cols["cut"]: c.cut_nok,
                cols["av"]: c.avoided_nok,
                cols["fte"]: c.fte_change,
            }
            for c in r.coverage
        ]
    )
    one = lambda v: fmt.num(v, 1)  # noqa: E731
    tables.show(
        df,
        {
            cols["year"]: str,
            cols["pop"]: fmt.num,
            cols["rb"]: fmt.pct,
            cols["rs"]: fmt.pct,
            cols["pb"]: one,
            cols["ps"]: one,
            cols["cb"]: fmt.mnok,
            cols["cs"]: fmt.mnok,
            cols["cut"]: fmt.mnok,
            cols["av"]: fmt.mnok,
            cols["fte"]: one,
        },
        tr("dekningsgrad-per-aar", "coverage-by-year"),
        f"{PAGE}:years",
    )


def _coverage_metrics(r: Result) -> None:
    """The coverage target's money, kept apart: the cut against the base year's accounts
    (fewer places than today × cost per place) and the cost avoided against a projection
    of today's rate with population growth (both from the model's result)."""
    m = r.measure("coverage_rate")
    cs = r.coverage_summary
    last = r.coverage[-1] if r.coverage else None
    has_target = cs is not None and cs.target_rate is not None
    c = st.columns(4)
    c[0].metric(
        tr("Kutt mot basisåret", "Cut vs base year"),
        (fmt.mnok(cs.cut_base_year_nok) + tr("/år", "/yr")) if cs and has_target else "–",
        help=tr(
            f"Kutt i dagens budsjett: (plasser i dag − målet × innbyggere 80+ i basisåret "
            f"{cs.base_year if cs else ''}) × kostnad per plass. Negativt betyr flere plasser "
            "enn i dag.",
            f"Cut in today's budget: (places today − target × population 80+ in the base year "
            f"{cs.base_year if cs else ''}) × cost per place. Negative means more places than "
            "today.",
        ),
    )
    c[1].metric(
        tr("Unngått, siste planår", "Avoided, last plan year"),
        (fmt.mnok(cs.avoided_last_year_nok) + tr("/år", "/yr")) if cs and has_target else "–",
        help=tr(
            "Unngått kostnad: plasser som ikke trengs sammenlignet med å videreføre dagens "
            "dekningsgrad med befolkningsveksten, × kostnad per plass. Ikke et kutt i dagens "
            "budsjett.",
            "Cost avoided: places not needed compared with carrying today's rate forward with "
            "population growth, × cost per place. Not a cut in today's budget.",
        ),
    )
    c[2].metric(
        tr("Unngått, sum planårene", "Avoided, plan years total"),
        fmt.mnok(cs.avoided_plan_years_nok) if cs and has_target else "–",
        help=tr(
            "Summen av unngått kostnad over økonomiplanens år (ikke per år).",
            "The sum of cost avoided over the plan years (not per year).",
        ),
    )
    c[3].metric(
        tr("Plasser siste planår", "Places in the last plan year"),
        (f"{fmt.num(last.places_baseline, 1)} → {fmt.num(last.places_scenario, 1)}")
        if last
        else "–",
        help=tr("Videreført dekningsgrad → scenario", "Today's rate → scenario"),
    )
    if m.active and pick(m, "explanation"):
        st.caption(w.md(pick(m, "explanation")))
    st.caption(
        tr("Årsverk (dekningsgrad): ", "FTE (coverage): ")
        + fmt.fte(m.fte_change + 0.0)
        + tr(" mot framskrivingen.", " against the projection.")
    )


# --------------------------------------------------------------- close a named home
def _on_close_homes() -> None:
    v = ss.get(f"{K}:close_homes")
    if v is None:
        return
    state.update("coverage.close_homes", [str(x) for x in v])


def _close_homes(b: Baseline, s: Scenario, r: Result) -> None:
    st.subheader(tr("Legge ned et navngitt sykehjem", "Close a named nursing home"))
    homes = list(dict.fromkeys(h.home for h in b.nursing_home_rows))
    if not homes:
        st.info(
            tr(
                "Grunnlaget har ikke sykehjemmene hver for seg. Last opp tabellen "
                "«Sykehjem» (nursing_homes.csv, én rad per sykehjem og plasstype) under «Data».",
                "The baseline does not list the nursing homes one by one. Upload the table "
                "'Nursing homes' (nursing_homes.csv, one row per home and place type) under "
                "'Data'.",
            )
        )
        return
    w.seed(f"{K}:close_homes", [h for h in s.coverage.close_homes if h in homes])
    st.multiselect(
        tr("Sykehjem som legges ned", "Nursing homes closed"),
        options=homes,
        key=f"{K}:close_homes",
        on_change=_on_close_homes,
        max_selections=min(len(homes), 50),
        help=tr(
            "Bruker sykehjemmets egne plasser, årsverk og kostnad der grunnlaget har dem; "
            "ellers kostnad per plass.",
            "Uses the home's own places, FTE and cost where the baseline has them; otherwise "
            "the cost per place.",
        ),
    )
    if not r.closed_homes:
        return
    basis = {
        "own_cost_per_place": tr("egen kostnad per plass", "own cost per place"),
        "own_fte": tr("egne årsverk × kostnad per årsverk", "own FTE × cost per FTE"),
        "cost_per_place": tr("plasser × kostnad per plass", "places × cost per place"),
    }
    cols = {
        "home": tr("Sykehjem", "Nursing home"),
        "places": tr("Plasser", "Places"),
        "fte": tr("Årsverk", "FTE"),
        "cost": tr("Kutt i dagens budsjett (kr/år)", "Cut in today's budget (NOK/yr)"),
        "basis": tr("Grunnlag for kostnaden", "Basis of the cost"),
    }
    df = pd.DataFrame(
        [
            {
                cols["home"]: h.home,
                cols["places"]: h.places,
                cols["fte"]: h.fte,
                cols["cost"]: h.cost_nok_per_year,
                cols["basis"]: " + ".join(basis.get(x, x) for x in h.basis.split("+")),
            }
            for h in r.closed_homes
        ]
    )
    tables.show(
        df,
        {cols["places"]: fmt.num, cols["fte"]: lambda v: fmt.num(v, 1), cols["cost"]: fmt.mnok},
        tr("nedlagte-sykehjem", "closed-homes"),
        f"{PAGE}:closed",
    )
    m = r.measure("close_homes")
    if pick(m, "explanation"):
        st.caption(w.md(pick(m, "explanation")))


def _missing_message(b: Baseline) -> bool:
    """Say what this baseline lacks for the page and what to upload (True if it lacks it)."""
    from ui import baselines

    missing = b.missing_tables("coverage")
    if b.nursing_homes is not None and not missing:
        return False
    items = baselines.table_list(missing)
    st.info(
        tr(
            f"Grunnlaget «{w.md(b.name)}» har ikke sykehjemsdata, så dekningsgrad og bemanning "
            "kan ikke regnes – og siden låner ikke tall fra en annen kommune. Last opp under "
            "«Data»: ",
            f"The baseline '{w.md(b.name)}' has no nursing-home data, so coverage and staffing "
            "cannot be computed – and the page does not borrow another municipality's figures. "
            "Upload under 'Data': ",
        )
        + (items or tr("sykehjemstabellene", "the nursing-home tables"))
        + tr(
            ". Befolkningen 80+ per år (SSB 07459 og framskriving 13600) gir dekningsgraden.",
            ". The population 80+ by year (Statistics Norway 07459 and projection 13600) gives "
            "the coverage rate.",
        ),
        icon=":material/upload_file:",
    )
    return True


# ------------------------------------------------------------------ staffing norms
def _on_norm() -> None:
    b = state.baseline()
    nh = b.nursing_homes
    if nh is None:
        return
    norms: dict[str, float] = {}
    for t in nh.place_types:
        v = ss.get(f"{K}:norm:{t.key}")
        if v is None:  # not on its way from the browser: keep the scenario's value
            v = state.scenario().coverage.norms.get(t.key)
        if v is None:
            continue
        v = round(float(v), 4)
        if abs(v - t.norm_fte_per_place) > 1e-9:
            norms[t.key] = v
    state.update("coverage.norms", norms)


def _staffing(s: Scenario, r: Result, nh: NursingHomes) -> None:
    st.subheader(tr("Bemanning mot normtall", "Staffing against norms"))
    stf = r.staffing
    if stf is None:
        st.info(tr("Ingen bemanningsdata.", "No staffing data."))
        return
    st.caption(
        tr(
            "Normtall (årsverk per plass) per plasstype er sammenligningstall fra "
            "Agenda Kaupang 2022, ikke krav. Endre dem her for egen vurdering.",
            "Norms (FTE per place) per place type are comparison figures from "
            "Agenda Kaupang 2022, not requirements. Change them here.",
        )
    )
    for t in nh.place_types:
        w.seed(f"{K}:norm:{t.key}", float(s.coverage.norms.get(t.key, t.norm_fte_per_place)))
    rows_by_key = {row.key: row for row in stf.rows}
    head = st.columns([3, 1, 2, 1.5])
    head[0].markdown("**" + tr("Plasstype", "Place type") + "**")
    head[1].markdown("**" + tr("Plasser", "Places") + "**")
    head[2].markdown("**" + tr("Normtall (årsverk/plass)", "Norm (FTE/place)") + "**")
    head[3].markdown("**" + tr("Normårsverk", "Norm FTE") + "**")
    for t in nh.place_types:
        c = st.columns([3, 1, 2, 1.5], vertical_alignment="center")
        c[0].markdown(w.md(pick(t, "label")))
        c[1].write(fmt.num(t.places))
        cur = float(ss.get(f"{K}:norm:{t.key}") or 0.0)
        c[2].number_input(
            tr("Normtall for ", "Norm for ") + w.md(pick(t, "label")),
            min_value=0.0,
            max_value=max(5.0, cur),
            step=0.05,
            format="%.2f",
            key=f"{K}:norm:{t.key}",
            on_change=_on_norm,
            label_visibility="collapsed",
            help=tr(
                f"Grunnlag {fmt.num(t.norm_fte_per_place, 2)} årsverk per plass. "
                f"Kilde: {w.md(t.source)}",
                f"Baseline {fmt.num(t.norm_fte_per_place, 2)} FTE per place. "
                f"Source: {w.md(pick_text(t, 'source'))}",
            ),
        )
        row = rows_by_key.get(t.key)
        c[3].write(fmt.num(row.norm_fte, 1) if row else "–")

    c1, c2 = st.columns(2)
    with c1:
        state.lever(
            st.slider,
            "coverage.norm_closure_share",
            tr("Andel av gapet som lukkes (%)", "Share of the gap closed (%)"),
            to_widget=lambda v: round(float(v) * 100.0, 4),
            from_widget=lambda v: float(v) / 100.0,
            min_value=0.0,
            max_value=100.0,
            step=5.0,
            format="%.0f %%",
            help=tr(
                "Gap = årsverk i bruk − normårsverk. 100 % betyr bemanning helt ned på normtall.",
                "Gap = FTE in use − norm FTE. 100 % means staffing down to the norms.",
            ),
        )
    with c2:
        w.param_lever(
            st.number_input,
            "cost_per_fte_nursing_nok",
            tr("Kostnad per årsverk, sykehjem (kr)", "Cost per FTE, nursing homes (NOK)"),
            min_value=100_000.0,
            max_value=3_000_000.0,
            step=10_000.0,
            format="%.0f",
        )

    m = r.measure("staffing_norm")
    c = st.columns(3)
    c[0].metric(
        tr("Normårsverk", "Norm FTE"),
        fmt.num(stf.norm_fte, 1),
        help=tr("Σ plasser × normtall", "Σ places × norm"),
    )
    c[1].metric(
        tr("Årsverk i bruk", "FTE in use"),
        fmt.num(stf.fte_in_use, 1),
        help=w.md(pick_text(nh, "source")) if nh.source else None,
    )
    c[2].metric(tr("Gap (årsverk)", "Gap (FTE)"), fmt.num(stf.gap_fte, 1))
    c = st.columns(3)
    c[0].metric(
        tr("Bemanning: besparelse", "Staffing: saving"),
        fmt.mnok(m.net_savings_nok_per_year) + tr("/år", "/yr"),
    )
    c[1].metric(tr("Bemanning: årsverk", "Staffing: FTE"), fmt.fte(m.fte_change + 0.0))

    one = lambda v: fmt.num(v, 1)  # noqa: E731
    cols = (
        tr("Plasstype", "Place type"),
        tr("Plasser", "Places"),
        tr("Normtall (årsverk/plass)", "Norm (FTE/place)"),
        tr("Normårsverk", "Norm FTE"),
    )
    df = pd.DataFrame(
        [
            {
                cols[0]: pick(row, "label"),
                cols[1]: row.places,
                cols[2]: row.norm_fte_per_place,
                cols[3]: row.norm_fte,
            }
            for row in stf.rows
        ]
        + [
            {
                cols[0]: tr("Sum normårsverk", "Total norm FTE"),
                cols[1]: sum(row.places for row in stf.rows),
                cols[2]: None,
                cols[3]: stf.norm_fte,
            },
            {
                cols[0]: tr("Årsverk i bruk", "FTE in use"),
                cols[1]: None,
                cols[2]: None,
                cols[3]: stf.fte_in_use,
            },
            {
                cols[0]: tr("Gap", "Gap"),
                cols[1]: None,
                cols[2]: None,
                cols[3]: stf.gap_fte,
            },
        ]
    )
    tables.show(
        df,
        {cols[1]: fmt.num, cols[2]: lambda v: fmt.num(v, 2), cols[3]: one},
        tr("normtall", "norms"),
        f"{PAGE}:norms",
    )


# ---------------------------------------------------------------------------- HDO
def _on_hdo() -> None:
    if state.missing(f"{K}:hdo_on", f"{K}:hdo_target"):
        return
    if ss.get(f"{K}:hdo_on"):
        v = float(ss.get(f"{K}:hdo_target") or 0.0)
        state.update("coverage.hdo_target_fte_per_resident", round(v, 4))
    else:
        state.update("coverage.hdo_target_fte_per_resident", None)


def _hdo(s: Scenario, r: Result, nh: NursingHomes) -> None:
    st.subheader(
        tr(
            "Bemanningsfaktor i heldøgns omsorgsbolig (HDO)",
            "Staffing ratio in 24/7 care housing (HDO)",
        )
    )
    stf = r.staffing
    if stf is None or nh.hdo_residents == 0:
        st.info(
            tr(
                "Grunnlaget har ingen beboere i heldøgns omsorgsbolig.",
                "The baseline has no residents in 24/7 care housing.",
            )
        )
        return
    cur = s.coverage.hdo_target_fte_per_resident
    w.seed(f"{K}:hdo_on", cur is not None)
    w.seed(f"{K}:hdo_target", float(cur if cur is not None else HDO_DEFAULT_TARGET))
    c1, c2 = st.columns(2)
    with c1:
        st.toggle(
            tr("Endre bemanningsfaktoren i HDO", "Change the HDO staffing ratio"),
            key=f"{K}:hdo_on",
            on_change=_on_hdo,
        )
        w.decimal_select(
            tr("Mål: årsverk per beboer", "Target: FTE per resident"),
            min_value=0.3,  # a value outside 0,3–1,5 (from a link) is shown as it is
            max_value=1.5,
            step=0.01,
            unit=tr("årsverk", "FTE"),
            key=f"{K}:hdo_target",
            on_change=_on_hdo,
            disabled=not ss.get(f"{K}:hdo_on"),
            help=tr(
                f"I dag {fmt.num(nh.hdo_fte_per_resident, 2)} årsverk per beboer; "
                f"sammenlignet med norm {fmt.num(HDO_DEFAULT_TARGET, 1)} (Agenda Kaupang 2022).",
                f"Today {fmt.num(nh.hdo_fte_per_resident, 2)} FTE per resident; compared "
                f"with a norm of {fmt.num(HDO_DEFAULT_TARGET, 1)} (Agenda Kaupang 2022).",
            ),
        )
        st.caption(
            tr(
                f"I dag {fmt.num(nh.hdo_fte_per_resident, 2)} · norm "
                f"{fmt.num(HDO_DEFAULT_TARGET, 1)} · {fmt.num(nh.hdo_residents)} beboere "
                "(antall beboere er en demoverdi, se «Data»).",
                f"Today {fmt.num(nh.hdo_fte_per_resident, 2)} · norm "
                f"{fmt.num(HDO_DEFAULT_TARGET, 1)} · {fmt.num(nh.hdo_residents)} residents "
                "(the number of residents is a demo value, see 'Data').",
            )
        )
    m = r.measure("hdo_ratio")
    with c2:
        c = st.columns(2)
        c[0].metric(
            tr("HDO: årsverk per beboer", "HDO: FTE per resident"),
            f"{fmt.num(stf.hdo_fte_per_resident, 2)} → {fmt.num(stf.hdo_target_fte_per_resident, 2)}",
        )
        c[1].metric(
            tr("HDO: besparelse", "HDO: saving"),
            fmt.mnok(m.net_savings_nok_per_year) + tr("/år", "/yr"),
        )
        c = st.columns(2)
        c[0].metric(tr("HDO: årsverk", "HDO: FTE"), fmt.fte(m.fte_change + 0.0))
        c[1].metric(tr("Beboere i HDO", "Residents in HDO"), fmt.num(stf.hdo_residents))


def _summary(r: Result) -> None:
    st.subheader(tr("Sum for sykehjem og HDO", "Total for nursing homes and HDO"))
    cut = tr("Kutt i dagens budsjett mill. kr/år", "Cut in today's budget NOK m/yr")
    avoided = tr("Unngått kostnad mill. kr/år", "Cost avoided NOK m/yr")
    refund = tr("Endret refusjon mill. kr/år", "Refund change NOK m/yr")
    net = tr("Netto mill. kr/år", "Net NOK m/yr")
    fte = tr("Årsverk", "FTE")
    rows: list[dict[str, Any]] = []
    for mid in ("coverage_rate", "close_homes", "staffing_norm", "hdo_ratio"):
        try:
            m = r.measure(mid)
        except KeyError:
            continue
        rows.append(
            {
                tr("Tiltak", "Measure"): pick(m, "label"),
                tr("Valgt", "Chosen"): tr("ja", "yes") if m.active else tr("nei", "no"),
                cut: m.cut_nok_per_year / 1e6,
                avoided: m.avoided_nok_per_year / 1e6,
                refund: m.refund_change_nok_per_year / 1e6,
                net: m.net_savings_nok_per_year / 1e6,
                fte: m.fte_change,
            }
        )
    one = lambda v: fmt.num(v, 1)  # noqa: E731
    tables.show(
        pd.DataFrame(rows),
        {cut: one, avoided: one, refund: one, net: one, fte: one},
        tr("sykehjem-sum", "nursing-summary"),
        f"{PAGE}:summary",
    )


# --------------------------------------------------------------------------- page
def page() -> None:
    b = state.baseline()
    s = state.scenario()
    r = state.result()
    st.header(tr("Dekningsgrad og bemanning", "Coverage and staffing"))
    nh = b.nursing_homes
    if _missing_message(b) or nh is None:
        return
    if state.presenting():  # the page's levers and its main chart, nothing else
        _coverage_controls(b, s, r, nh)
        _coverage_chart(r, nh)
        return
    st.caption(
        tr(
            f"Sykehjemsdata: {w.md(nh.municipality)} {nh.year}. "
            f"{fmt.num(nh.places)} plasser, {fmt.num(nh.population_80_plus)} innbyggere 80+ i "
            f"{nh.year}, {fmt.num(nh.fte_in_use, 1)} årsverk i bruk.",
            f"Nursing-home data: {w.md(nh.municipality)} {nh.year}. "
            f"{fmt.num(nh.places)} places, {fmt.num(nh.population_80_plus)} residents aged 80+ "
            f"in {nh.year}, {fmt.num(nh.fte_in_use, 1)} FTE in use.",
        )
    )
    if nh.source:
        with st.expander(tr("Kilder for sykehjemstallene", "Sources of the nursing-home figures")):
            for src in pick_text(nh, "source").split("; "):
                st.caption(w.md(src))
    if not nh.population_table:
        st.caption(
            tr(
                f"Befolkningen 80+ framskrives fra {nh.year} med årlig vekst (parameter under); "
                "bytt inn SSBs framskriving for egen kommune under «Data».",
                f"The 80+ population is projected from {nh.year} with annual growth "
                "(parameter below); use Statistics Norway's projection under 'Data'.",
            )
        )
    st.subheader(tr("Dekningsgrad i sykehjem", "Nursing-home coverage rate"))
    _coverage_controls(b, s, r, nh)
    _coverage_metrics(r)
    _coverage_chart(r, nh)
    _rate_chart(r)
    _coverage_table(r)
    st.divider()
    _close_homes(b, s, r)
    st.divider()
    _staffing(s, r, nh)
    st.divider()
    _hdo(s, r, nh)
    st.divider()
    _summary(r)
    w.show_warnings(r, ("no_nursing_data",))
    w.show_warnings(r, ("unknown_name",), contains="coverage")


page()
