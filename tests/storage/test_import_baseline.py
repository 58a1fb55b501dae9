"""A whole baseline in: every table, every shipped folder, nothing borrowed from the demo."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from model.baseline import REQUIRED_PARAMETERS, Baseline
from model.loader import BUILTIN, DATA_DIR, load_baseline, load_published, read_csv
from model.params import PARAMETER_BOUNDS
from storage import ImportRejectedError, Store
from storage.columns import TABLES
from storage.importer import ImportReport, folder_files, read_baseline_folder, validate_upload
from storage.template import baseline_xlsx


def shipped_folders() -> list[Path]:
    """Every baseline folder the app ships: the loader's built-ins and data/baselines/*."""
    found = {Path(p).resolve() for p in BUILTIN.values()}
    extra = DATA_DIR / "baselines"
    if extra.is_dir():
        found |= {p.resolve() for p in extra.iterdir() if (p / "about.csv").is_file()}
    return sorted(found)


@pytest.mark.parametrize("folder", shipped_folders(), ids=lambda p: p.name)
def test_every_shipped_baseline_reads_the_same_through_the_importer(folder: Path) -> None:
    report = read_baseline_folder(folder)
    assert report.ok, report.messages()
    assert report.baseline == load_baseline(folder)
    assert report.baseline.hash == load_baseline(folder).hash
    assert report.published == load_published(folder)
    assert report.missing == [t.kind for t in TABLES.values() if not (folder / t.file).exists()]


@pytest.mark.parametrize("folder", shipped_folders(), ids=lambda p: p.name)
def test_every_shipped_baseline_round_trips_as_a_workbook(folder: Path) -> None:
    expected = load_baseline(folder)
    published = (
        read_csv(folder / "published_figures.csv")
        if (folder / "published_figures.csv").exists()
        else []
    )
    report = validate_upload(
        [("grunnlag.xlsx", baseline_xlsx(expected, published))], reserved_names=()
    )
    assert report.ok, report.messages()
    assert report.baseline == expected
    assert report.published == load_published(folder)


@pytest.mark.parametrize("folder", shipped_folders(), ids=lambda p: p.name)
def test_the_folder_files_are_what_an_upload_of_the_folder_sends(folder: Path) -> None:
    names = [n for n, _ in folder_files(folder)]
    assert names == sorted(t.file for t in TABLES.values() if (folder / t.file).exists())


# --------------------------------------------------------------------------- synthetic


