"""Økonomiplan og handlingsrom: the budget gap per plan year, demography to 2050 at
constant coverage, and the need-adjusted handlingsrom against a reference group.

Thin: the figures come from :mod:`model.economy` (computed from the economy set's tables
and the scenario's result); this page only picks inputs, formats and draws."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from model.economy import (
    BenchmarkError,
    DemographyError,
    DemographyResult,
    DemographySettings,
    EconomyData,
    GapHeadline,
    GapSettings,
    ParseError,
    budget_gap,
    effects_from_result,
    handlingsrom,
    headline,
    project,
)
from model.economy.demography import DEFAULT_MILESTONES
from model.economy.gap import KIND_LABELS
from model.economy.loader import for_baseline, load_economy, load_overspend_reference, set_names
from model.economy.tables import LEVEL_LABELS, MAX_BYTES, PARSERS
from ui import econ_charts, fmt, state, tables
from ui import widgets as w
from ui.downloads import chart_block
from ui.frame import require_frame
from ui.i18n import lang, pick_text, tr

require_frame()

PAGE = "okonomi"
K = f"econ:{PAGE}"
ss = st.session_state
UPLOAD_KINDS = {
    "budget": ("Budsjett og innsparingskrav", "Budget and savings requirement"),
    "population": ("Befolkningsframskriving (SSB-format)", "Population projection (SSB layout)"),
    "coverage": ("Dekningsgrader per aldersgruppe og nivå", "Coverage by age group and level"),
    "kostra": ("KOSTRA-tall (region, indikator, år, verdi)", "KOSTRA figures"),
    "areas": ("Tjenesteområder for handlingsrom", "Service areas for the benchmark"),
}
COLUMNS_HELP = {
    "budget": "year, frame_nok, savings_requirement_nok, actual_nok, status, source",
    "population": "region, age (alder), year (år), alternative (alternativ), value (verdi)",
    "coverage": "level, age_group, users_per_inhabitant, fte_per_user, cost_per_user_nok",
    "kostra": "region, indicator, year, value",
    "areas": "area, label_nb, label_en, cost_indicator, need_indicator, stated_nok",
}


@st.cache_resource(show_spinner=False)
def _shipped(name: str) -> EconomyData:
    return load_economy(name)


def _set_label(name: str) -> str:
    d = _shipped(name)
    return f"{d.municipality} {d.year or ''}".strip() + f" ({name})"


def _data() -> tuple[EconomyData | None, str | None]:
    """The chosen set with this session's uploads on top."""
    names = set_names()
    b = state.baseline()
    default = for_baseline(b.name, b.municipality)
    options = [*names]
    if f"{K}:set" not in ss:
        ss[f"{K}:set"] = default or (names[0] if names else None)
    c1, c2 = st.columns([2, 1])
    with c1:
        chosen = st.selectbox(
            tr("Økonomidata for", "Economic data for"),
            options,
            key=f"{K}:set",
            format_func=_set_label,
            help=tr(
                "Hvert datasett er én kommunes egne tall med kilder. Tallene blandes aldri "
                "mellom kommuner; last opp egne filer nedenfor for å bruke dine tall.",
                "Each dataset is one municipality's own figures with sources. Figures are "
                "never mixed between municipalities; upload your own files below.",
            ),
        )
    with c2:
        st.number_input(
            tr("Planhorisont (til og med år)", "Plan horizon (up to year)"),
            min_value=2025,
            max_value=2100,
            value=2050,
            step=1,
            key=f"{K}:horizon",
            help=tr(
                "Siste år i demografifremskrivingen. Standard 2050.",
                "Last year of the demographic projection. Default 2050.",
            ),
        )
    if chosen is None:
        return None, None
    data = _shipped(chosen)
    if default is None or chosen != default:
        st.caption(
            tr(
                f"Grunnlaget i bruk ({w.md(b.municipality)}) har ikke dette økonomidatasettet; "
                "tallene under gjelder kommunen som er valgt over, ikke grunnlaget.",
                f"The baseline in use ({w.md(b.municipality)}) does not own this dataset; the "
                "figures below belong to the municipality chosen above, not to the baseline.",
            )
        )
    up = {k: v[1] for k, v in ss.get(f"{K}:uploads", {}).items() if k in UPLOAD_KINDS}
    if up:
        data = data.model_copy(update=up)
    return data, chosen


