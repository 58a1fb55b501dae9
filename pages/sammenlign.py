"""Sammenlign: 2–4 saved scenarios (and the current one) side by side."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from model import MODEL_VERSION, Baseline, Result, Scenario, evaluate
from ui import charts, fmt, state, tables
from ui import widgets as w
from ui.downloads import chart_block
from ui.frame import require_frame
from ui.i18n import lang, pick, tr

require_frame()

PAGE = "sammenlign"
CURRENT = "__current__"
PICK_KEY = f"{PAGE}:pick"
KEEP_KEY = f"_{PAGE}:pick"  # survives workshop mode (the widget is not drawn there)
MAX_PICK = 4
ss = st.session_state


@dataclass
class Item:
    key: str
    name: str
    scenario: Scenario
    saved: Any | None  # SavedScenario or None for the current scenario
    result: Result | None = None
    error: str = ""


@st.cache_data(show_spinner=False, max_entries=256)
def _evaluate(scenario_json: str, baseline_hash: str, _baseline: Baseline) -> Result:
    """Cached on the scenario's canonical JSON and the baseline's content hash."""
    return evaluate(_baseline, Scenario.model_validate_json(scenario_json))


def _saved_list() -> tuple[list[Any], str]:
    store = state.store()
    if store is None:
        return [], tr(
            "Databasen er ikke tilgjengelig, så lagrede scenarioer kan ikke hentes. Du kan "
            "bare se gjeldende scenario. ",
            "The database is not available, so saved scenarios cannot be loaded. Only the "
            "current scenario is available. ",
        ) + w.md(ss.get("_store_error", ""))
    try:
        return list(store.list_scenarios()), ""
    except Exception as e:  # noqa: BLE001 - a message, never a traceback
        msg = e.message(lang()) if hasattr(e, "message") else str(e)
        return [], tr("Kunne ikke hente lagrede scenarioer: ", "Could not list scenarios: ") + w.md(
            msg
        )


def _label(it: Any) -> str:
    when = f"{it.updated_at:%d.%m.%Y}" if getattr(it, "updated_at", None) else ""
    muni = f" · {it.municipality}" if it.municipality else ""
    return f"{it.name} · v{it.version}{muni} · {when}"


def _unique(names: list[str]) -> list[str]:
    out: list[str] = []
    for n in names:
        cand, i = n, 2
        while cand in out:
            cand = f"{n} ({i})"
            i += 1
        out.append(cand)
    return out


def _items(keys: list[str], saved: dict[str, Any]) -> list[Item]:
    b = state.baseline()
    items: list[Item] = []
    for k in keys:
        if k == CURRENT:
            items.append(
                Item(k, tr("Gjeldende scenario", "Current scenario"), state.scenario(), None)
            )
            continue
        it = saved.get(k)
        if it is None:
            continue
        if it.scenario is None:
            items.append(
                Item(
                    k,
                    it.name,
                    Scenario(),
                    it,
                    error=tr("Scenarioet kan ikke leses: ", "The scenario cannot be read: ")
                    + str(it.error or ""),
                )
            )
            continue
        items.append(Item(k, f"{it.name} (v{it.version})", it.scenario, it))
    for item, name in zip(items, _unique([i.name for i in items]), strict=True):
        item.name = name
        if item.error:
            continue
        try:
            item.result = _evaluate(item.scenario.canonical_json(), b.hash, b)
        except Exception as e:  # noqa: BLE001
            item.error = tr("Kunne ikke regnes ut: ", "Could not be evaluated: ") + str(e)
    return items


# ----------------------------------------------------------------------- tables
HEADLINE = (
    ("net", "Netto besparelse per år", "Net saving per year", "kr/år", "NOK/yr"),
    ("gross", "Brutto besparelse per år", "Gross saving per year", "kr/år", "NOK/yr"),
    ("lost", "Tapt refusjon per år", "Lost refund per year", "kr/år", "NOK/yr"),
    ("fte", "Endring årsverk", "FTE change", "årsverk", "FTE"),
    ("invest", "Investering (byggekostnad)", "Investment (construction)", "kr", "NOK"),
    ("net_invest", "Netto investering", "Net investment", "kr", "NOK"),
    ("capital", "Årlig kapitalkostnad", "Annual capital cost", "kr/år", "NOK/yr"),
    (
        "after_capital",
        "Netto etter kapitalkostnad",
        "Net after capital cost",
        "kr/år",
        "NOK/yr",
    ),
    ("payback", "Tilbakebetalt, alle tiltak (år)", "Payback year, all measures", "år", "year"),
)


def _headline_values(r: Result) -> dict[str, float | None]:
    t = r.totals
    return {
        "net": t.net_savings_nok_per_year,
        "gross": t.gross_savings_nok_per_year,
        "lost": t.lost_refund_nok_per_year,
        "fte": t.fte_change,
        "invest": t.investment_nok,
        "net_invest": t.net_investment_nok,
        "capital": t.annual_capital_cost_nok,
        "after_capital": t.net_effect_after_capital_nok_per_year,
        "payback": float(t.payback_year) if t.payback_year else None,
    }


def _fmt_headline(key: str, v: float | None) -> str:
    if v is None:
        return "–"
    if key == "fte":
        return fmt.fte(v + 0.0)
    if key == "payback":
        return str(int(v))
    return fmt.mnok(v)


def headline_tables(items: list[Item]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(shown: formatted text, numbers: for Excel) — rows are figures, columns scenarios."""
    first = tr("Nøkkeltall", "Figure")
    shown_rows, num_rows = [], []
    for key, nb, en, unit_nb, unit_en in HEADLINE:
        srow: dict[str, Any] = {first: tr(nb, en)}
        nrow: dict[str, Any] = {first: tr(nb, en), tr("Enhet", "Unit"): tr(unit_nb, unit_en)}
        for it in items:
            v = _headline_values(it.result)[key] if it.result else None
            srow[it.name] = _fmt_headline(key, v)
            nrow[it.name] = v
        shown_rows.append(srow)
        num_rows.append(nrow)
    return pd.DataFrame(shown_rows), pd.DataFrame(num_rows)


