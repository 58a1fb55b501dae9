"""Percentage levers, ambulant team, digital supervision, custom measures, state refund.

Domain §6 (Alver's short-term measures and unit costs) and §8 (refund rules):

* overtime ≈ 4.5 MNOK, cut by a third → 1.5 MNOK;
* substitutes ≈ 35.6 MNOK, cut 5 % → 1.78 MNOK (published 1.7);
* fixed pay ≈ 195 MNOK, competence level 2 % lower → 3.9 MNOK (published 4.0);
* rota-hour cost base 50 MNOK (derived), 2 % → 1.0 MNOK;
* decided hours 2 % × 325 000 h × 735 kr/h → 4.78 MNOK (published 5.0);
* state refund: 80 % of a user's direct labour cost above the threshold (2020: NOK
  1 361 000, plus NOK 677 000 for users 16–66 with an intellectual disability);
  users 67+ are not covered.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from model import Scenario, evaluate
from model.baseline import Baseline, RefundUser
from model.scenario import (
    AmbulantTeam,
    Arrangement,
    Colocation,
    CustomMeasure,
    DigitalSupervision,
    MergeGroup,
    NightLevers,
    PercentLevers,
    RefundSettings,
)

SYN_A = 8 + 8 / 3
SYN_B = 2 * 9 / 3
SYN_C = 10.0
SYN_D = 8.0
SYN_TOTAL = SYN_A + SYN_B + SYN_C + SYN_D

MakeBaseline = Callable[..., Baseline]


def cost_of(h_night: float) -> float:
    return h_night * 365 / 1846 * 800_000


def fte_of(h_night: float) -> float:
    return h_night * 365 / 1846


def supplements_of(h_night: float, dt_staff: float = 0) -> float:
    return h_night * 365 * 56 + h_night * 365 * 2 / 7 * 50 + h_night * 10 * 750 + dt_staff * 45_000


def levers(**kw: float) -> Scenario:
    return Scenario(levers=PercentLevers(**kw))


# ---------------------------------------------------------------- percentage levers
@pytest.mark.parametrize(
    ("lever", "pct", "expected", "expected_fte", "published"),
    [
        # overtime: hours = saving / 826 kr per overtime hour, FTE = hours / 1846
        ("overtime", 100 / 3, 4_500_000 / 3, -1_500_000 / 826 / 1846, 1_500_000),
        # substitutes: hours = saving / 413 kr per paid hour, FTE = hours / 1846
        ("substitutes", 5, 0.05 * 35_600_000, -1_780_000 / 413 / 1846, 1_700_000),
        # competence level: same people, lower pay: no FTE change
        ("competence_level", 2, 0.02 * 195_000_000, 0.0, 4_000_000),
        # rota hours: FTE = saving / 800 000 per gross FTE
        ("rota_hours", 2, 0.02 * 50_000_000, -1_000_000 / 800_000, 1_000_000),
        # decided hours: 2 % × 325 000 h × 735 kr; FTE = saving / 413 / 1846
        ("decided_hours", 2, 0.02 * 325_000 * 735, -4_777_500 / 413 / 1846, 5_000_000),
    ],
)
def test_percentage_lever_by_hand(
    demo: Baseline, lever: str, pct: float, expected: float, expected_fte: float, published: float
) -> None:
    field = {
        "overtime": "overtime_cut_pct",
        "substitutes": "substitute_cut_pct",
        "competence_level": "competence_level_cut_pct",
        "rota_hours": "rota_hours_cut_pct",
        "decided_hours": "decided_hours_cut_pct",
    }[lever]
    r = evaluate(demo, levers(**{field: pct}))
    m = r.measure(lever)
    assert m.active
    assert m.gross_savings_nok_per_year == pytest.approx(expected)
    assert m.staff_cost_savings_nok == pytest.approx(expected)
    assert m.fte_change == pytest.approx(expected_fte)
    # The consultants rounded: 1.78 vs 1.7, 3.9 vs 4.0, 4.78 vs 5.0 (all within 5 %).
    assert abs(expected - published) / published < 0.05
    others = [x for x in r.measures if x.id != lever]
    assert all(x.gross_savings_nok_per_year == 0 for x in others)


def test_percentage_lever_figures_in_mnok() -> None:
    assert pytest.approx(1_500_000) == 100 / 3 / 100 * 4_500_000
    assert pytest.approx(1_780_000) == 0.05 * 35_600_000
    assert pytest.approx(3_900_000) == 0.02 * 195_000_000
    assert pytest.approx(1_000_000) == 0.02 * 50_000_000
    assert pytest.approx(4_777_500) == 0.02 * 325_000 * 735


def test_percentage_levers_lose_refund_on_users_above_threshold(demo: Baseline) -> None:
    """A cut of x % of total labour cost lowers every user's cost by x %.

    Demo users above their threshold: 13 at NOK 2.27 million (intellectual disability,
    threshold 1 361 000 + 677 000 = 2 038 000) and 6 at NOK 6.369 million; every other
    demo user is below their threshold and loses nothing.
    """
    dept_fte = sum(d.fte for d in demo.departments)
    assert dept_fte == pytest.approx(314.51)
    labour = 314.51 * 800_000
    above = 13 * 2_270_000 + 6 * 6_369_000

    r = evaluate(demo, levers(overtime_cut_pct=100 / 3))
    f = 1_500_000 / labour
    assert 2_270_000 * (1 - f) > 2_038_000  # still above: the whole cut is "above"
    m = r.measure("overtime")
    assert m.lost_refund_nok_per_year == pytest.approx(0.8 * f * above)
    assert m.net_savings_nok_per_year == pytest.approx(1_500_000 - 0.8 * f * above)

    all_levers = levers(
        overtime_cut_pct=100 / 3,
        substitute_cut_pct=5,
        competence_level_cut_pct=2,
        rota_hours_cut_pct=2,
        decided_hours_cut_pct=2,
    )
    r = evaluate(demo, all_levers)
    gross = 1_500_000 + 1_780_000 + 3_900_000 + 1_000_000 + 4_777_500
    assert r.totals.gross_savings_nok_per_year == pytest.approx(gross)
    assert r.totals.lost_refund_nok_per_year == pytest.approx(0.8 * gross / labour * above)


# -------------------------------------------------------------------------- refund
def user(
    uid: str, cost: float, age: str = "16-66", id_: bool = False, site: str = "A"
) -> RefundUser:
    return RefundUser(
        id=uid, site=site, age_band=age, intellectual_disability=id_, direct_labour_cost_nok=cost
    )


# Overtime 1.6 MNOK cut 100 % on 20 department FTE × 800 000 = 16 MNOK labour: every
# user's cost falls by 10 %.
TEN_PCT = {"overtime_nok": 1_600_000}


@pytest.mark.parametrize(
    ("age", "id_", "cost", "lost"),
    [
        ("16-66", False, 3_000_000, 0.8 * 300_000),  # above: loses 80 % of the saving
        ("16-66", False, 1_200_000, 0.0),  # below: loses nothing
        ("16-66", False, 1_400_000, 0.8 * (1_400_000 - 1_361_000)),  # straddles: part above
        ("16-66", True, 1_900_000, 0.0),  # ID: threshold 1 361 000 + 677 000 = 2 038 000
        ("16-66", True, 2_500_000, 0.8 * 250_000),
        ("16-66", True, 2_100_000, 0.8 * (2_100_000 - 2_038_000)),
        ("67+", False, 5_000_000, 0.0),  # not covered
        ("67+", True, 5_000_000, 0.0),
        ("0-15", True, 1_500_000, 0.8 * (1_500_000 - 1_361_000)),  # deduction is for 16+
        ("0-15", False, 3_000_000, 0.8 * 300_000),
    ],
)
def test_refund_rules_per_user(
    make_baseline: MakeBaseline, age: str, id_: bool, cost: float, lost: float
) -> None:
    b = make_baseline(params=TEN_PCT, refund_users=[user("u", cost, age, id_)])
    m = evaluate(b, levers(overtime_cut_pct=100)).measure("overtime")
    assert m.gross_savings_nok_per_year == pytest.approx(1_600_000)
    assert m.lost_refund_nok_per_year == pytest.approx(lost, abs=1e-6)
    assert m.net_savings_nok_per_year == pytest.approx(1_600_000 - lost)


def test_refund_several_users_add_up(make_baseline: MakeBaseline) -> None:
    users = [
        user("above", 3_000_000),
        user("id_below", 1_900_000, id_=True),
        user("id_above", 2_500_000, id_=True, site="B"),
        user("old", 5_000_000, age="67+"),
        user("child", 1_500_000, age="0-15", id_=True),
        user("straddle", 1_400_000, site="C"),
    ]
    b = make_baseline(params=TEN_PCT, refund_users=users)
    r = evaluate(b, levers(overtime_cut_pct=100))
    lost = 0.8 * (300_000 + 0 + 250_000 + 0 + (1_500_000 - 1_361_000) + (1_400_000 - 1_361_000))
    assert lost == pytest.approx(582_400)
    assert r.totals.lost_refund_nok_per_year == pytest.approx(lost)
    assert r.totals.net_savings_nok_per_year == pytest.approx(1_600_000 - lost)


def test_refund_settings(make_baseline: MakeBaseline) -> None:
    b = make_baseline(params=TEN_PCT, refund_users=[user("u", 1_700_000)])
    cut = PercentLevers(overtime_cut_pct=100)

    def lost(refund: RefundSettings) -> float:
        r = evaluate(b, Scenario(levers=cut, refund=refund))
        return r.totals.lost_refund_nok_per_year

    assert lost(RefundSettings()) == pytest.approx(0.8 * 170_000)  # 1.53 M still above 1.361 M
    assert lost(RefundSettings(enabled=False)) == 0
    # 2024 rules: threshold 1 608 000 → only 1 700 000 − 1 608 000 is above it
    assert lost(RefundSettings(year=2024)) == pytest.approx(0.8 * (1_700_000 - 1_608_000))
    # a year after the last rule uses the last rule; before the first, the first
    assert lost(RefundSettings(year=2030)) == pytest.approx(0.8 * (1_700_000 - 1_608_000))
    assert lost(RefundSettings(year=2010)) == pytest.approx(0.8 * 170_000)
    assert lost(RefundSettings(threshold_nok=1_650_000)) == pytest.approx(0.8 * 50_000)
    assert lost(RefundSettings(rate=0.5)) == pytest.approx(0.5 * 170_000)


def test_refund_id_deduction_setting(make_baseline: MakeBaseline) -> None:
    b = make_baseline(params=TEN_PCT, refund_users=[user("u", 2_500_000, id_=True)])
    s = Scenario(
        levers=PercentLevers(overtime_cut_pct=100),
        refund=RefundSettings(id_deduction_nok=1_000_000),
    )
    # threshold 1 361 000 + 1 000 000 = 2 361 000; 2.5 M → 2.25 M straddles it
    lost = evaluate(b, s).totals.lost_refund_nok_per_year
    assert lost == pytest.approx(0.8 * (2_500_000 - 2_361_000))


def test_refund_rule_lookup(demo: Baseline) -> None:
    def thr(year: int) -> float:
        rule = demo.refund_rule(year)
        assert rule is not None
        return rule.threshold_nok

    assert thr(2020) == 1_361_000
    assert thr(2023) == 1_526_000
    assert thr(2030) == 1_608_000
    assert thr(1999 + 11) == 1_361_000


def test_night_saving_at_a_site_loses_refund_of_its_users(make_baseline: MakeBaseline) -> None:
    # User at B (2 places, ID, 2.5 M). B: 2 resting × 9 h (6 paid h) → 1 resting (3 paid h).
    b = make_baseline(refund_users=[user("u", 2_500_000, id_=True, site="B")])
    s = Scenario(night=NightLevers(overrides={"B": Arrangement(resting=1, shift_hours=9.0)}))
    m = evaluate(b, s).measure("night_arrangement")
    saving = cost_of(3) + supplements_of(3)
    assert m.gross_savings_nok_per_year == pytest.approx(saving)
    per_resident = saving / 2
    assert 2_500_000 - per_resident > 2_038_000
    assert m.lost_refund_nok_per_year == pytest.approx(0.8 * per_resident)


def test_colocating_resource_intensive_homes_keeps_only_20_pct(demo: Baseline) -> None:
    """Six single homes (11 resting + 1 added awake watch, 9.5 h) → one site with 2 awake.

    Every one of the six users costs NOK 6.369 million, far above the threshold of
    2.038 million, so the state refund falls by 80 % of the whole saving.
    """
    homes = [f"Bolig {i} (ressurskrevende)" for i in range(1, 7)]
    before = 11 * 9.5 / 3 + 1 * 9.5  # 44.33 paid h/night
    after = 2 * 9.5
    # 25.33 h/night × 365 / 1846 = 5.01 FTE: PwC's «spare 5 årsverk» (domain.md 9.1.5)
    assert (before - after) * 365 / 1846 == pytest.approx(5.0, abs=0.02)
    s = Scenario(
        colocation=Colocation(
            merges=[
                MergeGroup(
                    name="RT", sites=homes, arrangement=Arrangement(awake=2, dognturnus=False)
                )
            ]
        )
    )
    m = evaluate(demo, s).measure("colocation")
    # Alver's 800 000 kr per FTE includes the supplements: only the FTE cost changes
    gross = cost_of(before) - cost_of(after)
    assert m.supplement_savings_nok == 0
    assert m.gross_savings_nok_per_year == pytest.approx(gross)
    assert m.fte_change == pytest.approx(fte_of(after) - fte_of(before))
    assert m.lost_refund_nok_per_year == pytest.approx(0.8 * gross)
    assert m.net_savings_nok_per_year == pytest.approx(0.2 * gross)


# ----------------------------------------------------------------- custom measures
def test_custom_measure_with_refund_share(make_baseline: MakeBaseline) -> None:
    b = make_baseline(refund_users=[user("u", 3_000_000)])
    c = CustomMeasure(
        id="koord",
        label="Koordinering",
        savings_nok_per_year=1_000_000,
        fte_change=-1.2,
        refund_share=0.25,
    )
    m = evaluate(b, Scenario(custom=[c])).measure("custom:koord")
    assert m.active
    assert m.kind == "custom"
    assert m.label_en == "Koordinering"
    assert m.gross_savings_nok_per_year == 1_000_000
    assert m.other_savings_nok == 1_000_000
    assert m.lost_refund_nok_per_year == pytest.approx(0.8 * 0.25 * 1_000_000)
    assert m.net_savings_nok_per_year == pytest.approx(1_000_000 - 200_000)
    assert m.fte_change == -1.2
    s = Scenario(custom=[c], refund=RefundSettings(enabled=False))
    assert evaluate(b, s).measure("custom:koord").lost_refund_nok_per_year == 0


# ------------------------------------------------------------------ ambulant team
def ambulant(sites: list[str], **kw: object) -> Scenario:
    return Scenario(ambulant=AmbulantTeam(enabled=True, sites=sites, **kw))


def test_ambulant_team_by_hand(syn: Baseline) -> None:
    # 2 awake team staff at the default 10 h; A and B each lose one resting watch.
    removed = 1 * 8 / 3 + 1 * 9 / 3
    team = 2 * 10
    r = evaluate(syn, ambulant(["A", "B"], staff_per_night=2, reduce_resting=1))
    m = r.measure("ambulant_team")
    assert m.active
    assert m.staff_cost_savings_nok == pytest.approx(cost_of(removed) - cost_of(team))
    assert m.supplement_savings_nok == pytest.approx(supplements_of(removed) - supplements_of(team))
    assert m.other_savings_nok == pytest.approx(-250_000)  # the team's operating cost
    assert m.fte_change == pytest.approx(fte_of(team) - fte_of(removed))
    assert m.gross_savings_nok_per_year == pytest.approx(
        cost_of(removed) - cost_of(team) + supplements_of(removed) - supplements_of(team) - 250_000
    )
    n = r.totals.night
    assert n.staff_per_night == 6 - 2 + 2
    assert n.paid_hours_per_night == pytest.approx(SYN_TOTAL - removed + team)
    assert n.other_cost_nok == pytest.approx(250_000)
    assert any(ns.name == "Felles ambulant nattjeneste" for ns in r.sites_after)


def test_ambulant_team_reductions_floor_at_zero(syn: Baseline) -> None:
    # B has no awake staff and 2 resting: asking to remove 3 awake and 5 resting removes 0 + 2.
    r = evaluate(
        syn, ambulant(["B"], staff_per_night=1, shift_hours=8.0, reduce_awake=3, reduce_resting=5)
    )
    m = r.measure("ambulant_team")
    assert m.staff_cost_savings_nok == pytest.approx(cost_of(SYN_B) - cost_of(1 * 8))
    assert r.sites.awake_after[1] == 0
    assert r.sites.resting_after[1] == 0


def test_ambulant_disabled_or_empty_does_nothing(syn: Baseline) -> None:
    for s in (
        Scenario(ambulant=AmbulantTeam(enabled=False, sites=["A"])),
        Scenario(ambulant=AmbulantTeam(enabled=True, sites=[])),
    ):
        m = evaluate(syn, s).measure("ambulant_team")
        assert not m.active
        assert m.gross_savings_nok_per_year == 0


# ------------------------------------------------------------- digital supervision
def digital(sites: list[str], **kw: object) -> Scenario:
    return Scenario(digital=DigitalSupervision(enabled=True, sites=sites, **kw))


def test_digital_supervision_by_hand(syn: Baseline) -> None:
    # A loses its resting watch (8/3 paid h); C has none to lose. 7 residents covered.
    r = evaluate(syn, digital(["A", "C"], reduce_resting=1))
    m = r.measure("digital_supervision")
    assert m.active
    assert m.staff_cost_savings_nok == pytest.approx(cost_of(8 / 3))
    assert m.supplement_savings_nok == pytest.approx(supplements_of(8 / 3))
    assert m.other_savings_nok == pytest.approx(-(4 + 3) * 25_000)
    assert m.fte_change == pytest.approx(-fte_of(8 / 3))
    assert any(w.code == "digital_uncertain" for w in r.warnings)


def test_digital_supervision_realisation_share(syn: Baseline) -> None:
    s = digital(["C"], reduce_awake=1, reduce_resting=0).model_dump()
    s["params"] = {"digital_effect_realisation": 0.5}
    r = evaluate(syn, Scenario.model_validate(s))
    m = r.measure("digital_supervision")
    assert m.staff_cost_savings_nok == pytest.approx(cost_of(0.5 * 1 * 10))
    assert m.other_savings_nok == pytest.approx(-3 * 25_000)  # the cost is paid in full
    assert r.totals.night.awake_per_night == pytest.approx(1 + 0 + 0.5 + 1)


def test_digital_after_ambulant_removes_nothing_twice(syn: Baseline) -> None:
    s = Scenario(
        ambulant=AmbulantTeam(enabled=True, sites=["A"], reduce_resting=1),
        digital=DigitalSupervision(enabled=True, sites=["A"], reduce_resting=1),
    )
    m = evaluate(syn, s).measure("digital_supervision")
    assert m.staff_cost_savings_nok == pytest.approx(0)
    assert m.other_savings_nok == pytest.approx(-4 * 25_000)
