"""Resolve a scenario's decisions against a baseline's sites (no parameter values).

The result is a :class:`Structure`: which arrangement every site has after each step
(rules and overrides, co-location, ambulant team, digital supervision). Costs are
computed from it in :mod:`model.engine`, for one parameter set or thousands at once.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np

from model.baseline import Baseline
from model.result import Warning
from model.scenario import Arrangement, Scenario, SiteSelector

NAN = float("nan")
T = TypeVar("T")


@dataclass
class Step:
    """Arrangement per site (old sites for step A, new sites after co-location)."""

    awake: np.ndarray
    resting: np.ndarray
    shift: np.ndarray  # NaN = use the default_shift_hours parameter
    dt: np.ndarray
    dt_staff: np.ndarray


@dataclass
class NewSiteInfo:
    name: str
    service: str
    area: str
    members: list[int]
    merged: bool


@dataclass
class Structure:
    n_old: int
    before: Step
    after_rules: Step
    new_sites: list[NewSiteInfo]
    after_coloc: Step  # indexed by new site
    assign: np.ndarray  # old index -> new index
    weight: np.ndarray  # old site's share of its new site (by places)
    new_places: np.ndarray
    merged_old: np.ndarray  # bool per old site: part of a merged (>=2 members) new site
    coloc_active: bool
    new_units: float
    # ambulant team
    ambulant_active: bool
    ambulant_covered: np.ndarray  # bool per new site
    ambulant_reduce_awake: np.ndarray
    ambulant_reduce_resting: np.ndarray
    ambulant_staff: float
    ambulant_shift: float  # NaN = default
    # digital supervision
    digital_active: bool
    digital_covered: np.ndarray
    digital_reduce_awake: np.ndarray
    digital_reduce_resting: np.ndarray
    warnings: list[Warning] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    #: figures derived from this structure (and its baseline) alone, kept with it
    derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def keep(self, key: str, make: Callable[[], T]) -> T:
        """`make()`, made once per structure: for figures that depend on nothing but the
        structure and the baseline it was built from (a kept structure is reused by every
        evaluation with the same structural levers)."""
        if key not in self.derived:
            self.derived[key] = make()
        return self.derived[key]


def _w(code: str, nb: str, en: str) -> Warning:
    return Warning(code=code, message_nb=nb, message_en=en)


def _isin(values: np.ndarray | list[str], wanted: list[str]) -> np.ndarray:
    """np.isin for names (strings): a set lookup per value, several times faster than
    np.isin on object arrays of a few dozen sites (this runs on every evaluation)."""
    keep = set(wanted)
    items = values.tolist() if isinstance(values, np.ndarray) else values
    return np.array([v in keep for v in items], dtype=bool)


def _matches(sel: SiteSelector, b: Baseline) -> np.ndarray:
    a = b.arrays
    m = np.ones(len(a), dtype=bool)
    if sel.housing_only:
        m &= a.housing
    if sel.services:
        m &= _isin(a.service, [str(x) for x in sel.services])
    if sel.areas:
        m &= _isin(a.area, sel.areas)
    if sel.dognturnus is not None:
        m &= a.dognturnus == sel.dognturnus
    if sel.sites:
        m &= _isin(a.names, sel.sites)
    return m


def _apply(step: Step, idx: np.ndarray | int, arr: Arrangement) -> None:
    """Give the sites `idx` the arrangement; leaving døgnturnus ends its supplement."""
    step.awake[idx] = arr.awake
    step.resting[idx] = arr.resting
    step.shift[idx] = NAN if arr.shift_hours is None else arr.shift_hours
    if arr.dognturnus is not None:
        step.dt[idx] = arr.dognturnus
        if not arr.dognturnus:
            step.dt_staff[idx] = 0.0


def build(b: Baseline, s: Scenario) -> Structure:
    a = b.arrays
    n = len(a)
    names = a.names
    known = set(names)
    problems: list[str] = []
    warnings: list[Warning] = []

    before = Step(
        a.awake.copy(), a.resting.copy(), a.shift.copy(), a.dognturnus.copy(), a.dt_staff.copy()
    )

    # --- step A: rules (in order) and per-site overrides -------------------------------
    st = Step(
        a.awake.copy(), a.resting.copy(), a.shift.copy(), a.dognturnus.copy(), a.dt_staff.copy()
    )
    for i, rule in enumerate(s.night.rules):
        for name in rule.selector.sites:
            if name not in known:
                problems.append(f"night.rules[{i}].selector.sites: unknown site '{name}'")
        m = _matches(rule.selector, b)
        _apply(st, np.flatnonzero(m), rule.arrangement)
    for name, arr in s.night.overrides.items():
        if name not in known:
            problems.append(f"night.overrides: unknown site '{name}'")
            continue
        _apply(st, a.index[name], arr)
    if s.night.shift_hours is not None:
        st.shift[:] = s.night.shift_hours

    # --- step B: co-location -----------------------------------------------------------
    group_of = np.full(n, -1)
    groups: list[tuple[str, str, str, list[int], Arrangement, bool]] = []
    col = s.colocation
    for gi, mg in enumerate(col.merges):
        members = []
        for name in mg.sites:
            if name not in known:
                problems.append(f"colocation.merges[{gi}].sites: unknown site '{name}'")
                continue
            members.append(a.index[name])
        if not members:
            continue
        svcs = sorted({str(a.service[i]) for i in members})
        areas = sorted({str(a.area[i]) for i in members})
        gid = len(groups)
        group_of[members] = gid
        groups.append(
            (
                mg.name,
                svcs[0] if len(svcs) == 1 else "annet",
                " / ".join(areas),
                members,
                mg.arrangement,
                True,
            )
        )
    for crule in col.capacity_rules:
        pooled = crule.pooled()
        svc_mask = _isin(a.service, pooled) if pooled else np.ones(n, dtype=bool)
        cand = np.flatnonzero(svc_mask & a.housing & (group_of < 0))
        if cand.size == 0:
            continue
        keys = a.area[cand] if crule.by_area else np.array([""] * cand.size, dtype=object)
        if len(pooled) == 1:
            svc_key = pooled[0]
            label = b.service_label(svc_key)
        else:
            svc_key = ""
            label = "tjenester" if not pooled else " og ".join(b.service_label(x) for x in pooled)
        by_key: dict[str, list[int]] = {}  # one pass, not one scan of `cand` per key
        for i, k in zip(cand.tolist(), keys.tolist(), strict=True):
            by_key.setdefault(k, []).append(int(i))
        for key in sorted(by_key):
            members = by_key[key]
            total = float(a.places[members].sum())
            n_new = max(1, min(len(members), math.ceil(total / crule.max_residents)))
            bins = _lpt(members, a.places, names, n_new)
            for j, mem in enumerate(bins):
                place = f" {key}" if key else ""
                nm = f"Samlokalisert {label.lower()}{place} {j + 1}"
                svcs = sorted({str(a.service[i]) for i in mem})
                gid = len(groups)
                group_of[mem] = gid
                groups.append(
                    (
                        nm,
                        svc_key or (svcs[0] if len(svcs) == 1 else "annet"),
                        key,
                        mem,
                        crule.arrangement,
                        False,
                    )
                )
            places_sorted = sorted((float(a.places[m].sum()) for m in bins), reverse=True)
            if places_sorted and places_sorted[0] > crule.max_residents:
                warnings.append(
                    _w(
                        "over_cap",
                        f"{label}{' ' + key if key else ''}: minst én ny lokasjon får "
                        f"{places_sorted[0]:.0f} beboere, over taket på {crule.max_residents}, "
                        "fordi eksisterende lokasjoner ikke deles.",
                        f"{label}{' ' + key if key else ''}: at least one new site gets "
                        f"{places_sorted[0]:.0f} residents, above the cap of {crule.max_residents}, "
                        "because existing sites are not split.",
                    )
                )

    # unchanged sites first (in baseline order), then one new site per group
    ung = np.flatnonzero(group_of < 0)
    svc_list = a.service.tolist()
    area_list = a.area.tolist()
    new_sites: list[NewSiteInfo] = [
        NewSiteInfo(names[i], svc_list[i], area_list[i], [int(i)], False) for i in ung.tolist()
    ]
    assign = np.empty(n, dtype=int)
    assign[ung] = np.arange(ung.size)
    g_awake, g_rest, g_shift, g_dt, g_dts = [], [], [], [], []
    # plain lists: one numpy index per member costs microseconds at 10 000 sites
    group_l, dt_l, dts_l = group_of.tolist(), st.dt.tolist(), st.dt_staff.tolist()
    for g, (nm, svc, area, members, arr, _explicit) in enumerate(groups):
        mem = [i for i in members if group_l[i] == g]
        if not mem:
            continue
        assign[mem] = len(new_sites)
        new_sites.append(NewSiteInfo(nm, svc, area, list(mem), len(mem) > 1))
        g_awake.append(arr.awake)
        g_rest.append(arr.resting)
        g_shift.append(NAN if arr.shift_hours is None else arr.shift_hours)
        # null = keep as today: the new site runs døgnturnus if a member site did
        keep_dt = any(dt_l[i] for i in mem) if arr.dognturnus is None else bool(arr.dognturnus)
        g_dt.append(keep_dt)
        g_dts.append(float(np.sum([dts_l[i] for i in mem])) if keep_dt else 0.0)
    after_coloc = Step(
        np.concatenate([st.awake[ung], np.array(g_awake, dtype=float)]),
        np.concatenate([st.resting[ung], np.array(g_rest, dtype=float)]),
        np.concatenate([st.shift[ung], np.array(g_shift, dtype=float)]),
        np.concatenate([st.dt[ung], np.array(g_dt, dtype=bool)]),
        np.concatenate([st.dt_staff[ung], np.array(g_dts, dtype=float)]),
    )
    if s.night.shift_hours is not None:
        after_coloc.shift[:] = s.night.shift_hours
    new_places = np.bincount(assign, weights=a.places, minlength=len(new_sites))
    counts = np.bincount(assign, minlength=len(new_sites)).astype(float)
    denom = new_places[assign]
    weight = np.where(denom > 0, a.places / np.where(denom > 0, denom, 1.0), 1.0 / counts[assign])
    merged_new = np.array([ns.merged for ns in new_sites], dtype=bool)
    merged_old = merged_new[assign]
    coloc_active = bool(groups)
    if col.new_units is not None:
        new_units = float(col.new_units)
    else:
        new_units = float(a.places[merged_old].sum())
    for ns, pl in zip(new_sites, new_places, strict=True):
        if ns.merged and pl > 8:
            warnings.append(
                _w(
                    "husbanken_size",
                    f"{ns.name}: {pl:.0f} boenheter er over Husbankens veiledning (4–8 for "
                    "personer med utviklingshemming); over 8 krever Husbankens dialogsjekkliste. "
                    "Forskning (Tøssebro m.fl.) finner lavere kvalitet over om lag 4–6 beboere.",
                    f"{ns.name}: {pl:.0f} units is above Husbanken's guidance (4–8 for people "
                    "with intellectual disabilities); more than 8 requires its dialogue "
                    "checklist. Research (Tøssebro et al.) finds quality falling above 4–6.",
                )
            )

    # --- step C/D: ambulant team and digital supervision ------------------------------
    new_index = {ns.name: j for j, ns in enumerate(new_sites)}
    n_new = len(new_sites)
    amb = s.ambulant
    amb_cov = np.zeros(n_new, dtype=bool)
    if amb.enabled:
        for name in amb.sites:
            if name in new_index:
                amb_cov[new_index[name]] = True
            else:
                problems.append(f"ambulant.sites: unknown site '{name}' (after co-location)")
    dig = s.digital
    dig_cov = np.zeros(n_new, dtype=bool)
    if dig.enabled:
        for name in dig.sites:
            if name in new_index:
                dig_cov[new_index[name]] = True
            else:
                problems.append(f"digital.sites: unknown site '{name}' (after co-location)")
        if dig_cov.any():
            warnings.append(
                _w(
                    "digital_uncertain",
                    "Digitalt tilsyn: kunnskapsgrunnlaget er tynt (Bærum forventet om lag 2 "
                    "årsverk per institusjon; ingen tall for bofellesskap). Effekten vises med "
                    "spenn under «Usikkerhet».",
                    "Digital supervision: evidence is thin (Bærum expected about 2 FTE per "
                    "institution; no figure for group homes). See the range under uncertainty.",
                )
            )
    a_red = np.where(amb_cov, np.minimum(after_coloc.awake, amb.reduce_awake), 0.0)
    r_red = np.where(amb_cov, np.minimum(after_coloc.resting, amb.reduce_resting), 0.0)
    aw3 = after_coloc.awake - a_red
    rs3 = after_coloc.resting - r_red
    d_a = np.where(dig_cov, np.minimum(aw3, dig.reduce_awake), 0.0)
    d_r = np.where(dig_cov, np.minimum(rs3, dig.reduce_resting), 0.0)

    return Structure(
        n_old=n,
        before=before,
        after_rules=st,
        new_sites=new_sites,
        after_coloc=after_coloc,
        assign=assign,
        weight=weight,
        new_places=new_places,
        merged_old=merged_old,
        coloc_active=coloc_active,
        new_units=new_units if coloc_active else 0.0,
        ambulant_active=bool(amb.enabled and amb_cov.any()),
        ambulant_covered=amb_cov,
        ambulant_reduce_awake=a_red,
        ambulant_reduce_resting=r_red,
        ambulant_staff=float(amb.staff_per_night) if amb.enabled else 0.0,
        ambulant_shift=NAN if amb.shift_hours is None else float(amb.shift_hours),
        digital_active=bool(dig.enabled and dig_cov.any()),
        digital_covered=dig_cov,
        digital_reduce_awake=d_a,
        digital_reduce_resting=d_r,
        warnings=warnings,
        problems=problems,
    )


#: structures kept per baseline (see :func:`structure`)
KEPT_STRUCTURES = 8


def structure(b: Baseline, s: Scenario) -> Structure:
    """``build(b, s)``, kept per baseline for the scenario's structural levers.

    The structure depends only on the baseline (which never changes: it is frozen and its
    copies re-validate) and on the scenario's night, co-location, ambulant-team and
    digital-supervision levers; their JSON is the key. Most slider moves in a workshop
    (percentage levers, coverage, parameters, timing) leave these as they are, and
    building costs a tenth of an evaluation (a third at 10 000 sites). A kept structure's
    arrays are read-only, so no later step can change it. At most KEPT_STRUCTURES are kept
    per baseline (then they are all dropped: simple, and safe with concurrent sessions).
    """
    key = "\x1f".join(x.model_dump_json() for x in (s.night, s.colocation, s.ambulant, s.digital))
    kept: dict[str, Structure] = b.memo("structure.kept", lambda _: {})
    st = kept.get(key)
    if st is None:
        st = _read_only(build(b, s))
        if len(kept) >= KEPT_STRUCTURES:
            kept.clear()
        kept[key] = st
    return st


def _read_only(st: Structure) -> Structure:
    """`st` with every array read-only (including those of its steps)."""
    for obj in (st, st.before, st.after_rules, st.after_coloc):
        for value in vars(obj).values():
            if isinstance(value, np.ndarray):
                value.flags.writeable = False
    return st


def _lpt(members: list[int], places: np.ndarray, names: list[str], k: int) -> list[list[int]]:
    """Largest places first, each to the least-loaded new site (order-invariant)."""
    order = sorted(members, key=lambda i: (-places[i], names[i]))
    heap = [(0.0, j) for j in range(k)]
    bins: list[list[int]] = [[] for _ in range(k)]
    for i in order:
        load, j = heapq.heappop(heap)
        bins[j].append(i)
        heapq.heappush(heap, (load + float(places[i]), j))
    return [sorted(b, key=lambda i: names[i]) for b in bins if b]
