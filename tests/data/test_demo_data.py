"""Alver's shipped baseline (``data/baselines/alver-2020``, also ``demo``): parses, is
documented, matches the report.

Published aggregates (domain.md §3, §4, §7; ``published_figures.csv``): 27 sites with
night staff (26 housing sites + the ambulant base), 124 places, 45 night staff of whom
23 resting, 21 housing sites with døgnturnus, 11 staff with the døgnturnus supplement,
314.75 FTE in the departments.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from model.baseline import REQUIRED_PARAMETERS, Baseline
from model.loader import load_baseline, load_published
from model.params import PARAMETER_BOUNDS

DEMO_DIR = Path(__file__).resolve().parents[2] / "data" / "baselines" / "alver-2020"
NURSING_PARAMETERS = {
    "cost_per_nursing_place_nok",
    "cost_per_fte_nursing_nok",
    "population_80_growth",
    "nursing_fte_in_use",
    "hdo_residents",
    "hdo_fte_per_resident",
}
STATUSES = {"published", "derived", "reconstructed", "assumption"}

# Parameters that are rules or definitions rather than a figure for one year may leave
# the year empty (explicitly: the column is there, the cell is empty). None do today.
RULE_PARAMETERS = {
    "resting_paid_fraction",
    "nights_per_year",
    "weekend_night_share",
    "husbanken_grant_share",
    "depreciation_years",
}


def rows(name: str) -> list[dict[str, str]]:
    with (DEMO_DIR / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def demo() -> Baseline:
    return load_baseline("demo")


@pytest.fixture(scope="module")
def published() -> dict[str, float]:
    return load_published("demo")


def test_csvs_parse_into_a_valid_baseline(demo: Baseline) -> None:
    assert isinstance(demo, Baseline)
    assert demo.year == 2020
    assert set(REQUIRED_PARAMETERS) <= set(demo.parameters)
    # one municipality: Alver's report has no nursing homes, and none are borrowed
    assert demo.nursing_homes is None
    assert demo.missing_tables("coverage") == ["nursing_homes", "nursing_place_types", "population"]
    # round trip through validation: nothing was accepted only because it was skipped
    assert Baseline.model_validate(demo.model_dump()) == demo


def test_every_parameter_row_is_documented() -> None:
    params = rows("parameters.csv")
    assert params
    assert {"key", "value", "unit", "year", "source", "status"} <= set(params[0])
    for r in params:
        key = r["key"]
        assert r["unit"].strip(), key
        assert r["source"].strip(), key
        assert r["status"] in STATUSES, key
        year = r["year"].strip()
        if year:
            assert year.isdigit() and 2000 <= int(year) <= 2100, key
        else:
            assert key in RULE_PARAMETERS, f"{key}: empty year is only for rule parameters"
        float(r["value"])


def test_parameter_values_and_ranges_are_within_bounds(demo: Baseline) -> None:
    assert set(demo.parameters) == set(PARAMETER_BOUNDS) - NURSING_PARAMETERS
    for key, p in demo.parameters.items():
        lo, hi = PARAMETER_BOUNDS[key]
        assert lo <= p.value <= hi, key
        if p.low is not None or p.high is not None:
            assert p.low is not None and p.high is not None, f"{key}: half a range"
            assert lo <= p.low <= p.value <= p.high <= hi, key


def test_parameter_keys_unique() -> None:
    keys = [r["key"] for r in rows("parameters.csv")]
    assert len(keys) == len(set(keys))


def test_alver_unit_costs(demo: Baseline) -> None:
    v = demo.value
    assert v("cost_per_gross_fte_nok") == 800_000
    assert v("hours_per_gross_fte") == 35.5 * 52 == 1846
    assert v("hours_per_net_fte") == 1645
    assert v("default_shift_hours") == 9.5
    assert v("resting_paid_fraction") == pytest.approx(1 / 3)
    assert v("cost_per_paid_hour_nok") == pytest.approx(680_000 / 1645, abs=0.5)  # 413
    assert v("cost_per_decided_hour_nok") == pytest.approx(413 * 1.78, abs=0.5)  # 735
    assert v("overtime_cost_nok_per_hour") == 826
    assert v("weekend_night_share") == pytest.approx(2 / 7)


def test_every_site_department_exists() -> None:
    departments = {r["name"] for r in rows("departments.csv")}
    for r in rows("sites.csv"):
        assert r["department"] in departments, r["name"]


def test_sites_are_marked_as_reconstructed() -> None:
    # per-site night staffing is not published (domain §7): the data must say so
    assert {r["status"] for r in rows("sites.csv")} == {"reconstructed"}


def test_refund_users_point_at_known_sites_and_departments() -> None:
    sites = {r["name"] for r in rows("sites.csv")}
    departments = {r["name"] for r in rows("departments.csv")}
    for r in rows("refund_users.csv"):
        assert r["site"] in sites, r["id"]
        assert r["department"] in departments, r["id"]


def test_totals_match_published_aggregates(demo: Baseline, published: dict[str, float]) -> None:
    sites = demo.sites
    housing = [s for s in sites if s.housing]
    assert len(sites) == published["alver_night_sites"] == 27
    assert len(housing) == published["alver_housing_sites"] == 26
    assert sum(s.places for s in sites) == published["alver_places"] == 124
    assert sum(s.awake + s.resting for s in sites) == published["alver_night_staff_per_night"] == 45
    assert sum(s.resting for s in sites) == published["alver_night_resting_per_night"] == 23
    assert sum(s.dognturnus for s in housing) == published["alver_dognturnus_sites"] == 21
    assert (
        sum(s.dognturnus_supplement_staff for s in sites)
        == published["alver_dognturnus_supplement_staff"]
        == 11
    )
    hours = sum(s.awake * s.shift_hours + s.resting * s.shift_hours / 3 for s in sites)
    assert hours == pytest.approx(published["alver_night_paid_hours_per_night"])
    assert hours * 365 == pytest.approx(published["alver_night_paid_hours_per_year"])


def test_department_fte_total(demo: Baseline, published: dict[str, float]) -> None:
    """The published total is 314.75 FTE; the published department rows add up to 314.51.

    The 14 rows in ``departments.csv`` are exactly the report's (domain §7), and the
    report's own rows fall 0.24 FTE (0.08 %) short of its total. We keep the published
    rows and allow that difference rather than invent a correction.
    """
    total = sum(d.fte for d in demo.departments)
    assert published["alver_fte_total"] == 314.75
    assert total == pytest.approx(
        31.30
        + 21.65
        + 18.71
        + 4.00
        + 14.48
        + 26.98
        + 21.34
        + 26.65
        + 25.48
        + 18.50
        + 18.06
        + 23.06
        + 20.47
        + 43.83
    )
    assert abs(total - 314.75) <= 0.25
    assert abs(total - 314.75) / 314.75 < 0.001


def test_places_per_site_match_the_report(demo: Baseline) -> None:
    by_service: dict[str, list[int]] = {}
    for s in demo.sites:
        if s.housing:
            by_service.setdefault(s.service.value, []).append(s.places)
    expected = {
        "psykisk_helse_rus": [6, 9, 10, 2],
        "habilitering": [7, 6, 9, 6, 6, 4, 7, 10, 5, 6, 10],
        "ressurskrevende": [1] * 6,
        "avlastning": [5, 2, 2, 3, 3],
    }
    assert {k: sorted(v) for k, v in by_service.items()} == {
        k: sorted(v) for k, v in expected.items()
    }


def test_department_places_match_their_sites(demo: Baseline) -> None:
    """Department places (§7) against the places of its sites (§4).

    Two published departments disagree with the site table and are left as published:
    Manger/Knarvik lists 14 places (its sites Røsvikdalen 6 + Radøy IB 9 = 15), and
    respite lists 9 places (five sites, 15 places: respite counts users differently).
    """
    known_differences = {"Døgnbemannede boliger Manger/Knarvik": (14, 15), "Avlastning": (9, 15)}
    site_places: dict[str, int] = {}
    for s in demo.sites:
        site_places[s.department] = site_places.get(s.department, 0) + s.places
    for d in demo.departments:
        if d.places is None or d.name not in site_places:
            continue  # no places, or no night-staffed sites (e.g. the day centre)
        if d.name in known_differences:
            assert (d.places, site_places[d.name]) == known_differences[d.name]
        else:
            assert d.places == site_places.get(d.name), d.name


def test_refund_rules(demo: Baseline) -> None:
    raw = rows("refund_rules.csv")
    years = [int(r["year"]) for r in raw]
    assert years == sorted(years)
    assert len(set(years)) == len(years)
    assert all(float(r["rate"]) == 0.8 for r in raw)
    assert all(r["status"] in STATUSES and r["source"].strip() for r in raw)
    thresholds = {r.year: r.threshold_nok for r in demo.refund_rules}
    assert thresholds == {
        2020: 1_361_000,
        2021: 1_430_000,
        2022: 1_470_000,
        2023: 1_526_000,
        2024: 1_608_000,
    }
    deductions = {r.year: r.id_deduction_nok for r in demo.refund_rules}
    assert deductions[2021] == 744_000
    assert deductions[2024] == 832_000
    # effective threshold for intellectual disability in 2020: 2 038 000 (PwC 2021)
    assert thresholds[2020] + deductions[2020] == 2_038_000


def test_nursing_home_data() -> None:
    sogndal = load_baseline("Sogndal 2021 (Agenda Kaupang)")
    published = sogndal.published()
    nh = sogndal.nursing_homes
    assert nh is not None
    assert nh.places == published["sogndal_places"] == 93
    norm = sum(t.places * t.norm_fte_per_place for t in nh.place_types)
    assert norm == pytest.approx(published["sogndal_norm_fte"])
    assert 107 <= nh.fte_in_use <= 109
    assert nh.hdo_fte_per_resident == 0.98


def test_published_figures_have_units_and_sources() -> None:
    for r in rows("published_figures.csv"):
        assert r["unit"].strip() and r["source"].strip(), r["key"]
        float(r["value"])


def test_published_measures_add_up(published: dict[str, float]) -> None:
    keys = [
        "alver_measure_competence_nok",
        "alver_measure_overtime_nok",
        "alver_measure_substitute_nok",
        "alver_measure_rota_hours_nok",
        "alver_measure_coordination_nok",
        "alver_measure_decided_hours_nok",
        "alver_measure_abolish_dognturnus_nok",
        "alver_measure_coloc_resource_intensive_nok",
        "alver_measure_coloc_respite_nok",
        "alver_measure_coloc_other_nok",
    ]
    # The report's rows add up to 27.1 MNOK, but it states a total of "about 22.1"
    # (domain §6). 27.1 - 5.0 (cut decided hours) = 22.1: the stated total appears to
    # leave that measure out. Both published figures are kept as published; this test
    # pins the discrepancy so that nobody "fixes" one of them silently.
    total = sum(published[k] for k in keys)
    assert total == pytest.approx(27_100_000)
    assert published["alver_measures_total_nok"] == 22_100_000
    assert total - published["alver_measure_decided_hours_nok"] == pytest.approx(22_100_000)
