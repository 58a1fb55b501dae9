"""Samlokalisering: capacity rules per service, an explicit merge plan, investment and
the result (sites before → after, night cost, savings, investment and payback)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from model import Baseline, Result, Scenario
from ui import charts, fmt, state, tables
from ui import widgets as w
from ui.downloads import chart_block
from ui.frame import require_frame
from ui.i18n import lang, tr

require_frame()

PAGE = "samlokalisering"
K = f"lv:{PAGE}"  # callback-driven widgets that edit the scenario (reseeded on reset/undo)
D = PAGE  # draft inputs that do not edit the scenario until a button is pressed
MSG = f"_{PAGE}:msg"
SERVICES = ("habilitering", "psykisk_helse_rus", "ressurskrevende", "avlastning")
DEFAULT_MAX = 6  # NTNU: at most 6; Husbanken: 4–8
HUSBANKEN_MAX = 8
NTNU_MAX = 6
ss = st.session_state


# ------------------------------------------------------------------------- helpers
def _arrangement(awake: Any, resting: Any, dt: Any) -> dict[str, Any]:
    arr: dict[str, Any] = {"awake": int(awake or 0), "resting": int(resting or 0)}
    if dt:
        arr["dognturnus"] = True
    return arr


def _arr_text_md(awake: float, resting: float, dt: bool | None) -> str:
    txt = tr(
        f"{fmt.num(awake)} våkne, {fmt.num(resting)} hvilende",
        f"{fmt.num(awake)} awake, {fmt.num(resting)} resting",
    )
    if dt:
        txt += tr(", døgnturnus", ", døgnturnus")
    return txt


def _housing(b: Baseline) -> list[Any]:
    return [x for x in b.sites if x.housing]


def _groups(r: Result) -> dict[str, list[int]]:
    """new site name -> indices of today's sites in it (from the site table)."""
    out: dict[str, list[int]] = {}
    for i, ns in enumerate(r.sites.new_site):
        out.setdefault(ns, []).append(i)
    return out


def _merged_mask(r: Result) -> list[bool]:
    """Today's sites whose new site gathers two or more old sites (the model's flag)."""
    return list(r.sites.merged)


def _affected_mask(r: Result) -> list[bool]:
    """Sites that co-location moves into a new site, merged or not (the model's flag)."""
    return list(r.sites.moved)


# --------------------------------------------------------------- (a) capacity rules
def _rule_keys(svc: str) -> dict[str, str]:
    return {n: f"{K}:rule:{svc}:{n}" for n in ("on", "max", "by_area", "awake", "resting", "dt")}


def _seed_rule(svc: str, s: Scenario) -> None:
    k = _rule_keys(svc)
    rule = next((x for x in s.colocation.capacity_rules if x.service.value == svc), None)
    if rule is not None:
        src: dict[str, Any] = rule.model_dump(mode="json")
    else:
        src = ss.get(f"_{PAGE}:last_rule:{svc}") or {}
    arr = src.get("arrangement") or {"awake": 2, "resting": 0}
    w.seed(k["on"], rule is not None)
    w.seed(k["max"], int(src.get("max_residents", DEFAULT_MAX)))
    w.seed(k["by_area"], bool(src.get("by_area", False)))
    w.seed(k["awake"], int(arr.get("awake", 2)))
    w.seed(k["resting"], int(arr.get("resting", 0)))
    w.seed(k["dt"], bool(arr.get("dognturnus")))


def _on_rule(svc: str) -> None:
    k = _rule_keys(svc)
    if state.missing(*k.values()):
        return
    rule = {
        "service": svc,
        "by_area": bool(ss.get(k["by_area"], False)),
        "max_residents": int(ss.get(k["max"]) or DEFAULT_MAX),
        "arrangement": _arrangement(ss.get(k["awake"]), ss.get(k["resting"]), ss.get(k["dt"])),
    }
    ss[f"_{PAGE}:last_rule:{svc}"] = rule
    on = bool(ss.get(k["on"], False))

    def edit(d: dict[str, Any]) -> None:
        rules = d["colocation"]["capacity_rules"]
        idx = next((i for i, x in enumerate(rules) if x["service"] == svc), None)
        if on and idx is None:
            rules.append(rule)
        elif on and idx is not None:
            rules[idx] = rule
        elif idx is not None:
            del rules[idx]

    state.replace(edit, tag=f"rule:{svc}")


def _rule_preview_md(svc: str, r: Result) -> str:
    idx = [i for i, x in enumerate(r.sites.service) if x == svc]
    groups = _groups(r)
    before = len(idx)
    after = len({r.sites.new_site[i] for i in idx})
    places = sum(r.sites.places[i] for i in idx)
    biggest = max(
        (sum(r.sites.places[j] for j in groups[r.sites.new_site[i]]) for i in idx), default=0
    )
    return tr(
        f"I dag {fmt.num(before)} lokasjoner med {fmt.num(places)} plasser → etter: "
        f"{fmt.num(after)} lokasjoner (største {fmt.num(biggest)} plasser).",
        f"Today {fmt.num(before)} sites with {fmt.num(places)} places → after: "
        f"{fmt.num(after)} sites (largest {fmt.num(biggest)} places).",
    )


