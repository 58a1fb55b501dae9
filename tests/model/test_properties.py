"""Properties that must hold for any baseline and scenario (Hypothesis).

The number of examples comes from the profile in ``tests/conftest.py`` (``ci``: 60,
derandomised); the strategies keep baselines small so that a run takes seconds.
"""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.model import every_lever_scenario
from model import Scenario, evaluate
from model.baseline import Baseline, Department, RefundUser, Site
from model.codec import decode, encode
from model.loader import load_baseline
from model.params import PARAMETER_BOUNDS
from model.result import Result
from model.scenario import (
    AmbulantTeam,
    Arrangement,
    CapacityRule,
    Colocation,
    CustomMeasure,
    DigitalSupervision,
    MergeGroup,
    NightLevers,
    NightRule,
    PercentLevers,
    SiteSelector,
)
from model.uncertainty import simulate

DEMO = load_baseline("demo")
SERVICES = ["psykisk_helse_rus", "habilitering", "ressurskrevende", "avlastning"]
AREAS = ["Nord", "Sør", "Vest"]
SHIFTS = [8.0, 8.5, 9.5, 10.0]
TOL = 1e-6


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=TOL)


# ----------------------------------------------------------------------- strategies
@st.composite
def baselines(draw: st.DrawFn, max_sites: int = 8, with_users: bool = True) -> Baseline:
    n = draw(st.integers(1, max_sites))
    sites = []
    for i in range(n):
        svc = draw(st.sampled_from(SERVICES))
        dt = draw(st.booleans())
        sites.append(
            Site(
                name=f"S{i}",
                service=svc,
                area=draw(st.sampled_from(AREAS)),
                department=f"Dept {svc}",
                places=draw(st.integers(1, 10)),
                awake=draw(st.integers(0, 3)),
                resting=draw(st.integers(0, 3)),
                shift_hours=draw(st.sampled_from(SHIFTS)),
                dognturnus=dt,
                dognturnus_supplement_staff=draw(st.integers(0, 2)) if dt else 0,
            )
        )
    if draw(st.booleans()):
        sites.append(
            Site(
                name="Base",
                service="ambulant",
                department="Dept ambulant",
                places=0,
                housing=False,
                awake=draw(st.integers(0, 2)),
                resting=0,
                shift_hours=8.0,
            )
        )
    departments = [
        Department(
            name=f"Dept {svc}",
            service=svc,
            fte=draw(st.floats(1, 60)),
            users=1,
            gross_cost_per_user_nok=1,
        )
        for svc in [*SERVICES, "ambulant"]
    ]
    users = []
    if with_users:
        for j in range(draw(st.integers(0, 6))):
            users.append(
                RefundUser(
                    id=f"U{j}",
                    site=draw(st.sampled_from([s.name for s in sites])),
                    age_band=draw(st.sampled_from(["0-15", "16-66", "67+"])),
                    intellectual_disability=draw(st.booleans()),
                    direct_labour_cost_nok=draw(st.floats(300_000, 8_000_000)),
                )
            )
    return Baseline(
        name="prop",
        municipality="Hypotese",
        year=2020,
        parameters=DEMO.parameters,
        sites=sites,
        departments=departments,
        refund_users=users,
        refund_rules=DEMO.refund_rules,
        nursing_homes=DEMO.nursing_homes if draw(st.booleans()) else None,
    )


arrangements = st.builds(
    Arrangement,
    awake=st.integers(0, 3),
    resting=st.integers(0, 3),
    shift_hours=st.none() | st.sampled_from(SHIFTS),
    dognturnus=st.none() | st.booleans(),
)


@st.composite
def params_overrides(draw: st.DrawFn) -> dict[str, float]:
    keys = draw(st.lists(st.sampled_from(sorted(PARAMETER_BOUNDS)), max_size=4, unique=True))
    out = {}
    for k in keys:
        lo, hi = PARAMETER_BOUNDS[k]
        out[k] = draw(st.floats(lo, hi, allow_nan=False))
    return out


