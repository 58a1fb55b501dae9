"""Values the model keeps between calls never go stale.

* ``Scenario.hash`` / ``canonical_json()`` are computed once per scenario object; a copy
  with changes (``model_copy(update=...)``) computes its own.
* ``Baseline.refund_arrays`` (the refund users as arrays) is built once per baseline; a
  copy with other users (``model_copy`` re-validates) builds its own.
* ``model.structure.structure`` keeps a baseline's structures by the scenario's
  structural levers (night, co-location, ambulant team, digital supervision).
* Evaluations in any order give each (baseline, scenario) its own result.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from benchmarks import model as bench
from model import Scenario, engine, evaluate
from model.baseline import Baseline, Department, RefundUser, Service
from model.measures.colocation import _site_fte
from model.scenario import (
    AmbulantTeam,
    Arrangement,
    CapacityRule,
    Colocation,
    DigitalSupervision,
    MergeGroup,
    NightLevers,
    NightRule,
    PercentLevers,
    SiteSelector,
)
from model.structure import KEPT_STRUCTURES, build, structure
from model.uncertainty import simulate

MakeBaseline = Callable[..., Baseline]


def test_scenario_hash_of_a_changed_copy_is_its_own() -> None:
    s = Scenario(levers=PercentLevers(overtime_cut_pct=10))
    h, j = s.hash, s.canonical_json()
    s2 = s.model_copy(update={"levers": PercentLevers(overtime_cut_pct=20)})
    assert s2.canonical_json() != j
    assert '"overtime_cut_pct":20.0' in s2.canonical_json()
    fresh = Scenario.model_validate(s2.model_dump())
    assert s2.hash == fresh.hash != h
    assert s2.canonical_json() == fresh.canonical_json()
    # the original keeps its own
    assert (s.hash, s.canonical_json()) == (h, j)
    assert Scenario().hash != h
    # a deep copy with the same content has the same identity
    assert s.model_copy(deep=True).hash == h


def test_equal_scenarios_stay_equal_whether_hashed_or_not() -> None:
    a = Scenario(levers=PercentLevers(overtime_cut_pct=10))
    b = Scenario(levers=PercentLevers(overtime_cut_pct=10))
    _ = a.hash
    assert a == b and b == a
    assert a.model_dump_json() == b.model_dump_json()


def test_evaluations_in_a_row_each_get_their_own_result(demo: Baseline, sogndal: Baseline) -> None:
    s1 = bench.every_lever_scenario()
    s2 = s1.model_copy(update={"levers": PercentLevers(overtime_cut_pct=50)})
    first = {
        (bn, sn): evaluate(b, s).model_dump_json()
        for bn, b in (("demo", demo), ("sogndal", sogndal))
        for sn, s in (("s1", s1), ("s2", s2))
    }
    # the other order, on fresh copies of the scenarios
    for (bn, sn), before in reversed(first.items()):
        b = {"demo": demo, "sogndal": sogndal}[bn]
        s = Scenario.model_validate_json(({"s1": s1, "s2": s2}[sn]).model_dump_json())
        assert evaluate(b, s).model_dump_json() == before, (bn, sn)
    assert first["demo", "s1"] != first["demo", "s2"]
    r1, r2 = evaluate(demo, s1), evaluate(demo, s2)
    assert r1.scenario_hash == s1.hash != r2.scenario_hash == s2.hash
    assert r1.measure("overtime").gross_savings_nok_per_year != (
        r2.measure("overtime").gross_savings_nok_per_year
    )


def _user(cost: float, id_: bool = False) -> RefundUser:
    return RefundUser(
        id="u", site="A", age_band="16-66", intellectual_disability=id_, direct_labour_cost_nok=cost
    )


def test_refund_arrays_belong_to_their_baseline(make_baseline: MakeBaseline) -> None:
    """Two baselines that differ only in their refund users, evaluated in turn: each gets
    the refund of its own users (hand-computed: rate 80 %, threshold 1 361 000, ID
    deduction 677 000; the Alver 2020 rule)."""
    a = make_baseline(refund_users=[_user(3_000_000)])
    b = make_baseline(refund_users=[_user(2_500_000, id_=True)])
    expected = {
        "a": 0.8 * (3_000_000 - 1_361_000),
        "b": 0.8 * (2_500_000 - 1_361_000 - 677_000),
    }
    for _ in range(2):
        for name, base in (("a", a), ("b", b)):
            today = evaluate(base).totals.today
            assert today is not None
            assert today.refund_nok_per_year == pytest.approx(expected[name])
    # a copy with other users builds its own arrays
    c = a.model_copy(update={"refund_users": [_user(2_000_000).model_dump()]})
    assert list(c.refund_arrays.cost) == [2_000_000]
    assert list(a.refund_arrays.cost) == [3_000_000]
    today = evaluate(c).totals.today
    assert today is not None
    assert today.refund_nok_per_year == pytest.approx(0.8 * (2_000_000 - 1_361_000))


def test_refund_arrays_are_read_only(demo: Baseline) -> None:
    ua = demo.refund_arrays
    assert len(ua.cost) == len(demo.refund_users) > 0
    for arr in (ua.cost, ua.eligible, ua.deduction, ua.site):
        with pytest.raises(ValueError):
            arr[0] = arr[0]


def test_monte_carlo_in_a_row_each_get_their_own(demo: Baseline, sogndal: Baseline) -> None:
    s = bench.every_lever_scenario()
    one = simulate(demo, s, draws=300, seed=3).model_dump_json()
    other = simulate(sogndal, Scenario(), draws=300, seed=3).model_dump_json()
    assert simulate(demo, s, draws=300, seed=3).model_dump_json() == one
    assert simulate(sogndal, Scenario(), draws=300, seed=3).model_dump_json() == other
    assert one != other


def test_baseline_memo_belongs_to_its_baseline(make_baseline: MakeBaseline) -> None:
    """Day/evening synergy uses each site's share of its department's FTE, kept per
    baseline: two baselines that differ only in a department's FTE, evaluated in turn,
    each get their own synergy (it scales with that FTE, everything else equal)."""

    def with_hab_fte(fte: float) -> Baseline:
        def dept(name: str, service: Service, fte: float, users: int) -> Department:
            return Department(
                name=name, service=service, fte=fte, users=users, gross_cost_per_user_nok=1
            )

        return make_baseline(
            departments=[
                dept("Hab", Service.HABILITATION, fte, 6),
                dept("Avl", Service.RESPITE, 6, 3),
            ]
        )

    small, large = with_hab_fte(12), with_hab_fte(24)
    s = Scenario(
        colocation=Colocation(
            capacity_rules=[CapacityRule(service="habilitering", max_residents=10)],
            day_evening_synergy_pct=5.0,
        )
    )
    s_off = s.model_copy(
        update={"colocation": s.colocation.model_copy(update={"day_evening_synergy_pct": 0.0})}
    )

    def synergy(b: Baseline) -> float:
        on = evaluate(b, s).measure("colocation").staff_cost_savings_nok
        off = evaluate(b, s_off).measure("colocation").staff_cost_savings_nok
        return on - off

    for _ in range(2):
        a, b = synergy(small), synergy(large)
        assert a > 0
        assert list(small.memo("colocation.site_fte", _site_fte)) != list(
            large.memo("colocation.site_fte", _site_fte)
        )
        # Hab's sites: 4 and 2 places of its 6 -> 8 and 4 FTE of 12 (16 and 8 of 24)
        assert list(small.memo("colocation.site_fte", _site_fte))[:2] == pytest.approx([8, 4])
        assert list(large.memo("colocation.site_fte", _site_fte))[:2] == pytest.approx([16, 8])
        assert b > a
    kept = small.memo("colocation.site_fte", _site_fte)
    with pytest.raises(ValueError):
        kept[0] = 0.0


def _night_rule(awake: int) -> NightLevers:
    return NightLevers(
        rules=[
            NightRule(
                selector=SiteSelector(services=[Service.HABILITATION]),
                arrangement=Arrangement(awake=awake),
            )
        ]
    )


def test_kept_structure_follows_the_structural_levers(demo: Baseline) -> None:
    base = bench.every_lever_scenario()
    lever_moved = base.model_copy(update={"levers": PercentLevers(overtime_cut_pct=50)})
    rule_moved = base.model_copy(update={"night": _night_rule(2)})
    # a lever that does not change the structure shares it; a night rule does not
    assert structure(demo, base) is structure(demo, lever_moved)
    assert structure(demo, base) is not structure(demo, rule_moved)
    # a kept structure is the one build() makes, and cannot be changed
    kept, fresh = structure(demo, rule_moved), build(demo, rule_moved)
    np.testing.assert_array_equal(kept.after_rules.awake, fresh.after_rules.awake)
    assert [ns.name for ns in kept.new_sites] == [ns.name for ns in fresh.new_sites]
    with pytest.raises(ValueError):
        kept.after_rules.awake[0] = 9.0
    # another baseline keeps its own
    other = demo.model_copy(update={"name": "copy"})
    assert structure(other, base) is not structure(demo, base)


def test_structural_scenarios_in_turn_each_get_their_own_result(
    demo: Baseline, monkeypatch: pytest.MonkeyPatch
) -> None:
    """More structural variants than are kept (each structural lever on its own among
    them), evaluated in turn twice: every result equals the one evaluate gives when it
    builds every structure afresh."""
    hab = [s.name for s in demo.sites if s.service == Service.HABILITATION][:2]
    variants = [
        Scenario(),
        Scenario(night=_night_rule(2)),
        Scenario(colocation=Colocation(merges=[MergeGroup(name="M", sites=hab)])),
        Scenario(ambulant=AmbulantTeam(enabled=True, sites=hab[:1], reduce_awake=1)),
        Scenario(digital=DigitalSupervision(enabled=True, sites=hab[:1], reduce_awake=1)),
        bench.every_lever_scenario(),
    ]
    variants += [
        Scenario(night=_night_rule(a % 3), levers=PercentLevers(overtime_cut_pct=a))
        for a in range(KEPT_STRUCTURES + 3)
    ]
    kept = [[evaluate(demo, s).model_dump_json() for s in variants] for _ in range(2)]
    monkeypatch.setattr(engine, "structure", build)  # nothing kept
    fresh = [evaluate(demo, s).model_dump_json() for s in variants]
    assert kept[0] == fresh
    assert kept[1] == fresh
    assert len(set(fresh)) == len(variants)


def test_results_from_a_kept_structure_own_their_lists(demo: Baseline) -> None:
    """Flags and member lists worked out once per structure are copied into each result:
    changing one result's lists changes no other result, now or later."""
    s = bench.every_lever_scenario()
    r1, r2 = evaluate(demo, s), evaluate(demo, s)
    assert r1.sites.merged == r2.sites.merged and any(r1.sites.merged)
    merged_site = next(x for x in r1.sites_after if x.merged)
    r1.sites.merged.clear()
    r1.sites.changed[0] = not r1.sites.changed[0]
    merged_site.members.clear()
    r3 = evaluate(demo, s)
    for r in (r2, r3):
        assert any(r.sites.merged)
        assert r.sites.changed == r2.sites.changed
        assert next(x for x in r.sites_after if x.merged).members
    assert r3.model_dump_json() == r2.model_dump_json()
