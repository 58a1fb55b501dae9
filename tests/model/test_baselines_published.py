"""Each shipped baseline is one municipality; its published figures come out of the CLI.

Every published figure in domain.md that a baseline's data covers is reproduced through
``python -m model evaluate`` with the tolerance stated next to it (relative unless noted).
The expected values are the reports' numbers (domain.md §3, §5, §9.2), never the model's.
"""

from __future__ import annotations

import csv
import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model import Scenario, evaluate
from model.baseline import Baseline
from model.loader import SHIPPED, load_baseline
from model.tables import TABLES, table_for_file

REPO = Path(__file__).resolve().parents[2]
ALVER = "Alver 2020 (PwC)"
SOGNDAL = "Sogndal 2021 (Agenda Kaupang)"


def cli(scenario: dict[str, Any], baseline: str, tmp_path: Path) -> dict[str, Any]:
    f = tmp_path / "s.json"
    f.write_text(json.dumps(scenario), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "model", "evaluate", "--scenario", str(f), "--baseline", baseline],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return json.loads(proc.stdout)


def measure(out: dict[str, Any], mid: str) -> dict[str, Any]:
    return next(m for m in out["measures"] if m["id"] == mid)


def within(model: float, published: float, rel: float) -> bool:
    return abs(model - published) <= rel * abs(published) + 1e-9


# ----------------------------------------------------------------------- Alver
def test_alver_published_night_figures_through_the_cli(tmp_path: Path) -> None:
    out = cli({}, ALVER, tmp_path)
    nb = out["totals"]["night_baseline"]
    assert out["baseline_name"] == ALVER
    # (figure, model, published, tolerance)
    checks = [
        ("sites with night staff", out["totals"]["sites_baseline"], 27, 0),
        ("night staff per night", nb["staff_per_night"], 45, 0),
        ("resting per night", nb["resting_per_night"], 23, 0),
        ("paid hours per night", nb["paid_hours_per_night"], 246, 0.001),
        ("paid hours per year", nb["paid_hours_per_year"], 89_790, 0.001),
        ("gross FTE", nb["gross_fte"], 48.6, 0.002),  # 48.64: the report rounds
        ("cost MNOK", nb["cost_nok"], 38_800_000, 0.005),  # 38.9: the report rounds down
        ("night supplement", nb["supplement_night_nok"], 5_000_000, 0.01),
        ("holiday supplement", nb["supplement_holiday_nok"], 1_800_000, 0.03),
        ("døgnturnus supplement", nb["supplement_dognturnus_nok"], 495_000, 0),
        ("weekend supplement", nb["supplement_weekend_nok"], 1_200_000, 0.10),  # 2/7: 1.28
        ("supplements in all", nb["supplements_nok"], 8_400_000, 0.05),
    ]
    bad = [(n, m, p) for n, m, p, tol in checks if not within(m, p, tol)]
    assert bad == []
    # the supplements are inside the 800 000 kr per FTE (PwC's definition): not added again
    assert nb["total_cost_nok"] == pytest.approx(nb["cost_nok"])
    assert nb["supplements_outside_nok"] == 0


def test_alver_short_term_measures_through_the_cli(tmp_path: Path) -> None:
    s = {
        "levers": {
            "overtime_cut_pct": 100 / 3,
            "substitute_cut_pct": 5,
            "competence_level_cut_pct": 2,
            "rota_hours_cut_pct": 2,
            "decided_hours_cut_pct": 2,
        }
    }
    out = cli(s, ALVER, tmp_path)
    published = {  # PwC 2021 (domain.md §6), MNOK/year; tolerance 5 %
        "overtime": 1.5,
        "substitutes": 1.7,
        "competence_level": 4.0,
        "rota_hours": 1.0,
        "decided_hours": 5.0,
    }
    for mid, mnok in published.items():
        m = measure(out, mid)
        assert within(m["gross_savings_nok_per_year"], mnok * 1e6, 0.05), mid
        # these are cuts in today's budget; the refund part is named separately
        assert m["cut_nok_per_year"] == pytest.approx(m["gross_savings_nok_per_year"])
        assert m["avoided_nok_per_year"] == 0


