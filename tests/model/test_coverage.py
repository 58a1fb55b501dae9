"""Nursing-home coverage rate, staffing norms and HDO ratio (domain §5, Sogndal).

Sogndal 2021 baseline: 93 places (16/50/8/17/2), 108 FTE in use, an 80+ population of
534 in 2021 (derived) growing 4 % a year (assumption), NOK 1.5 million per place and
year, NOK 750 000 per FTE; 35 HDO residents (derived) at 0.98 FTE each.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from model import Scenario, ScenarioError, evaluate, validate_against
from model.baseline import Baseline, NursingHomes, PopulationYear
from model.scenario import CoverageLevers, PlanSettings

PLACES = 16 + 50 + 8 + 17 + 2  # 93
POP_2021 = 534  # derived: 87 places / 16.3 % (Agenda Kaupang 2022)
R0 = PLACES / POP_2021  # today's coverage rate, 17.2 %
CPP = 1_500_000
FTE_PER_PLACE = 108 / 93

MakeBaseline = Callable[..., Baseline]


def pop(year: int, growth: float = 0.04) -> float:
    return POP_2021 * (1 + growth) ** (year - 2021)


def cov(**kw: object) -> Scenario:
    return Scenario(coverage=CoverageLevers(**kw))


def test_sogndal_places_and_today_rate(sogndal: Baseline) -> None:
    assert sogndal.nursing_homes is not None
    assert sogndal.nursing_homes.places == 93
    rows = evaluate(sogndal, Scenario()).coverage
    assert [c.year for c in rows] == [2027, 2028, 2029, 2030]
    for c in rows:
        assert c.population_80_plus == pytest.approx(pop(c.year))
        assert c.rate_baseline == pytest.approx(R0)
        assert c.rate_scenario == pytest.approx(R0)
        assert c.places_baseline == pytest.approx(R0 * pop(c.year))  # places grow with 80+
        assert c.cost_baseline_nok == pytest.approx(R0 * pop(c.year) * CPP)
        assert c.savings_nok == pytest.approx(0, abs=1e-6)


def test_linear_path_to_target_by_target_year(sogndal: Baseline) -> None:
    r = evaluate(sogndal, cov(target_rate=0.145, target_year=2030))
    for c in r.coverage:
        frac = (c.year - 2026) / 4  # 1/4 of the way in 2027, all of it in 2030
        rate = R0 + (0.145 - R0) * frac
        assert c.rate_scenario == pytest.approx(rate)
        assert c.places_scenario == pytest.approx(rate * pop(c.year))
        assert c.savings_nok == pytest.approx((R0 - rate) * pop(c.year) * CPP)
        assert c.fte_change == pytest.approx((rate - R0) * pop(c.year) * FTE_PER_PLACE)
    assert r.coverage[-1].rate_scenario == pytest.approx(0.145)

    m = r.measure("coverage_rate")
    last = (R0 - 0.145) * pop(2030) * CPP  # ≈ 31.4 MNOK avoided cost in 2030
    assert m.active
    assert m.gross_savings_nok_per_year == pytest.approx(last)
    assert m.net_savings_nok_per_year == pytest.approx(last)  # no state refund here
    assert m.fte_change == pytest.approx((0.145 - R0) * pop(2030) * FTE_PER_PLACE)
    for y, c in zip(r.years, r.coverage, strict=True):
        assert y.gross_savings_nok == pytest.approx(c.savings_nok)
        assert y.by_measure_net_nok["coverage_rate"] == pytest.approx(c.savings_nok)


def test_target_reached_early_then_held(sogndal: Baseline) -> None:
    r = evaluate(sogndal, cov(target_rate=0.163, target_year=2028))
    rates = [c.rate_scenario for c in r.coverage]
    assert rates[0] == pytest.approx(R0 + (0.163 - R0) * 1 / 2)
    assert rates[1:] == pytest.approx([0.163] * 3)


def test_target_year_defaults_to_last_plan_year(sogndal: Baseline) -> None:
    s = cov(target_rate=0.10).model_dump()
    s["plan"] = PlanSettings(years=6).model_dump()
    r = evaluate(sogndal, Scenario.model_validate(s))
    assert [c.year for c in r.coverage] == list(range(2027, 2033))
    for c in r.coverage:
        assert c.rate_scenario == pytest.approx(R0 + (0.10 - R0) * (c.year - 2026) / 6)


def test_population_growth_parameter(sogndal: Baseline) -> None:
    r = evaluate(sogndal, Scenario(params={"population_80_growth": 0.0}))
    assert [c.population_80_plus for c in r.coverage] == pytest.approx([534] * 4)
    r = evaluate(
        sogndal,
        Scenario(
            params={"population_80_growth": 0.02},
            coverage=CoverageLevers(target_rate=0.145, target_year=2030),
        ),
    )
    c = r.coverage[-1]
    assert c.population_80_plus == pytest.approx(pop(2030, 0.02))
    assert c.savings_nok == pytest.approx((R0 - 0.145) * pop(2030, 0.02) * CPP)


def test_population_table_is_used(make_baseline: MakeBaseline) -> None:
    b0 = make_baseline(nursing=True)
    assert b0.nursing_homes is not None
    nh = NursingHomes.model_validate(
        {
            **b0.nursing_homes.model_dump(),
            "population_table": [
                PopulationYear(year=2021, population_80_plus=534).model_dump(),
                PopulationYear(year=2027, population_80_plus=700).model_dump(),
                PopulationYear(year=2028, population_80_plus=720).model_dump(),
            ],
        }
    )
    b = Baseline.model_validate({**b0.model_dump(), "nursing_homes": nh.model_dump()})
    rows = evaluate(b, Scenario()).coverage
    expected = [700, 720, 720 * 1.04, 720 * 1.04**2]  # known years, then growth from the last
    assert [c.population_80_plus for c in rows] == pytest.approx(expected)
    assert [c.places_baseline for c in rows] == pytest.approx([R0 * x for x in expected])


# -------------------------------------------------------------------- staffing norms
def test_sogndal_norm_fte(sogndal: Baseline) -> None:
    st = evaluate(sogndal, Scenario()).staffing
    assert st is not None
    norm = 16 * 0.95 + 50 * 0.80 + 8 * 1.00 + 17 * 0.90 + 2 * 1.20
    assert norm == pytest.approx(80.9)
    assert st.norm_fte == pytest.approx(norm)
    assert st.fte_in_use == 108
    assert st.gap_fte == pytest.approx(108 - 80.9)
    assert st.fte_change == 0
    assert {row.key: row.norm_fte for row in st.rows} == pytest.approx(
        {
            "langtid_demens": 16 * 0.95,
            "langtid_somatikk": 50 * 0.80,
            "rehabilitering": 8 * 1.00,
            "korttid": 17 * 0.90,
            "akutt": 2 * 1.20,
        }
    )


def test_norm_closure_share(sogndal: Baseline) -> None:
    r = evaluate(sogndal, cov(norm_closure_share=0.5))
    gap = 108 - 80.9
    m = r.measure("staffing_norm")
    assert m.active
    assert m.fte_change == pytest.approx(-0.5 * gap)  # -13.55 FTE
    assert m.gross_savings_nok_per_year == pytest.approx(0.5 * gap * 750_000)


def test_norm_override(sogndal: Baseline) -> None:
    r = evaluate(sogndal, cov(norm_closure_share=1.0, norms={"langtid_somatikk": 0.78}))
    norm = 16 * 0.95 + 50 * 0.78 + 8 * 1.00 + 17 * 0.90 + 2 * 1.20  # 79.9
    assert r.staffing is not None
    assert r.staffing.norm_fte == pytest.approx(norm)
    assert r.measure("staffing_norm").fte_change == pytest.approx(-(108 - norm))


def test_norms_above_fte_in_use_save_nothing(sogndal: Baseline) -> None:
    keys = ["langtid_demens", "langtid_somatikk", "rehabilitering", "korttid", "akutt"]
    r = evaluate(sogndal, cov(norm_closure_share=1.0, norms={k: 2.0 for k in keys}))
    assert r.staffing is not None
    assert r.staffing.gap_fte == 0  # 93 × 2 = 186 > 108: the gap is floored at 0
    assert r.measure("staffing_norm").gross_savings_nok_per_year == 0


def test_unknown_place_type(sogndal: Baseline) -> None:
    s = cov(norm_closure_share=0.5, norms={"no_such_type": 1.0})
    assert any("no_such_type" in p for p in validate_against(sogndal, s))
    with pytest.raises(ScenarioError, match="no_such_type"):
        evaluate(sogndal, s, strict=True)


# ---------------------------------------------------------------------- HDO ratio
def test_hdo_ratio_to_norm(sogndal: Baseline) -> None:
    r = evaluate(sogndal, cov(hdo_target_fte_per_resident=0.6))
    m = r.measure("hdo_ratio")
    assert m.active
    assert m.fte_change == pytest.approx(35 * (0.6 - 0.98))  # -15.2 FTE
    assert m.gross_savings_nok_per_year == pytest.approx(35 * (0.98 - 0.6) * 750_000)  # 11.4 M


def test_hdo_ratio_up_costs(sogndal: Baseline) -> None:
    m = evaluate(sogndal, cov(hdo_target_fte_per_resident=1.2)).measure("hdo_ratio")
    assert m.fte_change == pytest.approx(35 * (1.2 - 0.98))
    assert m.gross_savings_nok_per_year == pytest.approx(-35 * (1.2 - 0.98) * 750_000)


# -------------------------------------------------------------- no nursing data
def test_no_nursing_home_data(syn: Baseline) -> None:
    r = evaluate(syn, cov(target_rate=0.1, norm_closure_share=0.5, hdo_target_fte_per_resident=0.6))
    assert any(w.code == "no_nursing_data" for w in r.warnings)
    assert r.coverage == []
    assert r.staffing is None
    for mid in ("coverage_rate", "staffing_norm", "hdo_ratio"):
        m = r.measure(mid)
        assert not m.active
        assert m.gross_savings_nok_per_year == 0


def test_each_year_splits_its_saving_into_cut_below_today_and_avoided(sogndal: Baseline) -> None:
    """A target below today's places: the places under today's 93 are a cut in today's
    budget, the rest of the year's saving is growth avoided (per year, not only in sum)."""
    from model.economy import effects_from_result

    r = evaluate(sogndal, cov(target_rate=0.12, target_year=2027))
    assert r.coverage, "coverage rows"
    below = [c for c in r.coverage if c.places_scenario < PLACES]
    assert below, "the target takes places below today's"
    for c in r.coverage:
        assert c.cut_nok + c.avoided_nok == pytest.approx(c.savings_nok)
        # by hand: places under today's count, never more than the year's reduction
        reduction = c.places_baseline - c.places_scenario
        cut_places = min(max(PLACES - c.places_scenario, 0.0), max(reduction, 0.0))
        assert c.cut_nok == pytest.approx(cut_places * CPP)
    first = r.coverage[0]
    assert first.cut_nok == pytest.approx((PLACES - first.places_scenario) * CPP)
    assert first.cut_nok > 0
    # the year table and the budget gap's kinds of money say the same per year
    years = {y.year: y for y in r.years}
    cut_effects = {
        e.year: e.value_nok
        for e in effects_from_result(r)
        if e.measure_id == "coverage_rate" and e.kind == "cut"
    }
    for c in r.coverage:
        if c.year in years:
            assert years[c.year].cut_nok == pytest.approx(c.cut_nok)
            assert cut_effects.get(c.year, 0.0) == pytest.approx(c.cut_nok)
