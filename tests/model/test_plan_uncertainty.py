"""Economic-plan years, ramp-up, Monte Carlo draws and one-at-a-time sensitivity."""

from __future__ import annotations

import numpy as np
import pytest

from benchmarks.model import every_lever_scenario
from model import Scenario, evaluate
from model.baseline import Baseline
from model.engine import ramp_share
from model.scenario import (
    CustomMeasure,
    PercentLevers,
    PlanSettings,
    Range,
    Timing,
    UncertaintySettings,
)
from model.uncertainty import ranges, sensitivity, simulate

OVERTIME = 4_500_000 / 3  # a third of overtime, domain §6
SUBSTITUTES = 0.05 * 35_600_000


def with_(s: Scenario, **update: object) -> Scenario:
    return Scenario.model_validate({**s.model_dump(), **update})


# -------------------------------------------------------------------------- plan
@pytest.mark.parametrize(
    ("year", "start", "ramp", "share"),
    [
        (2026, 2027, 1, 0.0),
        (2027, 2027, 1, 1.0),
        (2030, 2027, 1, 1.0),
        (2027, 2027, 2, 0.5),
        (2028, 2027, 2, 1.0),
        (2027, 2027, 4, 0.25),
        (2029, 2027, 4, 0.75),
        (2035, 2027, 4, 1.0),
        (2028, 2029, 3, 0.0),
    ],
)
def test_ramp_share(year: int, start: int, ramp: int, share: float) -> None:
    assert ramp_share(year, start, ramp) == pytest.approx(share)


def test_default_plan_is_four_years_from_2027(demo: Baseline) -> None:
    r = evaluate(demo, Scenario(levers=PercentLevers(overtime_cut_pct=100 / 3)))
    assert r.plan_years == [2027, 2028, 2029, 2030]
    assert [y.year for y in r.years] == r.plan_years
    assert [y.gross_savings_nok for y in r.years] == pytest.approx([OVERTIME] * 4)


def test_plan_start_and_length(demo: Baseline) -> None:
    s = Scenario(
        levers=PercentLevers(overtime_cut_pct=100 / 3),
        plan=PlanSettings(start_year=2025, years=6),
    )
    r = evaluate(demo, s)
    assert r.plan_years == list(range(2025, 2031))
    assert len(r.years) == 6


def test_ramp_up_by_measure(demo: Baseline) -> None:
    s = Scenario(
        levers=PercentLevers(overtime_cut_pct=100 / 3, substitute_cut_pct=5),
        plan=PlanSettings(
            timing={
                "overtime": Timing(start_year=2028, ramp_years=2),
                "substitutes": Timing(ramp_years=3),  # starts with the plan, 2027
            }
        ),
    )
    r = evaluate(demo, s)
    overtime = [0, OVERTIME / 2, OVERTIME, OVERTIME]
    subs = [SUBSTITUTES / 3, 2 * SUBSTITUTES / 3, SUBSTITUTES, SUBSTITUTES]
    assert [y.gross_savings_nok for y in r.years] == pytest.approx(
        [a + b for a, b in zip(overtime, subs)]
    )
    assert [y.by_measure_net_nok.get("overtime", 0.0) for y in r.years] == pytest.approx(
        [x * r.measure("overtime").net_savings_nok_per_year / OVERTIME for x in overtime]
    )
    fte_full = -OVERTIME / 826 / 1846
    assert [y.fte_change for y in r.years][:2] == pytest.approx(
        [-SUBSTITUTES / 413 / 1846 / 3, fte_full / 2 - 2 * SUBSTITUTES / 413 / 1846 / 3]
    )
    m = r.measure("overtime")
    assert (m.start_year, m.ramp_years) == (2028, 2)
    # full effect stays the figure "per year" in the measure table
    assert m.gross_savings_nok_per_year == pytest.approx(OVERTIME)
    cum = np.cumsum([y.net_savings_nok for y in r.years])
    assert [y.cumulative_net_savings_nok for y in r.years] == pytest.approx(cum.tolist())


def test_custom_measure_timing(demo: Baseline) -> None:
    c = CustomMeasure(id="koord", label="Koordinering", savings_nok_per_year=400_000)
    s = Scenario(
        custom=[c],
        plan=PlanSettings(timing={"custom:koord": Timing(start_year=2029, ramp_years=2)}),
    )
    r = evaluate(demo, s)
    assert [y.gross_savings_nok for y in r.years] == pytest.approx([0, 0, 200_000, 400_000])


# ------------------------------------------------------------------- Monte Carlo
EXPECTED_DATA_RANGES = {
    # parameters.csv rows with low < high
    "cost_per_gross_fte_nok",
    "resting_paid_fraction",
    "annual_pay_nok",
    "ambulant_team_operating_cost_nok",
    "digital_cost_per_resident_nok",
    "digital_effect_realisation",
    "construction_cost_per_unit_nok",
    "interest_rate",
    # Alver's baseline has no nursing-home parameters (those are Sogndal's)
}


def test_ranges_from_data_and_scenario(demo: Baseline) -> None:
    assert set(ranges(demo, Scenario())) == EXPECTED_DATA_RANGES
    assert ranges(demo, Scenario())["cost_per_gross_fte_nok"] == (700_000, 800_000, 800_000)
    # a scenario value outside the range is clipped to it as the mode
    rg = ranges(demo, Scenario(params={"cost_per_gross_fte_nok": 900_000}))
    assert rg["cost_per_gross_fte_nok"] == (700_000, 800_000, 800_000)
    s = Scenario(
        uncertainty=UncertaintySettings(
            ranges={
                "overtime_nok": Range(low=4_000_000, high=5_000_000),
                "cost_per_gross_fte_nok": Range(low=800_000, high=800_000),  # pins it
            }
        )
    )
    rg = ranges(demo, s)
    assert rg["overtime_nok"] == (4_000_000, 4_500_000, 5_000_000)
    assert "cost_per_gross_fte_nok" not in rg
    assert ranges(demo, Scenario(uncertainty=UncertaintySettings(use_data_ranges=False))) == {}


