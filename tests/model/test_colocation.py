"""Co-location (domain §4): capacity rules, explicit merges, synergy, investment, payback.

Hand arithmetic uses the synthetic baseline of ``conftest.py`` (A 4 places, B 2, C 3,
D the ambulant base; default shift for new arrangements 10 h; resting paid 1/3).
"""

from __future__ import annotations

import math

import pytest

from model import Scenario, evaluate
from model.baseline import Baseline
from model.night import annuity
from model.scenario import (
    Arrangement,
    CapacityRule,
    Colocation,
    MergeGroup,
    PlanSettings,
    Timing,
)

SYN_A = 8 + 8 / 3
SYN_B = 2 * 9 / 3
SYN_C = 10.0
SYN_D = 8.0


def cost_of(h_night: float) -> float:
    return h_night * 365 / 1846 * 800_000


def fte_of(h_night: float) -> float:
    return h_night * 365 / 1846


def supplements_of(h_night: float, dt_staff: float = 0) -> float:
    return h_night * 365 * 56 + h_night * 365 * 2 / 7 * 50 + h_night * 10 * 750 + dt_staff * 45_000


def capacity(service: str, max_residents: int, by_area: bool = False, **arr: object) -> Scenario:
    return Scenario(
        colocation=Colocation(
            capacity_rules=[
                CapacityRule(
                    service=service,
                    by_area=by_area,
                    max_residents=max_residents,
                    arrangement=Arrangement(**arr)
                    if arr
                    else Arrangement(awake=2, dognturnus=False),
                )
            ]
        )
    )


def merge(*sites: str, name: str = "AB", **kw: object) -> Scenario:
    arr = kw.pop("arrangement", Arrangement(awake=1, dognturnus=False))
    return Scenario(
        colocation=Colocation(
            merges=[MergeGroup(name=name, sites=list(sites), arrangement=arr)], **kw
        )
    )


# --------------------------------------------------------------------- capacity rule
@pytest.mark.parametrize(
    ("max_residents", "new_sites"),
    [(10, 1), (6, 1), (5, 2), (3, 2), (1, 2)],  # ceil(6 / max), but never more than 2 sites
)
def test_capacity_rule_synthetic(syn: Baseline, max_residents: int, new_sites: int) -> None:
    assert new_sites == min(2, math.ceil((4 + 2) / max_residents))
    r = evaluate(syn, capacity("habilitering", max_residents, awake=1, dognturnus=False))
    assert r.totals.sites == 4 - 2 + new_sites
    after = new_sites * 1 * 10 + SYN_C + SYN_D  # each new site: 1 awake, default 10 h
    assert r.totals.night.paid_hours_per_night == pytest.approx(after)
    m = r.measure("colocation")
    assert m.active
    assert m.staff_cost_savings_nok == pytest.approx(
        cost_of(SYN_A + SYN_B) - cost_of(new_sites * 10)
    )
    # the supplement staff at A (2) lose the døgnturnus supplement: the new site has none
    assert m.supplement_savings_nok == pytest.approx(
        supplements_of(SYN_A + SYN_B, 2) - supplements_of(new_sites * 10)
    )


@pytest.mark.parametrize(("max_residents", "n_new"), [(15, 1), (8, 2), (5, 3), (3, 5), (1, 5)])
def test_capacity_rule_alver_respite(demo: Baseline, max_residents: int, n_new: int) -> None:
    respite = [s for s in demo.sites if s.service == "avlastning"]
    assert len(respite) == 5
    assert sum(s.places for s in respite) == 15
    assert n_new == min(5, math.ceil(15 / max_residents))
    r = evaluate(demo, capacity("avlastning", max_residents))
    assert r.totals.sites == 27 - 5 + n_new
    new = [ns for ns in r.sites_after if ns.name.startswith("Samlokalisert")]
    assert len(new) == n_new
    assert sum(ns.places for ns in new) == 15
    assert all(ns.awake == 2 and ns.resting == 0 for ns in new)