# ---------------------------------------------------------------------- Sogndal
def test_sogndal_one_awake_night_watch_through_the_cli(tmp_path: Path) -> None:
    """«minimum en våken nattevakt (1,8 årsverk) tilsvarende 1,5 millioner kroner»."""
    today = cli({}, SOGNDAL, tmp_path)
    assert today["totals"]["night_baseline"]["gross_fte"] == pytest.approx(12.6, rel=0.005)
    s = {"night": {"overrides": {"Nattevakt Sogndal sentrum": {"awake": 6}}}}
    m = measure(cli(s, SOGNDAL, tmp_path), "night_arrangement")
    assert within(-m["fte_change"], 1.8, 0.01)  # 1.80 FTE, tolerance 1 %
    # 1.5 MNOK, tolerance 7 %: 0.7 MNOK per FTE plus KS minimum supplements (assumption)
    assert within(m["gross_savings_nok_per_year"], 1_500_000, 0.07)
    assert m["cut_nok_per_year"] == pytest.approx(m["gross_savings_nok_per_year"])


def test_sogndal_nursing_homes_through_the_cli(tmp_path: Path) -> None:
    out = cli(
        {
            "coverage": {
                "norm_closure_share": 1.0,
                "hdo_target_fte_per_resident": 0.6,
                "close_homes": ["Svingen (SHOS)", "Balestrand (eining)"],
            }
        },
        SOGNDAL,
        tmp_path,
    )
    stf = out["staffing"]
    assert stf["norm_fte"] == pytest.approx(80.9, rel=0.002)  # published 80.9
    assert 107 <= stf["fte_in_use"] <= 109  # «107,3» / «109»
    # staffing at the norms: «rundt 21 millioner», tolerance 5 %
    assert within(measure(out, "staffing_norm")["gross_savings_nok_per_year"], 21e6, 0.05)
    # HDO 0.98 -> 0.6: «rundt 10 millioner», tolerance 2 % (residents derived from it)
    assert within(measure(out, "hdo_ratio")["gross_savings_nok_per_year"], 10e6, 0.02)
    closed = {c["home"]: c for c in out["closed_homes"]}
    assert closed["Svingen (SHOS)"]["fte"] == 5  # «ca. 5 årsverk»
    assert closed["Svingen (SHOS)"]["places"] == 6
    assert closed["Balestrand (eining)"]["cost_nok_per_year"] == 12_000_000  # «inntil 12»


def test_sogndal_coverage_after_svingen_and_levels(tmp_path: Path) -> None:
    out = cli({"coverage": {"close_homes": ["Svingen (SHOS)"]}}, SOGNDAL, tmp_path)
    t = out["totals"]
    nursing_today = next(p for p in t["today"]["parts"] if p["key"] == "nursing_homes")
    nursing_after = next(p for p in t["scenario"]["parts"] if p["key"] == "nursing_homes")
    assert nursing_today["places"] == 93
    assert nursing_after["places"] == 87
    pop = out["coverage_summary"]["population_80_plus_base"]
    # «Legger seg på samme dekningsgrad som landet 16,3 %» (the 80+ count is derived from it)
    assert 87 / pop == pytest.approx(0.163, abs=0.0005)


def test_sogndal_coverage_target_is_cost_avoided_not_a_cut(sogndal: Baseline) -> None:
    r = evaluate(sogndal, Scenario.model_validate({"coverage": {"target_rate": 0.163}}))
    m = r.measure("coverage_rate")
    c = r.coverage_summary
    assert c is not None
    # base year: (93 places - 16.3 % x 534) x 1.5 MNOK, a cut against the 2021 accounts
    assert c.cut_base_year_nok == pytest.approx((93 - 0.163 * 534) * 1_500_000)
    # plan years: the 80+ population grows 4 %/year, so the rate target avoids growth
    assert m.gross_savings_nok_per_year == pytest.approx(
        m.cut_nok_per_year + m.avoided_nok_per_year
    )
    assert m.avoided_nok_per_year > 0
    assert "unngått kostnad" in m.explanation_nb
    assert r.totals.avoided_nok_per_year == pytest.approx(m.avoided_nok_per_year)
    assert c.avoided_plan_years_nok == pytest.approx(sum(y.avoided_nok for y in r.years))