def _capacity_rules(b: Baseline, s: Scenario, r: Result) -> None:
    st.subheader(tr("Kapasitetsregel per tjeneste", "Capacity rule per service"))
    st.caption(
        tr(
            "Lokasjonene i en tjeneste slås sammen til så få nye lokasjoner som taket tillater "
            "(⌈plasser / maks⌉, aldri flere enn i dag); eksisterende lokasjoner deles ikke. "
            "Lokasjoner som er med i en sammenslåing under, holdes utenfor regelen.",
            "A service's sites are merged into as few new sites as the cap allows "
            "(⌈places / max⌉, never more than today); existing sites are not split. Sites in "
            "an explicit merge below are left out of the rule.",
        )
    )
    present = [svc for svc in SERVICES if any(x.service.value == svc for x in _housing(b))]
    if not present:
        st.info(tr("Grunnlaget har ingen boliger å samlokalisere.", "No housing sites to merge."))
        return
    for svc in present:
        _seed_rule(svc, s)
        k = _rule_keys(svc)
        label = w.service_label(svc)
        with st.container(border=True):
            c1, c2, c3 = st.columns([1.5, 1.4, 1.5])
            with c1:
                st.toggle(
                    tr(f"Samlokaliser {w.md(label.lower())}", f"Co-locate {w.md(label.lower())}"),
                    key=k["on"],
                    on_change=_on_rule,
                    args=(svc,),
                )
                st.checkbox(
                    tr("per område (tidligere kommune)", "per area (former municipality)"),
                    key=k["by_area"],
                    on_change=_on_rule,
                    args=(svc,),
                    help=tr(
                        "Slår bare sammen lokasjoner i samme område (Lindås, Meland, Radøy …).",
                        "Only merges sites within the same area.",
                    ),
                )
            with c2:
                cur_max = int(ss.get(k["max"]) or DEFAULT_MAX)
                st.slider(
                    tr("Maks beboere per lokasjon", "Max residents per site"),
                    min_value=1,
                    max_value=max(20, cur_max),
                    step=1,
                    key=k["max"],
                    on_change=_on_rule,
                    args=(svc,),
                    help=tr(
                        "Husbanken anbefaler 4–8 boenheter for personer med utviklingshemming; "
                        "en NTNU-studie anbefaler høyst 6.",
                        "Husbanken advises 4–8 units for people with intellectual "
                        "disabilities; an NTNU study recommends at most 6.",
                    ),
                )
                st.caption(
                    tr(
                        "Veiledning: Husbanken 4–8 boenheter · NTNU høyst 6",
                        "Guidance: Husbanken 4–8 units · NTNU at most 6",
                    )
                )
                if cur_max > HUSBANKEN_MAX:
                    st.warning(
                        tr(
                            f"{fmt.num(cur_max)} er over Husbankens veiledning (høyst 8; over 8 "
                            "krever Husbankens dialogsjekkliste).",
                            f"{fmt.num(cur_max)} is above Husbanken's guidance (at most 8; "
                            "more requires its dialogue checklist).",
                        ),
                        icon=":material/warning:",
                    )
                elif cur_max > NTNU_MAX:
                    st.caption(
                        tr(
                            f"{fmt.num(cur_max)} er innenfor Husbanken, men over NTNU-anbefalingen "
                            "(høyst 6).",
                            f"{fmt.num(cur_max)} is within Husbanken's guidance but above "
                            "NTNU's (at most 6).",
                        )
                    )
            with c3:
                pair = st.container(horizontal=True, gap="small")  # one block, not three
                pair.number_input(
                    tr("Våkne per natt (ny lokasjon)", "Awake per night (new site)"),
                    min_value=0,
                    max_value=20,
                    step=1,
                    key=k["awake"],
                    on_change=_on_rule,
                    args=(svc,),
                )
                pair.number_input(
                    tr("Hvilende per natt", "Resting per night"),
                    min_value=0,
                    max_value=20,
                    step=1,
                    key=k["resting"],
                    on_change=_on_rule,
                    args=(svc,),
                )
                st.checkbox(
                    tr(
                        "Døgnturnus på ny lokasjon (av: som i dag)",
                        "Døgnturnus at the new site (off: as today)",
                    ),
                    key=k["dt"],
                    help=tr(
                        "På: den nye lokasjonen får døgnturnus. Av: den får døgnturnus bare "
                        "hvis en av lokasjonene den samler har det i dag.",
                        "On: the new site gets døgnturnus. Off: it gets døgnturnus only if one "
                        "of the sites it gathers has it today.",
                    ),
                    on_change=_on_rule,
                    args=(svc,),
                )
            if ss.get(k["on"]):
                st.caption(_rule_preview_md(svc, r))
                if not ss.get(k["awake"]) and not ss.get(k["resting"]):
                    st.warning(
                        tr(
                            "Den nye lokasjonen får ingen nattbemanning.",
                            "The new site gets no night staff.",
                        )
                    )