def test_capacity_rule_by_area(demo: Baseline) -> None:
    # Respite: Lindås/Knarvik 5+2+2+3 = 12 places at 4 sites, Radøy/Manger 3 at 1 site.
    r = evaluate(demo, capacity("avlastning", 15, by_area=True))
    assert r.totals.sites == 27 - 5 + 2
    new = {ns.name: ns.places for ns in r.sites_after if ns.name.startswith("Samlokalisert")}
    assert sorted(new.values()) == [3, 12]


def test_capacity_rule_never_more_sites_than_before(demo: Baseline) -> None:
    for service in ("habilitering", "psykisk_helse_rus", "ressurskrevende", "avlastning"):
        members = [s for s in demo.sites if s.service == service and s.housing]
        r = evaluate(demo, capacity(service, 1))
        assert r.totals.sites == 27, service
        assert len(members) >= 1


def test_capacity_rule_alver_habilitation_warns_over_cap(demo: Baseline) -> None:
    # 76 places at 11 sites, cap 8 -> ceil(76 / 8) = 10 new sites; sites of 10 places are
    # not split, so at least one new site is above the cap and the model says so.
    hab = [s for s in demo.sites if s.service == "habilitering"]
    assert sum(s.places for s in hab) == 76
    r = evaluate(demo, capacity("habilitering", 8))
    assert r.totals.sites == 27 - 11 + math.ceil(76 / 8)
    assert any(w.code == "over_cap" for w in r.warnings)


def test_explicit_merge_wins_over_capacity_rule(syn: Baseline) -> None:
    s = Scenario(
        colocation=Colocation(
            merges=[MergeGroup(name="AC", sites=["A", "C"], arrangement=Arrangement(awake=2))],
            capacity_rules=[
                CapacityRule(
                    service="habilitering", max_residents=10, arrangement=Arrangement(awake=1)
                )
            ],
        )
    )
    r = evaluate(syn, s)
    assert r.totals.sites == 3  # AC, the habilitation site made of B alone, D
    assert r.totals.night.paid_hours_per_night == pytest.approx(2 * 10 + 1 * 10 + SYN_D)


# ------------------------------------------------------------------ explicit merges
def test_explicit_merge_by_hand(syn: Baseline) -> None:
    arr = Arrangement(awake=1, resting=1, dognturnus=False)
    r = evaluate(syn, merge("A", "C", name="AC", arrangement=arr))
    new_site = 1 * 10 + 1 * 10 / 3
    assert r.totals.sites == 3
    assert r.totals.night.paid_hours_per_night == pytest.approx(new_site + SYN_B + SYN_D)
    m = r.measure("colocation")
    assert m.staff_cost_savings_nok == pytest.approx(cost_of(SYN_A + SYN_C) - cost_of(new_site))
    assert m.supplement_savings_nok == pytest.approx(
        supplements_of(SYN_A + SYN_C, 3) - supplements_of(new_site, 0)
    )
    assert m.fte_change == pytest.approx(fte_of(new_site) - fte_of(SYN_A + SYN_C))
    ac = next(ns for ns in r.sites_after if ns.name == "AC")
    assert ac.places == 7
    assert ac.merged
    assert ac.area == "Nord"
    assert r.sites.new_site == ["AC", "B", "AC", "D"]
    # a new site's staff is shown at its old sites by places: A 4/7, C 3/7
    assert r.sites.awake_after[0] == pytest.approx(4 / 7)
    assert r.sites.awake_after[2] == pytest.approx(3 / 7)


def test_merge_keeping_dognturnus_keeps_the_supplement_staff(syn: Baseline) -> None:
    arr = Arrangement(awake=1, resting=1, dognturnus=True)
    r = evaluate(syn, merge("A", "C", name="AC", arrangement=arr))
    assert r.totals.night.supplement_dognturnus_nok == pytest.approx((2 + 1) * 45_000)


def test_merged_site_lists_its_member_sites(syn: Baseline) -> None:
    """A merged site in ``sites_after`` names the sites it was made of.

    ``NewSite.members`` is ``list[str]`` ("a site after the scenario (kept, changed, merged
    or new)"), but ``model/engine.py::_sites_after`` (now
    ``model/measures/sites.py::sites_after``) set ``members=ns.members if names_old else []``
    with ``names_old = None``: the list was always empty.
    """
    r = evaluate(syn, merge("A", "B"))
    ab = next(ns for ns in r.sites_after if ns.name == "AB")
    assert sorted(ab.members) == ["A", "B"]