def _csv(rows: list[list[Any]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    for r in rows:
        w.writerow(["" if v is None else str(v).replace(".", ",") for v in r])
    return ("\ufeff" + buf.getvalue()).encode()


def synthetic_municipality() -> list[tuple[str, bytes]]:
    """Every table of a made-up municipality (no value taken from the demo), Norwegian CSV."""
    params = [["key", "value", "unit", "year", "source", "status"]]
    for key in REQUIRED_PARAMETERS:
        lo, hi = PARAMETER_BOUNDS[key]
        params.append([key, lo + (hi - lo) * 0.37, "enhet", 2031, "Testkilde", "assumption"])
    return [
        ("om.csv", _csv([["field", "value"], ["name", "fjellvik-2031"],
                         ["municipality", "Fjellvik"], ["year", 2031],
                         ["description", "Syntetisk testkommune"]])),
        ("tjenester.csv", _csv([
            ["key", "label_nb", "label_en", "kind"],
            ["bu", "Bu og miljø", "Housing", "housing"],
            ["psyk", "Psykisk helse", "Mental health", "housing"],
        ])),
        ("lokasjoner.csv", _csv([
            ["name", "service", "area", "department", "places", "housing", "awake", "resting",
             "shift_hours", "dognturnus", "dognturnus_supplement_staff", "status"],
            ["Tindetun", "bu", "Nord", "Fjellvik bo", 7, "ja", 2, 1, 9.25, "nei", 0, "published"],
            ["Elvebakken", "psyk", "Sør", "Fjellvik bo", 3, "ja", 0, 1, 10, "ja", 2, "assumption"],
        ])),
        ("avdelinger.csv", _csv([
            ["name", "service", "fte", "places", "users", "gross_cost_per_user_nok"],
            ["Fjellvik bo", "bu", 17.3, 10, 11, 1_234_567],
        ])),
        ("parametere.csv", _csv(params)),
        ("refusjonsbrukere.csv", _csv([
            ["id", "site", "department", "age_band", "intellectual_disability",
             "direct_labour_cost_nok"],
            ["F-1", "Tindetun", "Fjellvik bo", "16-66", "ja", 3_210_000],
            ["F-2", "Elvebakken", "Fjellvik bo", "67+", "nei", 2_111_000],
        ])),
        ("refusjonsregler.csv", _csv([
            ["year", "threshold_nok", "rate", "id_deduction_nok"],
            [2031, 1_999_000, 0.75, 901_000],
        ])),
        ("sykehjem.csv", _csv([
            ["home", "place_type", "places", "fte", "cost_nok_per_place", "source"],
            ["Fjellheimen", "langtid", 30, 25.5, None, "Testkilde A"],
            ["Fjordtun", "langtid", 14, None, 1_444_000, "Testkilde B"],
        ])),
        ("plasstyper.csv", _csv([
            ["key", "label_nb", "label_en", "norm_fte_per_place"],
            ["langtid", "Langtid", "Long-term", 0.85],
        ])),
        ("befolkning.csv", _csv([
            ["year", "age_group", "population"],
            [2031, "80-89", 250], [2031, "90+", 83], [2035, "80+", 401],
        ])),
        ("publiserte_tall.csv", _csv([
            ["key", "value", "unit", "source"], ["fjellvik_places", 44, "plasser", "Test"],
        ])),
    ]  # fmt: skip


def test_a_complete_synthetic_municipality_is_imported_whole(store: Store, demo: Baseline) -> None:
    report = validate_upload(synthetic_municipality())
    assert report.ok, report.messages()
    assert report.missing == [] and report.warnings == []
    b = report.baseline
    assert b is not None
    assert (b.name, b.municipality, b.year) == ("fjellvik-2031", "Fjellvik", 2031)
    assert [s.name for s in b.sites] == ["Tindetun", "Elvebakken"]
    assert b.sites[0].shift_hours == 9.25 and b.sites[1].dognturnus
    assert [d.fte for d in b.departments] == [17.3]
    assert [u.id for u in b.refund_users] == ["F-1", "F-2"]
    assert b.refund_users[0].intellectual_disability is True
    assert [(r.year, r.rate) for r in b.refund_rules] == [(2031, 0.75)]
    assert [s.key for s in b.services] == ["bu", "psyk"]
    assert [(h.home, h.places) for h in b.nursing_home_rows] == [
        ("Fjellheimen", 30),
        ("Fjordtun", 14),
    ]
    nh = b.nursing_homes  # the model's summary, derived from the uploaded tables
    assert nh is not None
    assert (nh.year, nh.places, nh.population_80_plus) == (2031, 44, 250 + 83)
    assert [p.year for p in nh.population_table] == [2031, 2035]
    assert nh.source == "Testkilde A; Testkilde B"
    assert report.published == {"fjellvik_places": 44.0}
    lo, hi = PARAMETER_BOUNDS["cost_per_gross_fte_nok"]
    assert b.value("cost_per_gross_fte_nok") == pytest.approx(lo + (hi - lo) * 0.37)
    # No demo value anywhere in the imported baseline.
    text = b.canonical_json()
    for s in demo.sites:
        assert s.name not in text
    for d in demo.departments:
        assert d.name not in text
    assert not {u.id for u in demo.refund_users} & {u.id for u in b.refund_users}
    assert demo.municipality not in text and "Sogndal" not in text and "Alver" not in text
    info = store.import_baseline(report)
    assert store.load_baseline(info.name) == b


def test_one_table_missing_is_empty_and_said(demo: Baseline) -> None:
    files = [f for f in synthetic_municipality() if f[0] != "refusjonsbrukere.csv"]
    report = validate_upload(files)
    assert report.ok and report.baseline is not None
    assert report.baseline.refund_users == [] and report.missing == ["refund_users"]
    (note,) = report.warnings
    assert note.sheet == "refusjonsbrukere"
    assert "ikke lastet opp og er tom" in note.message_nb
    assert "no state refund is computed" in note.message_en


def test_keys_from_other_tables_are_checked_with_row_and_column(store: Store) -> None:
    sites = _csv([
        ["name", "service", "places", "awake", "resting", "shift_hours"],
        ["A", "bu", 1, 1, 0, 9], ["B", "habilitering", 1, 1, 0, 9],
    ])  # fmt: skip
    homes = _csv([["home", "place_type", "places"], ["H", "korttid", 3]])
    files = [
        (n, sites if n == "lokasjoner.csv" else homes if n == "sykehjem.csv" else d)
        for n, d in synthetic_municipality()
    ]
    report = validate_upload(files)
    got = {(p.sheet, p.row, p.column): p for p in report.problems}
    assert set(got) == {("lokasjoner.csv", 3, "service"), ("sykehjem.csv", 2, "place_type")}
    service = got["lokasjoner.csv", 3, "service"]
    assert "«habilitering» i service finnes ikke i tjenestetabellen: bu, psyk" in (
        service.message_nb
    )
    assert "Use one of these, or add it" in service.message_en
    assert (
        "finnes ikke i plasstypetabellen: langtid"
        in got["sykehjem.csv", 2, "place_type"].message_nb
    )
    before = store.list_baselines(all_versions=True)
    with pytest.raises(ImportRejectedError):
        store.import_baseline(report)
    assert store.list_baselines(all_versions=True) == before


def _with(name: str, data: bytes) -> list[tuple[str, bytes]]:
    return [(n, data if n == name else d) for n, d in synthetic_municipality()]


def _problems(report: ImportReport) -> dict[tuple[int, str], Any]:
    assert not report.ok and report.baseline is None
    return {(p.row, p.column): p for p in report.problems}


def test_field_table_problems_name_row_column_and_fix() -> None:
    data = _csv(
        [
            ["field", "value"],
            ["name", "Fjellvik"],
            ["year", "tjuetretti"],
            ["municipality", "Fjellvik"],
            ["municipality", "Fjellvik 2"],
            ["beds", "12"],
            ["status", "sikker"],
        ]
    )
    got = _problems(validate_upload(_with("om.csv", data)))
    assert set(got) == {(3, "value"), (5, "field"), (6, "field"), (7, "value")}
    assert "year: «tjuetretti» er ikke et tall" in got[3, "value"].message_nb
    assert "Feltet municipality står flere ganger (rad 4 og rad 5)" in got[5, "field"].message_nb
    assert "Slett den ene raden" in got[5, "field"].message_nb
    assert "Ukjent felt «beds»" in got[6, "field"].message_nb
    assert "description" in got[6, "field"].expected
    assert "status: «sikker» er ikke en gyldig verdi for status" in got[7, "value"].message_nb


def test_about_name_year_and_the_form() -> None:
    about = _csv([["field", "value"], ["name", "d\u0435mo"], ["year", "1999"]])
    got = _problems(validate_upload(_with("om.csv", about)))
    assert set(got) == {(2, "value"), (3, "value")}
    assert "blander bokstaver" in got[2, "value"].message_nb
    assert "minst 2\u00a0000" in got[3, "value"].message_nb
    # The form wins over the about table.
    report = validate_upload(
        synthetic_municipality(), name="eget navn", municipality="Annen", year=2040
    )
    assert report.ok and report.baseline is not None
    assert (report.baseline.name, report.baseline.municipality, report.baseline.year) == (
        "eget navn",
        "Annen",
        2040,
    )


def test_reserved_names_include_lookalikes_of_shipped_baselines() -> None:
    for name in ("demo", "DEMO", "de\u00admo", "ｄｅｍｏ"):
        report = validate_upload(synthetic_municipality(), name=name)
        (p,) = report.problems
        assert p.column == "name" and "er reservert" in p.message_nb, name
    assert read_baseline_folder(DATA_DIR / "demo").ok  # a shipped folder may use its name


def test_bad_cells_in_every_row_table_are_reported_with_row_and_column() -> None:
    cases = {
        "tjenester.csv": (
            [["key", "label_nb"], ["bu", "Bu"], ["psyk", "P"], ["Hjemme tjeneste", "H"]],
            (4, "key"),
            "«hjemme tjeneste» passer ikke i key: bruk små bokstaver a–z",
        ),
        "refusjonsbrukere.csv": (
            [["id", "age_band", "direct_labour_cost_nok"], ["X", "90+", "1"]],
            (2, "age_band"),
            "«90+» er ikke en gyldig verdi for age_band",
        ),
        "refusjonsregler.csv": (
            [["year", "threshold_nok", "rate", "id_deduction_nok"], [2031, 1, "1,5", 0]],
            (2, "rate"),
            "Verdien 1,5 for rate er for stor",
        ),
        "plasstyper.csv": (
            [["key", "label_nb", "label_en", "norm_fte_per_place"], ["langtid", "L", "L", 11]],
            (2, "norm_fte_per_place"),
            "Verdien 11 for norm_fte_per_place er for stor",
        ),
        "befolkning.csv": (
            [["year", "age_group", "population"], [2031, "80+", 1], [2031, "80+", 2]],
            (3, "year, age_group"),
            "«2031 / 80+» står flere ganger i year + age_group (rad 2 og rad 3)",
        ),
        "sykehjem.csv": (
            [["home", "place_type", "places"], ["H", "langtid", 1e6]],
            (2, "places"),
            "for stor",
        ),
        "publiserte_tall.csv": (
            [["key", "value", "unit"], ["x", "mye", "kr"]],
            (2, "value"),
            "«mye» er ikke et tall",
        ),
    }  # fmt: skip
    for fname, (rows, where, text) in cases.items():
        got = _problems(validate_upload(_with(fname, _csv(rows))))
        assert set(got) == {where}, (fname, got)
        assert text in got[where].message_nb, (fname, got[where].message_nb)
        assert got[where].sheet == fname