# ----------------------------------------------------------------- (b) merge plan
def _add_merge() -> None:
    b = state.baseline()
    s = state.scenario()
    names = [n for n in ss.get(f"{D}:merge:sites", []) if n]
    new_name = (ss.get(f"{D}:merge:name") or "").strip()
    if not new_name:
        new_name = _suggest_name(s)
    taken = {n for m in s.colocation.merges for n in m.sites}
    known = {x.name for x in b.sites}
    if len(names) < 2:
        w.flash(
            MSG,
            "error",
            tr("Velg minst to lokasjoner å slå sammen.", "Choose at least two sites to merge."),
        )
        return
    if len(new_name) > 120:
        w.flash(MSG, "error", tr("Navnet er for langt (høyst 120 tegn).", "Name too long (120)."))
        return
    if any(m.name == new_name for m in s.colocation.merges):
        w.flash(
            MSG,
            "error",
            tr(
                f"Det finnes allerede en sammenslåing som heter «{w.md(new_name)}».",
                f"There is already a merge called '{w.md(new_name)}'.",
            ),
        )
        return
    if new_name in known and new_name not in names:
        w.flash(
            MSG,
            "error",
            tr(
                f"«{w.md(new_name)}» er navnet på en annen lokasjon i dag. Velg et annet navn.",
                f"'{w.md(new_name)}' is the name of another site today. Choose another name.",
            ),
        )
        return
    clash = sorted(set(names) & taken)
    if clash:
        w.flash(
            MSG,
            "error",
            tr(
                "Allerede med i en annen sammenslåing: " + w.md(", ".join(clash)),
                "Already in another merge: " + w.md(", ".join(clash)),
            ),
        )
        return
    merge = {
        "name": new_name,
        "sites": names,
        "arrangement": _arrangement(
            ss.get(f"{D}:merge:awake"), ss.get(f"{D}:merge:resting"), ss.get(f"{D}:merge:dt")
        ),
    }

    def edit(d: dict[str, Any]) -> None:
        d["colocation"]["merges"].append(merge)

    before = state.scenario()
    state.replace(edit)
    if state.scenario() is not before:
        ss[f"{D}:merge:sites"] = []
        ss[f"{D}:merge:name"] = ""
        w.flash(
            MSG,
            "success",
            tr(f"La til «{w.md(new_name)}».", f"Added '{w.md(new_name)}'."),
        )


def _delete_merge(name: str) -> None:
    def edit(d: dict[str, Any]) -> None:
        d["colocation"]["merges"] = [m for m in d["colocation"]["merges"] if m["name"] != name]

    state.replace(edit)


def _suggest_name(s: Scenario) -> str:
    used = {m.name for m in s.colocation.merges}
    i = len(used) + 1
    while tr(f"Nytt bofellesskap {i}", f"New group home {i}") in used:
        i += 1
    return tr(f"Nytt bofellesskap {i}", f"New group home {i}")


def _preset_name(svc: str) -> str:
    return {
        "ressurskrevende": tr("Samlokalisert ressurskrevende", "Co-located resource-intensive"),
        "avlastning": tr("Samlet avlastning", "Combined respite"),
    }[svc]


def _preset(svc: str) -> None:
    b = state.baseline()
    s = state.scenario()
    name = _preset_name(svc)
    sites = [x.name for x in _housing(b) if x.service.value == svc]
    if len(sites) < 2:
        w.flash(
            MSG,
            "error",
            tr(
                "Grunnlaget har færre enn to slike lokasjoner.",
                "The baseline has fewer than two such sites.",
            ),
        )
        return
    clash = [m.name for m in s.colocation.merges if m.name != name and set(m.sites) & set(sites)]
    if clash:
        w.flash(
            MSG,
            "error",
            tr(
                "Noen av lokasjonene er allerede med i: "
                + w.md(", ".join(clash))
                + ". Slett den sammenslåingen først.",
                "Some of the sites are already in: "
                + w.md(", ".join(clash))
                + ". Delete it first.",
            ),
        )
        return
    merge = {"name": name, "sites": sites, "arrangement": {"awake": 2, "resting": 0}}

    def edit(d: dict[str, Any]) -> None:
        merges = d["colocation"]["merges"]
        idx = next((i for i, m in enumerate(merges) if m["name"] == name), None)
        if idx is None:
            merges.append(merge)
        else:
            merges[idx] = merge

    state.replace(edit)