def measure_tables(items: list[Item]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(shown, numbers, long form for the chart) of net saving and FTE per measure."""
    ids: list[str] = []
    labels: dict[str, str] = {}
    for it in items:
        if it.result is None:
            continue
        for m in it.result.measures:
            if m.active and m.id not in ids:
                ids.append(m.id)
                labels[m.id] = pick(m, "label")
    first = tr("Tiltak", "Measure")
    net_l, fte_l = tr("netto mill. kr/år", "net NOK m/yr"), tr("årsverk", "FTE")
    shown_rows, num_rows, long_rows = [], [], []
    for mid in ids:
        srow: dict[str, Any] = {first: labels[mid]}
        nrow: dict[str, Any] = {first: labels[mid]}
        for it in items:
            m = None
            if it.result is not None:
                m = next((x for x in it.result.measures if x.id == mid and x.active), None)
            net = m.net_savings_nok_per_year if m else 0.0
            fte = m.fte_change if m else 0.0
            srow[f"{it.name}: {net_l}"] = fmt.num(net / 1e6, 1) if m else "–"
            srow[f"{it.name}: {fte_l}"] = fmt.num(fte + 0.0, 1) if m else "–"
            nrow[f"{it.name}: {net_l}"] = net / 1e6 if m else None
            nrow[f"{it.name}: {fte_l}"] = fte if m else None
            if it.result is not None:
                long_rows.append({"measure": labels[mid], "scenario": it.name, "net": net / 1e6})
        shown_rows.append(srow)
        num_rows.append(nrow)
    long = pd.DataFrame(long_rows, columns=["measure", "scenario", "net"])
    return pd.DataFrame(shown_rows), pd.DataFrame(num_rows), long


def _inputs_table(items: list[Item]) -> pd.DataFrame:
    b = state.baseline()
    rows = []
    for it in items:
        sv = it.saved
        rows.append(
            {
                tr("Scenario", "Scenario"): it.name,
                "id": sv.id if sv else "",
                "version_id": sv.version_id if sv else "",
                tr("Versjon", "Version"): sv.version if sv else None,
                tr("Kommune", "Municipality"): sv.municipality if sv else "",
                tr("Beskrivelse", "Description"): sv.description if sv else "",
                tr("Lagret med modell", "Saved with model"): sv.model_version if sv else "",
                tr("Lagret med data", "Saved with data"): (
                    f"{sv.baseline_name} {sv.baseline_hash}" if sv else ""
                ),
                tr("Regnet med modell", "Computed with model"): MODEL_VERSION,
                tr("Regnet med data", "Computed with data"): f"{b.name} {b.hash}",
                tr("Scenario (JSON)", "Scenario (JSON)"): it.scenario.canonical_json(),
                tr("Feil", "Error"): it.error,
            }
        )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- page
def page() -> None:
    st.header(tr("Sammenlign scenarioer", "Compare scenarios"))
    b = state.baseline()
    saved_items, problem = _saved_list()
    saved = {it.id: it for it in saved_items}
    options = [CURRENT, *saved]
    labels = {CURRENT: tr("Gjeldende scenario (ikke lagret)", "Current scenario (not saved)")}
    labels.update({k: _label(v) for k, v in saved.items()})

    kept = [k for k in ss.get(KEEP_KEY, [CURRENT]) if k in options][:MAX_PICK]
    if state.workshop():
        keys = kept
    else:
        if problem:
            st.warning(w.md(problem))
        elif not saved:
            st.info(
                tr(
                    "Ingen lagrede scenarioer ennå. Lagre scenarioer i sidepanelet "
                    "(«Lagrede scenarioer») og sammenlign dem her.",
                    "No saved scenarios yet. Save scenarios in the sidebar ('Saved scenarios') "
                    "and compare them here.",
                )
            )
        ss[PICK_KEY] = [k for k in ss.get(PICK_KEY, kept) if k in options][:MAX_PICK]
        st.multiselect(
            tr("Velg 2–4 scenarioer", "Choose 2–4 scenarios"),
            options=options,
            format_func=lambda k: labels.get(k, k),
            key=PICK_KEY,
            max_selections=MAX_PICK,
            placeholder=tr("Velg scenarioer", "Choose scenarios"),
            select_all=False,  # its label is English only
        )
        keys = list(ss.get(PICK_KEY, []))
        ss[KEEP_KEY] = keys
    if len(keys) < 2:
        st.info(
            tr(
                "Velg minst to scenarioer for å sammenligne.",
                "Choose at least two scenarios to compare.",
            )
        )
        return
    items = _items(keys, saved)
    for it in items:
        if it.error:
            st.error(w.md(f"{it.name}: {it.error}"))
        elif it.saved is not None and it.saved.baseline_hash != b.hash:
            st.caption(
                tr(
                    f"«{w.md(it.name)}» ble lagret med data {w.md(it.saved.baseline_name)} "
                    f"{w.md(it.saved.baseline_hash)}; her er det regnet på gjeldende grunnlag "
                    f"{w.md(b.name)} {b.hash}.",
                    f"'{w.md(it.name)}' was saved with data {w.md(it.saved.baseline_name)} "
                    f"{w.md(it.saved.baseline_hash)}; here it is computed on the current baseline "
                    f"{w.md(b.name)} {b.hash}.",
                )
            )
    good = [it for it in items if it.result is not None]
    head_shown, head_num = headline_tables(good)
    meas_shown, meas_num, long = measure_tables(good)

    st.subheader(tr("Netto besparelse per tiltak", "Net saving by measure"))
    if long.empty:
        st.info(
            tr(
                "Ingen av de valgte scenarioene har tiltak ennå.",
                "None of the chosen scenarios has measures yet.",
            )
        )
    else:
        chart_block(
            charts.grouped_bars(
                long,
                "measure",
                "net",
                "scenario",
                tr("Netto besparelse (mill. kr/år)", "Net saving (NOK m/year)"),
            ),
            long.rename(
                columns={
                    "measure": tr("Tiltak", "Measure"),
                    "scenario": tr("Scenario", "Scenario"),
                    "net": tr("Netto mill. kr/år", "Net NOK m/yr"),
                }
            ),
            tr("sammenligning-tiltak", "comparison-measures"),
            f"{PAGE}:bars",
            title=tr("Netto besparelse per tiltak", "Net saving by measure"),
        )
    if state.workshop():
        return

    st.subheader(tr("Nøkkeltall", "Headline figures"))
    cfg = {c: st.column_config.TextColumn(c, alignment="right") for c in head_shown.columns[1:]}
    st.dataframe(
        head_shown, hide_index=True, width="stretch", key=f"df:{PAGE}:head", column_config=cfg
    )
    st.subheader(tr("Tiltak per scenario", "Measures per scenario"))
    if meas_shown.empty:
        st.caption(tr("Ingen tiltak.", "No measures."))
    else:
        cfg = {c: st.column_config.TextColumn(c, alignment="right") for c in meas_shown.columns[1:]}
        st.dataframe(
            meas_shown, hide_index=True, width="stretch", key=f"df:{PAGE}:meas", column_config=cfg
        )
    inputs = _inputs_table(items)
    st.download_button(
        tr("Last ned sammenligningen (Excel)", "Download the comparison (Excel)"),
        data=lambda: tables.xlsx(
            {
                tr("Nøkkeltall", "Headline"): head_num,
                tr("Tiltak", "Measures"): meas_num,
                tr("Scenarioer", "Scenarios"): inputs,
            }
        ),
        file_name=tr("sammenligning.xlsx", "comparison.xlsx"),
        mime=tables.XLSX_MIME,
        key=f"xlsx:{PAGE}:all",
        on_click="ignore",
    )
    st.caption(
        tr(
            f"Alle scenarioer er regnet med modell {MODEL_VERSION} på grunnlaget "
            f"{w.md(b.name)} ({w.md(b.municipality)} {b.year}, {b.hash}). Beløp i kroner per "
            "år ved full effekt.",
            f"All scenarios are computed with model {MODEL_VERSION} on the baseline "
            f"{w.md(b.name)} ({w.md(b.municipality)} {b.year}, {b.hash}). Amounts in NOK per "
            "year at full effect.",
        )
    )


page()
