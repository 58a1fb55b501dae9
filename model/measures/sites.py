"""The per-site tables of the result (PwC 2021, Alver: the list of night-staffed sites
before and after): each old site's night before and after all night steps (a new site's
figures shared out to its old member sites by places), each site after the scenario, and
the per-site flags:

* merged: its new site gathers two or more old sites;
* moved: it belongs to a new, co-located site (not kept as itself);
* changed: its arrangement or cover differs (rules, co-location, ambulant team or digital
  supervision with a reduction);
* døgnturnus before and after.

Pages show these flags; they never re-derive them.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from model.baseline import Baseline
from model.measures.core import Core, shift_hours
from model.result import NewSite, SiteTable, unvalidated, unvalidated_rows
from model.structure import Structure


def site_table(b: Baseline, st: Structure, core: Core) -> SiteTable:
    """Old sites: the night before and after (new sites' figures shared by places)."""
    a = b.arrays
    n0 = core.night_before
    n4 = core.night_after
    w, idx = st.weight, st.assign

    def old(x: np.ndarray) -> list[float]:
        return np.asarray(x, dtype=float).tolist()

    def new(x: np.ndarray) -> list[float]:
        return (np.asarray(x, dtype=float)[idx] * w).tolist()

    # built without validation (model_construct costs 30 µs here): lists of Python
    # floats, strings and bools, in the order of SiteTable's fields
    return unvalidated(
        SiteTable,
        {
            "name": list(a.names),
            "service": a.service.tolist(),
            "area": a.area.tolist(),
            "places": a.places.tolist(),
            "new_site": [st.new_sites[j].name for j in idx.tolist()],
            "awake_before": old(n0.awake),
            "resting_before": old(n0.resting),
            "paid_hours_per_night_before": old(n0.hours_night),
            "gross_fte_before": old(n0.fte),
            "cost_nok_before": old(n0.staff_cost),
            "supplements_nok_before": old(n0.supplements),
            "awake_after": new(n4.awake),
            "resting_after": new(n4.resting),
            "paid_hours_per_night_after": new(n4.hours_night),
            "gross_fte_after": new(n4.fte),
            "cost_nok_after": new(n4.staff_cost),
            "supplements_nok_after": new(n4.supplements),
            # a copy of each kept list: every result owns its lists
            **{k: list(v) for k, v in kept_flags(b, st).items()},
        },
    )


def kept_flags(b: Baseline, st: Structure) -> dict[str, list[bool]]:
    """:func:`site_flags`, kept with the structure `st` (built from `b`): do not change
    the lists."""
    return st.keep("site_flags", lambda: site_flags(b, st))


def site_flags(b: Baseline, st: Structure) -> dict[str, list[bool]]:
    """Per old site: merged (its new site gathers >= 2 old sites), moved (belongs to a new
    co-located site), changed (arrangement or cover differs), døgnturnus before/after."""
    idx = st.assign
    n_members = np.array([len(ns.members) for ns in st.new_sites])
    merged = n_members[idx] >= 2
    is_group = _is_group(b, st)
    moved = is_group[idx] if len(idx) else np.zeros(0, dtype=bool)
    ch_new = changed_new(b, st)
    a0 = st.before
    changed_rules = (
        (st.after_rules.awake != a0.awake)
        | (st.after_rules.resting != a0.resting)
        | ~_same_shift(st.after_rules.shift, a0.shift)
        | (st.after_rules.dt != a0.dt)
    )
    changed = changed_rules | moved | ch_new[idx]
    return {
        "merged": merged.tolist(),
        "moved": moved.tolist(),
        "changed": changed.tolist(),
        "dognturnus_before": np.asarray(a0.dt, dtype=bool).tolist(),
        "dognturnus_after": np.asarray(st.after_coloc.dt, dtype=bool)[idx].tolist(),
    }


def _is_group(b: Baseline, st: Structure) -> np.ndarray:
    """Per new site: a new, co-located site (not an old site kept as itself)."""
    names = b.arrays.names
    return np.array(
        [not (len(ns.members) == 1 and ns.name == names[ns.members[0]]) for ns in st.new_sites],
        dtype=bool,
    )


def _any_member(st: Structure, per_old: np.ndarray | list[bool]) -> np.ndarray:
    """Per new site: true if any of its member old sites is (every old site belongs to
    exactly one new site, ``st.assign``)."""
    w = np.asarray(per_old, dtype=float)
    return np.bincount(st.assign, weights=w, minlength=len(st.new_sites)) > 0


def _same_shift(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Shift lengths equal (NaN, "the default", equals NaN), with np.isclose's default
    tolerances. Shift lengths are NaN or in (0, 24], so for them this is exactly
    ``np.isclose(nan_to_num(x, nan=-1), nan_to_num(y, nan=-1))``, written out because
    that costs ten times more on a few dozen sites (it runs on every evaluation)."""
    x = np.where(np.isnan(x), -1.0, x)
    y = np.where(np.isnan(y), -1.0, y)
    return np.abs(x - y) <= 1e-8 + 1e-5 * np.abs(y)


def changed_new(b: Baseline, st: Structure) -> np.ndarray:
    """Per new site: covered by the ambulant team or digital supervision with a reduction."""
    red = (
        (np.asarray(st.ambulant_reduce_awake) > 0)
        | (np.asarray(st.ambulant_reduce_resting) > 0)
        | (np.asarray(st.digital_reduce_awake) > 0)
        | (np.asarray(st.digital_reduce_resting) > 0)
    )
    return np.asarray(red, dtype=bool)


#: a new site's fields in the order the result JSON lists them
_NEW_SITE_FIELDS = (
    "name",
    "service",
    "area",
    "members",
    "merged",
    "covered_by",
    "moved",
    "changed",
    "dognturnus_before",
    "places",
    "awake",
    "resting",
    "shift_hours",
    "dognturnus",
    "paid_hours_per_night",
    "gross_fte",
    "cost_nok",
)


def _new_site_columns(
    b: Baseline, st: Structure, flags: dict[str, list[bool]]
) -> tuple[list[Any], ...]:
    """The columns of the new-site rows that depend on the structure alone: name,
    service, area, member names, merged, covered by, moved, changed, døgnturnus before.
    The flags are worked out for all new sites at once (a Python `any` per site would cost
    microseconds each at 10 000 sites)."""
    names_old = b.arrays.names
    new_sites = st.new_sites
    moved = _is_group(b, st)
    changed = moved | changed_new(b, st) | _any_member(st, flags["changed"])
    covered_by = {
        (False, False): [],
        (True, False): ["ambulant"],
        (False, True): ["digital"],
        (True, True): ["ambulant", "digital"],
    }
    amb, dig = st.ambulant_covered.tolist(), st.digital_covered.tolist()
    return (
        [ns.name for ns in new_sites],
        [ns.service for ns in new_sites],
        [ns.area for ns in new_sites],
        [[names_old[i] for i in ns.members] for ns in new_sites],
        [len(ns.members) >= 2 for ns in new_sites],
        [covered_by[a, d] for a, d in zip(amb, dig, strict=True)],
        moved.tolist(),
        changed.tolist(),
        _any_member(st, flags["dognturnus_before"]).tolist(),
    )


def sites_after(b: Baseline, st: Structure, core: Core, p: dict[str, float]) -> list[NewSite]:
    """Each site after the scenario (kept, changed, merged or new), then the ambulant team."""
    n4 = core.night_after
    shift = shift_hours(st.after_coloc.shift, p)
    shift = np.broadcast_to(np.asarray(shift, dtype=float), n4.awake.shape)
    names, services, areas, members, merged, covered, moved, changed, dt_before = st.keep(
        "new_site_columns", lambda: _new_site_columns(b, st, kept_flags(b, st))
    )
    # One row per new site from a zip of plain-list columns (a numpy index per site would
    # cost microseconds each at 10 000 sites); the JSON lists a row's fields in the order
    # of _NEW_SITE_FIELDS. Every row gets its own lists (members, covered_by).
    columns = (
        names,
        services,
        areas,
        [list(m) for m in members],
        merged,
        [list(c) for c in covered],
        moved,
        changed,
        dt_before,
        np.asarray(st.new_places, dtype=float).tolist(),
        np.asarray(n4.awake, dtype=float).tolist(),
        np.asarray(n4.resting, dtype=float).tolist(),
        shift.tolist(),
        np.asarray(st.after_coloc.dt, dtype=bool).tolist(),
        np.asarray(n4.hours_night, dtype=float).tolist(),
        np.asarray(n4.fte, dtype=float).tolist(),
        np.asarray(n4.staff_cost, dtype=float).tolist(),
    )
    out = unvalidated_rows(NewSite, _NEW_SITE_FIELDS, zip(*columns, strict=True))
    if core.team is not None:
        t = core.team
        out.append(
            unvalidated(
                NewSite,
                {
                    "name": "Felles ambulant nattjeneste",
                    "service": "ambulant",
                    "area": "",
                    "members": [],
                    "places": 0.0,
                    "awake": float(t.awake[0]),
                    "resting": 0.0,
                    "shift_hours": float(t.hours_night[0] / t.awake[0]) if t.awake[0] else 0.0,
                    "dognturnus": False,
                    "paid_hours_per_night": float(t.hours_night[0]),
                    "gross_fte": float(t.fte[0]),
                    "cost_nok": float(t.staff_cost[0]),
                    "merged": False,
                    "covered_by": [],
                    "moved": False,
                    "changed": True,
                    "dognturnus_before": False,
                },
            )
        )
    return out