def _merge_plan(b: Baseline, s: Scenario, r: Result) -> None:
    st.subheader(tr("Sammenslåingsplan", "Merge plan"))
    housing = _housing(b)
    by_name = {x.name: x for x in b.sites}
    taken = {n for m in s.colocation.merges for n in m.sites}

    st.markdown("**" + tr("Hurtigvalg fra rapporten", "Quick presets from the report") + "**")
    p1, p2 = st.columns(2)
    n_rk = sum(1 for x in housing if x.service.value == "ressurskrevende")
    n_av = sum(1 for x in housing if x.service.value == "avlastning")
    p1.button(
        tr(
            f"De {w.number_word(n_rk)} ressurskrevende boligene → én med 2 våkne",
            f"The {w.number_word(n_rk)} resource-intensive homes → one with 2 awake",
        ),
        key=f"{K}:preset:ressurskrevende",
        on_click=_preset,
        args=("ressurskrevende",),
        disabled=n_rk < 2,
        width="stretch",
        help=tr(
            "PwC 2021: om lag 5 årsverk, 4,5–5 mill. kr per år.",
            "PwC 2021: about 5 FTE, NOK 4.5–5m per year.",
        ),
    )
    p2.button(
        tr(
            "Avlastning samlet på ett sted med 2 våkne",
            "Respite gathered at one site with 2 awake",
        )
        + f" ({w.number_word(n_av)} → {w.number_word(1)})",
        key=f"{K}:preset:avlastning",
        on_click=_preset,
        args=("avlastning",),
        disabled=n_av < 2,
        width="stretch",
        help=tr(
            "PwC 2021: om lag 1,2 årsverk, 1,1 mill. kr per år.",
            "PwC 2021: about 1.2 FTE, NOK 1.1m per year.",
        ),
    )

    st.markdown("**" + tr("Ny sammenslåing", "New merge") + "**")
    areas = sorted({x.area for x in housing if x.area})
    all_key = "__all__"
    w.seed(f"{D}:merge:area", all_key)
    if ss[f"{D}:merge:area"] not in [all_key, *areas]:
        ss[f"{D}:merge:area"] = all_key
    # format functions only look up text made now (they may be called outside the run)
    all_label = tr("Alle områder", "All areas")
    c1, c2 = st.columns([1, 2])
    area = c1.selectbox(
        tr("Område", "Area"),
        options=[all_key, *areas],
        format_func=lambda a: all_label if a == all_key else a,
        key=f"{D}:merge:area",
    )
    free = [x.name for x in housing if x.name not in taken]
    sel_key = f"{D}:merge:sites"
    chosen = [n for n in ss.get(sel_key, []) if n in free]
    options = [n for n in free if area == all_key or by_name[n].area == area]
    options += [n for n in chosen if n not in options]
    ss[sel_key] = chosen

    site_labels = {
        n: (
            f"{n} · {w.service_label(by_name[n].service.value)} · {fmt.num(by_name[n].places)} "
            + tr("pl.", "pl.")
            + (f" · {by_name[n].area}" if by_name[n].area and area == all_key else "")
        )
        for n in options
    }
    c2.multiselect(
        tr("Lokasjoner som slås sammen", "Sites to merge"),
        options=options,
        format_func=lambda n: site_labels.get(n, n),
        key=sel_key,
        placeholder=tr("Velg lokasjoner", "Choose sites"),
        select_all=False,  # its label is English only
    )
    if chosen:
        total = sum(by_name[n].places for n in chosen)
        st.caption(
            tr(
                f"{fmt.num(len(chosen))} lokasjoner, {fmt.num(total)} plasser til sammen.",
                f"{fmt.num(len(chosen))} sites, {fmt.num(total)} places in total.",
            )
        )
        if total > HUSBANKEN_MAX:
            st.warning(
                tr(
                    f"{fmt.num(total)} boenheter er over Husbankens veiledning (4–8; NTNU ≤ 6).",
                    f"{fmt.num(total)} units is above Husbanken's guidance (4–8; NTNU ≤ 6).",
                ),
                icon=":material/warning:",
            )
    d1, d2, d3, d4 = st.columns([2, 1, 1, 1])
    w.seed(f"{D}:merge:awake", 2)
    w.seed(f"{D}:merge:resting", 0)
    d1.text_input(
        tr("Navn på ny lokasjon", "Name of the new site"),
        key=f"{D}:merge:name",
        max_chars=120,
        placeholder=_suggest_name(s),
    )
    d2.number_input(
        tr("Våkne per natt", "Awake per night"),
        min_value=0,
        max_value=20,
        step=1,
        key=f"{D}:merge:awake",
    )
    d3.number_input(
        tr("Hvilende per natt", "Resting per night"),
        min_value=0,
        max_value=20,
        step=1,
        key=f"{D}:merge:resting",
    )
    d4.checkbox(
        tr(
            "Døgnturnus på ny lokasjon (av: som i dag)",
            "Døgnturnus at the new site (off: as today)",
        ),
        key=f"{D}:merge:dt",
        help=tr(
            "På: den nye lokasjonen får døgnturnus. Av: den får døgnturnus bare "
            "hvis en av lokasjonene den samler har det i dag.",
            "On: the new site gets døgnturnus. Off: it gets døgnturnus only if one "
            "of the sites it gathers has it today.",
        ),
    )
    st.button(
        tr("Legg til sammenslåing", "Add merge"),
        key=f"{K}:merge:add",
        on_click=_add_merge,
        type="primary",
    )
    w.show_flash(MSG)

    if not s.colocation.merges:
        st.caption(tr("Ingen sammenslåinger ennå.", "No merges yet."))
        return
    st.markdown("**" + tr("Planlagte sammenslåinger", "Planned merges") + "**")
    for i, m in enumerate(s.colocation.merges):
        with st.container(border=True):
            c1, c2 = st.columns([5, 1])
            places = sum(by_name[n].places for n in m.sites if n in by_name)
            unknown = [n for n in m.sites if n not in by_name]
            a = m.arrangement
            c1.markdown(
                f"**{w.md(m.name)}** · {fmt.num(places)} "
                + tr("plasser", "places")
                + " · "
                + _arr_text_md(a.awake, a.resting, a.dognturnus)
            )
            c1.caption(w.md(", ".join(m.sites)))
            if unknown:
                c1.warning(
                    tr(
                        "Finnes ikke i grunnlaget (ignoreres): " + w.md(", ".join(unknown)),
                        "Not in the baseline (ignored): " + w.md(", ".join(unknown)),
                    )
                )
            c2.button(
                tr("Slett", "Delete"),
                key=f"{K}:merge:del:{i}",
                on_click=_delete_merge,
                args=(m.name,),
                width="stretch",
            )