# ------------------------------------------------------------------------ uploads
def _uploads() -> None:
    with st.expander(tr("Last opp egne tall (CSV)", "Upload your own figures (CSV)")):
        st.caption(
            tr(
                "Filene valideres før de brukes, og gjelder bare denne økten. En fil med feil "
                "brukes ikke; feilene vises med linje, kolonne og hva som forventes.",
                "Files are validated before use and apply to this session only. A file with "
                "errors is not used; the errors name the line, column and what is expected.",
            )
        )
        kind = st.selectbox(
            tr("Tabell", "Table"),
            list(UPLOAD_KINDS),
            format_func=lambda k: tr(*UPLOAD_KINDS[k]),
            key=f"{K}:upload_kind",
        )
        st.caption(tr("Kolonner: ", "Columns: ") + w.md(COLUMNS_HELP[kind]))
        f = st.file_uploader(
            tr("CSV-fil (UTF-8, komma eller semikolon)", "CSV file (UTF-8, comma or semicolon)"),
            type=["csv", "txt"],
            key=f"{K}:file:{kind}",
        )
        if f is not None:
            _take_upload(kind, f.name, f.getvalue())
        cur = ss.get(f"{K}:uploads", {})
        if cur:
            st.caption(
                tr("I bruk i denne økten: ", "In use in this session: ")
                + ", ".join(w.md(f"{v[0]} ({tr(*UPLOAD_KINDS[k])})") for k, v in cur.items())
            )
            if st.button(tr("Fjern opplastede tall", "Remove uploaded figures"), key=f"{K}:clear"):
                ss.pop(f"{K}:uploads", None)
                st.rerun()


def _take_upload(kind: str, name: str, raw: bytes) -> None:
    sig = (kind, name, len(raw), hash(raw))
    if ss.get(f"{K}:last_sig") == sig:
        return
    problems: list[str] = []
    rows: list[Any] = []
    if len(raw) > MAX_BYTES:
        problems = [
            tr(
                f"{name}: filen er for stor (over {MAX_BYTES // (1024 * 1024)} MB).",
                f"{name}: the file is too large (over {MAX_BYTES // (1024 * 1024)} MB).",
            )
        ]
    else:
        try:
            text = raw.decode("utf-8-sig")
            rows = list(PARSERS[kind](text, name[:80]))
        except UnicodeDecodeError:
            problems = [
                tr(
                    f"{name}: filen er ikke UTF-8. Lagre den som «CSV UTF-8».",
                    f"{name}: the file is not UTF-8. Save it as 'CSV UTF-8'.",
                )
            ]
        except ParseError as e:
            problems = e.texts(lang())
    ss[f"{K}:last_sig"] = sig
    if problems:
        ss[f"{K}:upload_problems"] = problems
        return
    ss.pop(f"{K}:upload_problems", None)
    ups = dict(ss.get(f"{K}:uploads", {}))
    ups[kind] = (name[:80], rows)
    ss[f"{K}:uploads"] = ups
    st.rerun()  # the figures above were drawn from the data before this upload


def _show_upload_problems() -> None:
    probs = ss.get(f"{K}:upload_problems")
    if probs:
        st.error(
            tr(
                f"Filen ble ikke brukt ({len(probs)} feil). Rett opp og last opp på nytt:",
                f"The file was not used ({len(probs)} problems). Fix and upload again:",
            )
        )
        _problem_table(probs, f"df:{K}:problems")


def _problem_table(problems: list[str], key: str) -> None:
    """The problems under an error message, as a one-column table."""
    st.dataframe(pd.DataFrame({tr("Feil", "Problem"): problems}), hide_index=True, key=key)


def _in_lang(pairs: list[tuple[str, str]]) -> list[str]:
    """(bokmål, English) problem texts in the session's language."""
    return [nb if lang() == "nb" else en for nb, en in pairs]


# -------------------------------------------------------------------- budget gap
def headline_md(h: GapHeadline | None) -> str:
    """'Tiltakene dekker 3,0 av 20,0 mill. kr i 2030': the figures of
    :func:`model.economy.headline` as the sentence for this page (and the frame's headline,
    when it shows the gap). Numbers and years only, so it is safe Markdown."""
    if h is None:
        return tr("Ingen innsparingskrav i planperioden.", "No savings requirement in the plan.")
    return tr(
        f"Tiltakene dekker {fmt.mnok(h.closed_nok)} av {fmt.mnok(h.requirement_nok)} i {h.year}",
        f"The measures close {fmt.mnok(h.closed_nok)} of {fmt.mnok(h.requirement_nok)} in {h.year}",
    )