@st.composite
def colocations(draw: st.DrawFn, names: list[str], synergy: bool = True) -> Colocation:
    order = draw(st.permutations(names))
    merges = []
    pos = 0
    for g in range(draw(st.integers(0, 2))):
        size = draw(st.integers(1, 3))
        members = order[pos : pos + size]
        pos += size
        if members:
            merges.append(
                MergeGroup(name=f"M{g}", sites=list(members), arrangement=draw(arrangements))
            )
    services = draw(st.lists(st.sampled_from(SERVICES), max_size=2, unique=True))
    rules = [
        CapacityRule(
            service=svc,
            by_area=draw(st.booleans()),
            max_residents=draw(st.integers(1, 15)),
            arrangement=draw(arrangements),
        )
        for svc in services
    ]
    return Colocation(
        merges=merges,
        capacity_rules=rules,
        day_evening_synergy_pct=draw(st.floats(0, 20)) if synergy else 0.0,
    )


@st.composite
def scenarios(draw: st.DrawFn, b: Baseline) -> Scenario:
    """Any combination of levers that names only the baseline's own sites."""
    names = [s.name for s in b.sites]
    rules = [
        NightRule(
            selector=SiteSelector(
                services=draw(st.lists(st.sampled_from(SERVICES), max_size=2, unique=True)),
                areas=draw(
                    st.lists(st.sampled_from(sorted({s.area for s in b.sites})), max_size=1)
                ),
                dognturnus=draw(st.none() | st.booleans()),
            ),
            arrangement=draw(arrangements),
        )
        for _ in range(draw(st.integers(0, 2)))
    ]
    overrides = {
        n: draw(arrangements)
        for n in draw(st.lists(st.sampled_from(names), max_size=2, unique=True))
    }
    return Scenario(
        params=draw(st.just({}) | st.just({"resting_paid_fraction": 0.5})),
        supplement_regime=draw(st.sampled_from(["table", "ks2023"])),
        night=NightLevers(rules=rules, overrides=overrides),
        colocation=draw(colocations(names)),
        ambulant=AmbulantTeam(
            enabled=draw(st.booleans()),
            staff_per_night=draw(st.integers(0, 3)),
            sites=draw(st.lists(st.sampled_from(names), max_size=4, unique=True)),
            reduce_awake=draw(st.integers(0, 1)),
            reduce_resting=draw(st.integers(0, 2)),
        ),
        digital=DigitalSupervision(
            enabled=draw(st.booleans()),
            sites=draw(st.lists(st.sampled_from(names), max_size=4, unique=True)),
            reduce_awake=draw(st.integers(0, 1)),
            reduce_resting=draw(st.integers(0, 2)),
        ),
        levers=draw(percent_levers()),
    )


def percent_levers() -> st.SearchStrategy[PercentLevers]:
    return st.builds(
        PercentLevers,
        overtime_cut_pct=st.floats(0, 100),
        substitute_cut_pct=st.floats(0, 100),
        competence_level_cut_pct=st.floats(0, 20),
        rota_hours_cut_pct=st.floats(0, 20),
        decided_hours_cut_pct=st.floats(0, 20),
    )


def numbers(r: Result) -> dict[str, Any]:
    """Every figure a user sees in the totals and the measure table."""
    t = r.totals.model_dump()
    out: dict[str, Any] = {}

    def flat(prefix: str, v: Any) -> None:
        if isinstance(v, dict):
            for kk, vv in v.items():
                flat(f"{prefix}.{kk}" if prefix else kk, vv)
        elif isinstance(v, list):
            for i, vv in enumerate(v):
                flat(f"{prefix}[{i}]", vv)
        elif not isinstance(v, str):
            out[prefix] = v

    flat("", t)
    for m in r.measures:
        for k in (
            "gross_savings_nok_per_year",
            "staff_cost_savings_nok",
            "supplement_savings_nok",
            "other_savings_nok",
            "lost_refund_nok_per_year",
            "net_savings_nok_per_year",
            "fte_change",
            "investment_nok",
            "net_investment_nok",
            "annual_capital_cost_nok",
            "active",
        ):
            out[f"{m.id}.{k}"] = getattr(m, k)
    for y in r.years:
        out[f"{y.year}.net"] = y.net_savings_nok
    return out