# ------------------------------------------------------------ (c) other levers
def _on_units() -> None:
    if state.missing(f"{K}:units_auto"):
        return
    if ss.get(f"{K}:units_auto", True):
        state.update("colocation.new_units", None)
    else:
        state.update("colocation.new_units", int(ss.get(f"{K}:units") or 0))


def _auto_units(r: Result) -> float:
    merged = _merged_mask(r)
    return float(sum(p for p, m in zip(r.sites.places, merged, strict=True) if m))


def _levers(s: Scenario, r: Result) -> None:
    st.subheader(tr("Synergier og investering", "Synergies and investment"))
    c1, c2 = st.columns(2)
    with c1:
        w.decimal_slider(
            "colocation.day_evening_synergy_pct",
            tr("Synergi dag/kveld (%)", "Day/evening synergy (%)"),
            min_value=0.0,
            max_value=20.0,  # a larger value from a link is shown as it is
            step=0.5,
            unit="%",
            help=tr(
                "Andel av dag- og kveldskostnaden ved lokasjoner som slås sammen som spares. "
                "Rapporten sier at synergiene er mindre enn om natten (mye vedtatt "
                "ansikt-til-ansikt-tid); standard 0 %.",
                "Share of day/evening cost at merged sites that is saved. The report says "
                "these synergies are smaller than at night; default 0 %.",
            ),
        )
        auto = _auto_units(r)
        w.seed(f"{K}:units_auto", s.colocation.new_units is None)
        w.seed(
            f"{K}:units",
            int(s.colocation.new_units if s.colocation.new_units is not None else auto),
        )
        st.checkbox(
            tr(
                "Antall nye boenheter = plasser i sammenslåtte lokasjoner",
                "New units = places of merged sites",
            ),
            key=f"{K}:units_auto",
            on_change=_on_units,
        )
        st.number_input(
            tr("Nye boenheter som bygges", "New units to build"),
            min_value=0,
            max_value=10000,
            step=1,
            key=f"{K}:units",
            on_change=_on_units,
            disabled=bool(ss.get(f"{K}:units_auto")),
            help=tr(
                f"Automatisk nå: {fmt.num(auto)} boenheter.",
                f"Automatic now: {fmt.num(auto)} units.",
            ),
        )
    with c2:
        w.param_lever(
            st.number_input,
            "construction_cost_per_unit_nok",
            tr("Byggekostnad per boenhet (kr)", "Construction cost per unit (NOK)"),
            min_value=0.0,
            max_value=1e8,
            step=100_000.0,
            format="%.0f",
        )
        w.param_lever(
            st.slider,
            "husbanken_grant_share",
            tr("Husbankens tilskudd (% av godkjent kostnad)", "Husbanken grant (% of cost)"),
            percent=True,
            min_value=0.0,
            max_value=100.0,
            step=1.0,
            format="%.0f %%",
        )
        w.param_lever(
            st.number_input,
            "husbanken_cost_cap_per_unit_nok",
            tr("Øvre grense for godkjent kostnad per enhet (kr)", "Cap on approved cost (NOK)"),
            min_value=0.0,
            max_value=1e8,
            step=100_000.0,
            format="%.0f",
        )
        w.param_lever(
            w.decimal_slider,
            "interest_rate",
            tr("Rente (%)", "Interest rate (%)"),
            percent=True,
            min_value=0.0,
            max_value=15.0,
            step=0.1,
            unit="%",
        )
        w.param_lever(
            st.number_input,
            "depreciation_years",
            tr("Nedbetalingstid (år)", "Repayment period (years)"),
            integer=True,
            min_value=1,
            max_value=100,
            step=1,
        )