def _gap_section(data: EconomyData) -> None:
    st.subheader(tr("Budsjettgap: krav mot tiltak per år", "Budget gap: requirement vs measures"))
    if not data.budget:
        st.info(
            tr(
                f"{w.md(data.municipality)}: datasettet har ikke budsjett og innsparingskrav. "
                "Last opp en budsjettfil (kolonner: year, frame_nok, savings_requirement_nok, "
                "actual_nok) for å se gapet.",
                f"{w.md(data.municipality)}: the dataset has no budget or savings requirement. "
                "Upload a budget file (columns: year, frame_nok, savings_requirement_nok, "
                "actual_nok) to see the gap.",
            )
        )
        return
    r = state.result()
    c1, c2 = st.columns(2)
    with c1:
        avoided = st.toggle(
            tr("Tell unngått kostnad (demografi) som dekning", "Count avoided cost (demography)"),
            key=f"{K}:count_avoided",
            help=tr(
                "Unngått kostnad mot en voksende befolkning (f.eks. lavere dekningsgrad) "
                "senker ikke dagens budsjett. Tell den bare hvis kravet er satt mot en ramme "
                "som inkluderer demografisk vekst.",
                "Cost avoided against a growing population (e.g. a lower coverage rate) does "
                "not lower today's budget. Count it only if the requirement is set against a "
                "frame that includes demographic growth.",
            ),
        )
    has_actuals = any(b.actual_nok is not None and b.frame_nok for b in data.budget)
    with c2:
        carry = st.toggle(
            tr("Legg til siste års merforbruk", "Add last year's overspend"),
            key=f"{K}:carry",
            disabled=not has_actuals,
            help=tr(
                "Merforbruk = regnskap − ramme for siste år før planperioden.",
                "Overspend = accounts − frame for the last year before the plan.",
            ),
        )
    count = ["cut", "refund"] + (["avoided"] if avoided else [])
    g = budget_gap(
        data.budget,
        effects_from_result(r),
        r.plan_years,
        GapSettings.model_validate({"count": count, "carry_overspend": carry and has_actuals}),
    )
    if not g.years:
        st.info(
            tr(
                f"Budsjettfilen har ikke innsparingskrav for planårene {int(r.plan_years[0])}–"
                f"{int(r.plan_years[-1])}.",
                f"The budget file has no savings requirement for the plan years "
                f"{int(r.plan_years[0])}–{int(r.plan_years[-1])}.",
            )
        )
        return
    h = headline(g)
    if h is not None:
        m = st.columns(4)
        m[0].metric(tr(f"Krav {h.year}", f"Requirement {h.year}"), fmt.mnok(h.requirement_nok))
        m[1].metric(tr("Dekket av tiltakene", "Closed by measures"), fmt.mnok(h.closed_nok))
        m[2].metric(tr("Gjenstår", "Gap left"), fmt.mnok(h.gap_nok))
        m[3].metric(tr("Andel dekket", "Share closed"), fmt.pct(h.share, 0))
        st.markdown("**" + headline_md(h) + "**")
    uploaded = ss.get(f"{K}:uploads", {}).get("budget")
    if uploaded:
        st.caption(
            tr("Budsjett fra opplastet fil: ", "Budget from the uploaded file: ")
            + w.md(uploaded[0])
        )
    elif "assumption" in g.status:
        st.warning(
            tr(
                "Innsparingskravet i dette datasettet er en antakelse (demo), ikke et publisert "
                "tall. Last opp kommunens egen økonomiplan.",
                "The savings requirement in this dataset is an assumption (demo), not a "
                "published figure. Upload the municipality's own economic plan.",
            )
        )
    counted = ", ".join(tr(*KIND_LABELS[k]).lower() for k in g.counted)
    st.caption(tr("Telles som dekning: ", "Counted: ") + w.md(counted))

    eff_rows = [
        {
            "year": y.year,
            "label": _label(ms.label_nb, ms.label_en),
            "value_mnok": ms.counted_nok / 1e6,
        }
        for y in g.years
        for ms in y.measures
        if ms.counted_nok
    ]
    effects = pd.DataFrame(eff_rows, columns=["year", "label", "value_mnok"])
    targets = pd.DataFrame(
        {"year": [y.year for y in g.years], "target_mnok": [y.target_nok / 1e6 for y in g.years]}
    )
    year_col, req_col = tr("År", "Year"), tr("Krav", "Requirement")
    gap_col = tr("Gjenstår", "Gap left")
    table = pd.DataFrame(
        {
            year_col: [str(y.year) for y in g.years],
            req_col: [y.requirement_nok for y in g.years],
            tr("Merforbruk lagt til", "Overspend added"): [
                y.overspend_carried_nok for y in g.years
            ],
            **{
                tr(*KIND_LABELS[k]): [y.effect_by_kind_nok.get(k, 0.0) for y in g.years]
                for k in KIND_LABELS
            },
            tr("Dekket", "Closed"): [y.closed_nok for y in g.years],
            gap_col: [y.gap_nok for y in g.years],
        }
    )
    st.markdown(
        "**"
        + tr(
            "Innsparingskrav (rød ramme) og tiltakenes effekt per år",
            "Savings requirement (red outline) and the measures' effect per year",
        )
        + "**"
    )
    if effects.empty:
        st.caption(
            tr(
                "Scenarioet har ingen tiltak ennå: flytt spakene på de andre sidene.",
                "The scenario has no measures yet: move the levers on the other pages.",
            )
        )
    chart_block(
        econ_charts.gap_chart(effects, targets),
        table,
        tr("budsjettgap", "budget-gap"),
        f"{PAGE}:gap",
        title=tr("Budsjettgap: krav mot tiltak per år", "Budget gap: requirement vs measures"),
    )
    if state.workshop():  # workshop mode: the figures and the chart only
        return
    money = {c: fmt.mnok for c in table.columns if c != year_col}
    tables.show(table, money, tr("budsjettgap", "budget-gap"), f"{PAGE}:gaptable", download=False)

    st.markdown("**" + tr("Hvilke tiltak dekker gapet", "Which measures close the gap") + "**")
    ids: dict[str, str] = {}
    for y in g.years:
        for ms in y.measures:
            ids.setdefault(ms.measure_id, _label(ms.label_nb, ms.label_en))
    if ids:
        mt = pd.DataFrame(
            {
                tr("Tiltak", "Measure"): list(ids.values()),
                **{
                    str(y.year): [
                        next((x.counted_nok for x in y.measures if x.measure_id == mid), 0.0)
                        for mid in ids
                    ]
                    for y in g.years
                },
            }
        )
        tables.show(
            mt,
            {str(y.year): fmt.mnok for y in g.years},
            tr("tiltak-per-aar", "measures-per-year"),
            f"{PAGE}:measures",
            download=False,
        )
    if g.overspend:
        st.markdown("**" + tr("Merforbruk mot ramme", "Overspend against the frame") + "**")
        ov = pd.DataFrame(
            {
                year_col: [str(o.year) for o in g.overspend],
                tr("Ramme", "Frame"): [o.frame_nok for o in g.overspend],
                tr("Regnskap", "Accounts"): [o.actual_nok for o in g.overspend],
                tr("Merforbruk", "Overspend"): [o.overspend_nok for o in g.overspend],
                tr("Andel", "Share"): [o.share for o in g.overspend],
            }
        )
        fm = {c: fmt.mnok for c in ov.columns[1:4]}
        fm[tr("Andel", "Share")] = fmt.pct
        tables.show(ov, fm, tr("merforbruk", "overspend"), f"{PAGE}:overspend", download=False)
    ref = load_overspend_reference()
    if ref:
        with st.expander(
            tr(
                "Merforbruk i andre kommuner (publisert, Molde og Kristiansund 2025)",
                "Overspend elsewhere (published, Molde and Kristiansund 2025)",
            )
        ):
            rdf = pd.DataFrame(ref)
            pv = rdf.pivot(index="municipality", columns="year", values="overspend_pct")
            pv = pv.reindex(list(dict.fromkeys(rdf["municipality"])))
            shown = pd.DataFrame({tr("Kommune", "Municipality"): list(pv.index)})
            for col in pv.columns:
                shown[str(col)] = [fmt.pct(float(v) / 100) for v in pv[col]]
            st.dataframe(shown, hide_index=True, width="stretch", key=f"df:{PAGE}:ref")
            st.caption(w.md(pick_text(ref[0], "source")))


