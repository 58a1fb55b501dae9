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
from model.result import NewSite, SiteTable
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

    return SiteTable.model_construct(
        name=list(a.names),
        service=a.service.tolist(),
        area=a.area.tolist(),
        places=a.places.tolist(),
        new_site=[st.new_sites[j].name for j in idx],
        awake_before=old(n0.awake),
        resting_before=old(n0.resting),
        paid_hours_per_night_before=old(n0.hours_night),
        gross_fte_before=old(n0.fte),
        cost_nok_before=old(n0.staff_cost),
        supplements_nok_before=old(n0.supplements),
        awake_after=new(n4.awake),
        resting_after=new(n4.resting),
        paid_hours_per_night_after=new(n4.hours_night),
        gross_fte_after=new(n4.fte),
        cost_nok_after=new(n4.staff_cost),
        supplements_nok_after=new(n4.supplements),
        **site_flags(b, st),  # type: ignore[arg-type]
    )


def site_flags(b: Baseline, st: Structure) -> dict[str, list[bool]]:
    """Per old site: merged (its new site gathers >= 2 old sites), moved (belongs to a new
    co-located site), changed (arrangement or cover differs), døgnturnus before/after."""
    idx = st.assign
    n_members = np.array([len(ns.members) for ns in st.new_sites])
    merged = n_members[idx] >= 2
    is_group = np.array(
        [
            not (len(ns.members) == 1 and ns.name == b.arrays.names[ns.members[0]])
            for ns in st.new_sites
        ],
        dtype=bool,
    )
    moved = is_group[idx] if len(idx) else np.zeros(0, dtype=bool)
    ch_new = changed_new(b, st)
    a0 = st.before
    changed_rules = (
        (st.after_rules.awake != a0.awake)
        | (st.after_rules.resting != a0.resting)
        | ~np.isclose(
            np.nan_to_num(st.after_rules.shift, nan=-1.0), np.nan_to_num(a0.shift, nan=-1.0)
        )
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


def changed_new(b: Baseline, st: Structure) -> np.ndarray:
    """Per new site: covered by the ambulant team or digital supervision with a reduction."""
    red = (
        (np.asarray(st.ambulant_reduce_awake) > 0)
        | (np.asarray(st.ambulant_reduce_resting) > 0)
        | (np.asarray(st.digital_reduce_awake) > 0)
        | (np.asarray(st.digital_reduce_resting) > 0)
    )
    return np.asarray(red, dtype=bool)


def sites_after(b: Baseline, st: Structure, core: Core, p: dict[str, float]) -> list[NewSite]:
    """Each site after the scenario (kept, changed, merged or new), then the ambulant team."""
    n4 = core.night_after
    shift = shift_hours(st.after_coloc.shift, p)
    shift = np.broadcast_to(np.asarray(shift, dtype=float), n4.awake.shape)
    names_old = b.arrays.names
    cols = {
        "places": np.asarray(st.new_places, dtype=float).tolist(),
        "awake": np.asarray(n4.awake, dtype=float).tolist(),
        "resting": np.asarray(n4.resting, dtype=float).tolist(),
        "shift_hours": shift.tolist(),
        "dognturnus": np.asarray(st.after_coloc.dt, dtype=bool).tolist(),
        "paid_hours_per_night": np.asarray(n4.hours_night, dtype=float).tolist(),
        "gross_fte": np.asarray(n4.fte, dtype=float).tolist(),
        "cost_nok": np.asarray(n4.staff_cost, dtype=float).tolist(),
    }
    amb = st.ambulant_covered.tolist()
    dig = st.digital_covered.tolist()
    flags = site_flags(b, st)
    changed_old = flags["changed"]
    # plain lists: one numpy index per new site costs microseconds at 10 000 sites
    ch_new = changed_new(b, st).tolist()
    dt0 = np.asarray(st.before.dt, dtype=bool).tolist()
    out = []
    for j, ns in enumerate(st.new_sites):
        covered = (["ambulant"] if amb[j] else []) + (["digital"] if dig[j] else [])
        moved = not (len(ns.members) == 1 and ns.name == names_old[ns.members[0]])
        d = {
            "name": ns.name,
            "service": ns.service,
            "area": ns.area,
            "members": [names_old[i] for i in ns.members],
            "merged": len(ns.members) >= 2,
            "covered_by": covered,
            "moved": moved,
            "changed": bool(moved or ch_new[j] or any(changed_old[i] for i in ns.members)),
            "dognturnus_before": any(dt0[i] for i in ns.members),
        }
        for k, v in cols.items():
            d[k] = v[j]
        out.append(_fast(NewSite, d))
    if core.team is not None:
        t = core.team
        out.append(
            NewSite.model_construct(
                name="Felles ambulant nattjeneste",
                service="ambulant",
                area="",
                members=[],
                places=0.0,
                awake=float(t.awake[0]),
                resting=0.0,
                shift_hours=float(t.hours_night[0] / t.awake[0]) if t.awake[0] else 0.0,
                dognturnus=False,
                paid_hours_per_night=float(t.hours_night[0]),
                gross_fte=float(t.fte[0]),
                cost_nok=float(t.staff_cost[0]),
                merged=False,
                covered_by=[],
                moved=False,
                changed=True,
                dognturnus_before=False,
            )
        )
    return out


_FIELDS: dict[type, set[str]] = {}


def _fast(cls: type[NewSite], d: dict[str, Any]) -> NewSite:
    """Build a result row without validation (values come from the model itself)."""
    obj = cls.__new__(cls)
    object.__setattr__(obj, "__dict__", d)
    object.__setattr__(obj, "__pydantic_fields_set__", _FIELDS.setdefault(cls, set(d)))
    object.__setattr__(obj, "__pydantic_extra__", None)
    object.__setattr__(obj, "__pydantic_private__", None)
    return obj
