"""What every measure module shares: one measure's figures at full effect
(:class:`MeasureCore`), the whole computation's intermediate state (:class:`Core`) and
the small array helpers the formulas use.

Nothing here is a formula from the reports; the formulas live in the measure modules
(see :mod:`model.measures`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from model.night import NightCost

Num = Any  # float | np.ndarray (a parameter or figure, or one value per Monte Carlo draw)


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


def div(a: Num, b: Num) -> Num:
    """a / b, and 0 where b is 0 (a parameter the baseline does not define)."""
    if np.ndim(b) == 0:
        return a / b if b else 0.0 * a
    safe = np.where(b != 0, b, 1.0)
    return np.where(b != 0, a / safe, 0.0)


def shift_hours(shift: np.ndarray, p: dict[str, Num]) -> Num:
    """Each site's shift length; a site without its own takes ``default_shift_hours``."""
    nan = np.isnan(shift)
    if not nan.any():
        return shift
    return np.where(nan, p["default_shift_hours"], shift)


def scalar(x: Num) -> float:
    """A figure as one float (the first draw of an array)."""
    if isinstance(x, (float, int)):  # the common case (np.float64 is a float): no numpy call
        return float(x)
    arr = np.asarray(x)
    return float(arr.reshape(-1)[0]) if arr.ndim else float(arr)


def total(x: Num) -> Num:
    """Sum over sites (the last axis)."""
    return x.sum(axis=-1)
