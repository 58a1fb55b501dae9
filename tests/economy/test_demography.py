"""Demography: a small projection against hand-computed users, FTE and cost, the
coverage target against constant coverage, horizon and choice of alternative."""

from __future__ import annotations

import pytest

from model.economy import DemographyError, DemographySettings, project
from model.economy.tables import parse_coverage, parse_population
from tests.economy.helpers import cli_json

# SSB layout: one row per region, sex, age band, year and alternative (semicolons,
# Norwegian age labels). 2024 / 2030 totals per group (men + women):
#   0-66: 1000 / 1000   67-79: 200 / 250   80-84 + 85-89: 100 / 150   90+: 20 / 30
POP = """region;kjønn;alder;år;alternativ;personer
4640 Sogndal;Menn;0-66 år;2024;Hovedalternativet (MMMM);500
4640 Sogndal;Kvinner;0-66 år;2024;Hovedalternativet (MMMM);500
4640 Sogndal;Menn;67-79 år;2024;Hovedalternativet (MMMM);100
4640 Sogndal;Kvinner;67-79 år;2024;Hovedalternativet (MMMM);100
4640 Sogndal;Menn;80-84 år;2024;Hovedalternativet (MMMM);30
4640 Sogndal;Kvinner;80-84 år;2024;Hovedalternativet (MMMM);50
4640 Sogndal;Menn;85-89 år;2024;Hovedalternativet (MMMM);10
4640 Sogndal;Kvinner;85-89 år;2024;Hovedalternativet (MMMM);10
4640 Sogndal;Menn;90 år eller eldre;2024;Hovedalternativet (MMMM);5
4640 Sogndal;Kvinner;90 år eller eldre;2024;Hovedalternativet (MMMM);15
4640 Sogndal;Menn;0-66 år;2030;Hovedalternativet (MMMM);500
4640 Sogndal;Kvinner;0-66 år;2030;Hovedalternativet (MMMM);500
4640 Sogndal;Menn;67-79 år;2030;Hovedalternativet (MMMM);125
4640 Sogndal;Kvinner;67-79 år;2030;Hovedalternativet (MMMM);125
4640 Sogndal;Menn;80-84 år;2030;Hovedalternativet (MMMM);50
4640 Sogndal;Kvinner;80-84 år;2030;Hovedalternativet (MMMM);50
4640 Sogndal;Menn;85-89 år;2030;Hovedalternativet (MMMM);25
4640 Sogndal;Kvinner;85-89 år;2030;Hovedalternativet (MMMM);25
4640 Sogndal;Menn;90 år eller eldre;2030;Hovedalternativet (MMMM);10
4640 Sogndal;Kvinner;90 år eller eldre;2030;Hovedalternativet (MMMM);20
"""
COV = """level,age_group,users_per_inhabitant,fte_per_user,cost_per_user_nok
sykehjem,80-89,0.1,1.0,1000000
sykehjem,90+,0.5,1.0,1000000
hjemmetjenester,67-79,0.1,0.2,100000
hdo,80-89,0.05,1.0,800000
"""


def _run(**kw: object):
    s = DemographySettings.model_validate({"milestones": [2030], **kw})
    return project(parse_population(POP), parse_coverage(COV), s)


def test_population_summed_over_sex_and_bands() -> None:
    r = _run()
    assert r.region == "4640 Sogndal" and r.alternative == "Hovedalternativet (MMMM)"
    assert r.years == [2024, 2030] and r.base_year == 2024
    assert r.population == {
        "0-66": [1000, 1000],
        "67-79": [200, 250],
        "80-89": [100, 150],
        "90+": [20, 30],
    }
    assert r.population_80_plus == [120, 180]


def test_need_at_constant_coverage_hand_computed() -> None:
    r = _run()
    m = {(x.year, x.level): x for x in r.milestones}
    nh = m[(2030, "sykehjem")]
    # 2030: 0.1 × 150 + 0.5 × 30 = 15 + 15 = 30 places; × 1.0 FTE; × 1 MNOK
    assert nh.users == pytest.approx(30)
    assert nh.fte == pytest.approx(30)
    assert nh.cost_nok == pytest.approx(30_000_000)
    # 2024: 0.1 × 100 + 0.5 × 20 = 20 → change +10 places, +10 FTE, +10 MNOK
    assert nh.users_change == pytest.approx(10)
    assert nh.cost_change_nok == pytest.approx(10_000_000)
    hc = m[(2030, "hjemmetjenester")]
    # 0.1 × 250 = 25 users; × 0.2 = 5 FTE; × 100 000 = 2.5 MNOK
    assert (hc.users, hc.fte, hc.cost_nok) == pytest.approx((25, 5, 2_500_000))
    assert {p.level for p in r.levels} == {"sykehjem", "hjemmetjenester", "hdo"}
    # 24/7 housing: 0.05 × 100 = 5 residents in 2024, 0.05 × 150 = 7.5 in 2030, 0.8 MNOK each
    # total need 2030 / 2024 = (30 + 2.5 + 6) / (20 + 2 + 4) MNOK
    assert r.need_ratio_last_year == pytest.approx(38.5 / 26)


