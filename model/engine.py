"""Evaluate a scenario against a baseline: the model's single entry point.

``evaluate`` returns a full :class:`~model.result.Result` for one parameter set;
``compute`` is the vectorised core shared with the Monte Carlo draws in
:mod:`model.uncertainty` (parameters may be arrays of shape (N, 1)).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from model.baseline import Baseline
from model.catalog import MEASURE_BY_ID, MEASURES
from model.night import NightCost, annuity
from model.params import NEUTRAL
from model.result import (
    MONEY_KINDS,
    ClosedHome,
    CoverageSummary,
    CoverageYear,
    Level,
    LevelPart,
    MeasureResult,
    NewSite,
    NightTotals,
    Result,
    SiteTable,
    StaffingResult,
    StaffingRow,
    Totals,
    Warning,
    YearResult,
)
from model.scenario import Scenario
from model.structure import Structure, build

MODEL_VERSION = "1.0.0"
PAYBACK_HORIZON = 60

Num = Any


class ScenarioError(ValueError):
    """The scenario does not fit the baseline (e.g. unknown site names)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def parameters(b: Baseline, s: Scenario) -> dict[str, float]:
    """Baseline values, then the scenario's overrides; undefined keys are neutral (0)."""
    p = dict(NEUTRAL)
    p.update(b.parameter_values())
    p.update(s.params)
    return p


MAX_WARNINGS = 50


def dedupe_warnings(warnings: list[Warning], cap: int = MAX_WARNINGS) -> list[Warning]:
    """Each warning once, in order, at most `cap` of them (then one line saying how many more)."""
    seen: set[tuple[str, str]] = set()
    out: list[Warning] = []
    extra = 0
    for w in warnings:
        key = (w.code, w.message_en)
        if key in seen:
            continue
        seen.add(key)
        if len(out) < cap:
            out.append(w)
        else:
            extra += 1
    if extra:
        out.append(
            Warning(
                code="more_warnings",
                message_nb=f"… og {extra} merknader til.",
                message_en=f"… and {extra} more notes.",
            )
        )
    return out


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def validate_against(b: Baseline, s: Scenario) -> list[str]:
    """Problems that make `s` meaningless for `b` (unknown sites, place types), each once."""
    problems = _unique(list(build(b, s).problems))
    if b.nursing_homes is not None:
        keys = {t.key for t in b.nursing_homes.place_types}
        problems += [
            f"coverage.norms: unknown place type '{k}'" for k in s.coverage.norms if k not in keys
        ]
    homes = {h.home for h in b.nursing_home_rows}
    problems += [
        f"coverage.close_homes: unknown nursing home '{h}'"
        for h in _unique(list(s.coverage.close_homes))
        if h not in homes
    ]
    return _unique(problems)


# --------------------------------------------------------------------------- core
@dataclass
class MeasureCore:
    """One measure's figures at full effect (floats or arrays over draws)."""

    id: str
    active: bool
    staff: Num = 0.0
    supplements: Num = 0.0
    other: Num = 0.0
    lost_refund: Num = 0.0
    fte: Num = 0.0
    investment: Num = 0.0
    grant: Num = 0.0
    capital: Num = 0.0
    avoided: Num = 0.0  # part of `other`/`staff` that is cost avoided, not a cut
    fte_avoided: Num = 0.0

    @property
    def gross(self) -> Num:
        return self.staff + self.supplements + self.other

    @property
    def net(self) -> Num:
        return self.gross - self.lost_refund


@dataclass
class Core:
    measures: list[MeasureCore]
    night_before: NightCost
    night_after: NightCost  # per new site, after all steps
    other_after: Num
    team: NightCost | None
    coverage: dict[str, Any] | None
    staffing: dict[str, Any] | None
    closed: list[dict[str, Any]]
    refund_today: Num = 0.0
    refund_after: Num = 0.0


def _div(a: Num, b: Num) -> Num:
    """a / b, and 0 where b is 0 (a parameter the baseline does not define)."""
    if np.ndim(b) == 0:
        return a / b if b else 0.0 * a
    safe = np.where(b != 0, b, 1.0)
    return np.where(b != 0, a / safe, 0.0)


def _shift(shift: np.ndarray, p: dict[str, Num]) -> Num:
    nan = np.isnan(shift)
    if not nan.any():
        return shift
    return np.where(nan, p["default_shift_hours"], np.nan_to_num(shift))


def _refund_setup(b: Baseline, s: Scenario) -> dict[str, Any] | None:
    if not s.refund.enabled or not b.refund_users:
        return None
    year = s.refund.year or b.year
    rule = b.refund_rule(year)
    threshold = s.refund.threshold_nok or (rule.threshold_nok if rule else None)
    rate = s.refund.rate if s.refund.rate is not None else (rule.rate if rule else None)
    deduction = (
        s.refund.id_deduction_nok
        if s.refund.id_deduction_nok is not None
        else (rule.id_deduction_nok if rule else 0.0)
    )
    if threshold is None or rate is None:
        return None
    users = b.refund_users
    eligible = np.array([u.age_band != "67+" for u in users], dtype=bool)
    thr = np.array(
        [
            threshold + (deduction if (u.intellectual_disability and u.age_band == "16-66") else 0)
            for u in users
        ],
        dtype=float,
    )
    cost = np.array([u.direct_labour_cost_nok for u in users], dtype=float)
    idx = b.arrays.index
    site = np.array([idx.get(u.site, -1) for u in users], dtype=int)
    return {
        "rate": rate,
        "thr": thr,
        "cost": cost,
        "site": site,
        "eligible": eligible,
        "year": year,
        "threshold": threshold,
        "deduction": deduction,
    }


