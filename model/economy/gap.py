"""The budget gap: the economic plan's savings requirement against the scenario's effect.

Per plan year *y*:

    target(y)  = savings requirement(y) [+ last overspend, if carried]
    closed(y)  = Σ over measures m and counted kinds k of effect(m, k, y)
    gap(y)     = target(y) − closed(y)            (> 0: still missing; < 0: more than asked)
    overspend(t) = actual(t) − frame(t);  share = overspend(t) / frame(t)   (past years)

The effects come from the scenario's :class:`~model.result.Result` through
:func:`effects_from_result`, one row per year, measure and *kind of money*. Which kinds
count against the requirement is a setting: a cut against today's budget always counts;
cost avoided against the growing baseline projection counts only if the requirement
is set against a frame that includes demographic growth; a change in state refund
counts with its sign (a lost refund is negative).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from model.economy.tables import BudgetRow
from model.engine import ramp_share
from model.result import MeasureResult, Result

MoneyKind = Literal["cut", "avoided", "refund"]
KIND_LABELS: dict[str, tuple[str, str]] = {
    "cut": ("Kutt mot dagens budsjett", "Cut against today's budget"),
    "avoided": ("Unngått kostnad mot framskrivingen", "Cost avoided against the projection"),
    "refund": ("Endring i statlig refusjon", "Change in state refund"),
}
#: measure kinds in the model whose saving is cost avoided against demographic growth
AVOIDED_MEASURE_KINDS = frozenset({"coverage"})
COVERAGE_MEASURE = "coverage_rate"
_DEFAULT_COUNT: tuple[MoneyKind, ...] = ("cut", "refund")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Effect(_Frozen):
    year: int
    measure_id: str
    label_nb: str
    label_en: str
    kind: MoneyKind
    value_nok: float = Field(description="positive = helps close the gap")


class GapSettings(_Frozen):
    count: list[MoneyKind] = Field(
        default_factory=lambda: list(_DEFAULT_COUNT), description="kinds counted against the target"
    )
    carry_overspend: bool = Field(
        default=False, description="add the last year's overspend (accounts − frame) to the target"
    )


class MeasureShare(_Frozen):
    measure_id: str
    label_nb: str
    label_en: str
    counted_nok: float
    not_counted_nok: float


class GapYear(_Frozen):
    year: int
    requirement_nok: float
    overspend_carried_nok: float
    target_nok: float
    effect_by_kind_nok: dict[str, float]
    closed_nok: float
    gap_nok: float
    share_closed: float | None
    measures: list[MeasureShare]


class Overspend(_Frozen):
    year: int
    frame_nok: float
    actual_nok: float
    overspend_nok: float
    share: float


class GapResult(_Frozen):
    counted: list[MoneyKind]
    years: list[GapYear]
    overspend: list[Overspend]
    plan_years_without_requirement: list[int]
    status: str = Field(description="status of the requirement rows (published/assumption...)")


class GapHeadline(_Frozen):
    """'closes X of Y MNOK in year N'."""

    year: int
    closed_nok: float
    requirement_nok: float
    gap_nok: float
    share: float | None


def effects_from_result(r: Result) -> list[Effect]:
    """One effect per plan year, measure and kind of money, adding up to the model's net
    saving of that measure and year (``years[].by_measure_net_nok``).

    The result carries the three kinds per measure at full effect (``cut_nok_per_year``,
    ``avoided_nok_per_year``, ``refund_change_nok_per_year``) and, for the coverage rate,
    per year (``coverage[].cut_nok`` / ``avoided_nok``). A measure's kinds in a year are its
    full-effect kinds times its ramp-up share that year (:func:`model.measures.plan.ramp_share`,
    the same share the model applies to its net saving). A result without the kinds (an
    older model) is split as net = (net + lost refund) + (− lost refund), the first part
    'avoided' for coverage measures and 'cut' for the rest.
    """
    by_id = {m.id: m for m in r.measures}
    cov = {c.year: c for c in r.coverage}
    out: list[Effect] = []

    def add(y: int, m: MeasureResult, kind: MoneyKind, v: float) -> None:
        if v != 0.0:
            out.append(
                Effect(
                    year=y,
                    measure_id=m.id,
                    label_nb=m.label_nb,
                    label_en=m.label_en,
                    kind=kind,
                    value_nok=float(v),
                )
            )

    for yr in r.years:
        for mid, net in yr.by_measure_net_nok.items():
            m = by_id.get(mid)
            if m is None:
                continue
            cut_full = getattr(m, "cut_nok_per_year", None)
            cy = cov.get(yr.year)
            if cut_full is None:  # a result without the three kinds
                full_net = m.net_savings_nok_per_year
                share = net / full_net if full_net else 0.0
                refund = -m.lost_refund_nok_per_year * share
                kind: MoneyKind = "avoided" if m.kind in AVOIDED_MEASURE_KINDS else "cut"
                add(yr.year, m, kind, net - refund)
                add(yr.year, m, "refund", refund)
            elif m.id == COVERAGE_MEASURE and cy is not None:
                cut_y = float(getattr(cy, "cut_nok", 0.0))
                add(yr.year, m, "cut", cut_y)
                add(yr.year, m, "avoided", net - cut_y)
            else:
                share = ramp_share(yr.year, m.start_year, m.ramp_years)
                add(yr.year, m, "cut", float(cut_full) * share)
                add(yr.year, m, "avoided", float(getattr(m, "avoided_nok_per_year", 0.0)) * share)
                add(
                    yr.year,
                    m,
                    "refund",
                    float(getattr(m, "refund_change_nok_per_year", 0.0)) * share,
                )
    return out


def overspend(budget: list[BudgetRow]) -> list[Overspend]:
    return [
        Overspend(
            year=b.year,
            frame_nok=b.frame_nok,
            actual_nok=b.actual_nok,
            overspend_nok=b.actual_nok - b.frame_nok,
            share=(b.actual_nok - b.frame_nok) / b.frame_nok,
        )
        for b in budget
        if b.frame_nok and b.actual_nok is not None
    ]


def budget_gap(
    budget: list[BudgetRow], effects: list[Effect], plan_years: list[int], s: GapSettings
) -> GapResult:
    """Requirement vs effect per plan year (see module docstring)."""
    req = {b.year: b.savings_requirement_nok for b in budget}
    over = overspend(budget)
    carried = 0.0
    if s.carry_overspend and over:
        past = [o for o in over if not plan_years or o.year < min(plan_years)]
        carried = past[-1].overspend_nok if past else 0.0
    years: list[GapYear] = []
    missing: list[int] = []
    for y in plan_years:
        r = req.get(y)
        if r is None:
            missing.append(y)
            continue
        effs = [e for e in effects if e.year == y]
        by_kind = {k: sum(e.value_nok for e in effs if e.kind == k) for k in KIND_LABELS}
        closed = sum(v for k, v in by_kind.items() if k in s.count)
        per: dict[str, list[float]] = {}
        labels: dict[str, tuple[str, str]] = {}
        for e in effs:
            acc = per.setdefault(e.measure_id, [0.0, 0.0])
            acc[0 if e.kind in s.count else 1] += e.value_nok
            labels[e.measure_id] = (e.label_nb, e.label_en)
        shares = sorted(
            (
                MeasureShare(
                    measure_id=mid,
                    label_nb=labels[mid][0],
                    label_en=labels[mid][1],
                    counted_nok=v[0],
                    not_counted_nok=v[1],
                )
                for mid, v in per.items()
            ),
            key=lambda m: -m.counted_nok,
        )
        target = r + carried
        years.append(
            GapYear(
                year=y,
                requirement_nok=r,
                overspend_carried_nok=carried,
                target_nok=target,
                effect_by_kind_nok=by_kind,
                closed_nok=closed,
                gap_nok=target - closed,
                share_closed=closed / target if target > 0 else None,
                measures=shares,
            )
        )
    statuses = sorted({b.status for b in budget if b.savings_requirement_nok is not None})
    return GapResult(
        counted=list(s.count),
        years=years,
        overspend=over,
        plan_years_without_requirement=missing,
        status=", ".join(statuses),
    )


def headline(g: GapResult, year: int | None = None) -> GapHeadline | None:
    """The figures for 'closes X of Y MNOK in year N' (default N: the last plan year
    with a requirement)."""
    rows = [y for y in g.years if year is None or y.year == year]
    if not rows:
        return None
    y = rows[-1]
    return GapHeadline(
        year=y.year,
        closed_nok=y.closed_nok,
        requirement_nok=y.target_nok,
        gap_nok=y.gap_nok,
        share=y.share_closed,
    )