def _label(nb: str, en: str) -> str:
    return tr(nb, en or nb)


# --------------------------------------------------------------------- demography
def _demography_section(data: EconomyData) -> None:
    st.subheader(tr("Demografi og behov fram mot 2050", "Demography and need towards 2050"))
    note = data.settings.get(f"demography_note_{lang()}", "") or data.settings.get(
        "demography_note_nb", ""
    )
    if not data.population:
        if note:
            st.caption(w.md(note))
        st.info(
            tr(
                f"{w.md(data.municipality)}: datasettet har ingen befolkningsframskriving. Last "
                "opp SSBs framskriving (tabell 14288, kolonner region, alder, år, alternativ, "
                "verdi) og dekningsgrader per aldersgruppe.",
                f"{w.md(data.municipality)}: the dataset has no population projection. Upload "
                "Statistics Norway's projection (table 14288: region, age, year, alternative, "
                "value) and coverage rates by age group.",
            )
        )
        return
    s = state.scenario()
    r = state.result()
    horizon = int(ss.get(f"{K}:horizon") or 2050)
    miles = [y for y in DEFAULT_MILESTONES if y <= horizon]
    if horizon not in miles:
        miles.append(horizon)
    alts = sorted({p.alternative for p in data.population})
    regions = sorted({p.region for p in data.population})
    c1, c2 = st.columns(2)
    region = (
        c1.selectbox(tr("Region", "Region"), regions, key=f"{K}:region")
        if len(regions) > 1
        else None
    )
    default_alt = next((a for a in alts if "MMMM" in a.upper()), alts[0])
    alt = (
        c2.selectbox(
            tr("Framskrivingsalternativ", "Projection alternative"),
            alts,
            index=alts.index(default_alt),
            key=f"{K}:alt",
        )
        if len(alts) > 1
        else None
    )
    target_year = s.coverage.target_year or (r.plan_years[-1] if r.plan_years else None)
    try:
        d = project(
            data.population,
            data.coverage,
            DemographySettings(
                region=region,
                alternative=alt,
                horizon=horizon,
                milestones=miles,
                nursing_target_rate=s.coverage.target_rate,
                nursing_target_year=target_year,
                hdo_target_fte_per_resident=s.coverage.hdo_target_fte_per_resident,
            ),
        )
    except DemographyError as e:
        st.error(
            tr("Befolkningstallene kan ikke brukes:", "The population figures cannot be used:")
        )
        _problem_table(_in_lang(e.problems), f"df:{PAGE}:demerr")
        return
    src = pick_text(data.settings, "population_source")
    st.caption(
        tr("Framskriving: ", "Projection: ")
        + w.md(f"{d.region}, {d.alternative}, {d.years[0]}–{d.years[-1]}")
        + (" · " + w.md(src) if src else "")
    )
    if "antakelse" in d.alternative.lower() or "demo" in d.alternative.lower():
        st.warning(
            tr(
                "Befolkningstallene og dekningsgradene i dette datasettet er antakelser for "
                "demonstrasjon, ikke SSB-tall. Last opp kommunens egen framskriving.",
                "The population figures and coverage rates in this dataset are demonstration "
                "assumptions, not Statistics Norway figures. Upload the municipality's own.",
            )
        )
    if d.missing_milestones:
        st.caption(
            tr("Ikke i dataene eller etter horisonten: ", "Not in the data or after the horizon: ")
            + ", ".join(str(int(y)) for y in d.missing_milestones)
        )
    if d.need_ratio_last_year is not None:
        m = st.columns(3)
        m[0].metric(
            tr(
                f"80+ i {int(d.years[0])} → {int(d.years[-1])}",
                f"80+ in {int(d.years[0])} → {int(d.years[-1])}",
            ),
            f"{fmt.num(d.population_80_plus[0])} → {fmt.num(d.population_80_plus[-1])}",
        )
        tot0 = sum(p.cost_nok[0] for p in d.levels)
        tot1 = sum(p.cost_nok[-1] for p in d.levels)
        m[1].metric(
            tr(
                f"Kostnad ved dagens dekning {int(d.years[-1])}",
                f"Cost at today's coverage {int(d.years[-1])}",
            ),
            fmt.mnok(tot1, 0),
            delta=fmt.signed_mnok(tot1 - tot0),
            delta_color="inverse",
        )
        m[2].metric(
            tr("Behov, ganger dagens", "Need, times today's"),
            fmt.num(d.need_ratio_last_year, 2) + "×",
        )
    if note:
        st.caption(w.md(note))
    if not state.workshop():
        _population_tables(d, data)

    rows = []
    for p in d.levels:
        for yr, v in zip(d.years, p.cost_nok, strict=True):
            rows.append({"year": yr, "series": _label(p.label_nb, p.label_en), "value": v / 1e6})
    df = pd.DataFrame(rows, columns=["year", "series", "value"])
    st.markdown(
        "**"
        + tr(
            "Kostnad ved dagens dekningsgrader, per tjenestenivå (mill. kr per år)",
            "Cost at today's coverage, per level of care (NOK m per year)",
        )
        + "**"
    )
    chart_block(
        econ_charts.need_chart(df, tr("Mill. kr per år", "NOK m per year")),
        df.rename(
            columns={
                "year": tr("År", "Year"),
                "series": tr("Nivå", "Level"),
                "value": tr("Mill. kr", "NOK m"),
            }
        ),
        tr("behov-til-2050", "need-to-2050"),
        f"{PAGE}:need",
        title=tr("Behov ved dagens dekningsgrader", "Need at today's coverage"),
    )
    if state.workshop():
        return
    year_c, lvl_c = tr("År", "Year"), tr("Tjenestenivå", "Level of care")
    ms = pd.DataFrame(
        {
            year_c: [str(x.year) for x in d.milestones],
            lvl_c: [tr(*LEVEL_LABELS[x.level]) for x in d.milestones],
            tr("Brukere/plasser", "Users/places"): [x.users for x in d.milestones],
            tr("Endring", "Change"): [x.users_change for x in d.milestones],
            tr("Årsverk", "FTE"): [x.fte for x in d.milestones],
            tr("Endring årsverk", "FTE change"): [x.fte_change for x in d.milestones],
            tr("Kostnad", "Cost"): [x.cost_nok for x in d.milestones],
            tr("Endring kostnad", "Cost change"): [x.cost_change_nok for x in d.milestones],
        }
    )
    st.markdown(
        "**"
        + tr(
            f"Behov ved dagens dekningsgrader, mot {int(d.base_year)}",
            f"Need at today's coverage, against {int(d.base_year)}",
        )
        + "**"
    )
    one = lambda v: fmt.num(v, 1)  # noqa: E731
    tables.show(
        ms,
        {
            tr("Brukere/plasser", "Users/places"): one,
            tr("Endring", "Change"): one,
            tr("Årsverk", "FTE"): one,
            tr("Endring årsverk", "FTE change"): one,
            tr("Kostnad", "Cost"): fmt.mnok,
            tr("Endring kostnad", "Cost change"): fmt.mnok,
        },
        tr("behov-milepaeler", "need-milestones"),
        f"{PAGE}:milestones",
    )
    st.markdown(
        "**"
        + tr(
            "Sykehjem: dagens dekningsgrad mot scenarioets mål",
            "Nursing homes: today's coverage vs the scenario's target",
        )
        + "**"
    )
    _hdo_table(d)
    if not d.nursing:
        st.caption(
            tr(
                "Scenarioet har ikke et mål for dekningsgrad. Sett det på siden «Dekningsgrad "
                "og bemanning»; da vises plasser, årsverk og kroner for "
                + ", ".join(str(int(y)) for y in miles)
                + ".",
                "The scenario has no coverage target. Set it on the 'Coverage and staffing' "
                "page to see places, FTE and money for "
                + ", ".join(str(int(y)) for y in miles)
                + ".",
            )
        )
        return
    nt = pd.DataFrame(
        {
            year_c: [str(n.year) for n in d.nursing],
            tr("Innbyggere 80+", "Population 80+"): [n.population_80_plus for n in d.nursing],
            tr("Plasser, dagens dekning", "Places, today's coverage"): [
                n.places_constant for n in d.nursing
            ],
            tr("Plasser, scenario", "Places, scenario"): [n.places_scenario for n in d.nursing],
            tr("Dekningsgrad scenario", "Coverage, scenario"): [n.rate_scenario for n in d.nursing],
            tr("Unngåtte plasser", "Places avoided"): [n.avoided_places for n in d.nursing],
            tr("Unngåtte årsverk", "FTE avoided"): [n.avoided_fte for n in d.nursing],
            tr("Unngått kostnad", "Cost avoided"): [n.avoided_cost_nok for n in d.nursing],
        }
    )
    tables.show(
        nt,
        {
            tr("Innbyggere 80+", "Population 80+"): fmt.num,
            tr("Plasser, dagens dekning", "Places, today's coverage"): one,
            tr("Plasser, scenario", "Places, scenario"): one,
            tr("Dekningsgrad scenario", "Coverage, scenario"): fmt.pct,
            tr("Unngåtte plasser", "Places avoided"): one,
            tr("Unngåtte årsverk", "FTE avoided"): one,
            tr("Unngått kostnad", "Cost avoided"): fmt.mnok,
        },
        tr("sykehjem-mot-mal", "nursing-vs-target"),
        f"{PAGE}:nursing",
    )


