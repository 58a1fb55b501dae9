"""Nattevakt: night arrangement per site, group rules, shift length, resting pay,
shared ambulant night team and digital supervision; before/after with supplements."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from model.structure import structure
from ui import charts, fmt, state, tables
from ui import widgets as w
from ui.downloads import chart_block, table_block
from ui.frame import require_frame
from ui.i18n import lang, pick, tr

require_frame()

b = state.baseline()
s = state.scenario()
r = state.result()


def svc_label(v: str) -> str:
    return w.service_label(v)


def param_help(key: str) -> str:
    return w.param_help(b, key)


st.header(tr("Nattevakt", "Night watch"))

# ------------------------------------------------------------------ chart first
n0, n1 = r.totals.night_baseline, r.totals.night
site_rows = r.sites.records()
chart_df = pd.DataFrame(
    [
        {
            "site": row["name"],
            "when": tr("I dag", "Today"),
            "value": row["paid_hours_per_night_before"],
        }
        for row in site_rows
    ]
    + [
        {
            "site": row["name"],
            "when": tr("Scenario", "Scenario"),
            "value": row["paid_hours_per_night_after"],
        }
        for row in site_rows
    ]
)
st.subheader(tr("Betalte timer per natt per lokasjon", "Paid hours per night by site"))
chart_block(
    charts.before_after_bars(chart_df, tr("Betalte timer per natt", "Paid hours per night")),
    chart_df,
    tr("nattevakt-per-lokasjon", "night-by-site"),
    "night_sites",
    title=tr("Betalte timer per natt per lokasjon", "Paid hours per night by site"),
    headers={"value": tr("Betalte timer per natt", "Paid hours per night")},
)
if any(row["new_site"] != row["name"] for row in site_rows):
    st.caption(
        tr(
            "Samlokaliserte lokasjoner vises med sin andel (etter plasser) av den nye lokasjonens bemanning.",
            "Co-located sites show their share (by places) of the new site's staffing.",
        )
    )


# ----------------------------------------------------------------- totals table
def line(label: str, before: float, after: float, kind: str) -> dict[str, Any]:
    """One row as numbers (the Excel download) with its unit; shown formatted below."""
    unit = {
        "mnok": tr("kr/år", "NOK/year"),
        "fte": tr("årsverk", "FTE"),
        "h": tr("timer", "hours"),
        "n": tr("personer", "persons"),
    }[kind]
    return {
        tr("Størrelse", "Quantity"): label,
        tr("Enhet", "Unit"): unit,
        tr("I dag", "Today"): float(before),
        tr("Scenario", "Scenario"): float(after),
        tr("Endring", "Change"): float(after - before),
        "_kind": kind,
    }


def _shown_totals(num: pd.DataFrame) -> pd.DataFrame:
    """The totals as Norwegian text: amounts in million kroner, the rest with one decimal."""
    f = {"mnok": fmt.mnok, "fte": lambda x: fmt.num(x, 1)}
    out = num.drop(columns=[tr("Enhet", "Unit"), "_kind"]).copy()
    for col in (tr("I dag", "Today"), tr("Scenario", "Scenario"), tr("Endring", "Change")):
        out[col] = [
            f.get(k, lambda x: fmt.num(x, 1))(v)
            for k, v in zip(num["_kind"], num[col], strict=True)
        ]
    return out


tot_num = pd.DataFrame(
    [
        line(
            tr("Nattevakter på vakt per natt", "Night staff on duty per night"),
            n0.staff_per_night,
            n1.staff_per_night,
            "n",
        ),
        line(tr("– herav våkne", "– of which awake"), n0.awake_per_night, n1.awake_per_night, "n"),
        line(
            tr("– herav hvilende", "– of which resting"),
            n0.resting_per_night,
            n1.resting_per_night,
            "n",
        ),
        line(
            tr("Betalte timer per natt", "Paid hours per night"),
            n0.paid_hours_per_night,
            n1.paid_hours_per_night,
            "h",
        ),
        line(
            tr("Betalte timer per år", "Paid hours per year"),
            n0.paid_hours_per_year,
            n1.paid_hours_per_year,
            "h",
        ),
        line(tr("Brutto årsverk", "Gross FTE"), n0.gross_fte, n1.gross_fte, "fte"),
        line(tr("Lønnskostnad (årsverk)", "Pay cost (FTE)"), n0.cost_nok, n1.cost_nok, "mnok"),
        line(
            tr("Nattillegg", "Night supplement"),
            n0.supplement_night_nok,
            n1.supplement_night_nok,
            "mnok",
        ),
        line(
            tr("Helgetillegg", "Weekend supplement"),
            n0.supplement_weekend_nok,
            n1.supplement_weekend_nok,
            "mnok",
        ),
        line(
            tr("Helligdagstillegg", "Public-holiday supplement"),
            n0.supplement_holiday_nok,
            n1.supplement_holiday_nok,
            "mnok",
        ),
        line(
            tr("Døgnturnustillegg", "Døgnturnus supplement"),
            n0.supplement_dognturnus_nok,
            n1.supplement_dognturnus_nok,
            "mnok",
        ),
        line(
            tr("Tillegg i alt", "Supplements total"), n0.supplements_nok, n1.supplements_nok, "mnok"
        ),
        line(
            tr("Annen driftskostnad (team, digitalt tilsyn)", "Other running cost"),
            n0.other_cost_nok,
            n1.other_cost_nok,
            "mnok",
        ),
        line(
            tr("Nattkostnad i alt", "Night cost total"),
            n0.total_cost_nok,
            n1.total_cost_nok,
            "mnok",
        ),
    ]
)
if not state.presenting():  # presenter mode: the chart and the levers only
    st.subheader(tr("Nattevakt i alt", "Night watch in total"))
    tables.show(
        tot_num.drop(columns=["_kind"]),
        {},
        tr("nattevakt-totalt", "night-totals"),
        "night_totals",
        display=_shown_totals(tot_num),
        right=(tr("I dag", "Today"), tr("Scenario", "Scenario"), tr("Endring", "Change")),
    )
    st.caption(
        tr(
            "Tilleggene vises for seg, slik at du ser begge deler av en besparelse (konsulentene la dem sammen).",
            "Supplements are shown separately so you can see both parts of a saving (the consultants added them).",
        )
    )

# ----------------------------------------------------------------- parameters
st.subheader(
    tr("Vaktlengde, hvilende vakt og tillegg", "Shift length, resting watch and supplements")
)
c1, c2, c3 = st.columns(3)
with c1:
    state.seed_widget("lv:night:shift_on", s.night.shift_hours is not None)

    def _on_shift() -> None:
        on = st.session_state.get("lv:night:shift_on")
        if on is None:
            return
        state.update("night.shift_hours", b.value("default_shift_hours") if on else None)

    on = st.toggle(
        tr("Felles vaktlengde for alle lokasjoner", "One shift length for all sites"),
        key="lv:night:shift_on",
        on_change=_on_shift,
        help=tr(
            "Av: hver lokasjon beholder dagens vaktlengde (rekonstruert). På: én lengde for alle.",
            "Off: each site keeps today's shift length (reconstructed). On: one length for all.",
        ),
    )
    if on:
        w.decimal_slider(
            "night.shift_hours",
            tr("Vaktlengde (timer)", "Shift length (hours)"),
            min_value=6.0,
            max_value=12.0,
            step=0.5,
            unit=tr("t", "h"),
            help=param_help("default_shift_hours"),
        )
with c2:
    w.decimal_slider(
        "params.resting_paid_fraction",
        tr("Betalt andel av hvilende vakt", "Paid share of a resting watch"),
        min_value=0.0,
        max_value=1.0,
        step=1 / 60,  # one minute per hour; shown as a share with three decimals
        decimals=3,
        help=param_help("resting_paid_fraction"),
    )
    st.caption(
        tr(
            "1/3 = hver tredje time (vanlig), 1/2 = hver annen time.",
            "1/3 = every third hour (common), 1/2 = every second hour.",
        )
    )
with c3:
    state.lever(
        st.radio,
        "supplement_regime",
        tr("Tilleggssatser", "Supplement rates"),
        options=["table", "ks2023"],
        format_func=lambda k: {
            "table": tr(  # issue 8: the baseline's own municipality, never a demo's
                f"Satser i data ({w.md(b.municipality)} {b.year})",
                f"Rates in the data ({w.md(b.municipality)} {b.year})",
            ),
            "ks2023": tr("KS-avtalen fra 2023", "KS agreement from 2023"),
        }[k],
        help=tr(
            "KS 2023: natt 25 % av timelønn (min. 70 kr/t), helg 22 % (min. 70 kr/t), "
            "helligdag 1⅓ × timelønn. Timelønn = årslønn / (52 × ukentlig arbeidstid).",
            "KS 2023: night 25 % of hourly pay (min NOK 70/h), weekend 22 % (min 70), "
            "holiday 1⅓ × hourly pay. Hourly pay = annual pay / (52 × weekly hours).",
        ),
    )
    if s.supplement_regime == "ks2023":
        state.lever(
            st.number_input,
            "params.annual_pay_nok",
            tr("Årslønn (kr)", "Annual pay (NOK)"),
            min_value=100_000.0,
            max_value=3_000_000.0,
            step=10_000.0,
            format="%.0f",  # whole kroner: no "600000.00" with a decimal point
            help=param_help("annual_pay_nok"),
        )

# ----------------------------------------------------------------- group rule
st.subheader(tr("Regel for en gruppe lokasjoner", "Rule for a group of sites"))
PRESETS: dict[str, tuple[int, int, bool | None]] = {
    "1w": (1, 0, False),
    "2w": (2, 0, False),
    "1w1r": (1, 1, False),
}
rule = s.night.rules[0] if s.night.rules else None
areas = sorted({x.area for x in b.sites if x.area})
services = sorted({x.service.value for x in b.sites if x.housing})


def _rule_from_widgets() -> None:
    ss = st.session_state
    if state.missing("lv:night:rule_on"):
        return  # no value from the browser: keep the scenario
    if not ss.get("lv:night:rule_on"):
        state.replace(lambda d: d["night"].__setitem__("rules", d["night"]["rules"][1:]))
        return
    if state.missing(*(f"lv:night:rule_{k}" for k in ("awake", "resting", "dt_only", "end_dt"))):
        return
    preset = ss.get("lv:night:rule_preset", "custom")
    if preset in PRESETS and ss.get("_last_preset") != preset:
        ss["lv:night:rule_awake"], ss["lv:night:rule_resting"], _ = PRESETS[preset]
        ss["lv:night:rule_end_dt"] = True
    ss["_last_preset"] = preset
    new = {
        "label": tr("Gruppe-regel", "Group rule"),
        "selector": {
            "services": ss.get("lv:night:rule_services", []),
            "areas": ss.get("lv:night:rule_areas", []),
            "dognturnus": True if ss.get("lv:night:rule_dt_only", True) else None,
            "sites": [],
            "housing_only": True,
        },
        "arrangement": {
            "awake": int(ss.get("lv:night:rule_awake", 1)),
            "resting": int(ss.get("lv:night:rule_resting", 0)),
            "shift_hours": None,
            "dognturnus": False if ss.get("lv:night:rule_end_dt", True) else None,
        },
    }

    def edit(d: dict[str, Any]) -> None:
        d["night"]["rules"] = [new] + d["night"]["rules"][1:]

    state.replace(edit)


ss = st.session_state
for _k, _v in (
    ("rule_on", rule is not None),
    ("rule_preset", "custom"),
    ("rule_services", [v.value for v in rule.selector.services] if rule else []),
    ("rule_areas", list(rule.selector.areas) if rule else []),
    ("rule_dt_only", (rule.selector.dognturnus is True) if rule else True),
    ("rule_awake", rule.arrangement.awake if rule else 1),
    ("rule_resting", rule.arrangement.resting if rule else 1),
    ("rule_end_dt", (rule.arrangement.dognturnus is False) if rule else True),
):
    state.seed_widget(f"lv:night:{_k}", _v)

st.toggle(
    tr("Bruk regel", "Use rule"),
    key="lv:night:rule_on",
    on_change=_rule_from_widgets,
    help=tr(
        "F.eks. «alle lokasjoner med døgnturnus får 1 våken + 1 hvilende».",
        "E.g. 'every site with døgnturnus gets 1 awake + 1 resting'.",
    ),
)
if ss["lv:night:rule_on"]:
    c1, c2, c3 = st.columns(3)
    c1.selectbox(
        tr("Forslag", "Preset"),
        options=["custom", "1w", "2w", "1w1r"],
        format_func=lambda k: {
            "custom": tr("Egendefinert", "Custom"),
            "1w": tr("Avvikle døgnturnus: 1 våken", "Abolish døgnturnus: 1 awake"),
            "2w": tr("Avvikle døgnturnus: 2 våkne", "Abolish døgnturnus: 2 awake"),
            "1w1r": tr(
                "Avvikle døgnturnus: 1 våken + 1 hvilende",
                "Abolish døgnturnus: 1 awake + 1 resting",
            ),
        }[k],
        key="lv:night:rule_preset",
        on_change=_rule_from_widgets,
    )
    c1.checkbox(
        tr("Bare lokasjoner med døgnturnus", "Only sites with døgnturnus"),
        key="lv:night:rule_dt_only",
        on_change=_rule_from_widgets,
    )
    c2.multiselect(
        tr("Tjenester (tom = alle)", "Services (empty = all)"),
        options=services,
        format_func=svc_label,
        key="lv:night:rule_services",
        on_change=_rule_from_widgets,
        placeholder=tr("Alle tjenester", "All services"),
        select_all=False,  # its label is English only
    )
    c2.multiselect(
        tr("Områder (tom = alle)", "Areas (empty = all)"),
        options=areas,
        key="lv:night:rule_areas",
        on_change=_rule_from_widgets,
        placeholder=tr("Alle områder", "All areas"),
        select_all=False,  # its label is English only
    )
    c3.number_input(
        tr("Våkne per natt", "Awake per night"),
        0,
        10,
        step=1,
        key="lv:night:rule_awake",
        on_change=_rule_from_widgets,
    )
    c3.number_input(
        tr("Hvilende per natt", "Resting per night"),
        0,
        10,
        step=1,
        key="lv:night:rule_resting",
        on_change=_rule_from_widgets,
    )
    c3.checkbox(
        tr("Avvikle døgnturnus (tillegget faller bort)", "Abolish døgnturnus (supplement ends)"),
        key="lv:night:rule_end_dt",
        on_change=_rule_from_widgets,
    )
    st.caption(
        tr(
            "Døgnturnus må godkjennes sentralt av partene. Vekkes en hvilende vakt, utløses overtid "
            "(826 kr/t, 100 %) og hvile dagen etter.",
            "Døgnturnus must be approved centrally by the unions. Waking a resting watch triggers "
            "overtime (NOK 826/h, 100 %) and rest the next day.",
        )
    )

# ----------------------------------------------------------------- per-site editor
if state.presenting():
    st.stop()  # presenter mode: the main chart and the main levers above, nothing else
st.subheader(tr("Ordning per lokasjon", "Arrangement per site"))
after_rules = structure(b, s).after_rules  # the model's kept structure (read-only)
edit_df = pd.DataFrame(
    {
        "site": [x.name for x in b.sites],
        "service": [svc_label(x.service.value) for x in b.sites],
        "area": [x.area for x in b.sites],
        "places": [x.places for x in b.sites],
        "awake_today": [x.awake for x in b.sites],
        "resting_today": [x.resting for x in b.sites],
        "dt_today": [x.dognturnus for x in b.sites],
        "awake": after_rules.awake.astype(int),
        "resting": after_rules.resting.astype(int),
    }
)


# The editor's key follows the scenario epoch: after a reset/undo/load or a rejected edit
# it starts afresh from the scenario. Its edits are never cleared by deleting the key
# (that races with an edit on its way); re-applying them is idempotent.
EDITOR_KEY = f"lv:night:editor:{state.epoch()}"


def _apply_editor(key: str) -> None:
    changes = (st.session_state.get(key) or {}).get("edited_rows", {})
    if not changes:
        return

    def edit(d: dict[str, Any]) -> None:
        for row, vals in changes.items():
            i = int(row)
            name = edit_df.at[i, "site"]
            cur = d["night"]["overrides"].get(name) or {
                "awake": int(edit_df.at[i, "awake"]),
                "resting": int(edit_df.at[i, "resting"]),
                "shift_hours": None,
                "dognturnus": None,
            }
            for col in ("awake", "resting"):
                if col in vals and vals[col] is not None:
                    cur[col] = max(0, min(20, int(vals[col])))
            d["night"]["overrides"][name] = cur

    state.replace(edit)


st.data_editor(
    edit_df,
    key=EDITOR_KEY,
    hide_index=True,
    width="stretch",
    # the editable columns next to the site's name, so they are in view on a laptop
    column_order=(
        "site",
        "awake",
        "resting",
        "awake_today",
        "resting_today",
        "dt_today",
        "service",
        "area",
        "places",
    ),
    disabled=["site", "service", "area", "places", "awake_today", "resting_today", "dt_today"],
    column_config={
        "site": st.column_config.TextColumn(tr("Lokasjon", "Site"), pinned=True),
        "service": st.column_config.TextColumn(tr("Tjeneste", "Service")),
        "area": st.column_config.TextColumn(tr("Område", "Area")),
        "places": st.column_config.NumberColumn(tr("Plasser", "Places")),
        "awake_today": st.column_config.NumberColumn(tr("Våkne i dag", "Awake today")),
        "resting_today": st.column_config.NumberColumn(tr("Hvilende i dag", "Resting today")),
        "dt_today": st.column_config.CheckboxColumn(tr("Døgnturnus i dag", "Døgnturnus today")),
        "awake": st.column_config.NumberColumn(
            tr("Våkne (scenario)", "Awake (scenario)"), min_value=0, max_value=20, step=1
        ),
        "resting": st.column_config.NumberColumn(
            tr("Hvilende (scenario)", "Resting (scenario)"), min_value=0, max_value=20, step=1
        ),
    },
    on_change=_apply_editor,
    args=(EDITOR_KEY,),
)
if s.night.overrides:
    st.caption(tr("Endret for: ", "Changed for: ") + w.md(", ".join(sorted(s.night.overrides))))
    st.button(
        tr("Fjern endringer per lokasjon", "Clear per-site changes"),
        key="btn_clear_overrides",
        on_click=lambda: state.replace(
            lambda d: d["night"].__setitem__("overrides", {}), reseed=True
        ),
    )
if any(x.status == "reconstructed" for x in b.sites):  # issue 8: no demo figures here
    st.caption(
        tr(
            "Nattbemanningen per lokasjon i grunnlaget er rekonstruert slik at summene stemmer "
            "med de publiserte totalene (se «Data» og «Metode og kilder»).",
            "Per-site night staffing in the baseline is reconstructed so that the totals match "
            "the published aggregates (see 'Data' and 'Method and sources').",
        )
    )

# ----------------------------------------------------------------- ambulant & digital
# sites after co-location (the ambulant team itself has no member sites)
after_names = [x.name for x in r.sites_after if x.members]


def reductions(section: str, covered: tuple[str, str]) -> None:
    """How many resting and awake staff each covered site drops (ambulant / digital)."""
    for kind, nb, en in (
        ("reduce_resting", "Færre hvilende", "Fewer resting"),
        ("reduce_awake", "Færre våkne", "Fewer awake"),
    ):
        state.lever(
            st.number_input,
            f"{section}.{kind}",
            tr(f"{nb} {w.md(covered[0])}", f"{en} {w.md(covered[1])}"),
            min_value=0,
            max_value=10,
            step=1,
        )


c1, c2 = st.columns(2)
with c1:
    st.subheader(tr("Felles ambulant nattjeneste", "Shared ambulant night team"))
    state.lever(
        st.toggle,
        "ambulant.enabled",
        tr("Bruk ambulant team", "Use an ambulant team"),
        help=tr(
            "Ålesund 2021: felles ambulant tjeneste på natt.",
            "Ålesund 2021: a shared ambulant night service.",
        ),
    )
    if s.ambulant.enabled:
        state.lever(
            st.slider,
            "ambulant.staff_per_night",
            tr("Våkne i teamet per natt", "Awake team staff per night"),
            min_value=0,
            max_value=10,
        )
        state.lever(
            st.multiselect,
            "ambulant.sites",
            tr("Lokasjoner teamet dekker", "Sites the team covers"),
            options=after_names,
            format_func=lambda n: r.site_name(n, lang()),  # the name stays the identity
        )
        reductions("ambulant", ("per dekket lokasjon", "per covered site"))
        state.lever(
            st.number_input,
            "params.ambulant_team_operating_cost_nok",
            tr("Driftskostnad for teamet (kr/år)", "Team running cost (NOK/yr)"),
            min_value=0.0,
            max_value=1e8,
            step=50_000.0,
            format="%.0f",  # whole kroner: no "600000.00" with a decimal point
            help=param_help("ambulant_team_operating_cost_nok"),
        )
with c2:
    st.subheader(tr("Digitalt tilsyn om natten", "Digital night supervision"))
    state.lever(
        st.toggle,
        "digital.enabled",
        tr("Bruk digitalt tilsyn", "Use digital supervision"),
        help=tr(
            "Brukt i flere kommuner: redusert hvilende nattevakt med digitalt tilsyn "
            "(se «Metode og kilder»).",
            "Used in several municipalities: reduced resting watch with digital supervision "
            "(see 'Method and sources').",
        ),
    )
    if s.digital.enabled:
        state.lever(
            st.multiselect,
            "digital.sites",
            tr("Lokasjoner med digitalt tilsyn", "Sites with digital supervision"),
            options=after_names,
            format_func=lambda n: r.site_name(n, lang()),  # the name stays the identity
        )
        reductions("digital", ("per lokasjon", "per site"))
        state.lever(
            st.number_input,
            "params.digital_cost_per_resident_nok",
            tr("Kostnad per beboer (kr/år)", "Cost per resident (NOK/yr)"),
            min_value=0.0,
            max_value=1e6,
            step=5_000.0,
            format="%.0f",  # whole kroner: no "600000.00" with a decimal point
            help=param_help("digital_cost_per_resident_nok"),
        )
        w.decimal_slider(
            "params.digital_effect_realisation",
            tr("Realisert andel av effekten", "Share of the effect realised"),
            min_value=0.0,
            max_value=1.0,
            step=0.05,
            help=param_help("digital_effect_realisation"),
        )
        st.caption(
            tr(
                "Kunnskapsgrunnlaget er tynt; se spennet under «Metode og kilder» → usikkerhet.",
                "The evidence is thin; see the range under Method and sources → uncertainty.",
            )
        )

# ----------------------------------------------------------------- measures
night_ids = ("night_arrangement", "colocation", "ambulant_team", "digital_supervision")
mrows = [
    {
        tr("Tiltak", "Measure"): pick(m, "label"),
        tr("Årsverk-kostnad (mill. kr)", "FTE cost (NOK m)"): round(
            m.staff_cost_savings_nok / 1e6, 2
        ),
        tr("Tillegg (mill. kr)", "Supplements (NOK m)"): round(m.supplement_savings_nok / 1e6, 2),
        tr("Annet (mill. kr)", "Other (NOK m)"): round(m.other_savings_nok / 1e6, 2),
        tr("Brutto (mill. kr)", "Gross (NOK m)"): round(m.gross_savings_nok_per_year / 1e6, 2),
        tr("Tapt refusjon (mill. kr)", "Lost refund (NOK m)"): round(
            m.lost_refund_nok_per_year / 1e6, 2
        ),
        tr("Netto (mill. kr)", "Net (NOK m)"): round(m.net_savings_nok_per_year / 1e6, 2),
        tr("Årsverk", "FTE"): round(m.fte_change, 2),
    }
    for m in r.measures
    if m.id in night_ids and m.active
]
if mrows:
    st.subheader(tr("Besparelse per natt-tiltak (per år)", "Saving per night measure (per year)"))
    table_block(pd.DataFrame(mrows), tr("natt-tiltak", "night-measures"), "night_measures")
w.show_warnings(r, ("digital_uncertain", "unknown_name"))
