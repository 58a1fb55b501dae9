"""Evaluate a scenario against a baseline: the model's single entry point.

``evaluate`` returns a full :class:`~model.result.Result` for one parameter set;
``compute`` is the vectorised core shared with the Monte Carlo draws in
:mod:`model.uncertainty` (parameters may be arrays of shape (N, 1)).

This module only runs the steps in order and assembles the result; every formula lives in
its report chapter's module under :mod:`model.measures` (night, colocation, coverage,
levers, refund, plan, money, sites). The names other code imports from here
(``evaluate``, ``compute``, ``parameters``, ``ramp_share``, ...) stay importable here.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from model.baseline import Baseline
from model.catalog import MEASURE_BY_ID, MEASURES
from model.measures import colocation, coverage, levers, money, night, sites
from model.measures.core import Core, MeasureCore, Num, scalar
from model.measures.plan import (
    PAYBACK_ALL,
    PAYBACK_HORIZON,
    PAYBACK_ONE,
    MeasurePlan,
    Schedule,
    payback,
    ramp_share,
    timing,
)
from model.measures.refund import Ledger
from model.params import NEUTRAL
from model.result import (
    MONEY_KINDS,
    ClosedHome,
    MeasureResult,
    Result,
    Totals,
    Warning,
    unvalidated,
)
from model.scenario import Scenario
from model.structure import Structure, structure

MODEL_VERSION = "1.0.0"


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


def validate_against(b: Baseline, s: Scenario, st: Structure | None = None) -> list[str]:
    """Problems that make `s` meaningless for `b` (unknown sites, place types), each once.

    `st`: the structure of `s` on `b` when the caller has built it already (evaluate)."""
    problems = _unique(list((st or structure(b, s)).problems))
    problems += coverage.unknown_names(b, s)
    return _unique(problems)


# --------------------------------------------------------------------------- core
def compute(b: Baseline, s: Scenario, st: Structure, p: dict[str, Num]) -> Core:
    """Every measure at full effect, in the order their refund effects are chained."""
    # per-draw scalars: parameters of shape (N, 1) become (N,) outside site arithmetic
    # (an isinstance test, not np.ndim: this runs for every parameter on every evaluation)
    q = {k: (v[:, 0] if isinstance(v, np.ndarray) and v.ndim == 2 else v) for k, v in p.items()}
    steps = night.steps(s, st, p, q)
    ledger = Ledger(b, s)
    measures: list[MeasureCore] = [
        night.arrangement(s, steps, ledger),
        colocation.measure(b, s, st, p, q, steps, ledger),
        night.ambulant_team(st, steps, ledger),
        night.digital_supervision(st, steps, ledger),
    ]
    measures += levers.percentage(b, s, q, ledger)
    cov = coverage.projection(b, s, p)
    closed = coverage.closed_homes(b, s, q)
    stf = coverage.staffing(b, s, q)
    measures += coverage.measures(s, cov, closed, stf)
    measures += levers.custom(s, ledger)
    return Core(
        measures=measures,
        night_before=steps.n0,
        night_after=steps.n4,
        other_after=steps.team_other + steps.digital_other,
        team=steps.team,
        coverage=cov,
        staffing=stf,
        closed=closed,
        refund_today=ledger.today(),
        refund_after=ledger.after(),
    )


# ------------------------------------------------------------------------ results
def evaluate(b: Baseline, s: Scenario | None = None, *, strict: bool = False) -> Result:
    """Evaluate `s` (default: no change) on `b`. With strict=True unknown names raise."""
    s = s or Scenario()
    st = structure(b, s)
    if strict:
        problems = validate_against(b, s, st)
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
    warnings += coverage.name_warnings(b, s)
    warnings += levers.missing_warnings(b, s)
    return _assemble(b, s, st, core, p, dedupe_warnings(warnings))


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
    if mid in levers.LEVER_IDS:
        out = []
    return out + b.missing_parameters(mid)


def _measure_result(
    b: Baseline, custom: dict[str, Any], mc: MeasureCore, plan: MeasurePlan
) -> MeasureResult:
    """One measure's result row: labels, its figures, the three kinds of money, timing."""
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
    gross, avoided, fte = plan.gross, plan.avoided, plan.fte
    net_inv = plan.net_investment
    lost = plan.lost_refund
    cut = gross - avoided
    ex_nb, ex_en = money.explain(mc.id, cut, avoided, -lost) if mc.active else ("", "")
    missing = [] if mc.id in custom else _missing_for(b, mc.id)
    # built without validation: every value below is a Python float/int/str/bool
    return unvalidated(
        MeasureResult,
        {
            "id": mc.id,
            "kind": kind,
            "label_nb": label_nb,
            "label_en": label_en,
            "active": bool(mc.active),
            "gross_savings_nok_per_year": gross,
            "staff_cost_savings_nok": plan.staff,
            "supplement_savings_nok": plan.supplements,
            "other_savings_nok": plan.other,
            "lost_refund_nok_per_year": lost,
            "net_savings_nok_per_year": plan.net,
            "fte_change": fte,
            "start_year": plan.start,
            "ramp_years": plan.ramp,
            "investment_nok": plan.investment,
            "net_investment_nok": net_inv,
            "annual_capital_cost_nok": plan.capital,
            "consequences_nb": cons_nb,
            "consequences_en": cons_en,
            "preconditions_nb": pre_nb,
            "preconditions_en": pre_en,
            "cut_nok_per_year": cut,
            "avoided_nok_per_year": avoided,
            "refund_change_nok_per_year": 0.0 - lost,
            "fte_cut": fte - plan.fte_avoided,
            "fte_avoided": plan.fte_avoided,
            "full_effect_year": plan.full_year if mc.active else None,
            "payback_year": plan.payback_year,
            "payback_includes_nb": PAYBACK_ONE[0] if net_inv else "",
            "payback_includes_en": PAYBACK_ONE[1] if net_inv else "",
            "available": not missing,
            "missing": missing,
            "explanation_nb": ex_nb,
            "explanation_en": ex_en,
        },
    )


