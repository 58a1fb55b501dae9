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
from typing import Any

import numpy as np

from model.measures.core import MeasureCore, scalar
from model.result import YearResult
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
    cum_net = np.cumsum(net_by_year)
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


class Schedule:
    """Every measure's effect year by year over the payback horizon, and their sums."""

    def __init__(self, s: Scenario) -> None:
        self.s = s
        self.plan_years = list(range(s.plan.start_year, s.plan.start_year + s.plan.years))
        self.horizon = list(range(s.plan.start_year, s.plan.start_year + PAYBACK_HORIZON))
        self.h_arr = np.asarray(self.horizon, dtype=float)
        self.invest_by_year = np.zeros(len(self.horizon))
        self.capital_by_year = np.zeros(len(self.horizon))
        self.net: dict[str, Any] = {}
        self.gross: dict[str, Any] = {}
        self.fte: dict[str, Any] = {}
        self.cut: dict[str, Any] = {}
        self.avoided: dict[str, Any] = {}

    def add(self, mc: MeasureCore, coverage: dict[str, Any] | None) -> MeasurePlan:
        """Place one measure on the years (`coverage`: the coverage projection, if any)."""
        s, horizon, h_arr = self.s, self.horizon, self.h_arr
        start, ramp = timing(s, mc.id)
        gross, net, fte = scalar(mc.gross), scalar(mc.net), scalar(mc.fte)
        avoided, fte_avoided = scalar(mc.avoided), scalar(mc.fte_avoided)
        full_year: int | None = start + ramp - 1
        if mc.id == "coverage_rate" and coverage is not None:
            c = coverage

            def held(key: str, c: dict[str, Any] = c) -> np.ndarray:
                v = np.asarray(c[key], dtype=float).reshape(-1)
                return v[np.minimum(np.arange(len(horizon)), len(v) - 1)]

            start, ramp = s.plan.start_year, 1
            self.gross[mc.id] = held("saving")
            self.net[mc.id] = held("saving")
            self.fte[mc.id] = held("fte")
            self.avoided[mc.id] = held("avoided")
            self.cut[mc.id] = held("cut")
            t_year = s.coverage.target_year or self.plan_years[-1]
            full_year = max(start, t_year)
        else:
            # ramp_share over the horizon, vectorised: 0 before start, then linear
            shares = np.clip((h_arr - start + 1) / ramp, 0.0, 1.0)
            self.gross[mc.id] = gross * shares
            self.net[mc.id] = net * shares
            self.fte[mc.id] = fte * shares
            self.avoided[mc.id] = avoided * shares
            self.cut[mc.id] = (gross - avoided) * shares
        net_inv = scalar(mc.investment) - scalar(mc.grant)
        own_invest = np.zeros(len(horizon))
        if mc.active and net_inv:
            if start <= horizon[-1]:
                own_invest[max(0, start - horizon[0])] += net_inv
                self.invest_by_year[max(0, start - horizon[0])] += net_inv
            self.capital_by_year[h_arr >= start] += scalar(mc.capital)
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
            payback_year=payback(self.net[mc.id], own_invest, horizon)
            if mc.active and net_inv
            else None,
        )

    def years(self) -> tuple[list[YearResult], int | None]:
        """The plan years' sums over all measures, and the scenario's payback year."""

        def ysum(d: dict[str, Any]) -> np.ndarray:
            return np.sum(list(d.values()), axis=0)

        horizon, invest_by_year = self.horizon, self.invest_by_year
        net_h, gross_h, fte_h = ysum(self.net), ysum(self.gross), ysum(self.fte)
        cut_h, avoided_h = ysum(self.cut), ysum(self.avoided)
        cum_net = np.cumsum(net_h)
        cum_inv = np.cumsum(invest_by_year)
        total_payback = payback(list(net_h), invest_by_year, horizon)
        active_net = {k: v for k, v in self.net.items() if np.any(v)}
        years = [
            YearResult(
                year=y,
                gross_savings_nok=float(gross_h[i]),
                net_savings_nok=float(net_h[i]),
                fte_change=float(fte_h[i]),
                investment_nok=float(invest_by_year[i]),
                capital_cost_nok=float(self.capital_by_year[i]),
                cumulative_net_savings_nok=float(cum_net[i]),
                cumulative_net_investment_nok=float(cum_inv[i]),
                by_measure_net_nok={k: float(v[i]) for k, v in active_net.items()},
                cut_nok=float(cut_h[i]),
                avoided_nok=float(avoided_h[i]),
                refund_change_nok=float(net_h[i] - gross_h[i]),
            )
            for i, y in enumerate(horizon[: len(self.plan_years)])
        ]
        return years, total_payback
