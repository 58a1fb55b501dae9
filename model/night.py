"""Night-watch arithmetic (PwC 2021, Alver): paid hours, FTE, cost and supplements.

All functions broadcast: site arrays have shape (S,), parameters are floats or arrays of
shape (N, 1) for Monte Carlo draws; results are then (N, S).
"""

from __future__ import annotations

from typing import Any

import numpy as np

Num = Any  # float | np.ndarray (broadcasting)


def supplement_rates(p: dict[str, Num], regime: str) -> tuple[Num, Num, Num]:
    """Night, weekend and public-holiday supplements in NOK per hour.

    ``table``: the rates in the data (Alver 2020). ``ks2023``: KS agreement from 2023:
    night 25 % of hourly pay (at least NOK 70), weekend 22 % (at least NOK 70),
    public holiday 1 1/3 x hourly pay; hourly pay = annual pay / (52 x weekly hours).
    """
    if regime == "ks2023":
        hourly = p["annual_pay_nok"] / (52.0 * p["weekly_hours"])
        return (
            np.maximum(0.25 * hourly, 70.0),
            np.maximum(0.22 * hourly, 70.0),
            hourly * 4.0 / 3.0,
        )
    return (
        p["night_supplement_nok_per_hour"],
        p["weekend_supplement_nok_per_hour"],
        p["holiday_supplement_nok_per_hour"],
    )


def paid_hours_per_night(awake: Num, resting: Num, shift: Num, resting_fraction: Num) -> Num:
    """awake x shift + resting x shift x resting_paid_fraction."""
    return awake * shift + resting * shift * resting_fraction


class NightCost:
    """Per-site night figures for one set of arrangements."""

    __slots__ = (
        "awake",
        "resting",
        "hours_night",
        "hours_year",
        "fte",
        "staff_cost",
        "sup_night",
        "sup_weekend",
        "sup_holiday",
        "sup_dt",
        "sup_outside",
        "_sums",
    )

    def __init__(
        self,
        awake: Num,
        resting: Num,
        shift: Num,
        dt_staff: Num,
        p: dict[str, Num],
        regime: str,
        rates: tuple[Num, Num, Num] | None = None,
    ) -> None:
        """`rates`: ``supplement_rates(p, regime)``, when the caller has them already
        (one evaluation makes six NightCosts with the same parameters)."""
        self._sums: dict[str, Num] = {}
        self.awake = awake
        self.resting = resting
        self.hours_night = paid_hours_per_night(awake, resting, shift, p["resting_paid_fraction"])
        self.hours_year = self.hours_night * p["nights_per_year"]
        self.fte = self.hours_year / p["hours_per_gross_fte"]
        self.staff_cost = self.fte * p["cost_per_gross_fte_nok"]
        night, weekend, holiday = rates if rates is not None else supplement_rates(p, regime)
        self.sup_night = self.hours_year * night
        self.sup_weekend = self.hours_year * p["weekend_night_share"] * weekend
        self.sup_holiday = self.hours_night * p["holiday_nights_per_year"] * holiday
        self.sup_dt = dt_staff * p["dognturnus_supplement_nok_per_staff"]
        # only the supplements the cost per gross FTE does not already include are paid on
        # top (PwC's 800 000 kr includes fixed supplements: domain.md 9.1.1)
        self.sup_outside = (
            self.sup_night * (1.0 - p["fte_cost_includes_night_supplement"])
            + self.sup_weekend * (1.0 - p["fte_cost_includes_weekend_supplement"])
            + self.sup_holiday * (1.0 - p["fte_cost_includes_holiday_supplement"])
            + self.sup_dt * (1.0 - p["fte_cost_includes_dognturnus_supplement"])
        )

    def total(self, figure: str) -> Num:
        """One figure summed over sites (the last axis), worked out once: the measures
        going into and out of this step both ask for it."""
        if figure not in self._sums:
            self._sums[figure] = getattr(self, figure).sum(axis=-1)
        return self._sums[figure]

    @property
    def supplements(self) -> Num:
        """Supplements paid on top of the FTE cost (those it does not include)."""
        return self.sup_outside

    @property
    def supplements_all(self) -> Num:
        """All night supplements, included in the FTE cost or not (for information)."""
        return self.sup_night + self.sup_weekend + self.sup_holiday + self.sup_dt

    @property
    def labour(self) -> Num:
        return self.staff_cost + self.supplements


def annuity(amount: Num, rate: Num, years: Num) -> Num:
    """Annual capital cost of `amount` repaid over `years` at `rate` (equal payments)."""
    rate = np.asarray(rate, dtype=float)
    safe = np.where(rate > 0, rate, 1.0)
    factor = np.where(rate > 0, safe / (1.0 - (1.0 + safe) ** (-years)), 1.0 / years)
    out = amount * factor
    return float(out) if np.ndim(out) == 0 else out