def _refund(r: dict[str, Any], cost: Num) -> Num:
    return (r["rate"] * np.maximum(0.0, cost - r["thr"]) * r["eligible"]).sum(axis=-1)


def compute(b: Baseline, s: Scenario, st: Structure, p: dict[str, Num]) -> Core:
    regime = s.supplement_regime
    a = b.arrays
    places = a.places

    # per-draw scalars: parameters of shape (N, 1) become (N,) outside site arithmetic
    q = {k: (v[:, 0] if np.ndim(v) == 2 else v) for k, v in p.items()}

    # --- night steps ---------------------------------------------------------------
    n0 = NightCost(
        st.before.awake,
        st.before.resting,
        _shift(st.before.shift, p),
        st.before.dt_staff,
        p,
        regime,
    )
    r1 = st.after_rules
    n1 = NightCost(r1.awake, r1.resting, _shift(r1.shift, p), r1.dt_staff, p, regime)
    c2 = st.after_coloc
    sh2 = _shift(c2.shift, p)
    n2 = NightCost(c2.awake, c2.resting, sh2, c2.dt_staff, p, regime)
    aw3 = c2.awake - st.ambulant_reduce_awake
    rs3 = c2.resting - st.ambulant_reduce_resting
    n3 = NightCost(aw3, rs3, sh2, c2.dt_staff, p, regime)
    team: NightCost | None = None
    team_other: Num = 0.0
    new_places = st.new_places
    if st.ambulant_active:
        team_shift = (
            p["default_shift_hours"] if math.isnan(st.ambulant_shift) else st.ambulant_shift
        )
        team = NightCost(
            np.array([st.ambulant_staff]), np.array([0.0]), team_shift, np.array([0.0]), p, regime
        )
        team_other = q["ambulant_team_operating_cost_nok"]
    rho = p["digital_effect_realisation"]
    aw4 = aw3 - rho * st.digital_reduce_awake
    rs4 = rs3 - rho * st.digital_reduce_resting
    n4 = NightCost(aw4, rs4, sh2, c2.dt_staff, p, regime)
    digital_other = (
        (new_places * st.digital_covered).sum() * q["digital_cost_per_resident_nok"]
        if st.digital_active
        else 0.0
    )

    def tot(x: Num) -> Num:
        return x.sum(axis=-1)

    def team_sum(attr: str) -> Num:
        return tot(getattr(team, attr)) if team is not None else 0.0

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
        team_alloc = np.asarray(tot(team.labour))[..., None] * share_new
    lab3 = to_old(n3.labour + team_alloc)
    lab4 = to_old(n4.labour + team_alloc)

    refund = _refund_setup(b, s)
    cum: dict[str, Any] = {"cost": refund["cost"] if refund else None, "refund": None}

    def refund_step(after: Num) -> Num:
        """Refund lost going from the current user costs to `after` (cached per step)."""
        assert refund is not None
        before_r = cum["refund"] if cum["refund"] is not None else _refund(refund, cum["cost"])
        after_r = _refund(refund, after)
        cum["cost"], cum["refund"] = after, after_r
        return before_r - after_r

    users_site: np.ndarray | None = refund["site"] if refund else None

    def lost_site(prev: Num, new: Num) -> Num:
        """Refund lost when users' site costs go from prev to new (per resident)."""
        if refund is None or users_site is None:
            return 0.0
        per_res = np.where(places > 0, (prev - new) / np.where(places > 0, places, 1.0), 0.0)
        on_site = users_site >= 0
        s_u = np.where(on_site, per_res[..., np.where(on_site, users_site, 0)], 0.0)
        return refund_step(cum["cost"] - s_u)

    def lost_fraction(frac: Num) -> Num:
        if refund is None:
            return 0.0
        f = frac[..., None] if np.ndim(frac) else frac
        return refund_step(cum["cost"] - f * refund["cost"])

    measures: list[MeasureCore] = []

    def night_measure(
        mid: str,
        active: bool,
        x: NightCost,
        y: NightCost,
        lx: Num,
        ly: Num,
        other: Num = 0.0,
        extra_y: NightCost | None = None,
    ) -> MeasureCore:
        staff = tot(x.staff_cost) - tot(y.staff_cost)
        sup = tot(x.supplements) - tot(y.supplements)
        fte = tot(y.fte) - tot(x.fte)
        if extra_y is not None:
            staff = staff - tot(extra_y.staff_cost)
            sup = sup - tot(extra_y.supplements)
            fte = fte + tot(extra_y.fte)
        mc = MeasureCore(mid, active, staff=staff, supplements=sup, other=other, fte=fte)
        mc.lost_refund = lost_site(lx, ly) if active else 0.0
        return mc

    night_rules_active = bool(s.night.rules or s.night.overrides or s.night.shift_hours is not None)
    measures.append(night_measure("night_arrangement", night_rules_active, n0, n1, lab0, lab1))

    # co-location: night part + day/evening synergy + investment
    coloc = night_measure("colocation", st.coloc_active, n1, n2, lab1, lab2)
    if st.coloc_active and s.colocation.day_evening_synergy_pct > 0:
        syn_cost = _day_evening_cost(b, n0, p) * st.merged_old
        syn = s.colocation.day_evening_synergy_pct / 100.0 * tot(syn_cost)
        coloc.staff = coloc.staff + syn
        coloc.fte = coloc.fte - syn / q["cost_per_gross_fte_nok"]
        if refund is not None:
            per_site = s.colocation.day_evening_synergy_pct / 100.0 * syn_cost
            coloc.lost_refund = coloc.lost_refund + lost_site(per_site, per_site * 0.0)
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
    measures.append(coloc)

    measures.append(
        night_measure(
            "ambulant_team", st.ambulant_active, n2, n3, lab2, lab3, other=-team_other, extra_y=team
        )
    )
    measures.append(
        night_measure(
            "digital_supervision", st.digital_active, n3, n4, lab3, lab4, other=-digital_other
        )
    )

    # --- percentage levers -----------------------------------------------------------
    lv = s.levers
    total_dept_fte = sum(d.fte for d in b.departments)
    labour_total = total_dept_fte * q["cost_per_gross_fte_nok"]
    hf = q["hours_per_gross_fte"]
    lever_defs = [
        (
            "overtime",
            lv.overtime_cut_pct,
            q["overtime_nok"],
            lambda g: -_div(_div(g, q["overtime_cost_nok_per_hour"]), hf),
        ),
        (
            "substitutes",
            lv.substitute_cut_pct,
            q["substitute_cost_nok"],
            lambda g: -_div(_div(g, q["cost_per_paid_hour_nok"]), hf),
        ),
        ("competence_level", lv.competence_level_cut_pct, q["fixed_pay_nok"], lambda g: 0.0 * g),
        (
            "rota_hours",
            lv.rota_hours_cut_pct,
            q["rota_hours_cost_base_nok"],
            lambda g: -_div(g, q["cost_per_gross_fte_nok"]),
        ),
        (
            "decided_hours",
            lv.decided_hours_cut_pct,
            q["decided_hours_per_year"] * q["cost_per_decided_hour_nok"],
            lambda g: -_div(_div(g, q["cost_per_paid_hour_nok"]), hf),
        ),
    ]
    for mid, pct, base, fte_of in lever_defs:
        gross = pct / 100.0 * base
        on = pct > 0 and not b.missing_parameters(mid)
        mc = MeasureCore(mid, on, staff=gross, fte=fte_of(gross) if pct > 0 else 0.0)
        if pct > 0 and total_dept_fte > 0:
            mc.lost_refund = lost_fraction(gross / labour_total)
        measures.append(mc)

    # --- nursing homes --------------------------------------------------------------
    cov = _coverage(b, s, p)
    measures.append(
        MeasureCore(
            "coverage_rate",
            cov is not None and cov["active"],
            other=cov["saving_last"] if cov else 0.0,
            fte=cov["fte_last"] if cov else 0.0,
            avoided=cov["avoided"][..., -1] if cov else 0.0,
            fte_avoided=cov["fte_avoided"][..., -1] if cov else 0.0,
        )
    )
    closed = _closed_homes(b, s, q)
    measures.append(
        MeasureCore(
            "close_homes",
            bool(closed),
            other=sum(c["cost"] for c in closed) if closed else 0.0,
            fte=-sum(c["fte"] for c in closed) if closed else 0.0,
        )
    )
    stf = _staffing(b, s, q)
    measures.append(
        MeasureCore(
            "staffing_norm",
            bool(stf and s.coverage.norm_closure_share > 0),
            staff=stf["savings"] if stf else 0.0,
            fte=stf["fte_change"] if stf else 0.0,
        )
    )
    measures.append(
        MeasureCore(
            "hdo_ratio",
            bool(stf and s.coverage.hdo_target_fte_per_resident is not None),
            staff=stf["hdo_savings"] if stf else 0.0,
            fte=stf["hdo_fte_change"] if stf else 0.0,
        )
    )

    # --- custom measures -------------------------------------------------------------
    rate = refund["rate"] if refund else 0.0
    for c in s.custom:
        mc = MeasureCore(f"custom:{c.id}", True, other=c.savings_nok_per_year, fte=c.fte_change)
        mc.lost_refund = rate * c.refund_share * c.savings_nok_per_year
        measures.append(mc)

    return Core(
        measures=measures,
        night_before=n0,
        night_after=n4,
        other_after=team_other + digital_other,
        team=team,
        coverage=cov,
        staffing=stf,
        closed=closed,
        refund_today=_refund(refund, refund["cost"]) if refund else 0.0,
        refund_after=(
            cum["refund"] if cum["refund"] is not None else _refund(refund, refund["cost"])
        )
        if refund
        else 0.0,
    )


