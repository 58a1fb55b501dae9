"""Co-location (*samlokalisering*; PwC 2021, Alver, the chapter on co-locating housing
and the investment it needs; Husbanken's investment grant).

The ``colocation`` measure is three parts:

* night: the night step from the rules' arrangements to the co-located sites'
  (:func:`model.measures.night.step_measure`; which sites merge is
  :mod:`model.structure`);
* day/evening synergy: ``synergy % × day/evening labour cost of the merged sites``, where a
  site's day/evening cost is its department's FTE shared by places × cost per gross FTE,
  less its night cost (:func:`day_evening_cost`);
* investment: ``new units × construction cost per unit``; Husbanken's grant
  ``units × grant share × min(cost per unit, cost cap per unit)``; the annual capital cost
  is the annuity of the net investment over the depreciation years at the interest rate
  (:func:`model.night.annuity`).

Its payback year (net savings against net investment, by year) is in
:mod:`model.measures.plan`.
"""

from __future__ import annotations

import numpy as np

from model.baseline import Baseline
from model.measures.core import MeasureCore, Num, total
from model.measures.night import NightSteps, step_measure
from model.measures.refund import Ledger
from model.night import NightCost, annuity
from model.scenario import Scenario
from model.structure import Structure


def measure(
    b: Baseline,
    s: Scenario,
    st: Structure,
    p: dict[str, Num],
    q: dict[str, Num],
    n: NightSteps,
    ledger: Ledger,
) -> MeasureCore:
    """``colocation``: night part + day/evening synergy + investment, grant, capital cost."""
    coloc = step_measure("colocation", st.coloc_active, n.n1, n.n2, n.lab1, n.lab2, ledger)
    if st.coloc_active and s.colocation.day_evening_synergy_pct > 0:
        syn_cost = day_evening_cost(b, n.n0, p) * st.merged_old
        syn = s.colocation.day_evening_synergy_pct / 100.0 * total(syn_cost)
        coloc.staff = coloc.staff + syn
        coloc.fte = coloc.fte - syn / q["cost_per_gross_fte_nok"]
        if ledger.active:
            per_site = s.colocation.day_evening_synergy_pct / 100.0 * syn_cost
            coloc.lost_refund = coloc.lost_refund + ledger.lost_site(per_site, per_site * 0.0)
    if st.coloc_active and st.new_units > 0:
        units = st.new_units
        cost_unit = q["construction_cost_per_unit_nok"]
        coloc.investment = units * cost_unit
        coloc.grant = (
            units
            * q["husbanken_grant_share"]
            * np.minimum(cost_unit, q["husbanken_cost_cap_per_unit_nok"])
        )
        coloc.capital = annuity(
            coloc.investment - coloc.grant, q["interest_rate"], q["depreciation_years"]
        )
    return coloc


def _site_fte(b: Baseline) -> np.ndarray:
    """Each site's share of its department's FTE, by places."""
    a = b.arrays
    dept_fte = {d.name: d.fte for d in b.departments}
    dept_places: dict[str, float] = {}
    for dep, pl in zip(a.department, a.places, strict=True):
        dept_places[dep] = dept_places.get(dep, 0.0) + pl
    return np.array(
        [
            (pl / dept_places[dep] * dept_fte[dep]) if dep in dept_fte and dept_places[dep] else 0.0
            for dep, pl in zip(a.department, a.places, strict=True)
        ]
    )


def day_evening_cost(b: Baseline, night0: NightCost, p: dict[str, Num]) -> Num:
    """Day/evening labour cost per site: its department's cost by places, less nights."""
    share = b.memo("colocation.site_fte", _site_fte)  # the baseline's alone: kept
    return np.maximum(0.0, share * p["cost_per_gross_fte_nok"] - night0.staff_cost)
