"""The budget gap: requirement − counted effects = gap, per year, measure by measure;
the kinds of money add up to the model's net saving; overspend; the headline; the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from model import Scenario, evaluate
from model.economy import GapSettings, budget_gap, effects_from_result, headline
from model.economy.tables import BudgetRow, parse_budget
from model.loader import load_baseline
from tests.economy.helpers import assert_clean_failure, cli, cli_json

BUDGET = [
    BudgetRow(year=2025, frame_nok=100e6, actual_nok=113.3e6, status="published"),
    BudgetRow(year=2027, frame_nok=100e6, savings_requirement_nok=5e6),
    BudgetRow(year=2028, frame_nok=100e6, savings_requirement_nok=10e6),
    BudgetRow(year=2029, frame_nok=100e6, savings_requirement_nok=15e6),
]

MIXED = Scenario.model_validate(
    {
        "levers": {"overtime_cut_pct": 30, "substitute_cut_pct": 5},
        "coverage": {"target_rate": 0.145},
        "custom": [
            {"id": "journal", "label": "Elektronisk postjournal", "savings_nok_per_year": 3e6}
        ],
        "plan": {"timing": {"overtime": {"ramp_years": 3}}},
    }
)


@pytest.fixture(scope="module")
def demo():
    return load_baseline("demo")


@pytest.fixture(scope="module")
def with_nursing_homes():
    """A baseline with nursing homes: Sogndal's own once the demo is split (issue 8), the
    old mixed demo before."""
    try:
        b = load_baseline("sogndal-2021")
    except (FileNotFoundError, KeyError, ValueError):
        b = load_baseline("demo")
    assert b.nursing_homes is not None
    return b


def test_hand_computed_custom_measure(demo) -> None:
    s = Scenario.model_validate(
        {"custom": [{"id": "m", "label": "M", "savings_nok_per_year": 3e6}]}
    )
    r = evaluate(demo, s)
    g = budget_gap(BUDGET, effects_from_result(r), r.plan_years, GapSettings())
    # plan 2027–2030; requirement 5/10/15 MNOK, none for 2030; effect 3 MNOK from 2027
    assert [y.year for y in g.years] == [2027, 2028, 2029]
    assert g.plan_years_without_requirement == [2030]
    assert [y.gap_nok for y in g.years] == pytest.approx([2e6, 7e6, 12e6])
    assert [y.share_closed for y in g.years] == pytest.approx([0.6, 0.3, 0.2])
    h = headline(g)
    assert h is not None
    assert (h.year, h.closed_nok, h.requirement_nok) == (2029, pytest.approx(3e6), 15e6)


def test_gap_adds_up_with_the_measures_per_year(demo, with_nursing_homes) -> None:
    r = evaluate(demo, MIXED)
    effects = effects_from_result(r)
    for count in (["cut", "refund"], ["cut", "refund", "avoided"], ["cut"]):
        g = budget_gap(BUDGET, effects, r.plan_years, GapSettings.model_validate({"count": count}))
        for y in g.years:
            counted = sum(m.counted_nok for m in y.measures)
            assert y.closed_nok == pytest.approx(counted)
            assert y.target_nok - counted == pytest.approx(y.gap_nok)
            assert y.closed_nok == pytest.approx(sum(y.effect_by_kind_nok[k] for k in count))
    # the three kinds together are the model's net saving of the year, measure by measure
    for yr in r.years:
        mine = [e for e in effects if e.year == yr.year]
        assert sum(e.value_nok for e in mine) == pytest.approx(yr.net_savings_nok)
        for mid, net in yr.by_measure_net_nok.items():
            assert sum(e.value_nok for e in mine if e.measure_id == mid) == pytest.approx(net)
    # a ramped lever grows year by year
    ot = [e.value_nok for e in effects if e.measure_id == "overtime" and e.kind == "cut"]
    assert ot[0] < ot[1] < ot[2]
    # the coverage target is mostly cost avoided against the growing 80+ population; where
    # the model splits it per year, the split is the model's
    rc = evaluate(with_nursing_homes, Scenario.model_validate({"coverage": {"target_rate": 0.145}}))
    cov = [e for e in effects_from_result(rc) if e.measure_id == "coverage_rate"]
    assert "avoided" in {e.kind for e in cov}
    for c in rc.coverage:
        if c.year in rc.plan_years:
            mine = {e.kind: e.value_nok for e in cov if e.year == c.year}
            assert sum(mine.values()) == pytest.approx(c.savings_nok)
            if hasattr(c, "cut_nok"):
                assert mine.get("cut", 0.0) == pytest.approx(c.cut_nok)


def test_overspend_and_carrying_it(demo) -> None:
    r = evaluate(demo, Scenario())
    g = budget_gap(BUDGET, effects_from_result(r), r.plan_years, GapSettings(carry_overspend=True))
    (o,) = g.overspend
    # 113.3 − 100 = 13.3 MNOK = 13.3 % (Molde 2021's published share, as an example)
    assert o.overspend_nok == pytest.approx(13.3e6) and o.share == pytest.approx(0.133)
    assert g.years[0].target_nok == pytest.approx(5e6 + 13.3e6)
    assert g.years[0].gap_nok == pytest.approx(18.3e6)


def test_gap_through_cli(tmp_path: Path) -> None:
    f = tmp_path / "s.json"
    f.write_text(
        json.dumps({"custom": [{"id": "m", "label": "M", "savings_nok_per_year": 4e6}]}),
        encoding="utf-8",
    )
    out = cli_json("gap", "--baseline", "demo", "--scenario", str(f))
    # the Alver set's requirement is a labelled assumption: 5/10/15/20 MNOK in 2027–2030
    assert out["status"] == "assumption"
    assert [y["gap_nok"] for y in out["years"]] == pytest.approx([1e6, 6e6, 11e6, 16e6])
    assert out["headline"] == {
        "year": 2030,
        "closed_nok": pytest.approx(4e6),
        "requirement_nok": 20e6,
        "gap_nok": pytest.approx(16e6),
        "share": pytest.approx(0.2),
    }
    assert_clean_failure(cli("gap", "--baseline", "demo", "--count", "cut,bogus"), "count", "'cut'")


def test_budget_csv_parses_norwegian_numbers() -> None:
    rows = parse_budget("år;ramme;innsparingskrav;regnskap\n2027;219 000 000;5 000 000,0;\n")
    assert rows == [
        BudgetRow(year=2027, frame_nok=219e6, savings_requirement_nok=5e6, actual_nok=None)
    ]


def test_gap_property_random_effects() -> None:
    """For any effects and requirements: target − Σ counted measure effects = gap, and the
    kinds not counted never change the gap."""
    from hypothesis import given
    from hypothesis import strategies as st

    from model.economy.gap import Effect

    money = st.floats(min_value=-5e7, max_value=5e7, allow_nan=False)
    effect = st.builds(
        Effect,
        year=st.integers(2027, 2029),
        measure_id=st.sampled_from(["a", "b", "c"]),
        label_nb=st.just("M"),
        label_en=st.just("M"),
        kind=st.sampled_from(["cut", "avoided", "refund"]),
        value_nok=money,
    )

    @given(st.lists(effect, max_size=30), st.lists(money, min_size=3, max_size=3))
    def check(effects: list, reqs: list[float]) -> None:
        budget = [BudgetRow(year=2027 + i, savings_requirement_nok=r) for i, r in enumerate(reqs)]
        g = budget_gap(budget, effects, [2027, 2028, 2029], GapSettings())
        for y in g.years:
            counted = sum(
                e.value_nok for e in effects if e.year == y.year and e.kind in ("cut", "refund")
            )
            assert y.gap_nok == pytest.approx(y.requirement_nok - counted, abs=1e-3)
            assert sum(m.counted_nok for m in y.measures) == pytest.approx(counted, abs=1e-3)

    check()
