"""The action plan over the years (PwC 2021 and Agenda Kaupang 2021, the chapters on the
action plan and its economics; issue 8: full-effect year and payback per measure).

* timing: each measure starts in its own start year (default: the plan's first year) and
  ramps up linearly over its ramp years: share of full effect in year y =
  ``min(1, (y − start + 1) / ramp)``, 0 before the start (:func:`ramp_share`); its
  full-effect year is ``start + ramp − 1``. The coverage rate follows its own projection
  year by year (held at the last plan year beyond it) and has full effect in its target year.
* investment: a measure's net investment (investment − grant) falls in its start year; its
  annual capital cost runs from then on.
* payback: the first year in which cumulative net savings reach cumulative net investment,
  within :data:`PAYBACK_HORIZON` years from the plan's start; per measure (its own savings
  against its own investment) and for the whole scenario (all measures together).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from model.measures.core import MeasureCore, scalar
from model.result import YearResult, unvalidated
from model.scenario import Scenario

PAYBACK_HORIZON = 60

PAYBACK_ONE = (
    "Bare dette tiltaket: egne netto besparelser mot egen netto investering",
    "This measure only: its own net savings against its own net investment",
)
PAYBACK_ALL = (
    "Alle tiltak: samlede netto besparelser mot samlet netto investering",
    "All measures: total net savings against total net investment",
)


def timing(s: Scenario, mid: str) -> tuple[int, int]:
    """A measure's start year and ramp-up years (the plan's defaults unless timed)."""
    t = s.plan.timing.get(mid)
    if t is None:
        return s.plan.start_year, 1
    return (t.start_year or s.plan.start_year), t.ramp_years


def ramp_share(year: int, start: int, ramp: int) -> float:
    """Share of full effect in `year`: 0 before start, then linear over `ramp` years."""
    if year < start:
        return 0.0
    return min(1.0, (year - start + 1) / ramp)


def payback(net_by_year: Any, invest_by_year: np.ndarray, horizon: list[int]) -> int | None:
    """First year whose cumulative net savings reach the cumulative net investment."""
    cum_inv = np.cumsum(invest_by_year)
    if cum_inv[-1] <= 0:
        return None
    return _first_paid(np.cumsum(net_by_year), cum_inv, horizon)


def _first_paid(cum_net: np.ndarray, cum_inv: np.ndarray, horizon: list[int]) -> int | None:
    """:func:`payback` from the cumulative sums."""
    if cum_inv[-1] <= 0:
        return None
    ok = np.flatnonzero((cum_net >= cum_inv) & (cum_inv > 0))
    return int(horizon[ok[0]]) if ok.size else None


@dataclass
class MeasurePlan:
    """One measure over the years: timing, its figures at full effect, investment, payback."""

    start: int
    ramp: int
    full_year: int | None
    gross: float
    net: float
    fte: float
    avoided: float
    fte_avoided: float
    net_investment: float
    payback_year: int | None
    # the measure's other figures as floats (the first draw), for its result row
    staff: float = 0.0
    supplements: float = 0.0
    other: float = 0.0
    lost_refund: float = 0.0
    investment: float = 0.0
    capital: float = 0.0


#: the kinds of money a measure contributes year by year (rows of :meth:`Schedule.table`)
KINDS = ("gross", "net", "fte", "avoided", "cut")


@lru_cache(maxsize=1024)
def _ramp_shares(first_year: int, n_years: int, start: int, ramp: int) -> np.ndarray:
    """:func:`ramp_share` for the years from `first_year`, vectorised: 0 before start, then
    linear. Kept (read-only) per timing: every evaluation asks for the same few."""
    years = np.arange(first_year, first_year + n_years, dtype=float)
    shares = np.clip((years - start + 1) / ramp, 0.0, 1.0)
    shares.flags.writeable = False
    return shares


class Schedule:
    """Every measure's effect year by year over the payback horizon, and their sums.

    :meth:`add` only records each measure's figures and its ramp; :meth:`table` multiplies
    them out for all measures at once, one numpy call instead of several per measure
    (an evaluation happens on every slider move, and each numpy call on a tiny array costs
    microseconds).
    """

    def __init__(self, s: Scenario) -> None:
        self.s = s
        self.plan_years = list(range(s.plan.start_year, s.plan.start_year + s.plan.years))
        self.horizon = list(range(s.plan.start_year, s.plan.start_year + PAYBACK_HORIZON))
        self.h_arr = np.asarray(self.horizon, dtype=float)
        self.invest_by_year = np.zeros(len(self.horizon))
        self.capital_by_year = np.zeros(len(self.horizon))
        self.ids: list[str] = []
        self._values: list[list[float]] = []  # per measure: its KINDS at full effect
        self._shares: list[np.ndarray] = []  # per measure: share of full effect by year
        self._own_rows: dict[int, np.ndarray] = {}  # measures with their own year rows

    def add(self, mc: MeasureCore, coverage: dict[str, Any] | None) -> MeasurePlan:
        """Place one measure on the years (`coverage`: the coverage projection, if any)."""
        s, horizon, h_arr = self.s, self.horizon, self.h_arr
        start, ramp = timing(s, mc.id)
        # each figure as a float once; gross and net from them (the same floats as
        # scalar(mc.gross) and scalar(mc.net): one addition per element either way)
        staff, sup, other = scalar(mc.staff), scalar(mc.supplements), scalar(mc.other)
        lost = scalar(mc.lost_refund)
        gross = staff + sup + other
        net = gross - lost
        fte, avoided, fte_avoided = scalar(mc.fte), scalar(mc.avoided), scalar(mc.fte_avoided)
        investment, capital = scalar(mc.investment), scalar(mc.capital)
        full_year: int | None = start + ramp - 1
        shares = _ramp_shares(horizon[0], len(horizon), start, ramp)
        own: np.ndarray | None = None  # the measure's own year rows (coverage rate)
        if mc.id == "coverage_rate" and coverage is not None:
            c = coverage
            pos = np.arange(len(horizon))

            def held(key: str) -> np.ndarray:
                v = np.asarray(c[key], dtype=float).reshape(-1)
                return v[np.minimum(pos, len(v) - 1)]

            start, ramp = s.plan.start_year, 1
            saving = held("saving")
            own = np.array([saving, saving, held("fte"), held("avoided"), held("cut")])
            self._own_rows[len(self.ids)] = own
            t_year = s.coverage.target_year or self.plan_years[-1]
            full_year = max(start, t_year)
        self.ids.append(mc.id)
        self._values.append([gross, net, fte, avoided, gross - avoided])
        self._shares.append(shares)
        net_inv = investment - scalar(mc.grant)
        payback_year = None
        if mc.active and net_inv:
            own_invest = np.zeros(len(horizon))
            if start <= horizon[-1]:
                own_invest[max(0, start - horizon[0])] += net_inv
                self.invest_by_year[max(0, start - horizon[0])] += net_inv
            self.capital_by_year[h_arr >= start] += capital
            net_by_year = net * shares if own is None else own[1]
            payback_year = payback(net_by_year, own_invest, horizon)
        return MeasurePlan(
            start=start,
            ramp=ramp,
            full_year=full_year,
            gross=gross,
            net=net,
            fte=fte,
            avoided=avoided,
            fte_avoided=fte_avoided,
            net_investment=net_inv,
            payback_year=payback_year,
            staff=staff,
            supplements=sup,
            other=other,
            lost_refund=lost,
            investment=investment,
            capital=capital,
        )

    def table(self) -> np.ndarray:
        """measures × KINDS × horizon: each kind's full effect times its share by year
        (the coverage rate: its own projection, held beyond the plan)."""
        values = np.array(self._values, dtype=float).reshape(len(self.ids), len(KINDS))
        shares = np.array(self._shares, dtype=float).reshape(len(self.ids), len(self.horizon))
        out = values[:, :, None] * shares[:, None, :]
        for i, row in self._own_rows.items():
            out[i] = row
        return out

    def years(self) -> tuple[list[YearResult], int | None]:
        """The plan years' sums over all measures, and the scenario's payback year."""
        horizon, invest_by_year = self.horizon, self.invest_by_year
        n = len(self.plan_years)
        table = self.table()
        # sum over measures (axis 0), measure by measure in the order they were added
        gross_h, net_h, fte_h, avoided_h, cut_h = table.sum(axis=0)
        cum_net = np.cumsum(net_h)
        cum_inv = np.cumsum(invest_by_year)
        total_payback = _first_paid(cum_net, cum_inv, horizon)
        # plain lists of the plan years: one float per cell without a numpy index each
        net_any = np.asarray(table[:, 1].any(axis=1)).tolist()
        net_plan = table[:, 1, :n].tolist()
        by_measure = {k: net_plan[i] for i, k in enumerate(self.ids) if net_any[i]}
        gross_l, net_l, fte_l = gross_h[:n].tolist(), net_h[:n].tolist(), fte_h[:n].tolist()
        cut_l, avoided_l = cut_h[:n].tolist(), avoided_h[:n].tolist()
        refund_l = (net_h[:n] - gross_h[:n]).tolist()
        invest_l, capital_l = invest_by_year[:n].tolist(), self.capital_by_year[:n].tolist()
        cum_net_l, cum_inv_l = cum_net[:n].tolist(), cum_inv[:n].tolist()
        # rows built without validation: every value is a Python float or int (tolist)
        years = [
            unvalidated(
                YearResult,
                {
                    "year": y,
                    "gross_savings_nok": gross_l[i],
                    "net_savings_nok": net_l[i],
                    "fte_change": fte_l[i],
                    "investment_nok": invest_l[i],
                    "capital_cost_nok": capital_l[i],
                    "cumulative_net_savings_nok": cum_net_l[i],
                    "cumulative_net_investment_nok": cum_inv_l[i],
                    "by_measure_net_nok": {k: v[i] for k, v in by_measure.items()},
                    "cut_nok": cut_l[i],
                    "avoided_nok": avoided_l[i],
                    "refund_change_nok": refund_l[i],
                },
            )
            for i, y in enumerate(horizon[:n])
        ]
        return years, total_payback