def _hdo_table(d: DemographyResult) -> None:
    if not d.hdo:
        return
    st.markdown(
        "**"
        + tr(
            "Heldøgns omsorgsbolig: bemanning mot scenarioets mål (årsverk per beboer)",
            "24/7 care housing: staffing vs the scenario's target (FTE per resident)",
        )
        + "**"
    )
    year_c = tr("År", "Year")
    one = lambda v: fmt.num(v, 1)  # noqa: E731
    cols = {
        tr("Beboere", "Residents"): [h.residents for h in d.hdo],
        tr("Årsverk, dagens bemanning", "FTE, today's ratio"): [h.fte_constant for h in d.hdo],
        tr("Årsverk, mål", "FTE, target"): [h.fte_target for h in d.hdo],
        tr("Unngåtte årsverk", "FTE avoided"): [h.avoided_fte for h in d.hdo],
    }
    df = pd.DataFrame(
        {
            year_c: [str(h.year) for h in d.hdo],
            **cols,
            tr("Unngått kostnad", "Cost avoided"): [h.avoided_cost_nok for h in d.hdo],
        }
    )
    tables.show(
        df,
        {**{c: one for c in cols}, tr("Unngått kostnad", "Cost avoided"): fmt.mnok},
        tr("hdo-mot-mal", "hdo-vs-target"),
        f"{PAGE}:hdo",
    )


