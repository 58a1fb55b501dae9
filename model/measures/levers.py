"""Percentage levers and the steering group's own measures (PwC 2021, Alver, the chapter
on measures in the departments: overtime, substitutes, competence level, rota hours and
decided hours).

A percentage lever cuts ``pct % × its cost base`` (gross saving):

==================  ===================================  =======================================
lever               cost base                            FTE change
==================  ===================================  =======================================
overtime            overtime_nok                         −saving / overtime cost per hour / hours per FTE
substitutes         substitute_cost_nok                  −saving / cost per paid hour / hours per FTE
competence_level    fixed_pay_nok                        0
rota_hours          rota_hours_cost_base_nok             −saving / cost per gross FTE
decided_hours       decided hours × cost per decided h   −saving / cost per paid hour / hours per FTE
==================  ===================================  =======================================

Its lost refund: every user's cost falls by the saving's share of the departments' labour
cost (departments' FTE × cost per gross FTE). A lever whose parameters the baseline lacks is
not computed (and says so). A custom measure's lost refund is
``refund rate × its refund share × its saving``.
"""

from __future__ import annotations

from collections.abc import Callable

from model.baseline import Baseline
from model.measures.core import MeasureCore, Num, div
from model.measures.refund import Ledger
from model.result import Warning
from model.scenario import Scenario

#: the percentage levers, in the order of the result
LEVER_IDS = ("overtime", "substitutes", "competence_level", "rota_hours", "decided_hours")


def _pcts(s: Scenario) -> tuple[float, ...]:
    lv = s.levers
    return (
        lv.overtime_cut_pct,
        lv.substitute_cut_pct,
        lv.competence_level_cut_pct,
        lv.rota_hours_cut_pct,
        lv.decided_hours_cut_pct,
    )


def percentage(b: Baseline, s: Scenario, q: dict[str, Num], ledger: Ledger) -> list[MeasureCore]:
    """The five percentage levers (`q`: per-draw scalar parameters)."""
    lv = s.levers
    total_dept_fte = sum(d.fte for d in b.departments)
    labour_total = total_dept_fte * q["cost_per_gross_fte_nok"]
    hf = q["hours_per_gross_fte"]
    lever_defs: list[tuple[str, float, Num, Callable[[Num], Num]]] = [
        (
            "overtime",
            lv.overtime_cut_pct,
            q["overtime_nok"],
            lambda g: -div(div(g, q["overtime_cost_nok_per_hour"]), hf),
        ),
        (
            "substitutes",
            lv.substitute_cut_pct,
            q["substitute_cost_nok"],
            lambda g: -div(div(g, q["cost_per_paid_hour_nok"]), hf),
        ),
        ("competence_level", lv.competence_level_cut_pct, q["fixed_pay_nok"], lambda g: 0.0 * g),
        (
            "rota_hours",
            lv.rota_hours_cut_pct,
            q["rota_hours_cost_base_nok"],
            lambda g: -div(g, q["cost_per_gross_fte_nok"]),
        ),
        (
            "decided_hours",
            lv.decided_hours_cut_pct,
            q["decided_hours_per_year"] * q["cost_per_decided_hour_nok"],
            lambda g: -div(div(g, q["cost_per_paid_hour_nok"]), hf),
        ),
    ]
    out: list[MeasureCore] = []
    for mid, pct, base, fte_of in lever_defs:
        gross = pct / 100.0 * base
        on = pct > 0 and not b.missing_parameters(mid)
        mc = MeasureCore(mid, on, staff=gross, fte=fte_of(gross) if pct > 0 else 0.0)
        if pct > 0 and total_dept_fte > 0:
            mc.lost_refund = ledger.lost_fraction(gross / labour_total)
        out.append(mc)
    return out


def custom(s: Scenario, ledger: Ledger) -> list[MeasureCore]:
    """The steering group's own measures: their saving, FTE change and refund share."""
    rate = ledger.rate
    out: list[MeasureCore] = []
    for c in s.custom:
        mc = MeasureCore(f"custom:{c.id}", True, other=c.savings_nok_per_year, fte=c.fte_change)
        mc.lost_refund = rate * c.refund_share * c.savings_nok_per_year
        out.append(mc)
    return out


def missing_warnings(b: Baseline, s: Scenario) -> list[Warning]:
    """A lever moved although the baseline lacks its parameters: not computed, say which."""
    out: list[Warning] = []
    for mid, pct in zip(LEVER_IDS, _pcts(s), strict=True):
        missing = b.missing_parameters(mid)
        if pct > 0 and missing:
            out.append(
                Warning(
                    code="missing_data",
                    message_nb=f"Ikke regnet: grunnlaget mangler {', '.join(missing)} "
                    f"(last opp parametertabellen med disse).",
                    message_en=f"Not computed: the baseline lacks {', '.join(missing)} "
                    "(upload the parameter table with them).",
                )
            )
    return out