def _day_evening_cost(b: Baseline, night0: NightCost, p: dict[str, Num]) -> Num:
    """Day/evening labour cost per site: its department's cost by places, less nights."""
    a = b.arrays
    dept_fte = {d.name: d.fte for d in b.departments}
    dept_places: dict[str, float] = {}
    for dep, pl in zip(a.department, a.places, strict=True):
        dept_places[dep] = dept_places.get(dep, 0.0) + pl
    share = np.array(
        [
            (pl / dept_places[dep] * dept_fte[dep]) if dep in dept_fte and dept_places[dep] else 0.0
            for dep, pl in zip(a.department, a.places, strict=True)
        ]
    )
    return np.maximum(0.0, share * p["cost_per_gross_fte_nok"] - night0.staff_cost)


def _population(b: Baseline, years: np.ndarray, growth: Num) -> Num:
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


def _coverage(b: Baseline, s: Scenario, p: dict[str, Num]) -> dict[str, Any] | None:
    nh = b.nursing_homes
    if nh is None:
        return None
    start, n_years = s.plan.start_year, s.plan.years
    years = np.arange(start, start + n_years, dtype=float)
    growth = p["population_80_growth"]
    pop = _population(b, years, growth)
    pop_base = _population(b, np.array([float(nh.year)]), growth)[..., 0]
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


