"""Need-adjusted handlingsrom: the published Ålesund and Sogndal tables through the CLI,
and the formula on hand-computed cases (need index, weighting, chosen reference set)."""

from __future__ import annotations

import pytest

from model.economy import BenchmarkError, BenchmarkSettings, handlingsrom
from model.economy.tables import AreaRow, KostraRow
from tests.economy.helpers import assert_clean_failure, cli, cli_json

#: published figures are rounded to 0.1 MNOK, so the model must land within half of that
TOL_MNOK = 0.05


def by_area(out: dict) -> dict[str, float]:
    return {r["area"]: r["gap_nok"] / 1e6 for r in out["rows"]}


def test_alesund_published_table_through_cli() -> None:
    out = cli_json("handlingsrom", "--data", "alesund-2020")
    gaps = by_area(out)
    # Ålesund kommune (2021), domain.md 9.3.1: 171.3 / −6.7 / 82.7, total 247.4 MNOK
    assert gaps["eldre"] == pytest.approx(171.3, abs=TOL_MNOK)
    assert gaps["psykisk_helse_rus"] == pytest.approx(-6.7, abs=TOL_MNOK)
    assert gaps["utviklingshemmede"] == pytest.approx(82.7, abs=TOL_MNOK)
    assert out["total_nok"] / 1e6 == pytest.approx(247.4, abs=TOL_MNOK)
    # the negative row nets off, and no invented rest row appears
    assert set(gaps) == {"eldre", "psykisk_helse_rus", "utviklingshemmede"}
    assert out["unitemised_nok"] == 0.0
    # the per-inhabitant columns are the report's own (exact)
    assert out["own_total_nok_per_inhabitant"] == 22732
    assert out["reference_total_nok_per_inhabitant"] == 19021
    rows = {r["area"]: r for r in out["rows"]}
    assert rows["eldre"]["difference_nok_per_inhabitant"] == 14945 - 12375
    assert rows["psykisk_helse_rus"]["difference_nok_per_inhabitant"] == 1390 - 1490


def test_sogndal_published_parts_and_unitemised_rest_through_cli() -> None:
    out = cli_json("handlingsrom", "--data", "sogndal-2021")
    gaps = by_area(out)
    # Agenda Kaupang 2022, domain.md 9.2.1: 17.8 / 14.4 / 34.8 / 24.4 of 95.7 MNOK
    assert gaps["hjemmeboende"] == pytest.approx(17.8, abs=TOL_MNOK)
    assert gaps["hdo_eldre"] == pytest.approx(14.4, abs=TOL_MNOK)
    assert gaps["institusjon"] == pytest.approx(34.8, abs=TOL_MNOK)
    assert gaps["utviklingshemmede"] == pytest.approx(24.4, abs=TOL_MNOK)
    assert out["total_nok"] / 1e6 == pytest.approx(95.7, abs=TOL_MNOK)
    # 95.7 − (17.8 + 14.4 + 34.8 + 24.4) = 95.7 − 91.4 = 4.3, shown as its own row
    assert out["itemised_nok"] / 1e6 == pytest.approx(91.4, abs=TOL_MNOK)
    assert gaps["_unitemised"] == pytest.approx(4.3, abs=TOL_MNOK)
    rest = next(r for r in out["rows"] if r["area"] == "_unitemised")
    assert rest["method"] == "rest"
    assert "Ikke spesifisert" in rest["label_nb"]


def test_table_format_and_unknown_set() -> None:
    proc = cli("handlingsrom", "--data", "alesund-2020", "--format", "table")
    assert proc.returncode == 0
    assert "171.3" in proc.stdout and "-6.7" in proc.stdout and "247.4" in proc.stdout
    assert_clean_failure(cli("handlingsrom", "--data", "no-such-set"), "no-such-set")


# --------------------------------------------------------------- hand-computed
COST, NEED, INH = "cost per inhabitant", "need index", "inhabitants"


def _kostra(rows: list[tuple[str, str, float | None]], year: int = 2024) -> list[KostraRow]:
    return [KostraRow(region=r, indicator=i, year=year, value=v) for r, i, v in rows]


DATA = _kostra(
    [
        ("A", COST, 12000),
        ("A", NEED, 1.2),
        ("A", INH, 5000),
        ("B", COST, 9000),
        ("B", NEED, 1.0),
        ("B", INH, 1000),
        ("C", COST, 8800),
        ("C", NEED, 0.8),
        ("C", INH, 3000),
    ]
)
AREA = [AreaRow(area="x", label_nb="X", cost_indicator=COST, need_indicator=NEED)]