def test_monte_carlo_reproducible_and_ordered(demo: Baseline) -> None:
    s = every_lever_scenario()
    a = simulate(demo, s, draws=400, seed=7)
    b = simulate(demo, s, draws=400, seed=7)
    assert a == b
    assert a.draws == 400 and a.seed == 7
    assert set(a.parameters) == EXPECTED_DATA_RANGES
    for q in [a.total_gross, a.total_net, *a.by_measure_net.values()]:
        assert q.p10 <= q.p50 <= q.p90
    c = simulate(demo, s, draws=400, seed=8)
    assert c.total_net != a.total_net


def test_monte_carlo_defaults_from_scenario(demo: Baseline) -> None:
    s = with_(every_lever_scenario(), uncertainty={"draws": 50, "seed": 11})
    assert simulate(demo, s) == simulate(demo, s, draws=50, seed=11)


def test_monte_carlo_without_ranges_is_the_point_estimate(demo: Baseline) -> None:
    s = with_(every_lever_scenario(), uncertainty={"use_data_ranges": False})
    point = evaluate(demo, s).totals
    u = simulate(demo, s, draws=20)
    assert u.parameters == []
    for q, x in (
        (u.total_net, point.net_savings_nok_per_year),
        (u.total_gross, point.gross_savings_nok_per_year),
    ):
        assert q.p10 == pytest.approx(x, rel=1e-9)
        assert q.p90 == pytest.approx(x, rel=1e-9)


def test_monte_carlo_mean_of_a_linear_lever(demo: Baseline) -> None:
    # Overtime drawn triangular(4.0, 4.5, 5.0) MNOK: mean 4.5 MNOK, so the mean saving of a
    # one-third cut is 1.5 MNOK.
    s = Scenario(
        levers=PercentLevers(overtime_cut_pct=100 / 3),
        uncertainty=UncertaintySettings(
            use_data_ranges=False, ranges={"overtime_nok": Range(low=4_000_000, high=5_000_000)}
        ),
    )
    u = simulate(demo, s, draws=20_000, seed=1)
    assert u.total_gross.mean == pytest.approx((4.0e6 + 4.5e6 + 5.0e6) / 3 / 3, rel=0.005)
    assert 4.0e6 / 3 < u.total_gross.p10 < u.total_gross.p50 < u.total_gross.p90 < 5.0e6 / 3
    assert u.total_net.mean == pytest.approx(
        evaluate(demo, s).totals.net_savings_nok_per_year, rel=0.005
    )


def test_sensitivity_rows_match_evaluate_at_low_and_high(demo: Baseline) -> None:
    s = Scenario(
        levers=PercentLevers(rota_hours_cut_pct=2),
        uncertainty=UncertaintySettings(
            use_data_ranges=False,
            ranges={"rota_hours_cost_base_nok": Range(low=40_000_000, high=60_000_000)},
        ),
    )
    rows = sensitivity(demo, s)
    assert [r.key for r in rows] == ["rota_hours_cost_base_nok"]
    row = rows[0]
    for value, got in ((40_000_000, row.net_at_low), (60_000_000, row.net_at_high)):
        direct = evaluate(demo, with_(s, params={"rota_hours_cost_base_nok": value}))
        assert got == pytest.approx(direct.totals.net_savings_nok_per_year, rel=1e-9)
    assert row.swing == pytest.approx(abs(row.net_at_high - row.net_at_low))


def test_sensitivity_sorted_by_swing(demo: Baseline) -> None:
    rows = sensitivity(demo, every_lever_scenario())
    assert {r.key for r in rows} == EXPECTED_DATA_RANGES
    swings = [r.swing for r in rows]
    assert swings == sorted(swings, reverse=True)


@pytest.mark.parametrize(
    ("key", "low", "high"),
    [
        ("resting_paid_fraction", -5.0, 5.0),  # bounds 0 … 1: negative paid hours
        ("hours_per_gross_fte", 0.0, 1846.0),  # bounds 1000 … 2500: division by ~0
        ("interest_rate", 0.0, 3.0),  # bounds 0 … 0.25
    ],
)
def test_uncertainty_ranges_respect_parameter_bounds(key: str, low: float, high: float) -> None:
    """A range in a scenario (and so in a link) must stay within ``PARAMETER_BOUNDS``.

    ``Scenario.params`` is checked against the bounds, but
    ``UncertaintySettings._known`` (model/scenario.py) checks only that the key exists,
    so Monte Carlo then draws physically impossible values from a range like these.
    """
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match=key):
        Scenario.model_validate({"uncertainty": {"ranges": {key: {"low": low, "high": high}}}})


def test_monte_carlo_in_chunks_equals_one_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    """Draws are evaluated in chunks to bound memory (issue 10: a link with many draws);
    the chunk size must not change any figure."""
    import model.uncertainty as unc
    from model.loader import load_baseline

    b = load_baseline("demo")
    s = Scenario.model_validate(
        {"levers": {"overtime_cut_pct": 30}, "uncertainty": {"draws": 1001}}
    )
    monkeypatch.setattr(unc, "CHUNK", 10_000)
    one_pass = unc.simulate(b, s)
    monkeypatch.setattr(unc, "CHUNK", 97)
    chunked = unc.simulate(b, s)
    assert chunked == one_pass
    assert one_pass.total_net.p10 < one_pass.total_net.p50 < one_pass.total_net.p90
