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

import numpy as np

from model.baseline import Baseline
from model.measures.core import Core, shift_hours
from model.result import NewSite, SiteTable, unvalidated
from model.structure import Structure


def site_table(
    b: Baseline, st: Structure, core: Core, flags: dict[str, list[bool]] | None = None
) -> SiteTable:
    """Old sites: the night before and after (new sites' figures shared by places).

    `flags`: :func:`site_flags` of `st` when the caller has them already."""
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
        **(flags or site_flags(b, st)),  # type: ignore[arg-type]
    )


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


def sites_after(
    b: Baseline,
    st: Structure,
    core: Core,
    p: dict[str, float],
    flags: dict[str, list[bool]] | None = None,
) -> list[NewSite]:
    """Each site after the scenario (kept, changed, merged or new), then the ambulant team.

    `flags`: :func:`site_flags` of `st` when the caller has them already."""
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
    flags = flags or site_flags(b, st)
    # the per-site flags as whole arrays, then plain lists: one numpy index or Python
    # `any` per new site costs microseconds each at 10 000 sites
    moved = _is_group(b, st)
    changed = moved | changed_new(b, st) | _any_member(st, flags["changed"])
    dt_before = _any_member(st, flags["dognturnus_before"])
    covered_by = {
        (False, False): [],
        (True, False): ["ambulant"],
        (False, True): ["digital"],
        (True, True): ["ambulant", "digital"],
    }
    out = []
    for j, (ns, amb, dig, mv, ch, dt0) in enumerate(
        zip(
            st.new_sites,
            st.ambulant_covered.tolist(),
            st.digital_covered.tolist(),
            moved.tolist(),
            changed.tolist(),
            dt_before.tolist(),
            strict=True,
        )
    ):
        d = {
            "name": ns.name,
            "service": ns.service,
            "area": ns.area,
            "members": [names_old[i] for i in ns.members],
            "merged": len(ns.members) >= 2,
            "covered_by": list(covered_by[amb, dig]),
            "moved": mv,
            "changed": ch,
            "dognturnus_before": dt0,
        }
        for k, v in cols.items():
            d[k] = v[j]
        out.append(unvalidated(NewSite, d))
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
