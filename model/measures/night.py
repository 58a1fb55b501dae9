"""Night watch (PwC 2021, Alver, the chapters on night watch arrangements and on
alternative night services; Agenda Kaupang 2021, Sogndal, night watch).

The night is costed in four steps, each a :class:`~model.night.NightCost` (paid hours,
gross FTE, staff cost and night/weekend/holiday/døgnturnus supplements, per site; the
formulas themselves are in :mod:`model.night`):

0. today's arrangements;
1. after the night rules and per-site overrides (measure ``night_arrangement``);
2. after co-location (measure ``colocation``, see :mod:`model.measures.colocation`);
3. after the ambulant night team takes over covered sites (``ambulant_team``): the team's
   own staff and operating cost are added;
4. after digital supervision (``digital_supervision``): the reduction times the expected
   realisation, plus the cost per covered resident.

A measure's saving is the step's fall in staff cost and in supplements; its FTE change the
step's change in gross FTE; its lost refund the refund lost as the users' site costs fall
(:class:`model.measures.refund.Ledger`). :func:`totals` sums a step for the result.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from model.measures.core import MeasureCore, Num, shift_hours, total
from model.measures.refund import Ledger
from model.night import NightCost, supplement_rates
from model.result import NightTotals, unvalidated
from model.scenario import Scenario
from model.structure import Structure


@dataclass
class NightSteps:
    """The night after each step, the ambulant team and each step's labour cost per old
    site (new sites' cost allocated to their old member sites by places, for the refund)."""

    n0: NightCost
    n1: NightCost
    n2: NightCost
    n3: NightCost
    n4: NightCost
    team: NightCost | None
    team_other: Num
    digital_other: Num
    lab0: Num
    lab1: Num
    lab2: Num
    lab3: Num
    lab4: Num


def steps(s: Scenario, st: Structure, p: dict[str, Num], q: dict[str, Num]) -> NightSteps:
    """The four night steps (`p`: parameters as given; `q`: per-draw scalars)."""
    regime = s.supplement_regime
    rates = supplement_rates(p, regime)  # the same for every step
    n0 = NightCost(
        st.before.awake,
        st.before.resting,
        shift_hours(st.before.shift, p),
        st.before.dt_staff,
        p,
        regime,
        rates,
    )
    r1 = st.after_rules
    n1 = NightCost(r1.awake, r1.resting, shift_hours(r1.shift, p), r1.dt_staff, p, regime, rates)
    c2 = st.after_coloc
    sh2 = shift_hours(c2.shift, p)
    n2 = NightCost(c2.awake, c2.resting, sh2, c2.dt_staff, p, regime, rates)
    aw3 = c2.awake - st.ambulant_reduce_awake
    rs3 = c2.resting - st.ambulant_reduce_resting
    n3 = NightCost(aw3, rs3, sh2, c2.dt_staff, p, regime, rates)
    team: NightCost | None = None
    team_other: Num = 0.0
    new_places = st.new_places
    if st.ambulant_active:
        team_shift = (
            p["default_shift_hours"] if math.isnan(st.ambulant_shift) else st.ambulant_shift
        )
        team = NightCost(
            np.array([st.ambulant_staff]),
            np.array([0.0]),
            team_shift,
            np.array([0.0]),
            p,
            regime,
            rates,
        )
        team_other = q["ambulant_team_operating_cost_nok"]
    rho = p["digital_effect_realisation"]
    aw4 = aw3 - rho * st.digital_reduce_awake
    rs4 = rs3 - rho * st.digital_reduce_resting
    n4 = NightCost(aw4, rs4, sh2, c2.dt_staff, p, regime, rates)
    digital_other = (
        (new_places * st.digital_covered).sum() * q["digital_cost_per_resident_nok"]
        if st.digital_active
        else 0.0
    )

    # Labour cost per old site after each step (for the refund), allocating new sites'
    # cost to their old member sites by places.
    def to_old(per_new: Num) -> Num:
        return per_new[..., st.assign] * st.weight

    lab0 = n0.labour
    lab1 = n1.labour
    lab2 = to_old(n2.labour)
    team_alloc: Num = 0.0
    if team is not None:
        cov_places = (new_places * st.ambulant_covered).sum()
        share_new = np.where(
            st.ambulant_covered,
            new_places / cov_places if cov_places > 0 else 1.0 / st.ambulant_covered.sum(),
            0.0,
        )
        team_alloc = np.asarray(total(team.labour))[..., None] * share_new
    lab3 = to_old(n3.labour + team_alloc)
    lab4 = to_old(n4.labour + team_alloc)
    return NightSteps(
        n0, n1, n2, n3, n4, team, team_other, digital_other, lab0, lab1, lab2, lab3, lab4
    )


def step_measure(
    mid: str,
    active: bool,
    x: NightCost,
    y: NightCost,
    lx: Num,
    ly: Num,
    ledger: Ledger,
    other: Num = 0.0,
    extra_y: NightCost | None = None,
) -> MeasureCore:
    """The measure that takes the night from step `x` to step `y` (labour per old site
    `lx` -> `ly`); `extra_y` is staff added by the step (the ambulant team)."""
    # (x.supplements is x.sup_outside: the supplements paid on top of the FTE cost)
    staff = x.total("staff_cost") - y.total("staff_cost")
    sup = x.total("sup_outside") - y.total("sup_outside")
    fte = y.total("fte") - x.total("fte")
    if extra_y is not None:
        staff = staff - extra_y.total("staff_cost")
        sup = sup - extra_y.total("sup_outside")
        fte = fte + extra_y.total("fte")
    mc = MeasureCore(mid, active, staff=staff, supplements=sup, other=other, fte=fte)
    mc.lost_refund = ledger.lost_site(lx, ly) if active else 0.0
    return mc


def arrangement(s: Scenario, n: NightSteps, ledger: Ledger) -> MeasureCore:
    """``night_arrangement``: night rules, per-site overrides and a new shift length."""
    active = bool(s.night.rules or s.night.overrides or s.night.shift_hours is not None)
    return step_measure("night_arrangement", active, n.n0, n.n1, n.lab0, n.lab1, ledger)


def ambulant_team(st: Structure, n: NightSteps, ledger: Ledger) -> MeasureCore:
    """``ambulant_team``: covered sites' reduction less the team's staff and operating cost."""
    return step_measure(
        "ambulant_team",
        st.ambulant_active,
        n.n2,
        n.n3,
        n.lab2,
        n.lab3,
        ledger,
        other=-n.team_other,
        extra_y=n.team,
    )


def digital_supervision(st: Structure, n: NightSteps, ledger: Ledger) -> MeasureCore:
    """``digital_supervision``: realised reduction less the cost per covered resident."""
    return step_measure(
        "digital_supervision",
        st.digital_active,
        n.n3,
        n.n4,
        n.lab3,
        n.lab4,
        ledger,
        other=-n.digital_other,
    )


#: the NightCost figures :func:`totals` sums over sites (every per-site figure it holds)
_SUMMED = tuple(x for x in NightCost.__slots__ if not x.startswith("_"))


def _site_sums(nc: NightCost) -> dict[str, float]:
    """Each figure of `nc` summed over sites: one numpy reduction over a stacked array,
    not one call per figure (this runs twice per evaluation; each row's sum is the same
    as summing that figure on its own)."""
    rows = np.array([np.asarray(getattr(nc, k), dtype=float).reshape(-1) for k in _SUMMED])
    return dict(zip(_SUMMED, rows.sum(axis=-1).tolist(), strict=True))


def totals(nc: NightCost, team: NightCost | None, other: float) -> NightTotals:
    """One step's night summed over sites (and the ambulant team), as in PwC's tables."""
    other = float(other)
    v = _site_sums(nc)
    if team is not None:
        v = {k: x + y for (k, x), y in zip(v.items(), _site_sums(team).values(), strict=True)}

    sup = v["sup_night"] + v["sup_weekend"] + v["sup_holiday"] + v["sup_dt"]
    outside = v["sup_outside"]
    staff = v["staff_cost"]
    # built without validation: every value is a Python float (sums via tolist)
    return unvalidated(
        NightTotals,
        {
            "staff_per_night": v["awake"] + v["resting"],
            "awake_per_night": v["awake"],
            "resting_per_night": v["resting"],
            "paid_hours_per_night": v["hours_night"],
            "paid_hours_per_year": v["hours_year"],
            "gross_fte": v["fte"],
            "cost_nok": staff,
            "supplement_night_nok": v["sup_night"],
            "supplement_weekend_nok": v["sup_weekend"],
            "supplement_holiday_nok": v["sup_holiday"],
            "supplement_dognturnus_nok": v["sup_dt"],
            "supplements_nok": sup,
            "supplements_included_nok": sup - outside,
            "supplements_outside_nok": outside,
            "other_cost_nok": other,
            "total_cost_nok": staff + outside + other,
        },
    )