# ----------------------------------------------------------------------- properties
def assert_no_change(r: Result) -> None:
    for m in r.measures:
        assert not m.active, m.id
        for k in (
            "gross_savings_nok_per_year",
            "net_savings_nok_per_year",
            "lost_refund_nok_per_year",
            "fte_change",
            "investment_nok",
        ):
            assert abs(getattr(m, k)) <= TOL, (m.id, k, getattr(m, k))
    t = r.totals
    assert t.sites == t.sites_baseline
    for k, before in t.night_baseline.model_dump().items():
        assert close(getattr(t.night, k), before), k
    assert abs(t.gross_savings_nok_per_year) <= TOL
    assert abs(t.net_savings_nok_per_year) <= TOL
    assert abs(t.fte_change) <= TOL
    assert t.investment_nok == 0
    assert t.payback_year is None
    for y in r.years:
        assert abs(y.net_savings_nok) <= TOL


@given(b=baselines(), params=params_overrides(), regime=st.sampled_from(["table", "ks2023"]))
def test_empty_scenario_changes_nothing(b: Baseline, params: dict[str, float], regime: str) -> None:
    assert_no_change(evaluate(b, Scenario()))
    # facts (parameters, supplement regime) move both sides alike: still no change
    assert_no_change(evaluate(b, Scenario(params=params, supplement_regime=regime)))


def test_empty_scenario_changes_nothing_on_the_demo() -> None:
    assert_no_change(evaluate(DEMO, Scenario()))


@given(data=st.data())
def test_colocation_never_increases_the_number_of_sites(data: st.DataObject) -> None:
    b = data.draw(baselines(max_sites=10, with_users=False))
    col = data.draw(colocations([s.name for s in b.sites]))
    r = evaluate(b, Scenario(colocation=col))
    assert r.totals.sites <= r.totals.sites_baseline
    assert len({ns.name for ns in r.sites_after}) == len(r.sites_after)
    assert sum(ns.places for ns in r.sites_after) == sum(s.places for s in b.sites)


@given(data=st.data())
def test_colocation_never_increases_sites_on_the_demo(data: st.DataObject) -> None:
    col = data.draw(colocations(DEMO.site_names()))
    r = evaluate(DEMO, Scenario(colocation=col))
    assert r.totals.sites <= 27


# The issue asked for "lowering a cap never lowers savings". That is backwards: the cap
# is the most residents a new site may have, so a LOWER cap means MORE new sites
# (ceil(places / cap)), each staffed with the same new-site arrangement, and so more
# night cost. The correct property: with the new-site arrangement held fixed, RAISING
# the cap never lowers the night-cost saving (staff cost + supplements) of co-location.
@given(
    data=st.data(),
    arrangement=arrangements,
    caps=st.tuples(st.integers(1, 30), st.integers(1, 30)).map(sorted),
    by_area=st.booleans(),
)
def test_raising_the_capacity_cap_never_lowers_night_savings(
    data: st.DataObject, arrangement: Arrangement, caps: list[int], by_area: bool
) -> None:
    b = data.draw(st.sampled_from([DEMO]) | baselines(max_sites=10, with_users=False))
    service = data.draw(st.sampled_from(SERVICES))
    low_cap, high_cap = caps

    def night_saving(cap: int) -> tuple[float, int]:
        rule = CapacityRule(
            service=service, by_area=by_area, max_residents=cap, arrangement=arrangement
        )
        r = evaluate(b, Scenario(colocation=Colocation(capacity_rules=[rule])))
        m = r.measure("colocation")
        return m.staff_cost_savings_nok + m.supplement_savings_nok, r.totals.sites

    saving_low, sites_low = night_saving(low_cap)
    saving_high, sites_high = night_saving(high_cap)
    assert sites_high <= sites_low
    assert saving_high >= saving_low - TOL