# --------------------------------------------------------- one municipality each
def test_each_shipped_baseline_is_one_municipality() -> None:
    alver, sogndal = load_baseline(ALVER), load_baseline(SOGNDAL)
    assert load_baseline("demo") == alver
    assert alver.nursing_homes is None and not alver.population
    assert alver.missing_tables("coverage") == [
        "nursing_homes",
        "nursing_place_types",
        "population",
    ]
    assert sogndal.refund_users == [] and sogndal.departments == []
    assert not {s.name for s in sogndal.sites} & {s.name for s in alver.sites}
    for b in (alver, sogndal):
        assert all(p.municipality in ("", b.municipality) for p in b.parameters.values())


def test_alver_coverage_levers_say_what_to_upload() -> None:
    r = evaluate(load_baseline(ALVER), Scenario.model_validate({"coverage": {"target_rate": 0.1}}))
    m = r.measure("coverage_rate")
    assert not m.active and not m.available
    assert "population" in m.missing and "nursing_homes" in m.missing
    assert r.coverage == [] and r.coverage_summary is None
    assert any(w.code == "no_nursing_data" for w in r.warnings)


def test_shipped_folders_follow_the_table_registry() -> None:
    for name, folder in SHIPPED.items():
        files = sorted(p.name for p in folder.glob("*.csv"))
        assert {"about.csv", "parameters.csv"} <= set(files), name
        for f in files:
            table = table_for_file(f)
            assert table is not None, (name, f)
            with (folder / f).open(encoding="utf-8", newline="") as fh:
                header = next(csv.reader(fh))
            assert set(table.required_columns) <= set(header), (name, f)
            assert set(header) <= set(table.names), (name, f, set(header) - set(table.names))
        b = load_baseline(name)
        for key in TABLES:
            assert b.has_table(key) == (f"{TABLES[key].filename}" in files or key == "about")
            for status in b.table_statuses(key):
                assert status in ("published", "derived", "reconstructed", "assumption")


# ----------------------------------------------------------- synthetic municipality
SYN_TABLES = {
    "about.csv": [
        ["field", "value"],
        ["name", "Testby 2031"],
        ["municipality", "Testby"],
        ["year", "2031"],
    ],
    "services.csv": [
        ["key", "label_nb", "label_en", "kind"],
        ["boliger", "Boliger", "Housing", "housing"],
        ["sykehjem", "Sykehjem", "Nursing homes", "institution"],
    ],
    "parameters.csv": [
        ["key", "value", "unit", "source", "status"],
        ["cost_per_gross_fte_nok", "911000", "kr", "test", "assumption"],
        ["hours_per_gross_fte", "1777", "timer", "test", "assumption"],
        ["default_shift_hours", "10.25", "timer", "test", "assumption"],
        ["resting_paid_fraction", "0.4", "andel", "test", "assumption"],
        ["nights_per_year", "365", "netter", "test", "assumption"],
        ["overtime_nok", "3330000", "kr", "test", "assumption"],
        ["overtime_cost_nok_per_hour", "901", "kr", "test", "assumption"],
        ["cost_per_nursing_place_nok", "1234000", "kr", "test", "assumption"],
        ["cost_per_fte_nursing_nok", "777000", "kr", "test", "assumption"],
        ["population_80_growth", "0.03", "andel", "test", "assumption"],
        ["nursing_fte_in_use", "61", "årsverk", "test", "assumption"],
    ],
    "sites.csv": [
        ["name", "service", "places", "awake", "resting", "shift_hours", "housing"],
        ["Lia", "boliger", "7", "1", "1", "10.25", "true"],
        ["Haugen", "boliger", "5", "0", "1", "10.25", "true"],
        ["Vika", "boliger", "3", "0", "1", "10.25", "true"],
    ],
    "nursing_place_types.csv": [
        ["key", "label_nb", "norm_fte_per_place"],
        ["lang", "Lang", "0.85"],
    ],
    "nursing_homes.csv": [
        ["home", "place_type", "places", "fte"],
        ["Bakken", "lang", "44", "33"],
        ["Moen", "lang", "20", ""],
    ],
    "population.csv": [
        ["year", "age_group", "population"],
        ["2031", "80-89", "300"],
        ["2031", "90+", "90"],
    ],
}