def _closed_homes(b: Baseline, s: Scenario, p: dict[str, Num]) -> list[dict[str, Any]]:
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


def _staffing(b: Baseline, s: Scenario, p: dict[str, Num]) -> dict[str, Any] | None:
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


# ------------------------------------------------------------------------ results
def _f(x: Num) -> float:
    return float(np.asarray(x).reshape(-1)[0]) if np.ndim(x) else float(x)


def _night_totals(nc: NightCost, team: NightCost | None, other: float) -> NightTotals:
    def t(attr: str) -> float:
        v = float(np.sum(getattr(nc, attr)))
        if team is not None:
            v += float(np.sum(getattr(team, attr)))
        return v

    sup = t("sup_night") + t("sup_weekend") + t("sup_holiday") + t("sup_dt")
    outside = t("sup_outside")
    staff = t("staff_cost")
    return NightTotals(
        staff_per_night=t("awake") + t("resting"),
        awake_per_night=t("awake"),
        resting_per_night=t("resting"),
        paid_hours_per_night=t("hours_night"),
        paid_hours_per_year=t("hours_year"),
        gross_fte=t("fte"),
        cost_nok=staff,
        supplement_night_nok=t("sup_night"),
        supplement_weekend_nok=t("sup_weekend"),
        supplement_holiday_nok=t("sup_holiday"),
        supplement_dognturnus_nok=t("sup_dt"),
        supplements_nok=sup,
        supplements_included_nok=sup - outside,
        supplements_outside_nok=outside,
        other_cost_nok=other,
        total_cost_nok=staff + outside + other,
    )


def timing(s: Scenario, mid: str) -> tuple[int, int]:
    t = s.plan.timing.get(mid)
    if t is None:
        return s.plan.start_year, 1
    return (t.start_year or s.plan.start_year), t.ramp_years


def ramp_share(year: int, start: int, ramp: int) -> float:
    """Share of full effect in `year`: 0 before start, then linear over `ramp` years."""
    if year < start:
        return 0.0
    return min(1.0, (year - start + 1) / ramp)


