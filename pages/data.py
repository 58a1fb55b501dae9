"""Data: the baseline in use and its tables, switching baselines, importing a
municipality's own data (validated) and exporting the current scenario's results."""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from model import Baseline
from ui import fmt, state, tables
from ui import widgets as w
from ui.frame import require_frame
from ui.i18n import lang, pick, pick_text, tr

require_frame()

PAGE = "data"
FLASH = f"_{PAGE}:flash"
NOTES = f"_{PAGE}:notes"
PICK = f"{PAGE}:baseline_pick"
ss = st.session_state
log = logging.getLogger("simulator")


def _has(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def _yes(v: bool) -> str:
    return tr("ja", "yes") if v else tr("nei", "no")


def _err_text(e: BaseException) -> str:
    msg = getattr(e, "message", None)
    return msg(lang()) if callable(msg) else str(e)


# -------------------------------------------------------------------- baseline in use
def _on_pick() -> None:
    from ui import baselines

    name = ss.get(PICK)
    if name and name != ss.get("baseline_name") and baselines.use(name):
        w.flash(
            FLASH,
            "success",
            tr(
                f"Byttet til grunnlaget «{w.md(name)}».",
                f"Switched to the baseline '{w.md(name)}'.",
            ),
        )


def _baseline_header(b: Baseline) -> None:
    st.metric(tr("Grunnlag", "Baseline"), w.md(b.name))  # own row: names are long
    c = st.columns([2, 1, 2])
    c[0].metric(tr("Kommune", "Municipality"), w.md(b.municipality or "–"))
    c[1].metric(tr("År", "Year"), str(b.year))
    c[2].markdown(
        "**"
        + tr("Datasett-id (hash)", "Data id (hash)")
        + "**  \n`"
        + b.hash
        + "`  \n"
        + tr(
            "Lagrede scenarioer husker hvilke data de ble regnet på.",
            "Saved scenarios remember which data they were computed on.",
        )
    )
    if b.description:
        st.caption(w.md(pick_text(b, "description")))


def _switcher(b: Baseline) -> None:
    from ui import baselines

    store = state.store()
    if store is None:
        st.info(
            tr(
                "Databasen er ikke tilgjengelig: appen bruker grunnlagene som følger med, "
                "direkte fra filene, og egne data kan ikke lagres eller velges nå. ",
                "The database is not available: the app uses the shipped baselines from their "
                "files, and own data cannot be stored or chosen now. ",
            )
            + w.md(ss.get("_store_error", ""))
        )
    names = baselines.names()
    if b.name not in names:
        names.insert(0, b.name)
    found = baselines.listing()

    def label(n: str) -> str:
        i = found.get(n)
        if i is None:
            return n
        src = (
            tr("følger med appen", "shipped") if i.source == "demo" else tr("importert", "imported")
        )
        return f"{n} – {i.municipality} {i.year} (v{i.version}, {src}, {i.created_at:%d.%m.%Y})"

    # format functions only look up text made now (they may be called outside the run)
    labels = {n: label(n) for n in names}
    ss[PICK] = ss.get("baseline_name") or b.name
    st.selectbox(
        tr("Bytt grunnlag", "Switch baseline"),
        options=names,
        format_func=lambda n: labels.get(n, n),
        key=PICK,
        on_change=_on_pick,
        help=tr(
            "Alle sider regner på grunnlaget som er valgt her (eller i sidepanelet), og lenken "
            "tar det med. Scenarioet beholdes; navn på lokasjoner som ikke finnes i det nye "
            "grunnlaget, ignoreres (med varsel).",
            "Every page computes on the baseline chosen here (or in the sidebar), and the link "
            "carries it. The scenario is kept; site names that do not exist in the new baseline "
            "are ignored (with a warning).",
        ),
    )
    version = baselines.version_label()
    if version:
        st.caption(
            tr(
                f"Du regner på {w.md(version)} av «{w.md(b.name)}».",
                f"You compute on {w.md(version)} of '{w.md(b.name)}'.",
            )
        )


# ------------------------------------------------------------------- table registry
def _registry(b: Baseline) -> None:
    """Every table a baseline is made of: source, status and whether it is present."""
    from model.tables import STATUS_LABELS, TABLES
    from ui import baselines

    st.subheader(tr("Tabellene i grunnlaget", "The baseline's tables"))
    st.caption(
        tr(
            "Et grunnlag er én kommune. En tabell som mangler, er tom – den lånes aldri fra en "
            "annen kommune. Sider som trenger en tabell som mangler, sier hva som må lastes opp.",
            "A baseline is one municipality. A table it lacks is empty – never borrowed from "
            "another municipality. Pages that need a missing table say what to upload.",
        )
    )
    c = {
        "table": tr("Tabell", "Table"),
        "file": tr("Fil / ark", "File / sheet"),
        "present": tr("Finnes", "Present"),
        "rows": tr("Rader", "Rows"),
        "status": tr("Status", "Status"),
        "source": tr("Kilde", "Source"),
        "need": tr("Modellen trenger den", "Model needs it"),
    }
    rows = []
    for key, t in TABLES.items():
        has = b.has_table(key)
        counts = b.table_statuses(key)
        status = ", ".join(
            f"{fmt.num(n)} {tr(*STATUS_LABELS.get(k, (k, k)))}" for k, n in sorted(counts.items())
        )
        rows.append(
            {
                c["table"]: tr(t.label_nb, t.label_en),
                c["file"]: t.filename,
                c["present"]: _yes(has),
                c["rows"]: b.table_rows(key) if has else 0,
                c["status"]: status or ("–" if not has else ""),
                c["source"]: "; ".join(b.table_sources(key, lang())) or "–",
                c["need"]: _yes(t.required_for_model),
            }
        )
    tables.show(
        pd.DataFrame(rows),
        {c["rows"]: fmt.num},
        tr("tabeller", "tables"),
        f"{PAGE}:registry",
    )
    missing = b.missing_tables()
    if missing:
        st.info(
            tr("Mangler i dette grunnlaget: ", "Missing from this baseline: ")
            + baselines.table_list(missing)
            + tr(
                ". Last dem opp under «Importer egne data» for å bruke sidene som trenger dem.",
                ". Upload them under 'Import your own data' to use the pages that need them.",
            )
        )


def _refund_reconciliation(b: Baseline) -> None:
    """The model's refund base today beside the published refund figure (the model's
    reconciliation when the result carries one)."""
    r = state.result()
    rec = getattr(r, "refund_reconciliation", None)
    pub = [f for f in b.published_figures if "refund" in f.key and f.unit.startswith("kr")]
    today = r.totals.today
    if rec is None and (not pub or today is None or not b.refund_users):
        return
    st.subheader(
        tr("Refusjonsgrunnlaget mot publisert tall", "Refund base against the published figure")
    )
    if rec is not None:
        for line in (pick(rec, "explanation") or "").split("\n"):
            if line.strip():
                st.caption(w.md(line))
        return
    assert today is not None
    model_refund = today.refund_nok_per_year
    for f in pub:
        diff = model_refund - f.value
        st.caption(
            tr(
                f"Modellens refusjon i dag {fmt.mnok(model_refund)} per år (brukerne i "
                f"refusjonstabellen) mot publisert {w.md(f.label_nb or f.key)} "
                f"{fmt.mnok(f.value)} ({w.md(f.source)}): avvik {fmt.signed_mnok(diff)}. ",
                f"The model's refund today {fmt.mnok(model_refund)} per year (the users in the "
                f"refund table) against the published {w.md(f.label_en or f.key)} "
                f"{fmt.mnok(f.value)} ({w.md(pick_text(f, 'source'))}): difference "
                f"{fmt.signed_mnok(diff)}. ",
            )
            + (w.md(pick_text(f, "note")) if f.note else "")
        )
    st.caption(
        tr(
            "Det publiserte tallet gjelder hele tjenesteområdene i kilden, mens modellen bare "
            "regner refusjon for brukerne i refusjonstabellen; avviket er refusjon for brukere "
            "utenfor tabellen (eller et annet år).",
            "The published figure covers the source's whole service areas, while the model "
            "computes refund only for the users in the refund table; the difference is refund "
            "for users outside the table (or another year).",
        )
    )


# --------------------------------------------------------------------------- tables
def _status_note(b: Baseline) -> None:
    st.subheader(tr("Publisert, rekonstruert og antatt", "Published, reconstructed, assumed"))
    counts: dict[str, int] = {}
    for p in b.parameters.values():
        counts[p.status] = counts.get(p.status, 0) + 1
    rec_sites = sum(1 for x in b.sites if x.status == "reconstructed")
    rec_users = sum(1 for u in b.refund_users if u.status == "reconstructed")
    st.markdown(
        tr(
            "- **Publisert**: tall hentet direkte fra en rapport eller offentlig kilde.\n"
            "- **Utledet**: regnet ut fra publiserte tall (f.eks. 680 000 / 1 645 timer).\n"
            "- **Rekonstruert**: fordelt eller fylt inn slik at summene stemmer med publiserte "
            "totaler.\n"
            "- **Antakelse**: demoverdi eller skjønn – bytt ut med egne tall.",
            "- **Published**: taken directly from a report or a public source.\n"
            "- **Derived**: computed from published figures (e.g. 680,000 / 1,645 hours).\n"
            "- **Reconstructed**: distributed or filled in so that totals match published "
            "aggregates.\n"
            "- **Assumption**: a demo value or judgement – replace with your own figures.",
        )
    )
    st.caption(
        tr("Parametere: ", "Parameters: ")
        + ", ".join(f"{fmt.num(n)} {w.md(w.status_label(k))}" for k, n in sorted(counts.items()))
        + tr(
            f". Lokasjoner med rekonstruert nattbemanning: {fmt.num(rec_sites)} av "
            f"{fmt.num(len(b.sites))}. Rekonstruerte brukere med refusjon: {fmt.num(rec_users)}.",
            f". Sites with reconstructed night staffing: {fmt.num(rec_sites)} of "
            f"{fmt.num(len(b.sites))}. Reconstructed users with refund: {fmt.num(rec_users)}.",
        )
    )
    if rec_sites:
        pub = b.published()  # this baseline's own published figures only
        extra = ""
        if pub:
            extra = tr(
                f" (PwC 2021: {fmt.num(pub.get('alver_night_paid_hours_per_night', 0))} betalte "
                f"timer per natt, {fmt.num(pub.get('alver_night_staff_per_night', 0))} på vakt "
                f"per natt hvorav {fmt.num(pub.get('alver_night_resting_per_night', 0))} "
                f"hvilende, {fmt.num(pub.get('alver_night_gross_fte', 0), 1)} årsverk, "
                f"{fmt.mnok(pub.get('alver_night_cost_nok', 0))})",
                f" (PwC 2021: {fmt.num(pub.get('alver_night_paid_hours_per_night', 0))} paid "
                f"hours per night, {fmt.num(pub.get('alver_night_staff_per_night', 0))} on duty "
                f"per night of whom {fmt.num(pub.get('alver_night_resting_per_night', 0))} "
                f"resting, {fmt.num(pub.get('alver_night_gross_fte', 0), 1)} FTE, "
                f"{fmt.mnok(pub.get('alver_night_cost_nok', 0))})",
            )
        st.info(
            tr(
                "Nattbemanningen per lokasjon (våkne, hvilende, vaktlengde, døgnturnus) er ikke "
                "publisert. Den er rekonstruert slik at summene stemmer med de publiserte "
                "totalene" + extra + ". Tall per lokasjon er derfor anslag; totalene er "
                "publiserte. Se «Metode og kilder» for sammenligningen.",
                "Night staffing per site (awake, resting, shift length, døgnturnus) is not "
                "published. It is reconstructed so that the totals match the published "
                "aggregates" + extra + ". Per-site figures are estimates; the totals are "
                "published. See 'Method and sources' for the comparison.",
            )
        )


def _sites_table(b: Baseline) -> None:
    st.subheader(tr("Lokasjoner", "Sites"))
    c = {
        "name": tr("Lokasjon", "Site"),
        "svc": tr("Tjeneste", "Service"),
        "area": tr("Område", "Area"),
        "dept": tr("Avdeling", "Department"),
        "places": tr("Plasser", "Places"),
        "housing": tr("Bolig", "Housing"),
        "awake": tr("Våkne per natt", "Awake per night"),
        "resting": tr("Hvilende per natt", "Resting per night"),
        "shift": tr("Vaktlengde (timer)", "Shift (hours)"),
        "dt": tr("Døgnturnus", "Døgnturnus"),
        "dts": tr("Ansatte med døgnturnustillegg", "Staff with døgnturnus supplement"),
        "status": tr("Status", "Status"),
    }
    df = pd.DataFrame(
        [
            {
                c["name"]: x.name,
                c["svc"]: w.service_label(x.service.value),
                c["area"]: x.area,
                c["dept"]: x.department,
                c["places"]: x.places,
                c["housing"]: _yes(x.housing),
                c["awake"]: x.awake,
                c["resting"]: x.resting,
                c["shift"]: x.shift_hours,
                c["dt"]: _yes(x.dognturnus),
                c["dts"]: x.dognturnus_supplement_staff,
                c["status"]: w.status_label(x.status),
            }
            for x in b.sites
        ]
    )
    tables.show(
        df,
        {
            c["places"]: fmt.num,
            c["awake"]: fmt.num,
            c["resting"]: fmt.num,
            c["shift"]: lambda v: fmt.num(v, 1),
            c["dts"]: fmt.num,
        },
        tr("lokasjoner", "sites"),
        f"{PAGE}:sites",
    )
    st.caption(
        tr(
            f"{fmt.num(len(b.sites))} lokasjoner, {fmt.num(sum(x.places for x in b.sites))} "
            "plasser.",
            f"{fmt.num(len(b.sites))} sites, {fmt.num(sum(x.places for x in b.sites))} places.",
        )
    )


def _departments_table(b: Baseline) -> None:
    st.subheader(tr("Avdelinger", "Departments"))
    if not b.departments:
        st.caption(tr("Ingen avdelinger i grunnlaget.", "No departments in the baseline."))
        return
    c = {
        "name": tr("Avdeling", "Department"),
        "svc": tr("Tjeneste", "Service"),
        "fte": tr("Årsverk", "FTE"),
        "places": tr("Plasser", "Places"),
        "users": tr("Brukere", "Users"),
        "cost": tr("Brutto kostnad per bruker (kr)", "Gross cost per user (NOK)"),
        "ratio": tr("Bemanningsfaktor", "Staffing ratio"),
        "ot": tr("Overtid (kr)", "Overtime (NOK)"),
        "status": tr("Status", "Status"),
    }
    df = pd.DataFrame(
        [
            {
                c["name"]: d.name,
                c["svc"]: w.service_label(d.service.value),
                c["fte"]: d.fte,
                c["places"]: d.places,
                c["users"]: d.users,
                c["cost"]: d.gross_cost_per_user_nok,
                c["ratio"]: d.staffing_ratio,
                c["ot"]: d.overtime_nok,
                c["status"]: w.status_label(d.status),
            }
            for d in b.departments
        ]
    )
    tables.show(
        df,
        {
            c["fte"]: lambda v: fmt.num(v, 2),
            c["places"]: fmt.num,
            c["users"]: fmt.num,
            c["cost"]: fmt.num,
            c["ratio"]: lambda v: fmt.num(v, 3),
            c["ot"]: fmt.num,
        },
        tr("avdelinger", "departments"),
        f"{PAGE}:departments",
    )
    st.caption(tr("Sum årsverk: ", "Total FTE: ") + fmt.num(sum(d.fte for d in b.departments), 2))


def _parameters_table(b: Baseline) -> None:
    st.subheader(tr("Parametere", "Parameters"))
    st.caption(
        tr(
            "Hver verdi med enhet, år, kommune, kilde og status. «Spenn» brukes i "
            "usikkerhetsberegningen; «I scenarioet» viser verdier scenarioet har endret.",
            "Every value with unit, year, municipality, source and status. 'Range' is used in "
            "the uncertainty analysis; 'In the scenario' shows values the scenario changed.",
        )
    )
    num, shown, right = w.parameter_tables(b)
    tables.show(
        num, {}, tr("parametere", "parameters"), f"{PAGE}:params", display=shown, right=right
    )


def _refund_tables(b: Baseline) -> None:
    st.subheader(tr("Refusjonsregler (toppfinansiering)", "Refund rules (state refund)"))
    if not b.refund_rules:
        st.caption(tr("Ingen refusjonsregler.", "No refund rules."))
    else:
        c = {
            "year": tr("År", "Year"),
            "thr": tr("Innslagspunkt (kr)", "Threshold (NOK)"),
            "rate": tr("Kompensasjonsgrad", "Compensation rate"),
            "ded": tr("Trekk utviklingshemming (kr)", "Intellectual-disability deduction (NOK)"),
            "src": tr("Kilde", "Source"),
            "status": tr("Status", "Status"),
        }
        df = pd.DataFrame(
            [
                {
                    c["year"]: x.year,
                    c["thr"]: x.threshold_nok,
                    c["rate"]: x.rate,
                    c["ded"]: x.id_deduction_nok,
                    c["src"]: pick_text(x, "source"),
                    c["status"]: w.status_label(x.status),
                }
                for x in sorted(b.refund_rules, key=lambda x: x.year)
            ]
        )
        tables.show(
            df,
            {c["year"]: str, c["thr"]: fmt.num, c["rate"]: fmt.pct, c["ded"]: fmt.num},
            tr("refusjonsregler", "refund-rules"),
            f"{PAGE}:refund_rules",
        )
        st.caption(
            tr(
                "Staten refunderer kompensasjonsgraden (80 %) av direkte lønnskostnad over "
                "innslagspunktet for brukere 16–66 år; for brukere med psykisk "
                "utviklingshemming legges trekket til innslagspunktet; brukere over 67 er ikke "
                "omfattet.",
                "The state refunds the compensation rate (80 %) of direct labour cost above "
                "the threshold for users aged 16–66; for users with an intellectual "
                "disability the deduction is added to the threshold; users over 67 are not "
                "covered.",
            )
        )
    if b.refund_users:
        with st.expander(
            tr(
                f"Brukere med refusjon ({fmt.num(len(b.refund_users))})",
                f"Users with refund ({fmt.num(len(b.refund_users))})",
            )
        ):
            c = {
                "id": "ID",
                "site": tr("Lokasjon", "Site"),
                "dept": tr("Avdeling", "Department"),
                "age": tr("Alder", "Age band"),
                "id_": tr("Utviklingshemming", "Intellectual disability"),
                "cost": tr("Direkte lønnskostnad (kr)", "Direct labour cost (NOK)"),
                "status": tr("Status", "Status"),
            }
            df = pd.DataFrame(
                [
                    {
                        c["id"]: u.id,
                        c["site"]: u.site,
                        c["dept"]: u.department,
                        c["age"]: u.age_band,
                        c["id_"]: _yes(u.intellectual_disability),
                        c["cost"]: u.direct_labour_cost_nok,
                        c["status"]: w.status_label(u.status),
                    }
                    for u in b.refund_users
                ]
            )
            tables.show(
                df,
                {c["cost"]: fmt.num},
                tr("refusjonsbrukere", "refund-users"),
                f"{PAGE}:refund_users",
            )


def _nursing_tables(b: Baseline) -> None:
    nh = b.nursing_homes
    if nh is None:
        return
    st.subheader(tr("Sykehjem", "Nursing homes"))
    st.caption(
        tr(
            f"{w.md(nh.municipality)} {nh.year}: {fmt.num(nh.places)} plasser, "
            f"{fmt.num(nh.fte_in_use, 1)} årsverk i bruk, {fmt.num(nh.population_80_plus)} "
            f"innbyggere 80+, {fmt.num(nh.hdo_residents)} beboere i HDO med "
            f"{fmt.num(nh.hdo_fte_per_resident, 2)} årsverk per beboer. Kilder: {w.md(nh.source)}",
            f"{w.md(nh.municipality)} {nh.year}: {fmt.num(nh.places)} places, "
            f"{fmt.num(nh.fte_in_use, 1)} FTE in use, {fmt.num(nh.population_80_plus)} "
            f"residents aged 80+, {fmt.num(nh.hdo_residents)} residents in HDO with "
            f"{fmt.num(nh.hdo_fte_per_resident, 2)} FTE per resident. "
            f"Sources: {w.md(pick_text(nh, 'source'))}",
        )
    )
    c = {
        "type": tr("Plasstype", "Place type"),
        "places": tr("Plasser", "Places"),
        "norm": tr("Normtall (årsverk/plass)", "Norm (FTE/place)"),
        "src": tr("Kilde", "Source"),
    }
    df = pd.DataFrame(
        [
            {
                c["type"]: pick(t, "label"),
                c["places"]: t.places,
                c["norm"]: t.norm_fte_per_place,
                c["src"]: pick_text(t, "source"),
            }
            for t in nh.place_types
        ]
    )
    tables.show(
        df,
        {c["places"]: fmt.num, c["norm"]: lambda v: fmt.num(v, 2)},
        tr("plasstyper", "place-types"),
        f"{PAGE}:place_types",
    )


# --------------------------------------------------------------------------- import
def _problems_frame(problems: list[Any]) -> pd.DataFrame:
    lg = lang()
    return pd.DataFrame(
        [
            {
                tr("Ark/fil", "Sheet/file"): p.sheet or p.file,
                tr("Rad", "Row"): str(p.row) if p.row else "",
                tr("Kolonne", "Column"): p.column,
                tr("Verdi", "Value"): p.value,
                tr("Forventet", "Expected"): p.expected,
                tr("Melding", "Message"): p.message_en if lg == "en" else p.message_nb,
            }
            for p in problems
        ]
    )


def _do_import(files: list[Any], name: str, muni: str, year: Any) -> None:
    store = state.store()
    if store is None:
        st.error(tr("Databasen er ikke tilgjengelig.", "The database is not available."))
        return
    try:
        from storage.importer import validate_upload

        payload = [(f.name, f.getvalue()) for f in files or []]
        report = validate_upload(
            payload,
            name=name,
            municipality=muni,
            year=int(year) if year is not None else 0,
            template=state.baseline(),
        )
    except Exception as e:  # noqa: BLE001 - never a traceback
        log.exception("import validation failed")
        st.error(
            tr("Filene kunne ikke leses: ", "The files could not be read: ") + w.md(_err_text(e))
        )
        return
    if not report.ok or report.baseline is None:
        st.error(
            tr(
                f"Importen har {fmt.num(len(report.problems))} feil og ble ikke lagret. "
                "Ingenting er endret. Rett feilene under og prøv igjen.",
                f"The import has {fmt.num(len(report.problems))} problem(s) and was not saved. "
                "Nothing was changed. Fix the problems below and try again.",
            )
        )
        st.dataframe(
            _problems_frame(report.problems),
            hide_index=True,
            width="stretch",
            key=f"df:{PAGE}:problems",
        )
        if report.warnings:
            st.caption(tr("Merknader:", "Notes:"))
            st.dataframe(
                _problems_frame(report.warnings),
                hide_index=True,
                width="stretch",
                key=f"df:{PAGE}:problem_notes",
            )
        return
    from ui import baselines

    try:
        before = store.baseline_versions(report.baseline.name)
    except Exception:  # noqa: BLE001 - only for the message
        before = []
    try:
        save = getattr(store, "import_baseline", None)
        info = save(report) if save else store.save_baseline(report.baseline, source="import")
    except Exception as e:  # noqa: BLE001
        st.error(tr("Kunne ikke lagre: ", "Could not save: ") + w.md(_err_text(e)))
        return
    state.baseline_changed(info.name)
    baselines.use(info.name, info.hash, quiet=True)
    baselines.listing(fresh=True)
    counts = ", ".join(f"{k}: {fmt.num(v)}" for k, v in report.tables.items())
    empty = ", ".join(report.missing) if getattr(report, "missing", None) else ""
    if before and before[0].hash == info.hash:
        versioning = tr(
            " Dataene er de samme som i gjeldende versjon; ingen ny versjon ble laget.",
            " The data are the same as the current version; no new version was made.",
        )
    elif before:
        versioning = tr(
            f" Navnet fantes fra før: dette er versjon {info.version} (forrige: "
            f"v{before[0].version}). Lagrede scenarioer og åpne økter på en eldre versjon "
            "beholder sine tall og får beskjed om at en nyere versjon finnes.",
            f" The name existed: this is version {info.version} (previous: v{before[0].version})."
            " Saved scenarios and open sessions on an older version keep their figures and are "
            "told that a newer version exists.",
        )
    else:
        versioning = ""
    w.flash(
        FLASH,
        "success",
        tr(
            f"Importert og valgt: «{w.md(info.name)}» ({w.md(info.municipality)} {info.year}, versjon "
            f"{info.version}, {info.hash}). Rader lest: {counts}."
            + (f" Tomme tabeller (ikke lastet opp): {w.md(empty)}." if empty else "")
            + versioning,
            f"Imported and selected: '{w.md(info.name)}' ({w.md(info.municipality)} {info.year}, version "
            f"{info.version}, {info.hash}). Rows read: {counts}."
            + (f" Empty tables (not uploaded): {w.md(empty)}." if empty else "")
            + versioning,
        ),
    )
    ss[NOTES] = list(report.warnings)
    st.rerun()


@st.fragment
def _import_section(b: Baseline) -> None:
    """A fragment: choosing files and validating reruns only this part of the page."""
    st.subheader(tr("Importer egne data", "Import your own data"))
    if state.store() is None:
        st.warning(
            tr(
                "Import krever databasen, som ikke er tilgjengelig nå.",
                "Import needs the database, which is not available now.",
            )
        )
        return
    st.caption(
        tr(
            "Last opp hele kommunen som Excel (malen: ett ark per tabell) eller CSV (én fil per "
            "tabell, samme kolonner som i malen). Parametere og navn/år er påkrevd. En tabell du "
            "ikke laster opp, blir tom – den hentes aldri fra et annet grunnlag. Alt kontrolleres "
            "før noe lagres. Importerer du under et navn som finnes, blir det en ny versjon.",
            "Upload the whole municipality as Excel (the template: one sheet per table) or CSV "
            "(one file per table, the template's columns). Parameters and name/year are "
            "required. A table you do not upload stays empty – it is never taken from another "
            "baseline. Everything is checked before anything is stored. Importing under an "
            "existing name makes a new version.",
        )
    )
    if _has("storage.template"):
        tb = state.baseline()

        def template() -> bytes:
            from storage.template import template_xlsx

            return template_xlsx(tb)

        st.download_button(
            tr("Last ned mal (Excel)", "Download template (Excel)"),
            data=template,
            file_name=tr("mal-bemanningssimulator.xlsx", "template-staffing-simulator.xlsx"),
            mime=tables.XLSX_MIME,
            key=f"{PAGE}:template",
            on_click="ignore",
        )
    else:
        st.caption(tr("Malen er ikke tilgjengelig ennå.", "The template is not available yet."))
    files = st.file_uploader(
        tr("Filer (xlsx eller csv)", "Files (xlsx or csv)"),
        type=["xlsx", "csv"],
        accept_multiple_files=True,
        key=f"{PAGE}:upload",
    )
    c1, c2, c3 = st.columns([2, 2, 1])
    name = c1.text_input(
        tr("Navn på datasettet", "Name of the data set"),
        key=f"{PAGE}:imp_name",
        max_chars=80,
        placeholder=tr("f.eks. Egen kommune 2024", "e.g. Our municipality 2024"),
        help=tr(
            "Navnene på grunnlagene som følger med appen, er reservert. Et navn som finnes, "
            "får en ny versjon.",
            "The names of the shipped baselines are reserved. An existing name gets a new version.",
        ),
    )
    muni = c2.text_input(tr("Kommune", "Municipality"), key=f"{PAGE}:imp_muni", max_chars=120)
    w.seed(f"{PAGE}:imp_year", int(b.year))
    year = c3.number_input(
        tr("År", "Year"), min_value=2000, max_value=2100, step=1, key=f"{PAGE}:imp_year"
    )
    from ui import auth  # roles (issue 10): a viewer sees why the import is off

    may_import, why_not = auth.can_edit()
    if st.button(
        tr("Valider og importer", "Validate and import"),
        key=f"{PAGE}:import",
        disabled=not may_import,
        help=w.md(why_not) if why_not else None,
    ):
        _do_import(list(files or []), name, muni, year)


# --------------------------------------------------------------------------- export
def _export_section() -> None:
    st.subheader(tr("Eksporter resultatene", "Export the results"))
    if not _has("storage.export"):
        st.caption(tr("Eksport er ikke tilgjengelig ennå.", "Export is not available yet."))
        return
    # Captured now: the callables run after the script, outside the session.
    r, s, b, lg = state.result(), state.scenario(), state.baseline(), lang()

    def guarded(fn: Callable[[], bytes]) -> Callable[[], bytes]:
        def run() -> bytes:
            try:
                return fn()
            except Exception:
                log.exception("export failed")
                raise

        return run

    def to_xlsx() -> bytes:
        from storage.export import result_to_xlsx

        return result_to_xlsx(r, s, b, lang=lg)

    def to_csv(table: str) -> Callable[[], bytes]:
        def run() -> bytes:
            from storage.export import result_to_csv

            return result_to_csv(r, table, lang=lg)

        return run

    st.caption(
        tr(
            "Excel-filen har resultatene, scenarioet, modellversjonen og kildene på egne ark, "
            "slik at tallene kan etterprøves.",
            "The Excel file has the results, the scenario, the model version and the sources "
            "on separate sheets, so the figures can be reproduced.",
        )
    )
    c = st.columns(4)
    c[0].download_button(
        tr("Excel (alt)", "Excel (everything)"),
        data=guarded(to_xlsx),
        file_name=f"scenario-{r.scenario_hash}.xlsx",
        mime=tables.XLSX_MIME,
        key=f"{PAGE}:export_xlsx",
        on_click="ignore",
        width="stretch",
    )
    for col, (table, nb, en) in zip(
        c[1:],
        (
            ("measures", "CSV: tiltak", "CSV: measures"),
            ("years", "CSV: år", "CSV: years"),
            ("sites", "CSV: lokasjoner", "CSV: sites"),
        ),
        strict=True,
    ):
        col.download_button(
            tr(nb, en),
            data=guarded(to_csv(table)),
            file_name=f"scenario-{r.scenario_hash}-{table}.csv",
            mime="text/csv",
            key=f"{PAGE}:export_csv_{table}",
            on_click="ignore",
            width="stretch",
        )


# --------------------------------------------------------------------------- page
def page() -> None:
    b = state.baseline()
    st.header(tr("Data", "Data"))
    w.show_flash(FLASH)
    notes = ss.pop(NOTES, None)
    if notes:
        st.caption(tr("Merknader fra importen:", "Notes from the import:"))
        st.dataframe(
            _problems_frame(notes), hide_index=True, width="stretch", key=f"df:{PAGE}:notes"
        )
    _baseline_header(b)
    if state.workshop():
        return
    _switcher(b)
    _registry(b)
    _status_note(b)
    _sites_table(b)
    _departments_table(b)
    _parameters_table(b)
    _refund_tables(b)
    _refund_reconciliation(b)
    _nursing_tables(b)
    st.divider()
    _import_section(b)
    st.divider()
    _export_section()


page()