def test_synthetic_municipality_has_no_demo_value(tmp_path: Path) -> None:
    folder = tmp_path / "testby"
    folder.mkdir()
    for fname, rows in SYN_TABLES.items():
        with (folder / fname).open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows(rows)
    s = {
        "levers": {"overtime_cut_pct": 10},
        "colocation": {"capacity_rules": [{"max_residents": 8}]},
        "coverage": {"target_rate": 0.15, "close_homes": ["Moen"]},
        "plan": {"start_year": 2032},
    }
    out = cli(s, str(folder), tmp_path)
    text = json.dumps(out, ensure_ascii=False)
    for b in (load_baseline(ALVER), load_baseline(SOGNDAL)):
        for word in [
            b.municipality,
            b.name,
            *(x.name for x in b.sites),
            *(d.name for d in b.departments),
        ]:
            assert word not in text, word
    assert out["totals"]["today"]["places"] == 7 + 5 + 3 + 44 + 20
    assert out["coverage_summary"]["population_80_plus_base"] == 390
    assert out["totals"]["refund_change_nok_per_year"] == 0  # no refund data: none borrowed
    assert measure(out, "overtime")["gross_savings_nok_per_year"] == pytest.approx(333_000)
    # night: 1 x 10.25 + 3 x 10.25 x 0.4 paid hours, 365 nights, 1777 h per FTE
    hours = 10.25 + 3 * 10.25 * 0.4
    nb = out["totals"]["night_baseline"]
    assert nb["gross_fte"] == pytest.approx(hours * 365 / 1777)
    assert nb["cost_nok"] == pytest.approx(hours * 365 / 1777 * 911_000)
    assert nb["supplements_nok"] == 0  # no supplement rates in the data: none invented


# ------------------------------------------------------------------ properties
def _scenarios() -> st.SearchStrategy[Scenario]:
    return st.builds(
        lambda ot, sub, tgt, hdo, close, cap, merge: Scenario.model_validate(
            {
                "levers": {"overtime_cut_pct": ot, "substitute_cut_pct": sub},
                "coverage": {
                    "target_rate": tgt,
                    "hdo_target_fte_per_resident": hdo,
                    "close_homes": close,
                },
                "colocation": {"capacity_rules": [{"max_residents": cap}] if cap else []},
                "night": {"overrides": {"Nattevakt Sogndal sentrum": {"awake": merge}}},
            }
        ),
        st.floats(0, 60),
        st.floats(0, 20),
        st.none() | st.floats(0.05, 0.3),
        st.none() | st.floats(0.3, 1.5),
        st.lists(st.sampled_from(["Svingen (SHOS)", "Balestrand (eining)"]), max_size=2),
        st.none() | st.integers(1, 12),
        st.integers(0, 9),
    )