def _population_tables(d: DemographyResult, data: EconomyData) -> None:
    """Population by age group at the base year and the milestones, and the coverage
    rates (innsatstrapp) the need is computed from."""
    shown = [d.base_year] + [y for y in dict.fromkeys(m.year for m in d.milestones)]
    pos = {y: i for i, y in enumerate(d.years)}
    group_c = tr("Aldersgruppe", "Age group")
    pop = pd.DataFrame(
        {
            group_c: [*d.groups, "80+"],
            **{
                str(y): [d.population[g][pos[y]] for g in d.groups] + [d.population_80_plus[pos[y]]]
                for y in shown
            },
        }
    )
    with st.expander(
        tr("Befolkning per aldersgruppe og dekningsgrader", "Population by age and coverage rates")
    ):
        tables.show(
            pop,
            {str(y): fmt.num for y in shown},
            tr("befolkning", "population"),
            f"{PAGE}:population",
        )
        if data.coverage:
            cov = pd.DataFrame(
                {
                    tr("Tjenestenivå", "Level of care"): [
                        tr(*LEVEL_LABELS[c.level]) for c in data.coverage
                    ],
                    group_c: [c.age_group for c in data.coverage],
                    tr("Brukere per innbygger", "Users per inhabitant"): [
                        c.users_per_inhabitant for c in data.coverage
                    ],
                    tr("Årsverk per bruker", "FTE per user"): [
                        c.fte_per_user for c in data.coverage
                    ],
                    tr("Kostnad per bruker", "Cost per user"): [
                        c.cost_per_user_nok for c in data.coverage
                    ],
                    tr("Status", "Status"): [w.status_label(c.status) for c in data.coverage],
                    tr("Kilde", "Source"): [pick_text(c, "source") for c in data.coverage],
                }
            )
            tables.show(
                cov,
                {
                    tr("Brukere per innbygger", "Users per inhabitant"): fmt.pct,
                    tr("Årsverk per bruker", "FTE per user"): lambda v: fmt.num(v, 2),
                    tr("Kostnad per bruker", "Cost per user"): fmt.nok,
                },
                tr("dekningsgrader", "coverage-rates"),
                f"{PAGE}:coverage",
            )