# ----------------------------------------------------------- day/evening synergy
def test_day_evening_synergy_by_hand(syn: Baseline) -> None:
    # Department Hab: 12 FTE over the places of its sites A (4) and B (2). Each site's
    # day/evening cost = its share of the department's FTE cost less its night cost.
    day_a = 4 / 6 * 12 * 800_000 - cost_of(SYN_A)
    day_b = 2 / 6 * 12 * 800_000 - cost_of(SYN_B)
    synergy = 0.10 * (day_a + day_b)

    r = evaluate(syn, merge("A", "B", day_evening_synergy_pct=10))
    m = r.measure("colocation")
    night = cost_of(SYN_A + SYN_B) - cost_of(10)
    assert m.staff_cost_savings_nok == pytest.approx(night + synergy)
    assert m.fte_change == pytest.approx(fte_of(10) - fte_of(SYN_A + SYN_B) - synergy / 800_000)

    without = evaluate(syn, merge("A", "B")).measure("colocation")
    assert m.gross_savings_nok_per_year - without.gross_savings_nok_per_year == pytest.approx(
        synergy
    )


def test_synergy_only_at_merged_sites(syn: Baseline) -> None:
    # a capacity "group" of a single site (C) is not a merge: no synergy
    s = Scenario(
        colocation=Colocation(
            capacity_rules=[
                CapacityRule(
                    service="avlastning", max_residents=10, arrangement=Arrangement(awake=1)
                )
            ],
            day_evening_synergy_pct=20,
        )
    )
    m = evaluate(syn, s).measure("colocation")
    assert m.staff_cost_savings_nok == pytest.approx(
        cost_of(SYN_C) - cost_of(10), abs=1e-6
    )  # 0: same


# ------------------------------------------------------------- investment, grant
def test_annuity_formula_by_hand() -> None:
    assert annuity(1_000_000, 0.05, 10) == pytest.approx(1_000_000 * 0.05 / (1 - 1.05**-10))
    assert annuity(1_000_000, 0.05, 10) == pytest.approx(129_504.57, abs=0.01)
    assert annuity(1_000_000, 0.0, 10) == pytest.approx(100_000)  # no interest: straight line


def test_investment_grant_and_annuity_by_hand(syn: Baseline) -> None:
    r = evaluate(syn, merge("A", "B"))
    m = r.measure("colocation")
    units = 4 + 2  # places of the merged sites
    investment = units * 3_500_000
    grant = units * 0.45 * min(3_500_000, 3_800_000)
    net = investment - grant  # 11.55 MNOK
    capital = net * 0.04 / (1 - 1.04**-40)
    assert m.investment_nok == pytest.approx(investment)
    assert m.net_investment_nok == pytest.approx(net)
    assert m.annual_capital_cost_nok == pytest.approx(capital)
    t = r.totals
    assert t.investment_nok == pytest.approx(investment)
    assert t.grant_nok == pytest.approx(grant)
    assert t.net_investment_nok == pytest.approx(net)
    assert t.annual_capital_cost_nok == pytest.approx(capital)
    assert t.net_effect_after_capital_nok_per_year == pytest.approx(
        t.net_savings_nok_per_year - capital
    )


def test_grant_capped_per_unit(syn: Baseline) -> None:
    s = merge("A", "B").model_dump()
    s["params"] = {"construction_cost_per_unit_nok": 4_500_000}
    m = evaluate(syn, Scenario.model_validate(s)).measure("colocation")
    grant = 6 * 0.45 * 3_800_000  # the cap on approved cost binds
    assert m.investment_nok == pytest.approx(6 * 4_500_000)
    assert m.net_investment_nok == pytest.approx(6 * 4_500_000 - grant)


def test_new_units_override(syn: Baseline) -> None:
    m = evaluate(syn, merge("A", "B", new_units=10)).measure("colocation")
    assert m.investment_nok == pytest.approx(10 * 3_500_000)
    assert m.net_investment_nok == pytest.approx(10 * 3_500_000 * (1 - 0.45))