@settings(max_examples=40, deadline=None)
@given(s=_scenarios(), which=st.sampled_from([ALVER, SOGNDAL]))
def test_three_kinds_add_up_and_levels_agree(s: Scenario, which: str) -> None:
    b = load_baseline(which)
    r = evaluate(b, s)
    t = r.totals
    tol = 1e-6 * max(1.0, abs(t.gross_savings_nok_per_year))
    assert t.cut_nok_per_year + t.avoided_nok_per_year + t.refund_change_nok_per_year == (
        pytest.approx(t.net_savings_nok_per_year, abs=tol)
    )
    for m in r.measures:
        assert m.cut_nok_per_year + m.avoided_nok_per_year + m.refund_change_nok_per_year == (
            pytest.approx(m.net_savings_nok_per_year, abs=tol)
        ), m.id
        assert m.fte_cut + m.fte_avoided == pytest.approx(m.fte_change, abs=1e-9)
    for y in r.years:
        assert y.cut_nok + y.avoided_nok + y.refund_change_nok == pytest.approx(
            y.net_savings_nok, abs=tol
        )
    assert t.today is not None and t.scenario is not None
    assert t.today.cost_nok_per_year - t.scenario.cost_nok_per_year == pytest.approx(
        t.cut_nok_per_year, abs=tol
    )
    assert t.scenario.fte - t.today.fte == pytest.approx(t.fte_cut, abs=1e-6)
    assert t.scenario.refund_nok_per_year - t.today.refund_nok_per_year == pytest.approx(
        t.refund_change_nok_per_year, abs=tol
    )
    for m in r.measures:
        if m.active and m.full_effect_year is not None and m.id != "coverage_rate":
            yr = {y.year: y.by_measure_net_nok.get(m.id, 0.0) for y in r.years}
            if m.full_effect_year in yr:
                assert yr[m.full_effect_year] == pytest.approx(m.net_savings_nok_per_year)


@settings(max_examples=25, deadline=None)
@given(cap=st.integers(1, 30))
def test_pooling_all_services_gives_the_minimal_number_of_sites(cap: int) -> None:
    b = load_baseline(ALVER)
    r = evaluate(
        b, Scenario.model_validate({"colocation": {"capacity_rules": [{"max_residents": cap}]}})
    )
    housing = [x for x in b.sites if x.housing]
    places = sum(x.places for x in housing)
    assert places == 124
    new_housing = [ns for ns in r.sites_after if ns.moved]
    assert len(new_housing) == min(len(housing), math.ceil(places / cap))
    assert sum(ns.places for ns in new_housing) == 124


def test_pooling_all_with_cap_10_gives_13_sites() -> None:
    r = evaluate(
        load_baseline(ALVER),
        Scenario.model_validate({"colocation": {"capacity_rules": [{"max_residents": 10}]}}),
    )
    assert len([ns for ns in r.sites_after if ns.moved]) == 13  # ceil(124 / 10)
    assert r.totals.sites == 13 + 1  # + the ambulant base (not housing)


def test_merged_flag_only_for_sites_really_merged() -> None:
    b = load_baseline(ALVER)
    # a capacity rule of 10 for respite: five sites (15 places) -> 2 sites; a merge of one
    s = Scenario.model_validate(
        {
            "colocation": {
                "capacity_rules": [{"service": "avlastning", "max_residents": 10}],
                "merges": [{"name": "Alene", "sites": ["Skrenten"]}],
            }
        }
    )
    r = evaluate(b, s)
    flags = dict(zip(r.sites.name, zip(r.sites.merged, r.sites.moved, strict=True), strict=True))
    assert flags["Skrenten"] == (False, True)  # moved into a new site, not merged
    assert flags["Krossleitet"] == (False, False)
    assert all(flags[n][0] and flags[n][1] for n in ["Kvasten", "Røsvikrenen", "Ostereidet"])
    alone = next(ns for ns in r.sites_after if ns.name == "Alene")
    assert (alone.merged, alone.moved) == (False, True)


def test_repeated_unknown_site_gives_one_warning() -> None:
    b = load_baseline(ALVER)
    s = Scenario.model_validate({"digital": {"enabled": True, "sites": ["Finnes ikke"] * 1999}})
    r = evaluate(b, s)
    unknown = [w for w in r.warnings if w.code == "unknown_name"]
    assert len(unknown) == 1