# ----------------------------------------------------------------------- (d) results
def _merge_df(r: Result) -> pd.DataFrame:
    """The sites moved into a new site; ``merged``: the model's flag (two or more old
    sites gathered), not merely moved."""
    df = pd.DataFrame(
        {
            "site": r.sites.name,
            "new_site": r.sites.new_site,
            "places": r.sites.places,
            "merged": r.sites.merged,
        }
    )
    return df[list(r.sites.moved)].reset_index(drop=True)


def _affected(r: Result) -> dict[str, float]:
    merged = _affected_mask(r)
    t = r.sites

    def total(*cols: list[float]) -> float:
        return float(sum(sum(v for v, m in zip(c, merged, strict=True) if m) for c in cols))

    return {
        "n": float(sum(merged)),
        "cost_before": total(t.cost_nok_before, t.supplements_nok_before),
        "cost_after": total(t.cost_nok_after, t.supplements_nok_after),
        "fte_before": total(t.gross_fte_before),
        "fte_after": total(t.gross_fte_after),
        "hours_before": total(t.paid_hours_per_night_before),
        "hours_after": total(t.paid_hours_per_night_after),
    }


def _results(r: Result) -> None:
    st.subheader(tr("Resultat", "Result"))
    t = r.totals
    m = r.measure("colocation")
    a = _affected(r)
    row = st.container(horizontal=True, gap="small", key="eqrow_result_1")  # 1 block, not 5
    row.metric(
        tr("Lokasjoner med nattbemanning", "Sites with night staff"),
        f"{fmt.num(t.sites_baseline)} → {fmt.num(t.sites)}",
        delta=fmt.num(t.sites - t.sites_baseline) if t.sites != t.sites_baseline else None,
        delta_color="off",
        help=tr("I dag → etter scenarioet", "Today → after the scenario"),
    )
    row.metric(
        tr("Nattkostnad før (berørte lokasjoner)", "Night cost before (affected sites)"),
        fmt.mnok(a["cost_before"]),
        help=tr(
            "Årsverkskostnad og tillegg om natten for lokasjonene som slås sammen, i dag.",
            "FTE cost and supplements at night for the merged sites, today.",
        ),
    )
    row.metric(
        tr("Nattkostnad etter (berørte lokasjoner)", "Night cost after (affected sites)"),
        fmt.mnok(a["cost_after"]),
        delta=fmt.signed_mnok(a["cost_after"] - a["cost_before"]) if a["n"] else None,
        delta_color="inverse",
        help=tr(
            "Etter alle nattgrep i scenarioet (regler, sammenslåing, ambulant team, digitalt).",
            "After every night lever in the scenario (rules, merges, ambulant, digital).",
        ),
    )
    row.metric(
        tr("Nattårsverk, berørte lokasjoner", "Night FTE, affected sites"),
        f"{fmt.num(a['fte_before'], 1)} → {fmt.num(a['fte_after'], 1)}",
        help=tr(
            f"Betalte timer per natt: {fmt.num(a['hours_before'], 1)} → "
            f"{fmt.num(a['hours_after'], 1)}",
            f"Paid hours per night: {fmt.num(a['hours_before'], 1)} → "
            f"{fmt.num(a['hours_after'], 1)}",
        ),
    )
    row = st.container(horizontal=True, gap="small", key="eqrow_result_2")  # 1 block, not 5
    row.metric(
        tr("Samlokalisering: brutto", "Co-location: gross"),
        fmt.mnok(m.gross_savings_nok_per_year) + tr("/år", "/yr"),
        help=tr(
            f"Herav årsverk {fmt.mnok(m.staff_cost_savings_nok)}, tillegg "
            f"{fmt.mnok(m.supplement_savings_nok)}.",
            f"Of which FTE cost {fmt.mnok(m.staff_cost_savings_nok)}, supplements "
            f"{fmt.mnok(m.supplement_savings_nok)}.",
        ),
    )
    row.metric(
        tr("Samlokalisering: tapt refusjon", "Co-location: lost refund"),
        fmt.mnok(m.lost_refund_nok_per_year) + tr("/år", "/yr"),
        help=tr(
            "Lavere kostnad for brukere over innslagspunktet gir lavere statlig refusjon (80 %).",
            "Lower cost for users above the threshold means a lower state refund (80 %).",
        ),
    )
    row.metric(
        tr("Samlokalisering: netto", "Co-location: net"),
        fmt.mnok(m.net_savings_nok_per_year) + tr("/år", "/yr"),
    )
    row.metric(tr("Samlokalisering: årsverk", "Co-location: FTE"), fmt.fte(m.fte_change + 0.0))
    row = st.container(horizontal=True, gap="small", key="eqrow_result_3")  # 1 block, not 5
    row.metric(
        tr("Investering (byggekostnad)", "Investment (construction)"),
        fmt.mnok(m.investment_nok),
        help=tr(
            f"Husbankens tilskudd: {fmt.mnok(m.investment_nok - m.net_investment_nok)}",
            f"Husbanken grant: {fmt.mnok(m.investment_nok - m.net_investment_nok)}",
        ),
    )
    row.metric(
        tr("Netto investering", "Net investment"),
        fmt.mnok(m.net_investment_nok),
        help=tr("Byggekostnad minus Husbankens tilskudd", "Construction cost less the grant"),
    )
    row.metric(
        tr("Årlig kapitalkostnad", "Annual capital cost"),
        fmt.mnok(m.annual_capital_cost_nok) + tr("/år", "/yr"),
        help=tr(
            "Annuitet: renter og avdrag på netto investering over nedbetalingstiden.",
            "Annuity: interest and repayment of the net investment over the period.",
        ),
    )
    row.metric(
        tr("Tilbakebetalt (alle tiltak)", "Payback year (all measures)"),
        str(t.payback_year) if t.payback_year else "–",
        help=tr(
            "Første år da samlet netto besparelse dekker samlet netto investering.",
            "First year cumulative net savings cover the cumulative net investment.",
        ),
    )
    if m.net_investment_nok > 0:
        if m.net_savings_nok_per_year > 0:
            years = m.net_investment_nok / m.net_savings_nok_per_year
            yrs = fmt.num(years, 1) if years <= 60 else tr("mer enn 60", "more than 60")
            st.caption(
                tr(
                    f"Enkel tilbakebetalingstid for samlokaliseringen: {yrs} år "
                    "(netto investering / netto besparelse per år). Netto etter kapitalkostnad: "
                    f"{fmt.mnok(m.net_savings_nok_per_year - m.annual_capital_cost_nok)} per år.",
                    f"Simple payback of the co-location: {yrs} years (net "
                    "investment / net saving per year). Net after capital cost: "
                    f"{fmt.mnok(m.net_savings_nok_per_year - m.annual_capital_cost_nok)} a year.",
                )
            )
        else:
            st.warning(
                tr(
                    "Investeringen betales ikke tilbake: samlokaliseringen gir ingen netto "
                    "besparelse med denne nattordningen.",
                    "The investment is not paid back: the co-location gives no net saving "
                    "with this night arrangement.",
                )
            )