@st.composite
def cost_cutting(draw: st.DrawFn, b: Baseline) -> Scenario:
    """Only measures that cut cost: levers, staff removed at its own shift, closed nights."""
    overrides = {}
    for s in draw(st.lists(st.sampled_from(b.sites), max_size=4, unique_by=lambda s: s.name)):
        overrides[s.name] = Arrangement(
            awake=draw(st.integers(0, s.awake)),
            resting=draw(st.integers(0, s.resting)),
            shift_hours=s.shift_hours,
            dognturnus=draw(st.sampled_from([None, False])),
        )
    rules = [
        NightRule(
            selector=SiteSelector(services=[svc]),
            arrangement=Arrangement(awake=0, resting=0, dognturnus=False),
        )
        for svc in draw(st.lists(st.sampled_from(SERVICES), max_size=1))
    ]
    custom = [
        CustomMeasure(
            id=f"c{i}",
            label="tiltak",
            savings_nok_per_year=draw(st.floats(0, 5_000_000)),
            refund_share=draw(st.floats(0, 1)),
        )
        for i in range(draw(st.integers(0, 2)))
    ]
    return Scenario(
        night=NightLevers(rules=rules, overrides=overrides),
        levers=draw(percent_levers()),
        custom=custom,
    )


@given(data=st.data())
def test_net_saving_never_exceeds_gross_when_every_measure_cuts_cost(
    data: st.DataObject,
) -> None:
    b = data.draw(st.sampled_from([DEMO]) | baselines())
    s = data.draw(cost_cutting(b))
    r = evaluate(b, s)
    for m in r.measures:
        assert m.gross_savings_nok_per_year >= -TOL, m.id
        assert m.lost_refund_nok_per_year >= -TOL, m.id
        assert m.net_savings_nok_per_year <= m.gross_savings_nok_per_year + TOL, m.id
    t = r.totals
    assert t.net_savings_nok_per_year <= t.gross_savings_nok_per_year + TOL
    assert t.lost_refund_nok_per_year >= -TOL


@settings(max_examples=30)
@given(data=st.data())
def test_results_do_not_depend_on_site_order(data: st.DataObject) -> None:
    b = data.draw(st.sampled_from([DEMO]) | baselines())
    s = data.draw(scenarios(b))
    order = data.draw(st.permutations(range(len(b.sites))))
    shuffled = Baseline.model_validate(
        {**b.model_dump(), "sites": [b.sites[i].model_dump() for i in order]}
    )
    x, y = numbers(evaluate(b, s)), numbers(evaluate(shuffled, s))
    assert x.keys() == y.keys()
    for k in x:
        if isinstance(x[k], bool) or x[k] is None:
            assert x[k] == y[k], k
        else:
            assert close(x[k], y[k]), (k, x[k], y[k])


def test_every_lever_scenario_does_not_depend_on_site_order() -> None:
    s = every_lever_scenario()
    shuffled = Baseline.model_validate(
        {**DEMO.model_dump(), "sites": [x.model_dump() for x in reversed(DEMO.sites)]}
    )
    x, y = numbers(evaluate(DEMO, s)), numbers(evaluate(shuffled, s))
    for k in x:
        assert x[k] == y[k] if x[k] is None else x[k] == pytest.approx(y[k], rel=1e-9, abs=TOL), k


@settings(max_examples=15)
@given(
    draws=st.integers(10, 300),
    seed=st.integers(0, 2**31 - 1),
    lv=percent_levers(),
    every=st.booleans(),
)
def test_monte_carlo_reproducible_and_ordered(
    draws: int, seed: int, lv: PercentLevers, every: bool
) -> None:
    s = every_lever_scenario() if every else Scenario(levers=lv)
    a = simulate(DEMO, s, draws=draws, seed=seed)
    assert a == simulate(DEMO, s, draws=draws, seed=seed)
    for q in [a.total_gross, a.total_net, *a.by_measure_net.values()]:
        assert q.p10 <= q.p50 <= q.p90


@given(data=st.data())
def test_link_round_trip(data: st.DataObject) -> None:
    b = data.draw(st.sampled_from([DEMO]) | baselines())
    s = data.draw(scenarios(b) | cost_cutting(b))
    back = decode(encode(s))
    assert back == s
    assert back.hash == s.hash