# ---------------------------------------------------------------------- benchmark
def _benchmark_section(data: EconomyData) -> None:
    st.subheader(
        tr("Handlingsrom mot sammenlignbare kommuner", "Room for action against comparable peers")
    )
    if not data.areas:
        st.info(
            tr(
                f"{w.md(data.municipality)}: datasettet har ikke KOSTRA-tall for "
                "sammenligning. Last opp en KOSTRA-eksport (region, indikator, år, verdi) og "
                "tjenesteområdene.",
                f"{w.md(data.municipality)}: the dataset has no KOSTRA figures to compare. "
                "Upload a KOSTRA export (region, indicator, year, value) and the service areas.",
            )
        )
        return
    base = data.benchmark_settings()
    assert base is not None
    computed = any(a.cost_indicator for a in data.areas)
    reference = base.reference_regions
    weighting = base.weighting
    if computed:
        options = sorted({k.region for k in data.kostra} - {base.own_region})
        defaults = [r for r in reference if r in options] or options[:1]
        c1, c2 = st.columns([2, 1])
        reference = c1.multiselect(
            tr("Referansekommuner", "Reference group"),
            options,
            default=defaults,
            key=f"{K}:refs",
            max_selections=500,
            help=tr(
                "Referansen er snittet av de valgte kommunenes behovskorrigerte kostnad per "
                "innbygger.",
                "The reference is the average need-corrected cost per inhabitant of the chosen "
                "regions.",
            ),
        )
        weighting = c2.radio(
            tr("Snitt", "Average"),
            ["mean", "population"],
            format_func=lambda v: (
                tr("Enkelt snitt", "Simple mean")
                if v == "mean"
                else tr("Vektet med innbyggere", "Weighted by inhabitants")
            ),
            key=f"{K}:weighting",
            index=0 if base.weighting == "mean" else 1,
        )
        if not reference:
            st.info(tr("Velg minst én referansekommune.", "Pick at least one reference region."))
            return
    s = base.model_copy(update={"reference_regions": reference, "weighting": weighting})
    try:
        b = handlingsrom(data.kostra, data.areas, s)
    except BenchmarkError as e:
        st.error(tr("Handlingsrommet kan ikke beregnes:", "The benchmark cannot be computed:"))
        _problem_table(_in_lang(e.problems), f"df:{PAGE}:bmerr")
        return
    m = st.columns(3)
    m[0].metric(tr(f"Handlingsrom {b.year}", f"Room for action {b.year}"), fmt.mnok(b.total_nok))
    if b.own_total_nok_per_inhabitant is not None:
        m[1].metric(
            tr("Egen kostnad per innbygger", "Own cost per inhabitant"),
            fmt.nok(b.own_total_nok_per_inhabitant),
        )
        m[2].metric(
            tr("Referansen per innbygger", "Reference per inhabitant"),
            fmt.nok(b.reference_total_nok_per_inhabitant),
        )
    elif b.unitemised_nok:
        m[1].metric(tr("Sum av områdene", "Sum of the areas"), fmt.mnok(b.itemised_nok))
        m[2].metric(tr("Ikke spesifisert", "Not itemised"), fmt.mnok(b.unitemised_nok))
    st.caption(
        w.md(
            tr(
                f"{b.own_region} mot {', '.join(b.reference_regions)}, {b.year}. ",
                f"{b.own_region} vs {', '.join(b.reference_regions)}, {b.year}. ",
            )
        )
        + " "
        + w.md(pick_text(data.settings, "source"))
    )
    if b.unitemised_nok:
        st.caption(
            tr(
                f"Rapporten oppgir totalen {fmt.mnok(b.total_nok)}, men områdene summerer til "
                f"{fmt.mnok(b.itemised_nok)}. Resten ({fmt.mnok(b.unitemised_nok)}) er ikke "
                "spesifisert i rapporten og vises som egen rad.",
                f"The report states a total of {fmt.mnok(b.total_nok)}, but the areas add up "
                f"to {fmt.mnok(b.itemised_nok)}. The rest ({fmt.mnok(b.unitemised_nok)}) is not "
                "itemised in the report and is shown as its own row.",
            )
        )
    area_c = tr("Tjenesteområde", "Service area")
    own_c, ref_c = tr("Egen kr/innb.", "Own NOK/inh."), tr("Referanse kr/innb.", "Ref. NOK/inh.")
    diff_c, gap_c = tr("Differanse kr/innb.", "Diff. NOK/inh."), tr("Handlingsrom", "Room")
    rows = b.rows
    df = pd.DataFrame(
        {
            area_c: [_label(x.label_nb, x.label_en) for x in rows],
            own_c: [x.own_nok_per_inhabitant for x in rows],
            ref_c: [x.reference_nok_per_inhabitant for x in rows],
            diff_c: [x.difference_nok_per_inhabitant for x in rows],
            gap_c: [x.gap_nok for x in rows],
            tr("Status", "Status"): [w.status_label(x.status) for x in rows],
        }
    )
    total = {
        area_c: tr("Sum", "Total"),
        own_c: b.own_total_nok_per_inhabitant,
        ref_c: b.reference_total_nok_per_inhabitant,
        diff_c: (
            b.own_total_nok_per_inhabitant - b.reference_total_nok_per_inhabitant
            if b.own_total_nok_per_inhabitant is not None
            and b.reference_total_nok_per_inhabitant is not None
            else None
        ),
        gap_c: b.total_nok,
        tr("Status", "Status"): "",
    }
    df = pd.concat([df, pd.DataFrame([total])], ignore_index=True)
    chart_df = pd.DataFrame(
        {
            "label": [
                tr("Ikke spesifisert i rapporten", "Not itemised in the report")
                if x.method == "rest"
                else _label(x.label_nb, x.label_en)
                for x in rows
            ],
            "value_mnok": [x.gap_nok / 1e6 for x in rows],
            "kind": [
                "rest" if x.method == "rest" else ("neg" if x.gap_nok < 0 else "pos") for x in rows
            ],
            "text": [fmt.mnok(x.gap_nok) for x in rows],
        }
    )
    chart_block(
        econ_charts.benchmark_chart(chart_df),
        df,
        tr("handlingsrom", "room-for-action"),
        f"{PAGE}:bench",
        title=tr(
            "Handlingsrom mot sammenlignbare kommuner", "Room for action against comparable peers"
        ),
    )
    if state.workshop():
        return
    tables.show(
        df,
        {own_c: fmt.num, ref_c: fmt.num, diff_c: fmt.num, gap_c: fmt.mnok},
        tr("handlingsrom", "room-for-action"),
        f"{PAGE}:benchtable",
        download=False,
    )
    st.caption(
        tr(
            "Handlingsrom = (egen kostnad per innbygger korrigert for behov − referansen) × "
            "innbyggere. Negative rader trekkes fra i summen, som i rapportene.",
            "Room for action = (own cost per inhabitant corrected for need − the reference) × "
            "inhabitants. Negative rows net off in the total, as in the reports.",
        )
    )


# --------------------------------------------------------------------------- page
st.title(tr("Økonomiplan og handlingsrom", "Economic plan and room for action"))
st.caption(
    tr(
        "Hvor stort er gapet, og hvor mye av det lukker tiltakene år for år? Demografien fram "
        "mot 2050 og handlingsrommet mot sammenlignbare kommuner. Metode: docs/economy.md.",
        "How big is the gap, and how much of it do the measures close, year by year? "
        "Demography towards 2050 and the room for action against comparable municipalities. "
        "Method: docs/economy.md.",
    )
)
data, chosen = _data()
if not state.workshop():
    _uploads()
    _show_upload_problems()
if data is None:
    st.info(tr("Ingen økonomidata er installert.", "No economic data is installed."))
else:
    _gap_section(data)
    st.divider()
    _demography_section(data)
    st.divider()
    _benchmark_section(data)