def _merge_chart(r: Result) -> None:
    df = _merge_df(r)
    df["new_site"] = [r.site_name(x, lang()) for x in df["new_site"]]  # shown by language
    st.markdown("**" + tr("Hvilke lokasjoner slås sammen", "Which sites merge") + "**")
    if df.empty:
        st.info(
            tr(
                "Ingen lokasjoner slås sammen i dette scenarioet ennå. Slå på en "
                "kapasitetsregel eller legg til en sammenslåing.",
                "No sites are merged in this scenario yet. Turn on a capacity rule or add a merge.",
            )
        )
        return
    chart_block(
        charts.merge_map_labeled(df[["site", "new_site", "places"]]),
        df.rename(
            columns={
                "site": tr("Lokasjon i dag", "Site today"),
                "new_site": tr("Lokasjon etter", "Site after"),
                "places": tr("Plasser", "Places"),
                "merged": tr("Slått sammen med andre", "Merged with others"),
            }
        ),
        tr("samlokalisering", "co-location"),
        f"{PAGE}:map",
        title=tr("Hvilke lokasjoner slås sammen", "Which sites merge"),
    )


def _tables(r: Result) -> None:
    groups = _groups(r)
    affected = {ns for ns, a in zip(r.sites.new_site, _affected_mask(r), strict=True) if a}
    new_rows = [ns for ns in r.sites_after if ns.name in affected]
    if not new_rows:
        return
    st.markdown("**" + tr("Nye lokasjoner", "New sites") + "**")
    names = r.sites.name
    df = pd.DataFrame(
        [
            {
                tr("Ny lokasjon", "New site"): r.site_name(ns.name, lang()),
                tr("Tjeneste", "Service"): w.service_label(ns.service),
                tr("Område", "Area"): ns.area,
                tr("Består av", "Made of"): ", ".join(names[i] for i in groups.get(ns.name, [])),
                tr("Plasser", "Places"): ns.places,
                tr("Våkne", "Awake"): ns.awake,
                tr("Hvilende", "Resting"): ns.resting,
                tr("Døgnturnus", "Døgnturnus"): tr("ja", "yes")
                if ns.dognturnus
                else tr("nei", "no"),
                tr("Betalte timer per natt", "Paid hours per night"): ns.paid_hours_per_night,
                tr("Årsverk", "FTE"): ns.gross_fte,
                tr("Kostnad (årsverk) kr", "Cost (FTE) NOK"): ns.cost_nok,
                tr("Husbanken (4–8)", "Husbanken (4–8)"): (
                    tr("over 8", "above 8") if ns.places > HUSBANKEN_MAX else tr("ok", "ok")
                ),
            }
            for ns in new_rows
        ]
    )
    one = lambda v: fmt.num(v, 1)  # noqa: E731
    tables.show(
        df,
        {
            tr("Plasser", "Places"): fmt.num,
            tr("Våkne", "Awake"): one,
            tr("Hvilende", "Resting"): one,
            tr("Betalte timer per natt", "Paid hours per night"): one,
            tr("Årsverk", "FTE"): lambda v: fmt.num(v, 2),
            tr("Kostnad (årsverk) kr", "Cost (FTE) NOK"): fmt.num,
        },
        tr("nye-lokasjoner", "new-sites"),
        f"{PAGE}:new",
    )
    merged = _affected_mask(r)
    t = r.sites

    def yes_no(v: bool) -> str:
        return tr("ja", "yes") if v else tr("nei", "no")

    rows = [
        {
            tr("Lokasjon i dag", "Site today"): t.name[i],
            tr("Lokasjon etter", "Site after"): r.site_name(t.new_site[i], lang()),
            tr("Plasser", "Places"): t.places[i],
            tr("Slått sammen med andre", "Merged with others"): yes_no(t.merged[i]),
            tr("Døgnturnus før → etter", "Døgnturnus before → after"): (
                f"{yes_no(t.dognturnus_before[i])} → {yes_no(t.dognturnus_after[i])}"
            ),
            tr("Våkne før", "Awake before"): t.awake_before[i],
            tr("Hvilende før", "Resting before"): t.resting_before[i],
            tr("Timer/natt før", "Hours/night before"): t.paid_hours_per_night_before[i],
            tr("Timer/natt etter", "Hours/night after"): t.paid_hours_per_night_after[i],
            tr("Nattkostnad før kr", "Night cost before NOK"): t.cost_nok_before[i]
            + t.supplements_nok_before[i],
            tr("Nattkostnad etter kr", "Night cost after NOK"): t.cost_nok_after[i]
            + t.supplements_nok_after[i],
        }
        for i in range(len(t.name))
        if merged[i]
    ]
    st.markdown(
        "**" + tr("Berørte lokasjoner før og etter", "Affected sites before and after") + "**"
    )
    st.caption(
        tr(
            "Etter: lokasjonens andel (etter plasser) av den nye lokasjonens nattbemanning. "
            "Kostnad = årsverkskostnad + tillegg.",
            "After: the site's share (by places) of the new site's night staffing. Cost = FTE "
            "cost + supplements.",
        )
    )
    tables.show(
        pd.DataFrame(rows),
        {
            tr("Plasser", "Places"): fmt.num,
            tr("Våkne før", "Awake before"): fmt.num,
            tr("Hvilende før", "Resting before"): fmt.num,
            tr("Timer/natt før", "Hours/night before"): one,
            tr("Timer/natt etter", "Hours/night after"): one,
            tr("Nattkostnad før kr", "Night cost before NOK"): fmt.num,
            tr("Nattkostnad etter kr", "Night cost after NOK"): fmt.num,
        },
        tr("berorte-lokasjoner", "affected-sites"),
        f"{PAGE}:affected",
    )


# --------------------------------------------------------------------------- page
def page() -> None:
    b = state.baseline()
    s = state.scenario()
    r = state.result()
    st.header(tr("Samlokalisering", "Co-location"))
    if state.presenting():  # the page's levers and its main chart, nothing else
        _capacity_rules(b, s, r)
        w.show_warnings(r, ("husbanken_size", "over_cap"))
        _merge_chart(r)
        return
    st.caption(
        tr(
            "Færre lokasjoner rundt én personalbase: nattbesparelsen avhenger av nattordningen "
            "i de nye bofellesskapene. Må planlegges med beboere, pårørende, tillitsvalgte og "
            "verneombud, og gjennomføres gradvis.",
            "Fewer sites around one staff base: the night saving depends on the arrangement "
            "of the new sites. Must be planned with residents, relatives, unions and safety "
            "representatives, and done gradually.",
        )
    )
    _capacity_rules(b, s, r)
    w.show_warnings(r, ("husbanken_size", "over_cap"))
    w.show_warnings(r, ("unknown_name",), contains="colocation")
    st.divider()
    _merge_plan(b, s, r)
    st.divider()
    _levers(s, r)
    st.divider()
    _results(r)
    _merge_chart(r)
    _tables(r)


page()