def _settings(**kw: object) -> BenchmarkSettings:
    base = {
        "own_region": "A",
        "reference_regions": ["B", "C"],
        "year": 2024,
        "population_indicator": INH,
    }
    base.update(kw)
    return BenchmarkSettings.model_validate(base)


def test_need_correction_and_mean_reference() -> None:
    r = handlingsrom(DATA, AREA, _settings())
    row = r.rows[0]
    # A: 12 000 / 1.2 = 10 000; B: 9 000 / 1.0 = 9 000; C: 8 800 / 0.8 = 11 000
    # mean reference (9 000 + 11 000) / 2 = 10 000 → gap 0
    assert row.own_nok_per_inhabitant == pytest.approx(10000)
    assert row.reference_nok_per_inhabitant == pytest.approx(10000)
    assert row.gap_nok == pytest.approx(0.0)


def test_population_weighted_reference_gives_negative_row() -> None:
    r = handlingsrom(DATA, AREA, _settings(weighting="population"))
    # (9 000 × 1 000 + 11 000 × 3 000) / 4 000 = 10 500; (10 000 − 10 500) × 5 000 = −2.5 MNOK
    assert r.rows[0].reference_nok_per_inhabitant == pytest.approx(10500)
    assert r.total_nok == pytest.approx(-2_500_000)


def test_user_picks_the_reference_set() -> None:
    r = handlingsrom(DATA, AREA, _settings(reference_regions=["B"]))
    # (10 000 − 9 000) × 5 000 = 5 MNOK
    assert r.total_nok == pytest.approx(5_000_000)
    assert r.reference_regions == ["B"]
    # the own region is never its own reference
    r2 = handlingsrom(DATA, AREA, _settings(reference_regions=["A", "C"]))
    assert r2.reference_regions == ["C"]
    assert r2.total_nok == pytest.approx((10000 - 11000) * 5000)


def test_missing_figure_names_region_indicator_and_year() -> None:
    data = [k for k in DATA if not (k.region == "C" and k.indicator == NEED)]
    with pytest.raises(BenchmarkError) as e:
        handlingsrom(data, AREA, _settings())
    nb = " ".join(p[0] for p in e.value.problems)
    assert "«C»" in nb and f"«{NEED}»" in nb and "2024" in nb
    with pytest.raises(BenchmarkError):
        handlingsrom(DATA, AREA, _settings(reference_regions=["A"]))


def test_own_folder_imported_then_computed_through_cli(tmp_path) -> None:
    """A municipality's own KOSTRA export and areas, imported with the CLI, then benchmarked
    with a chosen reference set and population weighting (hand-computed above)."""
    folder = tmp_path / "egen"
    folder.mkdir()
    (folder / "economy.csv").write_text(
        "field,value\nname,egen\nmunicipality,A\nown_region,A\nreference_regions,B;C\n"
        f"benchmark_year,2024\npopulation_indicator,{INH}\n",
        encoding="utf-8",
    )
    kostra = tmp_path / "kostra-export.csv"
    kostra.write_text(
        "region;statistikkvariabel;år;verdi\n"
        + "".join(f'"{k.region}";"{k.indicator}";{k.year};"{k.value}"\n' for k in DATA).replace(
            ".", ","
        ),
        encoding="utf-8",
    )
    areas = tmp_path / "areas.csv"
    areas.write_text(
        f"area,label_nb,cost_indicator,need_indicator\nx,X,{COST},{NEED}\n", encoding="utf-8"
    )
    for kind, f in (("kostra", kostra), ("areas", areas)):
        proc = cli("import-economy", "--kind", kind, "--file", str(f), "--into", str(folder))
        assert proc.returncode == 0, proc.stderr
    out = cli_json("handlingsrom", "--data", str(folder), "--weighting", "population")
    assert out["total_nok"] == pytest.approx(-2_500_000)
    out = cli_json("handlingsrom", "--data", str(folder), "--reference", "B")
    assert out["total_nok"] == pytest.approx(5_000_000)
    assert_clean_failure(
        cli("handlingsrom", "--data", str(folder), "--year", "2023"), "'A'", "2023"
    )
