"""The frame around every page: sidebar (language, workshop mode, undo/reset, link,
saved scenarios) and the headline figures at the top."""

from __future__ import annotations

from typing import Any

import streamlit as st

from model import MODEL_VERSION
from ui import fmt, state
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
def sidebar() -> None:
    with st.sidebar:
        st.radio(
            "Språk / Language",
            options=list(LANGS),
            format_func=lambda k: LANGS[k],
            key="lang",
            horizontal=True,
        )
        st.toggle(
            tr("Workshopmodus (store tall)", "Workshop mode (large type)"),
            key="workshop",
            help=tr(
                "Viser bare nøkkeltallene og sidens hovedfigur, i stor skrift.",
                "Shows only the headline figures and the page's main chart, in large type.",
            ),
        )
        c1, c2 = st.columns(2)
        c1.button(
            tr("Angre", "Undo"),
            on_click=state.undo,
            disabled=not state.can_undo(),
            width="stretch",
            key="btn_undo",
            help=tr("Angre siste endring", "Undo the last change"),
        )
        c2.button(
            tr("Nullstill", "Reset"),
            on_click=state.reset,
            width="stretch",
            key="btn_reset",
            help=tr("Tilbake til dagens situasjon", "Back to the baseline"),
        )
        st.markdown("**" + tr("Lenke til dette scenarioet", "Link to this scenario") + "**")
        st.code(share_link() or "?", language=None, wrap_lines=True)
        st.caption(
            tr(
                "Adressefeltet oppdateres ved hver endring; kopier lenken med knappen i feltet.",
                "The address bar follows every change; copy the link with the field's button.",
            )
        )
        _saved_block()
        st.caption(f"Modell {MODEL_VERSION} · " + tr("data", "data") + f" {state.baseline().hash}")


def _saved_block() -> None:
    store = state.store()
    with st.expander(tr("Lagrede scenarioer", "Saved scenarios"), expanded=False):
        if store is None:
            st.warning(
                tr(
                    "Databasen er ikke tilgjengelig, så scenarioer kan ikke lagres nå: ",
                    "The database is not available, so scenarios cannot be saved now: ",
                )
                + md(st.session_state.get("_store_error", ""))
            )
            return
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
            submitted = st.form_submit_button(tr("Lagre", "Save"))
        if submitted:
            _save(store, name, muni, desc, as_version)

        items = store.list_scenarios()
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
        if c2.button(tr("Slett …", "Delete …"), key="btn_delete_ask", width="stretch"):
            st.session_state["_confirm_delete"] = chosen.id
        if st.session_state.get("_confirm_delete") == chosen.id:
            st.warning(tr(f"Slette «{md(chosen.name)}»?", f"Delete '{md(chosen.name)}'?"))
            d1, d2 = st.columns(2)
            if d1.button(tr("Ja, slett", "Yes, delete"), key="btn_delete_yes", type="primary"):
                store.delete_scenario(chosen.id)
                st.session_state.pop("_confirm_delete", None)
                st.toast(tr("Slettet (kan gjenopprettes).", "Deleted (recoverable)."))
                st.rerun()
            if d2.button(tr("Avbryt", "Cancel"), key="btn_delete_no"):
                st.session_state.pop("_confirm_delete", None)
                st.rerun()
        new_name = st.text_input(tr("Nytt navn", "New name"), key="rename_to", max_chars=120)
        if st.button(tr("Gi nytt navn", "Rename"), key="btn_rename", disabled=not new_name.strip()):
            try:
                store.rename_scenario(chosen.id, new_name)
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
    if st.session_state.get("_store_error") and state.store() is None:
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


def headline() -> None:
    r = state.result()
    t = r.totals
    big = state.workshop()
    items = [
        (
            tr("Netto besparelse", "Net saving"),
            fmt.mnok(t.net_savings_nok_per_year),
            tr(
                "Per år ved full effekt, etter tapt statlig refusjon for ressurskrevende tjenester",
                "Per year at full effect, after lost state refund",
            ),
        ),
        (
            tr("Brutto besparelse", "Gross saving"),
            fmt.mnok(t.gross_savings_nok_per_year),
            tr(
                "Per år ved full effekt, før tapt refusjon",
                "Per year at full effect, before lost refund",
            ),
        ),
        (
            tr("Endring årsverk", "FTE change"),
            fmt.num(t.fte_change, 1),
            tr("Brutto årsverk (negativt = færre)", "Gross FTE (negative = fewer)"),
        ),
        (
            tr("Investering (netto)", "Investment (net)"),
            fmt.mnok(t.net_investment_nok),
            tr("Byggekostnad minus Husbankens tilskudd", "Construction cost less Husbanken grant"),
        ),
        (
            tr("Tilbakebetalt", "Payback year"),
            str(t.payback_year) if t.payback_year else "–",
            tr(
                "Første år da samlet netto besparelse dekker investeringen",
                "First year cumulative net savings cover the investment",
            ),
        ),
    ]
    if big:  # workshop mode: wider columns so large figures never break mid-word
        cols = st.columns(3) + st.columns(2)
    else:
        cols = st.columns(len(items))
    for col, (label, value, helptext) in zip(cols, items, strict=True):
        with col:
            if big:
                st.markdown(f"**{label}**")
                st.markdown(f"# {value}")
            else:
                st.metric(label, value, help=helptext)
    st.caption(
        tr(
            f"Beløp i {r.price_year}-kroner, per år ved full effekt. Grunnlag: {md(state.baseline().municipality)} {state.baseline().year}. Cirka-tall – se «Metode og kilder».",
            f"NOK in {r.price_year} prices, per year at full effect. Baseline: {md(state.baseline().municipality)} {state.baseline().year}. Approximate figures – see 'Method and sources'.",
        )
    )