def evaluate(b: Baseline, s: Scenario | None = None, *, strict: bool = False) -> Result:
    """Evaluate `s` (default: no change) on `b`. With strict=True unknown names raise."""
    s = s or Scenario()
    st = build(b, s)
    if strict:
        problems = validate_against(b, s)
        if problems:
            raise ScenarioError(problems)
    p = parameters(b, s)
    core = compute(b, s, st, p)
    warnings = list(st.warnings)
    warnings += [
        Warning(
            code="unknown_name",
            message_nb=f"Ignorert: {msg}",
            message_en=f"Ignored: {msg}",
        )
        for msg in _unique(st.problems)
    ]
    homes = {h.home for h in b.nursing_home_rows}
    for h in _unique(list(s.coverage.close_homes)):
        if h not in homes:
            warnings.append(
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
                warnings.append(
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
        warnings.append(
            Warning(
                code="no_nursing_data",
                message_nb="Grunnlaget har ikke sykehjemsdata; dekningsgrad og bemanning er ikke regnet.",
                message_en="The baseline has no nursing-home data; coverage is not computed.",
            )
        )
    lv = s.levers
    for mid, pct in (
        ("overtime", lv.overtime_cut_pct),
        ("substitutes", lv.substitute_cut_pct),
        ("competence_level", lv.competence_level_cut_pct),
        ("rota_hours", lv.rota_hours_cut_pct),
        ("decided_hours", lv.decided_hours_cut_pct),
    ):
        missing = b.missing_parameters(mid)
        if pct > 0 and missing:
            warnings.append(
                Warning(
                    code="missing_data",
                    message_nb=f"Ikke regnet: grunnlaget mangler {', '.join(missing)} "
                    f"(last opp parametertabellen med disse).",
                    message_en=f"Not computed: the baseline lacks {', '.join(missing)} "
                    "(upload the parameter table with them).",
                )
            )
    return _assemble(b, s, st, core, p, dedupe_warnings(warnings))


#: which level part a measure's cut comes out of
_PART_OF: dict[str, str] = {
    "night_arrangement": "night",
    "colocation": "night",
    "ambulant_team": "night",
    "digital_supervision": "night",
    "overtime": "departments",
    "substitutes": "departments",
    "competence_level": "departments",
    "rota_hours": "departments",
    "decided_hours": "departments",
    "coverage_rate": "nursing_homes",
    "close_homes": "nursing_homes",
    "staffing_norm": "nursing_homes",
    "hdo_ratio": "hdo",
}

#: what each measure needs from the baseline (a use in Baseline.NEEDS)
_USE_OF: dict[str, str] = {
    "night_arrangement": "night",
    "colocation": "colocation",
    "ambulant_team": "night",
    "digital_supervision": "night",
    "coverage_rate": "coverage",
    "close_homes": "coverage",
    "staffing_norm": "staffing",
}


def _missing_for(b: Baseline, mid: str) -> list[str]:
    use = _USE_OF.get(mid)
    out = b.missing_tables(use) if use else []
    if mid in ("overtime", "substitutes", "competence_level", "rota_hours", "decided_hours"):
        out = []
    return out + b.missing_parameters(mid)


def _mnok_nb(x: float) -> str:
    return f"{x / 1e6:.1f}".replace(".", ",").replace("-", "−")


def _explain(mid: str, cut: float, avoided: float, refund_change: float) -> tuple[str, str]:
    nb: list[str] = []
    en: list[str] = []
    if abs(avoided) > 0.5:
        nb.append(
            f"{_mnok_nb(avoided)} mill. kr er unngått kostnad mot en framskriving med "
            "befolkningsvekst, ikke et kutt i dagens budsjett."
        )
        en.append(
            f"NOK {avoided / 1e6:.1f} million is cost avoided against a projection with "
            "population growth, not a cut in today's budget."
        )
    if refund_change > 0.5:
        nb.append(
            f"Tiltaket øker statlig refusjon med {_mnok_nb(refund_change)} mill. kr, så netto "
            "er høyere enn brutto (kostnaden per bruker stiger over innslagspunktet)."
        )
        en.append(
            f"The measure raises the state refund by NOK {refund_change / 1e6:.1f} million, so "
            "net exceeds gross (the cost per user rises above the threshold)."
        )
    elif refund_change < -0.5:
        nb.append(
            f"{_mnok_nb(-refund_change)} mill. kr av besparelsen går tapt i lavere statlig "
            "refusjon for ressurskrevende brukere."
        )
        en.append(
            f"NOK {-refund_change / 1e6:.1f} million of the saving is lost as a lower state "
            "refund for resource-intensive users."
        )
    if cut < -0.5 and not nb:
        nb.append("Tiltaket øker kostnaden mot dagens budsjett.")
        en.append("The measure raises cost against today's budget.")
    return " ".join(nb), " ".join(en)


def _payback(
    net_by_year: list[float], invest_by_year: np.ndarray, horizon: list[int]
) -> int | None:
    cum_inv = np.cumsum(invest_by_year)
    if cum_inv[-1] <= 0:
        return None
    cum_net = np.cumsum(net_by_year)
    ok = np.flatnonzero((cum_net >= cum_inv) & (cum_inv > 0))
    return int(horizon[ok[0]]) if ok.size else None


_PAYBACK_ONE = (
    "Bare dette tiltaket: egne netto besparelser mot egen netto investering",
    "This measure only: its own net savings against its own net investment",
)
_PAYBACK_ALL = (
    "Alle tiltak: samlede netto besparelser mot samlet netto investering",
    "All measures: total net savings against total net investment",
)


def _assemble(
    b: Baseline,
    s: Scenario,
    st: Structure,
    core: Core,
    p: dict[str, float],
    warnings: list[Warning],
) -> Result:
    plan_years = list(range(s.plan.start_year, s.plan.start_year + s.plan.years))
    measures: list[MeasureResult] = []
    custom = {f"custom:{c.id}": c for c in s.custom}
    per_year_net: dict[str, Any] = {}
    per_year_gross: dict[str, Any] = {}
    per_year_fte: dict[str, Any] = {}
    per_year_cut: dict[str, Any] = {}
    per_year_avoided: dict[str, Any] = {}
    horizon = list(range(s.plan.start_year, s.plan.start_year + PAYBACK_HORIZON))
    h_arr = np.asarray(horizon, dtype=float)
    invest_by_year = np.zeros(len(horizon))
    capital_by_year = np.zeros(len(horizon))
    for mc in core.measures:
        start, ramp = timing(s, mc.id)
        gross, net, fte = _f(mc.gross), _f(mc.net), _f(mc.fte)
        avoided, fte_avoided = _f(mc.avoided), _f(mc.fte_avoided)
        full_year: int | None = start + ramp - 1
        if mc.id == "coverage_rate" and core.coverage is not None:
            c = core.coverage

            def held(key: str, c: dict[str, Any] = c) -> np.ndarray:
                v = np.asarray(c[key], dtype=float).reshape(-1)
                return v[np.minimum(np.arange(len(horizon)), len(v) - 1)]

            start, ramp = s.plan.start_year, 1
            per_year_gross[mc.id] = held("saving")
            per_year_net[mc.id] = held("saving")
            per_year_fte[mc.id] = held("fte")
            per_year_avoided[mc.id] = held("avoided")
            per_year_cut[mc.id] = held("cut")
            t_year = s.coverage.target_year or plan_years[-1]
            full_year = max(start, t_year)
        else:
            # ramp_share over the horizon, vectorised: 0 before start, then linear
            shares = np.clip((h_arr - start + 1) / ramp, 0.0, 1.0)
            per_year_gross[mc.id] = gross * shares
            per_year_net[mc.id] = net * shares
            per_year_fte[mc.id] = fte * shares
            per_year_avoided[mc.id] = avoided * shares
            per_year_cut[mc.id] = (gross - avoided) * shares
        net_inv = _f(mc.investment) - _f(mc.grant)
        own_invest = np.zeros(len(horizon))
        if mc.active and net_inv:
            if start <= horizon[-1]:
                own_invest[max(0, start - horizon[0])] += net_inv
                invest_by_year[max(0, start - horizon[0])] += net_inv
            capital_by_year[h_arr >= start] += _f(mc.capital)
        if mc.id in custom:
            cm = custom[mc.id]
            label_nb = label_en = cm.label
            cons_nb = cons_en = cm.consequences
            pre_nb = pre_en = cm.preconditions
            kind = "custom"
        else:
            info = MEASURE_BY_ID[mc.id]
            label_nb, label_en = info.label_nb, info.label_en
            cons_nb, cons_en = info.consequences_nb, info.consequences_en
            pre_nb, pre_en = info.preconditions_nb, info.preconditions_en
            kind = info.kind
        lost = _f(mc.lost_refund)
        cut = gross - avoided
        ex_nb, ex_en = _explain(mc.id, cut, avoided, -lost) if mc.active else ("", "")
        missing = [] if mc.id in custom else _missing_for(b, mc.id)
        measures.append(
            MeasureResult(
                id=mc.id,
                kind=kind,
                label_nb=label_nb,
                label_en=label_en,
                active=mc.active,
                gross_savings_nok_per_year=gross,
                staff_cost_savings_nok=_f(mc.staff),
                supplement_savings_nok=_f(mc.supplements),
                other_savings_nok=_f(mc.other),
                lost_refund_nok_per_year=lost,
                net_savings_nok_per_year=net,
                fte_change=fte,
                start_year=start,
                ramp_years=ramp,
                investment_nok=_f(mc.investment),
                net_investment_nok=net_inv,
                annual_capital_cost_nok=_f(mc.capital),
                consequences_nb=cons_nb,
                consequences_en=cons_en,
                preconditions_nb=pre_nb,
                preconditions_en=pre_en,
                cut_nok_per_year=cut,
                avoided_nok_per_year=avoided,
                refund_change_nok_per_year=0.0 - lost,
                fte_cut=fte - fte_avoided,
                fte_avoided=fte_avoided,
                full_effect_year=full_year if mc.active else None,
                payback_year=_payback(per_year_net[mc.id], own_invest, horizon)
                if mc.active and net_inv
                else None,
                payback_includes_nb=_PAYBACK_ONE[0] if net_inv else "",
                payback_includes_en=_PAYBACK_ONE[1] if net_inv else "",
                available=not missing,
                missing=missing,
                explanation_nb=ex_nb,
                explanation_en=ex_en,
            )
        )

    def ysum(d: dict[str, Any]) -> np.ndarray:
        return np.sum(list(d.values()), axis=0)

    net_h, gross_h, fte_h = ysum(per_year_net), ysum(per_year_gross), ysum(per_year_fte)
    cut_h, avoided_h = ysum(per_year_cut), ysum(per_year_avoided)
    cum_net = np.cumsum(net_h)
    cum_inv = np.cumsum(invest_by_year)
    payback = _payback(list(net_h), invest_by_year, horizon)
    active_net = {k: v for k, v in per_year_net.items() if np.any(v)}
    years = [
        YearResult(
            year=y,
            gross_savings_nok=float(gross_h[i]),
            net_savings_nok=float(net_h[i]),
            fte_change=float(fte_h[i]),
            investment_nok=float(invest_by_year[i]),
            capital_cost_nok=float(capital_by_year[i]),
            cumulative_net_savings_nok=float(cum_net[i]),
            cumulative_net_investment_nok=float(cum_inv[i]),
            by_measure_net_nok={k: float(v[i]) for k, v in active_net.items()},
            cut_nok=float(cut_h[i]),
            avoided_nok=float(avoided_h[i]),
            refund_change_nok=float(net_h[i] - gross_h[i]),
        )
        for i, y in enumerate(horizon[: len(plan_years)])
    ]

    gross = sum(m.gross_savings_nok_per_year for m in measures)
    lost = sum(m.lost_refund_nok_per_year for m in measures)
    fte = sum(m.fte_change for m in measures)
    invest = sum(m.investment_nok for m in measures)
    net_inv = sum(m.net_investment_nok for m in measures)
    capital = sum(m.annual_capital_cost_nok for m in measures)
    cut = sum(m.cut_nok_per_year for m in measures)
    avoided = sum(m.avoided_nok_per_year for m in measures)
    fte_avoided = sum(m.fte_avoided for m in measures)

    nb = _night_totals(core.night_before, None, 0.0)
    na = _night_totals(core.night_after, core.team, _f(core.other_after))
    today, scenario = _levels(b, st, core, p, nb, measures)
    head_nb = (
        "Netto = kutt i dagens budsjett + unngått kostnad + endret refusjon"
        if abs(avoided) > 0.5
        else "Netto = kutt i dagens budsjett + endret refusjon"
    )
    head_en = (
        "Net = cut in today's budget + cost avoided + change in refund"
        if abs(avoided) > 0.5
        else "Net = cut in today's budget + change in refund"
    )
    totals = Totals(
        night=na,
        night_baseline=nb,
        sites=len(st.new_sites),
        sites_baseline=st.n_old,
        gross_savings_nok_per_year=gross,
        lost_refund_nok_per_year=lost,
        net_savings_nok_per_year=gross - lost,
        fte_change=fte,
        investment_nok=invest,
        grant_nok=invest - net_inv,
        net_investment_nok=net_inv,
        annual_capital_cost_nok=capital,
        net_effect_after_capital_nok_per_year=gross - lost - capital,
        payback_year=payback,
        today=today,
        scenario=scenario,
        cut_nok_per_year=cut,
        avoided_nok_per_year=avoided,
        refund_change_nok_per_year=0.0 - lost,
        fte_cut=fte - fte_avoided,
        fte_avoided=fte_avoided,
        headline_sums_nb=head_nb,
        headline_sums_en=head_en,
        payback_includes_nb=_PAYBACK_ALL[0] if net_inv else "",
        payback_includes_en=_PAYBACK_ALL[1] if net_inv else "",
    )
    return Result.model_construct(
        model_version=MODEL_VERSION,
        baseline_name=b.name,
        baseline_hash=b.hash,
        scenario_hash=s.hash,
        price_year=b.year,
        plan_years=plan_years,
        totals=totals,
        measures=measures,
        years=years,
        sites=_site_table(b, st, core),
        sites_after=_sites_after(b, st, core, p),
        coverage=_coverage_rows(core),
        staffing=_staffing_result(b, s, core),
        warnings=warnings,
        coverage_summary=_coverage_summary(b, s, core),
        closed_homes=[
            ClosedHome(
                home=c["home"],
                places=c["places"],
                fte=c["fte"],
                cost_nok_per_year=_f(c["cost"]),
                basis=c["basis"],
            )
            for c in core.closed
        ],
        money_kinds={
            k: {"label_nb": v[0], "label_en": v[1], "meaning_nb": v[2], "meaning_en": v[3]}
            for k, v in MONEY_KINDS.items()
        },
    )


def _levels(
    b: Baseline,
    st: Structure,
    core: Core,
    p: dict[str, float],
    nb: NightTotals,
    measures: list[MeasureResult],
) -> tuple[Level, Level]:
    """Today's and the scenario's level. Scenario = today - cuts (a), part by part."""
    parts: list[LevelPart] = []
    housing_places = float(b.arrays.places[b.arrays.housing].sum()) if len(b.arrays) else 0.0
    has_dept = bool(b.departments)
    if len(b.arrays):
        parts.append(
            LevelPart(
                key="night",
                label_nb="Nattevakt",
                label_en="Night watch",
                cost_nok_per_year=nb.total_cost_nok,
                fte=nb.gross_fte,
                sites=st.n_old,
                places=housing_places,
                in_total=not has_dept,
            )
        )
    if has_dept:
        parts.append(
            LevelPart(
                key="departments",
                label_nb="Avdelinger (brutto kostnad per bruker × brukere)",
                label_en="Departments (gross cost per user × users)",
                cost_nok_per_year=float(
                    sum(d.users * d.gross_cost_per_user_nok for d in b.departments)
                ),
                fte=float(sum(d.fte for d in b.departments)),
                in_total=True,
            )
        )
    nh = b.nursing_homes
    if nh is not None:
        cpp = p["cost_per_nursing_place_nok"]
        if b.nursing_home_rows:
            cost = sum(
                h.places * (h.cost_nok_per_place if h.cost_nok_per_place is not None else cpp)
                for h in b.nursing_home_rows
            )
        else:
            cost = nh.places * cpp
        parts.append(
            LevelPart(
                key="nursing_homes",
                label_nb="Sykehjem",
                label_en="Nursing homes",
                cost_nok_per_year=float(cost),
                fte=nh.fte_in_use,
                places=float(nh.places),
                in_total=True,
            )
        )
        if nh.hdo_residents:
            fte_h = nh.hdo_residents * nh.hdo_fte_per_resident
            parts.append(
                LevelPart(
                    key="hdo",
                    label_nb="Heldøgns omsorgsbolig (årsverk)",
                    label_en="24/7 care housing (FTE)",
                    cost_nok_per_year=fte_h * p["cost_per_fte_nursing_nok"],
                    fte=fte_h,
                    places=float(nh.hdo_residents),
                    in_total=True,
                )
            )
    total_key = {pt.key: pt for pt in parts}
    cut_by: dict[str, float] = {}
    fte_by: dict[str, float] = {}
    places_cut = 0.0
    for m in measures:
        part = _PART_OF.get(m.id, "departments" if has_dept else "other")
        if part == "night" and has_dept:
            part = "departments"
        if part not in total_key:
            part = "other"
        cut_by[part] = cut_by.get(part, 0.0) + m.cut_nok_per_year
        fte_by[part] = fte_by.get(part, 0.0) + m.fte_cut
    if core.coverage is not None:
        places_cut += float(np.asarray(core.coverage["cut_places"], dtype=float).reshape(-1)[-1])
    places_cut += sum(c["places"] for c in core.closed)
    if "other" in cut_by and abs(cut_by["other"]) + abs(fte_by.get("other", 0.0)) > 0:
        other = LevelPart(
            key="other",
            label_nb="Andre tiltak",
            label_en="Other measures",
            cost_nok_per_year=0.0,
            fte=0.0,
            in_total=True,
        )
        parts.append(other)
    places_today = housing_places + (float(nh.places) if nh else 0.0)
    if nh is not None and nh.hdo_residents:
        places_today += float(nh.hdo_residents)
    today_refund = _f(core.refund_today)
    lost = sum(m.lost_refund_nok_per_year for m in measures)

    def level(ps: list[LevelPart], sites: int, places: float, refund: float) -> Level:
        cost = sum(x.cost_nok_per_year for x in ps if x.in_total)
        return Level(
            cost_nok_per_year=cost,
            refund_nok_per_year=refund,
            net_cost_nok_per_year=cost - refund,
            fte=sum(x.fte for x in ps if x.in_total),
            sites=sites,
            places=places,
            parts=ps,
        )

    scn_parts = []
    for x in parts:
        if x.key == "night" and has_dept:
            night_cut = sum(m.cut_nok_per_year for m in measures if _PART_OF.get(m.id) == "night")
            night_fte = sum(m.fte_cut for m in measures if _PART_OF.get(m.id) == "night")
            upd = {"cost_nok_per_year": x.cost_nok_per_year - night_cut, "fte": x.fte + night_fte}
        else:
            upd = {
                "cost_nok_per_year": x.cost_nok_per_year - cut_by.get(x.key, 0.0),
                "fte": x.fte + fte_by.get(x.key, 0.0),
            }
        if x.key == "night":
            upd["sites"] = len(st.new_sites)
        if x.key == "nursing_homes" and x.places is not None:
            upd["places"] = x.places - places_cut
        scn_parts.append(x.model_copy(update=upd))
    today = level(parts, st.n_old, places_today, today_refund)
    scenario = level(scn_parts, len(st.new_sites), places_today - places_cut, today_refund - lost)
    return today, scenario


def _coverage_summary(b: Baseline, s: Scenario, core: Core) -> CoverageSummary | None:
    c = core.coverage
    nh = b.nursing_homes
    if c is None or nh is None:
        return None
    target = s.coverage.target_rate
    pop_base = _f(c["pop_base"])
    places0 = float(c["places0"])
    cpp = _f(c["cpp"])
    cut_base = (places0 - target * pop_base) * cpp if target is not None else 0.0
    cut = np.asarray(c["cut"], dtype=float).reshape(-1)
    avoided = np.asarray(c["avoided"], dtype=float).reshape(-1)
    return CoverageSummary(
        base_year=nh.year,
        population_80_plus_base=pop_base,
        places_today=places0,
        rate_today=_f(c["r0"]),
        target_rate=target,
        cut_base_year_nok=float(cut_base),
        cut_last_year_nok=float(cut[-1]),
        avoided_last_year_nok=float(avoided[-1]),
        avoided_plan_years_nok=float(avoided.sum()),
        cut_plan_years_nok=float(cut.sum()),
    )


def _site_table(b: Baseline, st: Structure, core: Core) -> SiteTable:
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
        **_site_flags(b, st),  # type: ignore[arg-type]
    )


def _site_flags(b: Baseline, st: Structure) -> dict[str, list[bool]]:
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
    ch_new = _changed_new(b, st)
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


def _changed_new(b: Baseline, st: Structure) -> np.ndarray:
    """Per new site: covered by the ambulant team or digital supervision with a reduction."""
    red = (
        (np.asarray(st.ambulant_reduce_awake) > 0)
        | (np.asarray(st.ambulant_reduce_resting) > 0)
        | (np.asarray(st.digital_reduce_awake) > 0)
        | (np.asarray(st.digital_reduce_resting) > 0)
    )
    return np.asarray(red, dtype=bool)


def _sites_after(b: Baseline, st: Structure, core: Core, p: dict[str, float]) -> list[NewSite]:
    n4 = core.night_after
    shift = _shift(st.after_coloc.shift, p)
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
    flags = _site_flags(b, st)
    ch_new = _changed_new(b, st)
    dt0 = np.asarray(st.before.dt, dtype=bool)
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
            "changed": bool(moved or ch_new[j] or any(flags["changed"][i] for i in ns.members)),
            "dognturnus_before": bool(dt0[ns.members].any()),
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


def _coverage_rows(core: Core) -> list[CoverageYear]:
    c = core.coverage
    if c is None:
        return []
    return [
        CoverageYear(
            year=int(y),
            population_80_plus=float(c["pop"][i]),
            rate_baseline=float(c["rate_base"][i]),
            rate_scenario=float(c["rate_scn"][i]),
            places_baseline=float(c["places_base"][i]),
            places_scenario=float(c["places_scn"][i]),
            cost_baseline_nok=float(c["cost_base"][i]),
            cost_scenario_nok=float(c["cost_scn"][i]),
            savings_nok=float(c["saving"][i]),
            fte_change=float(c["fte"][i]),
        )
        for i, y in enumerate(c["years"])
    ]


def _staffing_result(b: Baseline, s: Scenario, core: Core) -> StaffingResult | None:
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
        savings_nok=_f(c["savings"]),
        hdo_residents=nh.hdo_residents,
        hdo_fte_per_resident=nh.hdo_fte_per_resident,
        hdo_target_fte_per_resident=c["hdo_target"],
        hdo_fte_change=c["hdo_fte_change"],
        hdo_savings_nok=_f(c["hdo_savings"]),
    )


__all__ = ["MODEL_VERSION", "MEASURES", "ScenarioError", "evaluate", "compute", "parameters"]