def _assemble(
    b: Baseline,
    s: Scenario,
    st: Structure,
    core: Core,
    p: dict[str, float],
    warnings: list[Warning],
) -> Result:
    schedule = Schedule(s)
    custom = {f"custom:{c.id}": c for c in s.custom}
    measures = [
        _measure_result(b, custom, mc, schedule.add(mc, core.coverage)) for mc in core.measures
    ]
    years, total_payback = schedule.years()

    gross = sum(m.gross_savings_nok_per_year for m in measures)
    lost = sum(m.lost_refund_nok_per_year for m in measures)
    fte = sum(m.fte_change for m in measures)
    invest = sum(m.investment_nok for m in measures)
    net_inv = sum(m.net_investment_nok for m in measures)
    capital = sum(m.annual_capital_cost_nok for m in measures)
    cut = sum(m.cut_nok_per_year for m in measures)
    avoided = sum(m.avoided_nok_per_year for m in measures)
    fte_avoided = sum(m.fte_avoided for m in measures)

    nb = night.totals(core.night_before, None, 0.0)
    na = night.totals(core.night_after, core.team, scalar(core.other_after))
    today, scenario = money.levels(b, st, core, p, nb, measures)
    head_nb, head_en = money.headline_sums(avoided)
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
        payback_year=total_payback,
        today=today,
        scenario=scenario,
        cut_nok_per_year=cut,
        avoided_nok_per_year=avoided,
        refund_change_nok_per_year=0.0 - lost,
        fte_cut=fte - fte_avoided,
        fte_avoided=fte_avoided,
        headline_sums_nb=head_nb,
        headline_sums_en=head_en,
        payback_includes_nb=PAYBACK_ALL[0] if net_inv else "",
        payback_includes_en=PAYBACK_ALL[1] if net_inv else "",
    )
    # built without validation, as before (model_construct), but at a tenth of the cost
    return unvalidated(
        Result,
        {
            "model_version": MODEL_VERSION,
            "baseline_name": b.name,
            "baseline_hash": b.hash,
            "scenario_hash": s.hash,
            "price_year": b.year,
            "plan_years": schedule.plan_years,
            "totals": totals,
            "measures": measures,
            "years": years,
            "sites": sites.site_table(b, st, core),
            "sites_after": sites.sites_after(b, st, core, p),
            "coverage": coverage.rows(core),
            "staffing": coverage.staffing_result(b, s, core),
            "warnings": warnings,
            "coverage_summary": coverage.summary(b, s, core),
            "closed_homes": [
                ClosedHome(
                    home=c["home"],
                    places=c["places"],
                    fte=c["fte"],
                    cost_nok_per_year=scalar(c["cost"]),
                    basis=c["basis"],
                )
                for c in core.closed
            ],
            "money_kinds": {
                k: {"label_nb": v[0], "label_en": v[1], "meaning_nb": v[2], "meaning_en": v[3]}
                for k, v in MONEY_KINDS.items()
            },
        },
    )


__all__ = [
    "MODEL_VERSION",
    "MEASURES",
    "PAYBACK_HORIZON",
    "Core",
    "MeasureCore",
    "ScenarioError",
    "compute",
    "dedupe_warnings",
    "evaluate",
    "parameters",
    "payback",
    "ramp_share",
    "timing",
    "validate_against",
]
