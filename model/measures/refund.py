"""State refund for resource-intensive users (*toppfinansieringsordningen*, IS-4
circulars; PwC 2021, Alver, the chapter on refund; domain.md).

Per user: ``refund = rate × max(0, direct labour cost − threshold)``, where the threshold
is raised by the deduction for users aged 16–66 with an intellectual disability, and users
aged 67+ give no refund. A measure that lowers a site's labour cost lowers the cost of the
users living there (per resident), so part of its saving is lost as refund: the
:class:`Ledger` walks the measures in order and records, for each, the refund lost going
from the users' current costs to their costs after it (so measures never count the same
refund twice).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from model.baseline import Baseline
from model.measures.core import Num
from model.scenario import Scenario


def setup(b: Baseline, s: Scenario) -> dict[str, Any] | None:
    """The refund rule in force and the users' arrays (None: no refund in this scenario)."""
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
    ua = b.refund_arrays
    thr = threshold + np.where(ua.deduction, deduction, 0.0)
    on_site = ua.site >= 0
    return {
        "rate": rate,
        "thr": thr,
        "cost": ua.cost,
        "site": ua.site,
        "eligible": ua.eligible,
        # rate × eligible, once: amount() runs about ten times per evaluation, on
        # draws × users in the Monte Carlo (rate × m × e == m × (rate × e) exactly, as
        # e is 0 or 1: one multiplication either way)
        "rate_eligible": rate * ua.eligible,
        # each user's site for gathering per-site figures (users at an unknown site: 0,
        # masked by on_site)
        "site_idx": np.where(on_site, ua.site, 0),
        "on_site": None if on_site.all() else on_site,
        "year": year,
        "threshold": threshold,
        "deduction": deduction,
    }


def amount(r: dict[str, Any], cost: Num) -> Num:
    """Refund for all users at these costs: Σ rate × max(0, cost − threshold) (eligible).

    Written with one temporary array, changed in place: in the Monte Carlo `cost` has
    draws × users elements and this is the bulk of the work."""
    x = np.subtract(cost, r["thr"])
    np.maximum(0.0, x, out=x)
    x *= r["rate_eligible"]
    return x.sum(axis=-1)


class Ledger:
    """The users' costs as the measures are applied one after the other, and the refund
    each measure loses (all zero when the scenario has no refund)."""

    def __init__(self, b: Baseline, s: Scenario) -> None:
        self.refund = setup(b, s)
        self.places = b.arrays.places
        # for sharing a site's change out per resident (once, not on every step)
        self._has_places = self.places > 0
        self._places_or_1 = np.where(self._has_places, self.places, 1.0)
        self.cost: Num = self.refund["cost"] if self.refund else None
        self.current: Num = None  # refund at `cost` (None until the first step)
        self.users_site: np.ndarray | None = self.refund["site"] if self.refund else None

    @property
    def active(self) -> bool:
        return self.refund is not None

    @property
    def rate(self) -> Num:
        return self.refund["rate"] if self.refund else 0.0

    def step(self, after: Num) -> Num:
        """Refund lost going from the current user costs to `after` (cached per step)."""
        assert self.refund is not None
        before_r = self.current if self.current is not None else amount(self.refund, self.cost)
        after_r = amount(self.refund, after)
        self.cost, self.current = after, after_r
        return before_r - after_r

    def lost_site(self, prev: Num, new: Num) -> Num:
        """Refund lost when users' site costs go from prev to new (per resident)."""
        if self.refund is None or self.users_site is None:
            return 0.0
        per_res = np.where(self._has_places, (prev - new) / self._places_or_1, 0.0)
        idx = self.refund["site_idx"]
        if np.ndim(per_res) == 2:
            # draws × sites: gather whole columns (np.take on the transpose is twice as
            # fast as per_res[:, idx] and gives the same values in the same memory order)
            s_u = np.take(np.ascontiguousarray(per_res.T), idx, axis=0).T
        else:
            s_u = per_res[..., idx]
        if self.refund["on_site"] is not None:  # users at a site the baseline lacks: 0
            s_u = np.where(self.refund["on_site"], s_u, 0.0)
        # (the arrays' memory order decides the order of the refund sums over users: keep
        # these expressions as they are, or Monte Carlo results change in the last digits)
        return self.step(self.cost - s_u)

    def lost_fraction(self, frac: Num) -> Num:
        """Refund lost when every user's cost falls by the share `frac`."""
        if self.refund is None:
            return 0.0
        f = frac[..., None] if np.ndim(frac) else frac
        return self.step(self.cost - f * self.refund["cost"])

    def today(self) -> Num:
        """Refund at today's user costs."""
        return amount(self.refund, self.refund["cost"]) if self.refund else 0.0

    def after(self) -> Num:
        """Refund after every measure applied so far."""
        if not self.refund:
            return 0.0
        return (
            self.current if self.current is not None else amount(self.refund, self.refund["cost"])
        )