def test_caps_refuse_oversized_links() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        Scenario.model_validate({"uncertainty": {"draws": 20_001}})
    with pytest.raises(ValidationError):
        Scenario.model_validate({"digital": {"sites": ["x"] * 39_000}})
    with pytest.raises(ValidationError):
        Scenario.model_validate({"params": {"overtime_nok": float("inf")}})
    with pytest.raises(ValidationError):
        Scenario.model_validate(
            {"custom": [{"id": "a", "label": "x", "savings_nok_per_year": 1e300}]}
        )


def test_old_service_field_still_decodes() -> None:
    from model.codec import decode, encode

    old = Scenario.model_validate(
        {"colocation": {"capacity_rules": [{"service": "avlastning", "max_residents": 15}]}}
    )
    back = decode(encode(old))
    assert back == old
    assert back.colocation.capacity_rules[0].pooled() == ["avlastning"]
    assert back.colocation.capacity_rules[0].service.value == "avlastning"  # type: ignore[union-attr]


# --------------------------------------------------------------------- bad CLI input
@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"", "empty"),
        (b"[" * 200_000 + b"]" * 200_000, "nested"),
        (b'{"a":' * 50 + b"1" + b"}" * 50, "nested"),
        (b" " * (5 * 1024 * 1024 + 1), "5 MB"),
        (b"\xff\xfe{}", "UTF-8"),
        (b"[]", "JSON object"),
    ],
)
def test_bad_scenario_files_exit_2_without_traceback(
    tmp_path: Path, content: bytes, needle: str
) -> None:
    f = tmp_path / "bad.json"
    f.write_bytes(content)
    proc = subprocess.run(
        [sys.executable, "-m", "model", "evaluate", "--scenario", str(f)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert proc.returncode == 2
    assert needle in proc.stderr
    assert "Traceback" not in proc.stderr


def test_dev_null_and_bom(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "model", "evaluate", "--scenario", "/dev/null"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert proc.returncode == 2 and "empty" in proc.stderr
    f = tmp_path / "bom.json"
    f.write_bytes(b'\xef\xbb\xbf{"levers": {"overtime_cut_pct": 10}}')
    proc = subprocess.run(
        [sys.executable, "-m", "model", "evaluate", "--scenario", str(f), "--baseline", "demo"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert measure(json.loads(proc.stdout), "overtime")["active"]


def test_published_against_model_table() -> None:
    """Every published figure with a stated tolerance is met; the others say why not."""
    from model.published import compare

    for name in SHIPPED:
        rows = compare(load_baseline(name))
        assert rows, name
        failed = [(r.key, r.model, r.published) for r in rows if r.ok is False]
        assert failed == [], name
        for r in rows:
            if r.tolerance is not None and r.model is not None:
                assert r.ok is True, r.key
    alver = {r.key: r for r in compare(load_baseline(ALVER))}
    dt = alver["alver_measure_abolish_dognturnus_nok"]
    # cannot be matched: says why, in both languages
    assert dt.ok is None and "supplements" in dt.note_en and "tilleggene" in dt.note
    assert "77 MNOK" in alver["alver_refund_2020_nok"].note_en
    assert "77 mill. kr" in alver["alver_refund_2020_nok"].note
    # figures counted from the baseline itself (26 housing sites, 124 places, 21 with
    # døgnturnus, 11 staff with its supplement: PwC 2021) are matched exactly; the
    # departments' FTE (rounded per department in the report) within 0,1 % of 314,75
    for key, want, rel in (
        ("alver_housing_sites", 26, 0),
        ("alver_places", 124, 0),
        ("alver_dognturnus_sites", 21, 0),
        ("alver_dognturnus_supplement_staff", 11, 0),
        ("alver_fte_total", 314.75, 0.001),
    ):
        assert alver[key].model == pytest.approx(want, rel=rel, abs=1e-9), key
        assert alver[key].ok is True, key
