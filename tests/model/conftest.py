"""Fixtures for the model tests: the demo baseline and a small synthetic one.

The synthetic baseline ``syn`` is small enough to compute every figure by hand:

=====  ============  ====  =======  ======  =====  =======  =====  ===  ========
site   service       area  dept     places  awake  resting  shift  døgn  dt staff
=====  ============  ====  =======  ======  =====  =======  =====  ===  ========
A      habilitering  Nord  Hab      4       1      1        8      yes  2
B      habilitering  Sør   Hab      2       0      2        9      no   0
C      avlastning    Nord  Avl      3       1      0        10     yes  1
D      ambulant      Nord  Amb      0       1      0        8      no   0   (not housing)
=====  ============  ====  =======  ======  =====  =======  =====  ===  ========

Parameters are the demo's (Alver 2020) except ``default_shift_hours`` = 10 (so that
an arrangement without its own shift length is easy to tell apart) and every night
supplement paid on top of the FTE cost. Departments: Hab
12 FTE, Avl 6 FTE, Amb 2 FTE (20 FTE in all). No refund users unless a test adds them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from model.baseline import Baseline, Department, Parameter, RefundUser, Service, Site
from model.loader import load_baseline

SYN_OVERRIDES: dict[str, float] = {
    "default_shift_hours": 10.0,
    # the synthetic municipality pays every night supplement on top of the FTE cost
    "fte_cost_includes_night_supplement": 0.0,
    "fte_cost_includes_weekend_supplement": 0.0,
    "fte_cost_includes_holiday_supplement": 0.0,
    "fte_cost_includes_dognturnus_supplement": 0.0,
}


@pytest.fixture(scope="session")
def demo() -> Baseline:
    return load_baseline("demo")


@pytest.fixture(scope="session")
def sogndal() -> Baseline:
    return load_baseline("Sogndal 2021 (Agenda Kaupang)")


def _params(demo: Baseline, overrides: dict[str, float]) -> dict[str, Parameter]:
    out = dict(demo.parameters)
    for key, value in overrides.items():
        out[key] = demo.parameters[key].model_copy(update={"value": value})
    return out


def syn_sites() -> list[Site]:
    return [
        Site(
            name="A",
            service=Service.HABILITATION,
            area="Nord",
            department="Hab",
            places=4,
            awake=1,
            resting=1,
            shift_hours=8.0,
            dognturnus=True,
            dognturnus_supplement_staff=2,
        ),
        Site(
            name="B",
            service=Service.HABILITATION,
            area="Sør",
            department="Hab",
            places=2,
            awake=0,
            resting=2,
            shift_hours=9.0,
        ),
        Site(
            name="C",
            service=Service.RESPITE,
            area="Nord",
            department="Avl",
            places=3,
            awake=1,
            resting=0,
            shift_hours=10.0,
            dognturnus=True,
            dognturnus_supplement_staff=1,
        ),
        Site(
            name="D",
            service=Service.AMBULANT,
            area="Nord",
            department="Amb",
            places=0,
            housing=False,
            awake=1,
            resting=0,
            shift_hours=8.0,
        ),
    ]


def syn_departments() -> list[Department]:
    return [
        Department(
            name="Hab", service=Service.HABILITATION, fte=12, users=6, gross_cost_per_user_nok=1
        ),
        Department(name="Avl", service=Service.RESPITE, fte=6, users=3, gross_cost_per_user_nok=1),
        Department(name="Amb", service=Service.AMBULANT, fte=2, users=1, gross_cost_per_user_nok=1),
    ]


MakeBaseline = Callable[..., Baseline]


@pytest.fixture(scope="session")
def make_baseline(demo: Baseline, sogndal: Baseline) -> MakeBaseline:
    """Build a synthetic baseline (always through validation, never ``model_copy``)."""

    def make(
        *,
        sites: list[Site] | None = None,
        params: dict[str, float] | None = None,
        departments: list[Department] | None = None,
        refund_users: list[RefundUser] | None = None,
        nursing: bool = False,
        **extra: Any,
    ) -> Baseline:
        base = _params(demo, {**SYN_OVERRIDES, **(params or {})})
        if nursing:  # Sogndal's nursing-home summary and the parameters it needs
            base |= {
                k: v
                for k, v in sogndal.parameters.items()
                if k not in base and k not in SYN_OVERRIDES
            }
        return Baseline(
            name="syn",
            municipality="Syntetisk",
            year=2020,
            parameters=base,
            sites=syn_sites() if sites is None else sites,
            departments=syn_departments() if departments is None else departments,
            refund_users=refund_users or [],
            refund_rules=list(demo.refund_rules),
            nursing_homes=sogndal.nursing_homes if nursing else None,
            **extra,
        )

    return make


@pytest.fixture(scope="session")
def syn(make_baseline: MakeBaseline) -> Baseline:
    return make_baseline()