def test_no_merge_no_investment(syn: Baseline) -> None:
    r = evaluate(syn, Scenario())
    assert r.totals.investment_nok == 0
    assert r.totals.payback_year is None


def _ab_saving() -> float:
    """Gross = net saving per year of merging A and B into 1 awake (no refund users)."""
    return (
        cost_of(SYN_A + SYN_B) - cost_of(10) + supplements_of(SYN_A + SYN_B, 2) - supplements_of(10)
    )


def test_payback_year_by_hand(syn: Baseline) -> None:
    saving = _ab_saving()  # ≈ 1.37 MNOK/year
    invest = 6 * 3_500_000 * (1 - 0.45)  # 11.55 MNOK
    r = evaluate(syn, merge("A", "B"))
    assert r.totals.net_savings_nok_per_year == pytest.approx(saving)
    years_needed = math.ceil(invest / saving)  # 9
    assert r.totals.payback_year == 2027 + years_needed - 1
    y = r.years
    assert [x.year for x in y] == [2027, 2028, 2029, 2030]
    assert y[0].investment_nok == pytest.approx(invest)
    assert y[1].investment_nok == 0
    assert y[3].cumulative_net_savings_nok == pytest.approx(4 * saving)
    assert y[3].cumulative_net_investment_nok == pytest.approx(invest)
    assert all(x.capital_cost_nok == pytest.approx(invest * 0.04 / (1 - 1.04**-40)) for x in y)


def test_payback_year_with_later_start_and_ramp(syn: Baseline) -> None:
    saving = _ab_saving()
    invest = 6 * 3_500_000 * (1 - 0.45)
    s = merge("A", "B").model_dump()
    s["plan"] = PlanSettings(
        timing={"colocation": Timing(start_year=2028, ramp_years=2)}
    ).model_dump()
    r = evaluate(syn, Scenario.model_validate(s))
    # cumulative savings: 2028: 0.5 S, then +S a year -> (k + 0.5) S after k more years
    k = math.ceil(invest / saving - 0.5)
    assert r.totals.payback_year == 2028 + k
    y = r.years
    assert y[0].investment_nok == 0 and y[0].capital_cost_nok == 0
    assert y[1].investment_nok == pytest.approx(invest)
    assert y[1].net_savings_nok == pytest.approx(0.5 * saving)
    assert y[2].net_savings_nok == pytest.approx(saving)


# ----------------------------------------------------------------------- warnings
def test_husbanken_size_warning(demo: Baseline, syn: Baseline) -> None:
    r = evaluate(demo, capacity("avlastning", 15))  # 15 units at one site
    assert any(w.code == "husbanken_size" for w in r.warnings)
    r = evaluate(syn, merge("A", "B"))  # 6 units
    assert not any(w.code == "husbanken_size" for w in r.warnings)


def test_unknown_merge_site_is_reported(syn: Baseline) -> None:
    r = evaluate(syn, merge("A", "Nowhere"))
    assert any("Nowhere" in w.message_en for w in r.warnings)


def test_investment_started_before_the_plan_is_not_dropped(syn: Baseline) -> None:
    """Co-location timed to start in 2025, before the plan's first year (2027).

    ``_assemble`` (model/engine.py; now ``Schedule.add`` in model/measures/plan.py) added
    the net investment to the year list only
    ``if start in horizon``; the horizon starts at the plan's first year, so the
    investment vanishes from the cumulative figures and ``payback_year`` becomes None,
    while the annual capital cost and the full savings are still shown.
    """
    saving = _ab_saving()
    invest = 6 * 3_500_000 * (1 - 0.45)
    s = merge("A", "B").model_dump()
    s["plan"] = PlanSettings(timing={"colocation": Timing(start_year=2025)}).model_dump()
    r = evaluate(syn, Scenario.model_validate(s))
    assert r.totals.net_investment_nok == pytest.approx(invest)
    assert r.years[0].net_savings_nok == pytest.approx(saving)  # full effect from 2027
    assert r.years[-1].cumulative_net_investment_nok == pytest.approx(invest)
    assert r.totals.payback_year is not None