def test_hdo_staffing_target() -> None:
    r = _run(hdo_target_fte_per_resident=0.6)
    (h,) = r.hdo
    # 7.5 residents × 1.0 FTE = 7.5 FTE today's ratio; × 0.6 = 4.5; 3 FTE × 800 000 = 2.4 MNOK
    assert (h.year, h.residents, h.fte_constant, h.fte_target) == (
        2030,
        pytest.approx(7.5),
        pytest.approx(7.5),
        pytest.approx(4.5),
    )
    assert h.avoided_fte == pytest.approx(3.0)
    assert h.avoided_cost_nok == pytest.approx(2_400_000)
    assert _run().hdo == []


def test_coverage_target_reached_in_target_year() -> None:
    r = _run(nursing_target_rate=0.15, nursing_target_year=2030)
    n = r.nursing[0]
    # today's rate 20 / 120; scenario 0.15 × 180 = 27 places against 30 at constant coverage
    assert n.rate_constant == pytest.approx(30 / 180)
    assert n.places_scenario == pytest.approx(27)
    assert n.avoided_places == pytest.approx(3)
    assert n.avoided_fte == pytest.approx(3)
    assert n.avoided_cost_nok == pytest.approx(3_000_000)


def test_coverage_target_linear_path_before_target_year() -> None:
    r = _run(nursing_target_rate=0.15, nursing_target_year=2036)
    n = r.nursing[0]
    # halfway (6 of 12 years): 1/6 + (0.15 − 1/6) × 0.5 = 0.158333…; × 180 = 28.5 places
    assert n.rate_scenario == pytest.approx(1 / 6 + (0.15 - 1 / 6) * 0.5)
    assert n.places_scenario == pytest.approx(28.5)
    assert n.avoided_cost_nok == pytest.approx(1_500_000)


def test_horizon_is_a_setting() -> None:
    r = _run(horizon=2029)
    assert r.years == [2024]
    assert r.milestones == [] and r.missing_milestones == [2030]


def test_band_across_group_boundary_is_rejected() -> None:
    text = POP.replace("0-66 år;2024", "0-64 år;2024").replace("67-79 år;2024", "65-79 år;2024")
    with pytest.raises(DemographyError) as e:
        _run_text(text)
    nb = " ".join(p[0] for p in e.value.problems)
    assert "65-79" in nb and "grensen" in nb


def test_missing_age_is_named() -> None:
    text = "\n".join(ln for ln in POP.splitlines() if "Kvinner;85-89 år;2030" not in ln)
    with pytest.raises(DemographyError) as e:
        _run_text(text)
    nb = " ".join(p[0] for p in e.value.problems)
    assert "2030" in nb and "80-89 (Kvinner)" in nb and "85" in nb


def test_alternative_choice() -> None:
    other = POP.replace("Hovedalternativet (MMMM)", "Lav nasjonal vekst (LLML)")
    both = POP + "\n".join(other.splitlines()[1:])
    r = _run_text(both)
    assert r.alternative == "Hovedalternativet (MMMM)"  # MMMM by default
    no_mmmm = other + "\n".join(other.replace("LLML", "HHMH").splitlines()[1:])
    with pytest.raises(DemographyError) as e:
        _run_text(no_mmmm)
    assert "LLML" in e.value.problems[0][0] and "HHMH" in e.value.problems[0][0]
    r2 = _run_text(no_mmmm, alternative="Lav nasjonal vekst (LLML)")
    assert r2.population_80_plus == [120, 180]


def _run_text(text: str, **kw: object):
    s = DemographySettings.model_validate({"milestones": [2030], **kw})
    return project(parse_population(text), parse_coverage(COV), s)


def test_demo_set_through_cli_is_labelled_and_reaches_2050() -> None:
    out = cli_json("demography", "--data", "sogndal-2021", "--target-rate", "0.163")
    assert out["years"][0] == 2021 and out["years"][-1] == 2050
    assert "antakelse" in out["alternative"]  # the demo projection is not SSB's
    assert {m["year"] for m in out["milestones"]} == {2030, 2040, 2050}
    # 2021 nursing places at the assumed age profile: 1500×0.01 + 434×0.1221 + 100×0.25
    # = 15 + 52.99 + 25 = 92.99 ≈ Sogndal's 93 published places
    first = next(p for p in out["levels"] if p["level"] == "sykehjem")
    assert first["users"][0] == pytest.approx(93.0, abs=0.05)
    assert out["population_80_plus"][0] == 534  # as in the Sogndal baseline (derived)
    assert [n["year"] for n in out["nursing"]] == [2030, 2040, 2050]
