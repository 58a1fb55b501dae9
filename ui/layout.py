"""The frame around every page: sidebar (language, workshop mode, undo/reset, link,
saved scenarios) and the headline figures at the top."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import streamlit as st

from model import MODEL_VERSION
from ui import budget_gap, fmt, state
from ui.i18n import LANGS, tr
from ui.safe import md


def _base_url() -> str:
    try:
        url = st.context.url
    except Exception:  # noqa: BLE001
        url = None
    return url or ""


def share_link() -> str:
    return _base_url() + state.share_query()


# ----------------------------------------------------------------------- sidebar
def copy_link_frame() -> Any:
    """The frame of the "copy link" button; returns the slot for the link itself (filled
    by :func:`scenario_controls` on every rerun that may change the scenario).

    Streamlit has no clipboard button, but its code block has a copy button: the block
    holds the link and is styled (constant CSS) to show only that button with the label
    below, never the long link itself. The label and the caption are drawn once per run
    here, outside the page-body fragment: a lever change resends only the link."""
    with st.container(key="share_link"):
        st.markdown("**" + tr("Lenke til dette scenarioet", "Link to this scenario") + "**")
        link = st.empty()
        st.caption(
            tr(
                "Kopier lenken med knappen; den gjenskaper scenarioet nøyaktig. "
                "Adressefeltet viser den samme lenken.",
                "Copy the link with the button; it reproduces the scenario exactly. "
                "The address bar shows the same link.",
            )
        )
    return link


def sidebar() -> Any:
    """The sidebar's session controls. Returns the slot for the controls that follow the
    scenario (undo/reset and the link), which :func:`scenario_controls` fills from inside
    the page body (a fragment: a lever change redraws them without the rest)."""
    with st.sidebar:
        st.radio(
            "Språk / Language",
            options=list(LANGS),
            format_func=lambda k: LANGS[k],
            key="lang",
            horizontal=True,
        )
        from ui import baselines  # issue 8: baseline picker, newer-version note

        baselines.picker()
        st.toggle(
            tr("Presentasjonsmodus", "Presenter mode"),
            key="workshop",  # presenter mode (the key keeps its old name)
            help=tr(
                "For storskjerm: store tall, sidens spaker og hovedfigur – ikke noe annet.",
                "For the big screen: large figures, the page's levers and main chart – "
                "nothing else.",
            ),
        )
        slots = (st.empty(), copy_link_frame())
        _saved_block()
        st.caption(f"Modell {MODEL_VERSION} · " + tr("data", "data") + f" {state.baseline().hash}")
    return slots


def scenario_controls(slots: Any) -> None:
    """Undo/reset and the link to copy, in the sidebar slots from :func:`sidebar`."""
    buttons, link = slots
    row = buttons.container(horizontal=True, gap="small")
    row.button(
        tr("Angre", "Undo"),
        on_click=state.undo,
        disabled=not state.can_undo(),
        width="stretch",
        key="btn_undo",
        help=tr("Angre siste endring", "Undo the last change"),
    )
    row.button(
        tr("Nullstill", "Reset"),
        on_click=state.reset,
        width="stretch",
        key="btn_reset",
        help=tr("Tilbake til dagens situasjon", "Back to the baseline"),
    )
    link.code(share_link() or "?", language=None, wrap_lines=False)


@st.cache_resource(show_spinner=False)
def _store_writes() -> dict[str, int]:
    """Per-process count of scenario writes made from this sidebar."""
    return {"n": 0}


def _wrote() -> None:
    _store_writes()["n"] += 1


def _list_saved(store: Any) -> list[Any]:
    """The saved scenarios, read from the store once per write here and at most every
    30 s (other processes' writes), not on every slider move."""
    key = (_store_writes()["n"], int(time.monotonic() // 30))
    cached = st.session_state.get("_saved_list")
    if cached is not None and cached[0] == key:
        return cached[1]  # type: ignore[no-any-return]
    items = list(store.list_scenarios())
    st.session_state["_saved_list"] = (key, items)
    return items


#: session-state key of the «Lagrede scenarioer» expander (True while it is open)
SAVED_EXPANDER = "exp:saved"


def _saved_block() -> None:
    store = state.store()
    # Built only while open (on_change="rerun"): the form, list and buttons are otherwise
    # sent on every rerun of every page for a panel that is usually closed.
    saved = st.expander(
        tr("Lagrede scenarioer", "Saved scenarios"), key=SAVED_EXPANDER, on_change="rerun"
    )
    if not saved.open:
        return
    with saved:
        if store is None:
            st.warning(
                tr(
                    "Databasen er ikke tilgjengelig, så scenarioer kan ikke lagres nå: ",
                    "The database is not available, so scenarios cannot be saved now: ",
                )
                + md(st.session_state.get("_store_error", ""))
            )
            return
        from ui import auth  # roles (issue 10): a viewer sees why the buttons are off

        may_edit, why_not = auth.can_edit()
        with st.form("save_form", clear_on_submit=True, border=False):
            name = st.text_input(tr("Navn", "Name"), max_chars=120, key="save_name")
            muni = st.text_input(tr("Kommune", "Municipality"), max_chars=120, key="save_muni")
            desc = st.text_area(
                tr("Beskrivelse", "Description"), max_chars=2000, key="save_desc", height=80
            )
            as_version = st.checkbox(
                tr(
                    "Lagre som ny versjon av det åpne scenarioet",
                    "Save as a new version of the open scenario",
                ),
                key="save_as_version",
                disabled="loaded_id" not in st.session_state,
            )
            submitted = st.form_submit_button(
                tr("Lagre", "Save"), disabled=not may_edit, help=md(why_not) if why_not else None
            )
        if not may_edit:
            st.caption(md(why_not))
        if submitted and may_edit:
            _save(store, name, muni, desc, as_version)

        items = _list_saved(store)
        if not items:
            st.caption(tr("Ingen lagrede scenarioer ennå.", "No saved scenarios yet."))
            return
        labels = {
            it.id: f"{it.name} (v{it.version}, {it.updated_at:%d.%m.%Y %H:%M})" for it in items
        }
        sel = st.selectbox(
            tr("Velg scenario", "Choose a scenario"),
            options=list(labels),
            format_func=lambda k: labels[k],
            key="saved_pick",
        )
        chosen = next(it for it in items if it.id == sel)
        if chosen.description:
            st.caption(md(chosen.description))
        c1, c2 = st.columns(2)
        if c1.button(tr("Åpne", "Open"), key="btn_open", width="stretch"):
            if chosen.scenario is None:
                st.error(
                    tr("Scenarioet kan ikke leses: ", "The scenario cannot be read: ")
                    + md(chosen.error or "")
                )
            else:
                state.load_saved(chosen)
                st.rerun()
        if c2.button(
            tr("Slett …", "Delete …"),
            key="btn_delete_ask",
            width="stretch",
            disabled=not may_edit,
            help=md(why_not) if why_not else None,
        ):
            st.session_state["_confirm_delete"] = chosen.id
        if st.session_state.get("_confirm_delete") == chosen.id:
            st.warning(tr(f"Slette «{md(chosen.name)}»?", f"Delete '{md(chosen.name)}'?"))
            d1, d2 = st.columns(2)
            if d1.button(tr("Ja, slett", "Yes, delete"), key="btn_delete_yes", type="primary"):
                store.delete_scenario(chosen.id)
                _wrote()
                st.session_state.pop("_confirm_delete", None)
                st.toast(tr("Slettet (kan gjenopprettes).", "Deleted (recoverable)."))
                st.rerun()
            if d2.button(tr("Avbryt", "Cancel"), key="btn_delete_no"):
                st.session_state.pop("_confirm_delete", None)
                st.rerun()
        new_name = st.text_input(tr("Nytt navn", "New name"), key="rename_to", max_chars=120)
        if st.button(
            tr("Gi nytt navn", "Rename"),
            key="btn_rename",
            disabled=not new_name.strip() or not may_edit,
            help=md(why_not) if why_not else None,
        ):
            try:
                store.rename_scenario(chosen.id, new_name)
                _wrote()
                st.toast(tr("Nytt navn lagret.", "Renamed."))
                st.rerun()
            except Exception as e:  # noqa: BLE001
                st.error(md(state.error_text(e)))
        st.caption(tr("Kort lenke: ", "Short link: ") + md(f"{_base_url()}?id={chosen.version_id}"))


def _local(ts: Any) -> str:
    """UTC timestamp from the store, shown in Norwegian time."""
    try:
        from zoneinfo import ZoneInfo

        return f"{ts.astimezone(ZoneInfo('Europe/Oslo')):%d.%m.%Y %H:%M}"
    except Exception:  # noqa: BLE001
        return str(ts)


def _save(store: Any, name: str, muni: str, desc: str, as_version: bool) -> None:
    if not name.strip():
        st.error(tr("Gi scenarioet et navn.", "Give the scenario a name."))
        return
    r = state.result()
    b = state.baseline()
    try:
        saved = store.save_scenario(
            name=name,
            scenario=state.scenario(),
            municipality=muni,
            description=desc,
            baseline_name=b.name,
            baseline_hash=b.hash,
            model_version=MODEL_VERSION,
            summary=headline_numbers(r),
            scenario_id=st.session_state.get("loaded_id") if as_version else None,
        )
    except Exception as e:  # noqa: BLE001 - message, not traceback
        st.error(tr("Kunne ikke lagre: ", "Could not save: ") + md(state.error_text(e)))
        return
    _wrote()
    if saved.deleted:
        saved = store.restore_scenario(saved.id)
    st.session_state["loaded_id"] = saved.id
    st.session_state["loaded_version_id"] = saved.version_id
    st.success(
        tr(
            f"Lagret «{md(saved.name)}» (versjon {saved.version}).",
            f"Saved '{md(saved.name)}' (version {saved.version}).",
        )
    )
    st.caption(tr("Kort lenke: ", "Short link: ") + md(f"{_base_url()}?id={saved.version_id}"))


def headline_numbers(r: Any) -> dict[str, float]:
    t = r.totals
    return {
        "gross": t.gross_savings_nok_per_year,
        "net": t.net_savings_nok_per_year,
        "fte": t.fte_change,
        "net_investment": t.net_investment_nok,
    }


# ---------------------------------------------------------------------- headline
def messages() -> None:
    for key in ("_url_warning", "_lever_error"):
        msg = st.session_state.pop(key, None)
        if msg:
            st.warning(md(msg))
    fault = getattr(state.raw_store(), "fault", None)
    if fault is not None:
        st.warning(
            tr(
                "Databasen kan ikke brukes nå, så appen viser grunnlagene som følger med, "
                "og ingenting kan lagres. ",
                "The database cannot be used now, so the app shows the shipped baselines "
                "and nothing can be saved. ",
            )
            + md(state.error_text(fault))
        )
    elif st.session_state.get("_store_error") and state.store() is None:
        st.info(
            tr(
                "Databasen kunne ikke åpnes; appen bruker demodata direkte fra filene. ",
                "The database could not be opened; the app uses the demo data files. ",
            )
            + md(st.session_state["_store_error"])
        )
    saved = st.session_state.pop("_saved_summary", None)
    if saved:
        _version_id, summary, model_version, baseline_hash = saved
        now = headline_numbers(state.result())
        diffs = [k for k, v in summary.items() if k in now and abs(now[k] - v) > 1.0]
        if diffs or model_version != MODEL_VERSION or baseline_hash != state.baseline().hash:
            st.info(
                tr(
                    f"Scenarioet ble lagret med modell {md(model_version)} og data {md(baseline_hash)}. ",
                    f"The scenario was saved with model {md(model_version)} and data {md(baseline_hash)}. ",
                )
                + (
                    tr(
                        "Tallene er annerledes nå: "
                        + ", ".join(
                            f"{md(k)} {fmt.mnok(summary[k]) if k != 'fte' else fmt.fte(summary[k])}"
                            f" → {fmt.mnok(now[k]) if k != 'fte' else fmt.fte(now[k])}"
                            for k in diffs
                        ),
                        "The numbers differ now: "
                        + ", ".join(f"{md(k)} {summary[k]:,.0f} → {now[k]:,.0f}" for k in diffs),
                    )
                    if diffs
                    else tr("Tallene er de samme.", "The numbers are the same.")
                )
            )


@dataclass(frozen=True)
class Figure:
    """One headline figure: the change (``value``), and the level today and in the scenario
    where the result has them (``today`` → ``after``)."""

    key: str
    label: str
    value: float | None  # NOK for ``unit="mnok"``, else a plain number
    help: str
    today: float | None = None
    after: float | None = None
    payback: int | None = None
    unit: str = "mnok"
    note: str = ""  # e.g. which kinds of money the figure sums (from the result)
    #: the budget gap: the requirement the value closes part of, the kinds of money it
    #: counts (the model's ``GapResult.counted``) and whether the requirement is assumed
    of: float | None = None
    counted: tuple[str, ...] = ()
    assumed: bool = False


def headline_figures(r: Any, gap: budget_gap.FrameGap | None = None) -> list[Figure]:
    """The headline, from the model's result only. When the result carries cost levels
    (today and in the scenario), they go into ``today``/``after`` here and nowhere else.
    With ``gap`` (the model's budget-gap headline, when the baseline has a savings
    requirement) a last figure: how much of the requirement the measures close."""
    t = r.totals
    # issue 8: levels and the three kinds of money come from the result (model), never here
    lv0, lv1 = getattr(t, "today", None), getattr(t, "scenario", None)
    night0, night1 = t.night_baseline.total_cost_nok, t.night.total_cost_nok
    figs = [
        Figure(
            "net",
            tr("Netto besparelse", "Net saving"),
            t.net_savings_nok_per_year,
            tr(
                "Per år ved full effekt. Summen av de tre pengeslagene under: kutt i dagens "
                "budsjett, unngått kostnad mot framskrivingen og endret statlig refusjon.",
                "Per year at full effect. The sum of the three kinds of money: cut in today's "
                "budget, cost avoided against the projection and change in state refund.",
            ),
            note=getattr(t, tr("headline_sums_nb", "headline_sums_en"), ""),
        ),
        Figure(
            "gross",
            tr("Brutto besparelse", "Gross saving"),
            t.gross_savings_nok_per_year,
            tr(
                "Per år ved full effekt, før tapt refusjon",
                "Per year at full effect, before lost refund",
            ),
        ),
        Figure(
            "cut",
            tr("Kutt i dagens budsjett", "Cut in today's budget"),
            getattr(t, "cut_nok_per_year", 0.0),
            tr(
                "Lavere kostnad enn i dag (basisåret), ved full effekt; i dag → i scenarioet "
                "(kostnad per år for det modellen kjenner).",
                "Lower cost than today (the base year), at full effect; today → scenario "
                "(cost per year of what the model knows).",
            ),
            lv0.cost_nok_per_year if lv0 else None,
            lv1.cost_nok_per_year if lv1 else None,
        ),
        Figure(
            "avoided",
            tr("Unngått kostnad", "Cost avoided"),
            getattr(t, "avoided_nok_per_year", 0.0),
            tr(
                "Kostnad en videreføring av dagens praksis ville gitt ved befolkningsvekst, men "
                "som scenarioet unngår (siste planår). Ikke et kutt i dagens budsjett.",
                "Cost that carrying today's practice forward with population growth would add, "
                "and the scenario avoids (last plan year). Not a cut in today's budget.",
            ),
            note=tr("mot framskrivingen", "against the projection"),
        ),
        Figure(
            "refund",
            tr("Endret refusjon", "Refund change"),
            getattr(t, "refund_change_nok_per_year", 0.0),
            tr(
                "Endring i statlig refusjon for ressurskrevende tjenester (negativ: tapt "
                "refusjon); i dag → i scenarioet.",
                "Change in the state refund for resource-intensive services (negative: refund "
                "lost); today → scenario.",
            ),
            lv0.refund_nok_per_year if lv0 else None,
            lv1.refund_nok_per_year if lv1 else None,
        ),
        Figure(
            "night",
            tr("Nattevakt per år", "Night watch per year"),
            night1 - night0,
            tr(
                "Endring i nattevaktenes kostnad per år (lønn og tillegg); i dag → i scenarioet",
                "Change in the night watch's cost per year (pay and supplements); today → scenario",
            ),
            night0,
            night1,
        ),
        Figure(
            "fte",
            tr("Endring årsverk", "FTE change"),
            t.fte_change,
            tr(
                "Brutto årsverk (negativt = færre); i dag → i scenarioet",
                "Gross FTE (negative = fewer); today → scenario",
            ),
            lv0.fte if lv0 else None,
            lv1.fte if lv1 else None,
            unit="fte",
            note=(
                tr("herav ", "of which ")
                + fmt.num(getattr(t, "fte_avoided", 0.0), 1)
                + tr(" unngått mot framskrivingen", " avoided against the projection")
            )
            if abs(getattr(t, "fte_avoided", 0.0)) > 0.05
            else "",
        ),
        Figure(
            "inv",
            tr("Investering (netto)", "Investment (net)"),
            t.net_investment_nok,
            tr(
                "Byggekostnad minus Husbankens tilskudd. Tilbakebetalt: første år da samlet "
                "netto besparelse av alle tiltak dekker investeringen.",
                "Construction cost less Husbanken grant. Payback: the first year the "
                "cumulative net saving of all measures covers the investment.",
            ),
            payback=t.payback_year if t.net_investment_nok else None,
        ),
    ]
    if gap is not None:
        h = gap.head
        kinds = _counted_md(gap.counted)
        figs.append(
            Figure(
                "gap",
                tr(f"Krav {h.year} dekket", f"Requirement {h.year} closed"),
                h.closed_nok,
                tr(
                    f"Tiltakene dekker {fmt.mnok(h.closed_nok)} av {fmt.mnok(h.requirement_nok)} "
                    f"i {h.year}",
                    f"The measures close {fmt.mnok(h.closed_nok)} of {fmt.mnok(h.requirement_nok)} "
                    f"in {h.year}",
                )
                + tr(
                    f" (økonomiplanens innsparingskrav). Teller: {kinds}; se «Økonomiplan og "
                    "handlingsrom» for år, tiltak og valg."
                    + (
                        " Kravet er en antakelse i datasettet, ikke publisert."
                        if gap.assumed
                        else ""
                    ),
                    f" (the economic plan's savings requirement). Counts: {kinds}; see 'Economic "
                    "plan and room for action' for years, measures and options."
                    + (
                        " The requirement is an assumption in the dataset, not published."
                        if gap.assumed
                        else ""
                    ),
                ),
                of=h.requirement_nok,
                counted=gap.counted,
                assumed=gap.assumed,
            )
        )
    return figs


#: short names of the kinds of money (model.economy.gap.KIND_LABELS has the long ones)
KIND_SHORT: dict[str, tuple[str, str]] = {
    "cut": ("kutt", "cut"),
    "avoided": ("unngått", "avoided"),
    "refund": ("refusjon", "refund"),
}


def _counted_md(counted: tuple[str, ...] | list[str]) -> str:
    """'kutt + refusjon' / 'cut + refund': the kinds the gap counts (constant words)."""
    return " + ".join(tr(*KIND_SHORT[k]) for k in counted if k in KIND_SHORT)


def _levels_md(f: Figure) -> str:
    """'i dag 272,0 → 253,6 mill. kr' / 'today NOK 272.0m → 253.6m': one short line, the
    unit once (numbers and constant words only)."""
    if f.of is not None:  # 'av 20,0 mill. kr (antatt) · kutt + refusjon'
        return (
            tr("av ", "of ")
            + fmt.mnok(f.of)
            + (tr(" (antatt)", " (assumed)") if f.assumed else "")
            + " · "
            + _counted_md(f.counted)
        )
    if f.today is None or f.after is None:
        return ""
    if f.unit != "mnok":
        return tr("i dag ", "today ") + fmt.num(f.today, 1) + " → " + fmt.num(f.after, 1)
    return tr(
        "i dag " + fmt.num(f.today / 1e6, 1) + " → " + fmt.mnok(f.after),
        "today " + fmt.mnok(f.today) + " → " + fmt.num(f.after / 1e6, 1) + "m",
    )


def _detail_md(f: Figure) -> str | None:
    """The grey line under a figure (shown as the metric's delta, without arrow or colour):
    levels today → scenario, the figure's note, or the payback year."""
    parts = [p for p in (_levels_md(f), md(f.note) if f.note else "") if p]
    if not parts and f.payback:
        parts = [
            tr("tilbakebetalt (alle tiltak) ", "payback (all measures) ") + str(int(f.payback))
        ]
    return "; ".join(parts) or None


def headline() -> None:
    """The figures the room watches: in a sticky band at the top of every page (it stays in
    view while the levers further down are worked), as a compact grid that wraps instead of
    cutting a figure; in presenter mode the same figures in large type.

    One element per figure (a metric whose grey delta line carries the levels), laid out by
    CSS on the band itself: no container per figure, no grid container (fewer elements to
    build and send on every rerun)."""
    r = state.result()
    b = state.baseline()
    figs = headline_figures(r, budget_gap.frame_gap(r, b.name, b.municipality))
    with st.container(key="headline", gap=None):
        for f in figs:
            st.metric(
                md(f.label),
                fmt.mnok(f.value) if f.unit == "mnok" else fmt.num(f.value, 1),
                _detail_md(f),
                delta_color="off",
                delta_arrow="off",
                help=md(f.help),
            )
        lv0, lv1 = getattr(r.totals, "today", None), getattr(r.totals, "scenario", None)
        levels = (
            tr(
                f"Lokasjoner med nattbemanning i dag {fmt.num(lv0.sites)} → {fmt.num(lv1.sites)}, "
                f"plasser {fmt.num(lv0.places)} → {fmt.num(lv1.places)} · ",
                f"Sites with night staff today {fmt.num(lv0.sites)} → {fmt.num(lv1.sites)}, "
                f"places {fmt.num(lv0.places)} → {fmt.num(lv1.places)} · ",
            )
            if lv0 and lv1
            else ""
        )
        st.caption(
            levels
            + tr(
                f"{r.price_year}-kroner per år ved full effekt · Grunnlag: "
                f"{md(b.municipality)} {b.year} · cirka-tall, se «Metode og kilder»",
                f"NOK in {r.price_year} prices per year at full effect · Baseline: "
                f"{md(b.municipality)} {b.year} · approximate, see 'Method and sources'",
            )
        )


# ------------------------------------------------------------------------- styles
_CSS = """<style>
/* rows of figures in one flex block (st-key-eqrow_*): equal widths, like columns */
[class*="st-key-eqrow"] > div { flex: 1 1 0; min-width: 0; }
/* room for the page: less side padding than Streamlit's wide layout */
.stMainBlockContainer { padding-left: 1.5rem; padding-right: 1.5rem; padding-top: 3.5rem; }
/* the headline stays in view while the page's levers are worked */
[data-testid="stHeader"] { background: #FFFFFF; }
/* (the outermost block that holds it, a direct child of the page's block: the headline may
   sit in a slot drawn by the page-body fragment, and sticky only works inside its parent) */
.stMainBlockContainer > [data-testid="stVerticalBlock"] > [data-testid="stLayoutWrapper"]:has(.st-key-headline) {
  position: sticky; top: 3.75rem; z-index: 90;
}
.st-key-headline {
  background: var(--st-background-color, #FFFFFF);
  padding: 0.15rem 0 0.1rem 0; border-bottom: 1px solid #D5DEE8;
}
/* compact: one metric per figure, on a grid that wraps (never a cut figure); the last line
   (levels, price year, baseline) spans the whole band */
.st-key-headline {
  display: grid !important;
  grid-template-columns: repeat(auto-fill, minmax(9.6rem, 1fr));
  gap: 0.2rem 0.9rem; align-items: start;
}
.st-key-headline > [data-testid="stElementContainer"]:has([data-testid="stCaptionContainer"]) {
  grid-column: 1 / -1;
}
.st-key-headline [data-testid="stMetricLabel"] { min-height: 0; margin-bottom: 0; }
.st-key-headline [data-testid="stMetricLabel"] [data-testid="stMarkdownContainer"] { line-height: 1.2; }
.st-key-headline [data-testid="stMetricLabel"] p {
  font-size: 0.8rem; line-height: 1.2; white-space: normal;
}
.st-key-headline [data-testid="stMetricValue"] {
  font-size: clamp(1.05rem, 1.3vw, 1.45rem); line-height: 1.2; padding-bottom: 0;
}
.st-key-headline [data-testid="stMetricValue"] + div { padding-top: 0.05rem; }
.st-key-headline [data-testid="stMetricDelta"] {
  font-size: 0.76rem; line-height: 1.25; background: none; padding: 0; border-radius: 0;
}
/* the net figure's line says what it sums: two columns wide where there are several */
@media (min-width: 1000px) {
  .st-key-headline > [data-testid="stElementContainer"]:first-child { grid-column: span 2; }
}
/* on a wide screen the last figure (the budget gap's line is the longest) too */
@media (min-width: 1700px) {
  .st-key-headline > [data-testid="stElementContainer"]:nth-last-child(2) { grid-column: span 2; }
}
.st-key-headline [data-testid="stMetricDelta"] div,
.st-key-headline [data-testid="stMetricDelta"] p { white-space: normal; }
.st-key-headline [data-testid="stMetricValue"] > div,
.st-key-headline [data-testid="stMetricDelta"] > div { overflow: visible; }
.st-key-headline [data-testid="stCaptionContainer"] p { font-size: 0.76rem; line-height: 1.3; }
/* "copy link": the code block's copy button, labelled, without the long link itself */
.st-key-share_link [data-testid="stCode"] pre { height: 2.6rem; overflow: hidden; }
.st-key-share_link [data-testid="stCode"] code { visibility: hidden; }
.st-key-share_link [data-testid="stCode"] pre::before {
  content: var(--copy-label); position: absolute; left: 0.9rem; top: 0.55rem;
  font-family: var(--st-font, sans-serif); font-weight: 600; color: #1F5F8B;
}
.st-key-share_link [data-testid="stElementToolbarButton"],
.st-key-share_link [data-testid="stCode"] > div { opacity: 1 !important; visibility: visible !important; }
/* tables scroll inside themselves */
[data-testid="stTable"] { overflow-x: auto; }
</style>"""

_PRESENTER_CSS = """<style>
/* presenter mode: the same figures in large type, on a clean grid (no wide first figure) */
.st-key-headline { grid-template-columns: repeat(auto-fill, minmax(12.5rem, 1fr)); gap: 0.5rem 1rem; }
.st-key-headline > [data-testid="stElementContainer"] { grid-column: auto !important; }
.st-key-headline [data-testid="stMetricValue"] { font-size: clamp(1.5rem, 2.3vw, 3rem); }
.st-key-headline [data-testid="stMetricLabel"] p { font-size: 1.1rem; }
.st-key-headline [data-testid="stMetricDelta"] { font-size: 0.95rem; }
.st-key-headline [data-testid="stCaptionContainer"] p { font-size: 0.9rem; }
.st-key-headline > [data-testid="stElementContainer"]:has([data-testid="stCaptionContainer"]) {
  grid-column: 1 / -1 !important;
}
</style>"""


def styles() -> None:
    """Layout rules that Streamlit has no option for (constant CSS, no user text)."""
    label = tr("Kopier lenke", "Copy link")
    st.html(
        _CSS
        + f"<style>.st-key-share_link {{ --copy-label: '{label}'; }}</style>"
        + (_PRESENTER_CSS if state.presenting() else "")
    )
