"""Nursing homes and 24/7 housing (Agenda Kaupang 2021, Sogndal, the chapters on coverage
rate, the nursing-home structure, staffing norms and *heldøgns omsorgsbolig*; domain.md
section 9).

* ``coverage_rate``: coverage = places / population 80+. The scenario's rate moves
  linearly from today's to the target by the target year; places = rate × population 80+
  (projected with ``population_80_growth`` beyond the population table); saving per year
  = (baseline places − scenario places) × cost per place; FTE = Δplaces × FTE in use per
  place. The saving is split into a cut (fewer places than today) and cost avoided
  against the growing population (:func:`projection`).
* ``close_homes``: a named home's own places, FTE and cost: its own cost per place, else
  its own FTE × cost per FTE, else places × cost per place (:func:`closed_homes`).
* ``staffing_norm``: norm FTE = Σ norm per place × places by place type; gap = max(0, FTE
  in use − norm FTE); FTE change = −closure share × gap; saving = −FTE change × cost per
  nursing FTE (:func:`staffing`).
* ``hdo_ratio``: 24/7 housing FTE change = residents × (target − today's FTE per
  resident); saving = −FTE change × cost per nursing FTE.

The result's coverage rows, coverage summary and staffing table are built here too.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from model.baseline import Baseline
from model.measures.core import Core, MeasureCore, Num, scalar
from model.result import (
    CoverageSummary,
    CoverageYear,
    StaffingResult,
    StaffingRow,
    Warning,
    unvalidated,
)
from model.scenario import Scenario


def population(b: Baseline, years: np.ndarray, growth: Num) -> Num:
    """Population 80+ by year: the table where it has the year, else projected from its
    nearest end at `growth` a year (no table: from the nursing-home summary's year)."""
    nh = b.nursing_homes
    assert nh is not None
    table = {r.year: r.population_80_plus for r in nh.population_table}
    base_year, base = nh.year, nh.population_80_plus
    if table:
        table.setdefault(base_year, base)
    if table:
        last = max(table)
        known = np.array([table.get(int(y), np.nan) for y in years])
        proj = table[last] * (1.0 + growth) ** (years - last)
        first = min(table)
        back = table[first] * (1.0 + growth) ** (years - first)
        proj = np.where(years < first, back, proj)
        return np.where(np.isnan(known), proj, known)
    return base * (1.0 + growth) ** (years - base_year)


def projection(b: Baseline, s: Scenario, p: dict[str, Num]) -> dict[str, Any] | None:
    """Coverage rate, places, cost and FTE by plan year, baseline and scenario."""
    nh = b.nursing_homes
    if nh is None:
        return None
    start, n_years = s.plan.start_year, s.plan.years
    years = np.arange(start, start + n_years, dtype=float)
    growth = p["population_80_growth"]
    pop = population(b, years, growth)
    pop_base = population(b, np.array([float(nh.year)]), growth)[..., 0]
    places0 = float(nh.places)
    r0 = places0 / pop_base
    target = s.coverage.target_rate
    active = target is not None
    t_year = s.coverage.target_year or (start + n_years - 1)
    r0b = np.asarray(r0)[..., None]  # today's rate, broadcast over the years
    if target is None:
        rate = r0b * np.ones_like(years)
    else:
        span = max(1, t_year - (start - 1))
        frac = np.clip((years - (start - 1)) / span, 0.0, 1.0)
        rate = r0b + (target - r0b) * frac
    places_base = r0b * pop
    places_scn = rate * pop
    cpp_b = p["cost_per_nursing_place_nok"]
    saving = (places_base - places_scn) * cpp_b
    fte_per_place = nh.fte_in_use / places0 if places0 else 0.0
    fte = (places_scn - places_base) * fte_per_place
    # split: fewer places than today (a cut) and the rest (growth avoided)
    d_places = places_base - places_scn
    below_today = places0 - places_scn
    cut_places = np.where(
        d_places >= 0,
        np.clip(below_today, 0.0, np.maximum(d_places, 0.0)),
        np.clip(below_today, np.minimum(d_places, 0.0), 0.0),
    )
    cut = cut_places * cpp_b
    avoided = saving - cut
    fte_cut = -cut_places * fte_per_place
    return {
        "cut": cut,
        "avoided": avoided,
        "fte_cut": fte_cut,
        "fte_avoided": fte - fte_cut,
        "cut_places": cut_places,
        "places0": places0,
        "pop_base": pop_base,
        "r0": r0,
        "target": target,
        "cpp": cpp_b,
        "fte_per_place": fte_per_place,
        "active": active,
        "years": years,
        "pop": pop,
        "rate_base": r0b * np.ones_like(years),
        "rate_scn": rate,
        "places_base": places_base,
        "places_scn": places_scn,
        "cost_base": places_base * cpp_b,
        "cost_scn": places_scn * cpp_b,
        "saving": saving,
        "fte": fte,
        "saving_last": saving[..., -1],
        "fte_last": fte[..., -1],
    }


def closed_homes(b: Baseline, s: Scenario, p: dict[str, Num]) -> list[dict[str, Any]]:
    """Closing a named home takes out its own places, FTE and cost (where the data has them):
    own cost per place, else own FTE x cost per FTE, else places x cost per place."""
    names = list(dict.fromkeys(s.coverage.close_homes))
    rows = b.nursing_home_rows
    if not names or not rows:
        return []
    nh = b.nursing_homes
    fte_per_place = (nh.fte_in_use / nh.places) if nh is not None and nh.places else 0.0
    out = []
    for name in names:
        mine = [h for h in rows if h.home == name]
        if not mine:
            continue
        places = float(sum(h.places for h in mine))
        cost: Num = 0.0
        fte = 0.0
        bases = set()
        for h in mine:
            f = h.fte if h.fte is not None else h.places * fte_per_place
            fte += f
            if h.cost_nok_per_place is not None:
                cost = cost + h.places * h.cost_nok_per_place
                bases.add("own_cost_per_place")
            elif h.fte is not None:
                cost = cost + h.fte * p["cost_per_fte_nursing_nok"]
                bases.add("own_fte")
            else:
                cost = cost + h.places * p["cost_per_nursing_place_nok"]
                bases.add("cost_per_place")
        out.append(
            {
                "home": name,
                "places": places,
                "fte": fte,
                "cost": cost,
                "basis": "+".join(sorted(bases)),
            }
        )
    return out


def staffing(b: Baseline, s: Scenario, p: dict[str, Num]) -> dict[str, Any] | None:
    """Staffing norms by place type and the 24/7 housing ratio (FTE and savings)."""
    nh = b.nursing_homes
    if nh is None:
        return None
    rows = []
    norm_total = 0.0
    for t in nh.place_types:
        norm = s.coverage.norms.get(t.key, t.norm_fte_per_place)
        rows.append((t, norm, norm * t.places))
        norm_total += norm * t.places
    gap = max(0.0, nh.fte_in_use - norm_total)
    fte_change = -s.coverage.norm_closure_share * gap
    cpf = p["cost_per_fte_nursing_nok"]
    target = s.coverage.hdo_target_fte_per_resident
    hdo_target = nh.hdo_fte_per_resident if target is None else target
    hdo_fte = nh.hdo_residents * (hdo_target - nh.hdo_fte_per_resident)
    return {
        "rows": rows,
        "norm_fte": norm_total,
        "gap": gap,
        "fte_change": fte_change,
        "savings": -fte_change * cpf,
        "hdo_target": hdo_target,
        "hdo_fte_change": hdo_fte,
        "hdo_savings": -hdo_fte * cpf,
    }


def measures(
    s: Scenario,
    cov: dict[str, Any] | None,
    closed: list[dict[str, Any]],
    stf: dict[str, Any] | None,
) -> list[MeasureCore]:
    """``coverage_rate``, ``close_homes``, ``staffing_norm`` and ``hdo_ratio``."""
    return [
        MeasureCore(
            "coverage_rate",
            cov is not None and cov["active"],
            other=cov["saving_last"] if cov else 0.0,
            fte=cov["fte_last"] if cov else 0.0,
            avoided=cov["avoided"][..., -1] if cov else 0.0,
            fte_avoided=cov["fte_avoided"][..., -1] if cov else 0.0,
        ),
        MeasureCore(
            "close_homes",
            bool(closed),
            other=sum(c["cost"] for c in closed) if closed else 0.0,
            fte=-sum(c["fte"] for c in closed) if closed else 0.0,
        ),
        MeasureCore(
            "staffing_norm",
            bool(stf and s.coverage.norm_closure_share > 0),
            staff=stf["savings"] if stf else 0.0,
            fte=stf["fte_change"] if stf else 0.0,
        ),
        MeasureCore(
            "hdo_ratio",
            bool(stf and s.coverage.hdo_target_fte_per_resident is not None),
            staff=stf["hdo_savings"] if stf else 0.0,
            fte=stf["hdo_fte_change"] if stf else 0.0,
        ),
    ]


# ------------------------------------------------------------ names and warnings
def unknown_names(b: Baseline, s: Scenario) -> list[str]:
    """Place types in the norms and homes to close that the baseline does not have."""
    problems: list[str] = []
    if b.nursing_homes is not None:
        keys = {t.key for t in b.nursing_homes.place_types}
        problems += [
            f"coverage.norms: unknown place type '{k}'" for k in s.coverage.norms if k not in keys
        ]
    homes = {h.home for h in b.nursing_home_rows}
    problems += [
        f"coverage.close_homes: unknown nursing home '{h}'"
        for h in list(dict.fromkeys(s.coverage.close_homes))
        if h not in homes
    ]
    return problems


def name_warnings(b: Baseline, s: Scenario) -> list[Warning]:
    """Unknown homes and place types are ignored; no nursing data: nothing computed."""
    out: list[Warning] = []
    homes = {h.home for h in b.nursing_home_rows}
    for h in list(dict.fromkeys(s.coverage.close_homes)):
        if h not in homes:
            out.append(
                Warning(
                    code="unknown_name",
                    message_nb=f"Ignorert: ukjent sykehjem «{h}».",
                    message_en=f"Ignored: unknown nursing home '{h}'.",
                )
            )
    if b.nursing_homes is not None:
        keys = {t.key for t in b.nursing_homes.place_types}
        for k in s.coverage.norms:
            if k not in keys:
                out.append(
                    Warning(
                        code="unknown_name",
                        message_nb=f"Ignorert: ukjent plasstype «{k}» i normtall.",
                        message_en=f"Ignored: unknown place type '{k}' in norms.",
                    )
                )
    if b.nursing_homes is None and (
        s.coverage.target_rate is not None
        or s.coverage.norm_closure_share > 0
        or s.coverage.hdo_target_fte_per_resident is not None
    ):
        out.append(
            Warning(
                code="no_nursing_data",
                message_nb="Grunnlaget har ikke sykehjemsdata; dekningsgrad og bemanning er ikke regnet.",
                message_en="The baseline has no nursing-home data; coverage is not computed.",
            )
        )
    return out


# ------------------------------------------------------------------------ results
def summary(b: Baseline, s: Scenario, core: Core) -> CoverageSummary | None:
    c = core.coverage
    nh = b.nursing_homes
    if c is None or nh is None:
        return None
    target = s.coverage.target_rate
    pop_base = scalar(c["pop_base"])
    places0 = float(c["places0"])
    cpp = scalar(c["cpp"])
    cut_base = (places0 - target * pop_base) * cpp if target is not None else 0.0
    cut = np.asarray(c["cut"], dtype=float).reshape(-1)
    avoided = np.asarray(c["avoided"], dtype=float).reshape(-1)
    return CoverageSummary(
        base_year=nh.year,
        population_80_plus_base=pop_base,
        places_today=places0,
        rate_today=scalar(c["r0"]),
        target_rate=target,
        cut_base_year_nok=float(cut_base),
        cut_last_year_nok=float(cut[-1]),
        avoided_last_year_nok=float(avoided[-1]),
        avoided_plan_years_nok=float(avoided.sum()),
        cut_plan_years_nok=float(cut.sum()),
    )


def rows(core: Core) -> list[CoverageYear]:
    c = core.coverage
    if c is None:
        return []
    # each column as a list of floats once (not one numpy index per cell)
    col = {
        k: np.asarray(c[k], dtype=float).reshape(-1).tolist()
        for k in ("pop", "rate_base", "rate_scn", "places_base", "places_scn")
        + ("cost_base", "cost_scn", "saving", "fte", "cut", "avoided")
    }
    # rows built without validation: Python floats and ints
    return [
        unvalidated(
            CoverageYear,
            {
                "year": int(y),
                "population_80_plus": col["pop"][i],
                "rate_baseline": col["rate_base"][i],
                "rate_scenario": col["rate_scn"][i],
                "places_baseline": col["places_base"][i],
                "places_scenario": col["places_scn"][i],
                "cost_baseline_nok": col["cost_base"][i],
                "cost_scenario_nok": col["cost_scn"][i],
                "savings_nok": col["saving"][i],
                "fte_change": col["fte"][i],
                # the saving split: fewer places than today (a cut in today's budget)
                # and the rest (growth avoided); the two add up to savings_nok
                "cut_nok": col["cut"][i],
                "avoided_nok": col["avoided"][i],
            },
        )
        for i, y in enumerate(c["years"])
    ]


def staffing_result(b: Baseline, s: Scenario, core: Core) -> StaffingResult | None:
    c = core.staffing
    nh = b.nursing_homes
    if c is None or nh is None:
        return None
    return StaffingResult(
        rows=[
            StaffingRow(
                key=t.key,
                label_nb=t.label_nb,
                label_en=t.label_en,
                places=t.places,
                norm_fte_per_place=norm,
                norm_fte=nf,
            )
            for t, norm, nf in c["rows"]
        ],
        norm_fte=c["norm_fte"],
        fte_in_use=nh.fte_in_use,
        gap_fte=c["gap"],
        fte_change=c["fte_change"],
        savings_nok=scalar(c["savings"]),
        hdo_residents=nh.hdo_residents,
        hdo_fte_per_resident=nh.hdo_fte_per_resident,
        hdo_target_fte_per_resident=c["hdo_target"],
        hdo_fte_change=c["hdo_fte_change"],
        hdo_savings_nok=scalar(c["hdo_savings"]),
    )
