"""A municipality's own data in: validation of CSV/Excel uploads, and all-or-nothing import."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

import storage.store as store_module
from model.baseline import REQUIRED_PARAMETERS, Baseline
from model.loader import DATA_DIR
from storage import ImportRejectedError, Store
from storage.columns import SERVICES, TABLES
from storage.importer import (
    MAX_PROBLEMS,
    MAX_UPLOAD_BYTES,
    MAX_UPLOAD_MB,
    ImportReport,
    Problem,
    parse_bool,
    parse_number,
    validate_upload,
)

DEMO = DATA_DIR / "demo"
SITES_HEADER = "name,service,area,department,places,housing,awake,resting,shift_hours,dognturnus"


def demo_file(name: str) -> tuple[str, bytes]:
    return name, (DEMO / name).read_bytes()


def upload(
    template: Baseline, *files: tuple[str, bytes], params: bool = True, **kw: Any
) -> ImportReport:
    """Validate ``files`` (plus the demo's parameters.csv unless ``params=False``: every
    baseline needs all parameters). ``template`` is passed and must be ignored."""
    args: dict[str, Any] = {"name": "egen", "municipality": "Egen kommune", "year": 2024}
    args.update(kw)
    given = list(files)
    if params:
        given.append(demo_file("parameters.csv"))
    return validate_upload(given, template=template, **args)


def xlsx(sheets: dict[str, list[list[Any]]]) -> bytes:
    wb = Workbook()
    assert wb.active is not None
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def csv_rows(path: Path) -> list[list[str]]:
    import csv

    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def only(report: ImportReport) -> Problem:
    assert not report.ok and report.baseline is None
    assert len(report.problems) == 1, report.messages()
    return report.problems[0]


def site_csv(*rows: str, header: str = SITES_HEADER) -> tuple[str, bytes]:
    return "lokasjoner.csv", ("\n".join([header, *rows]) + "\n").encode()


GOOD_SITE = "Eik,habilitering,Sentrum,Avd,6,ja,1,0,9.5,nei"


# --------------------------------------------------------------------------- good input


def test_demo_csvs_round_trip_and_left_out_tables_are_empty(demo: Baseline) -> None:
    r = upload(demo, demo_file("sites.csv"), demo_file("departments.csv"))
    assert r.ok, r.messages()
    assert r.problems == []
    assert r.tables == {"sites": 27, "departments": 14, "parameters": len(demo.parameters)}
    b = r.baseline
    assert b is not None
    assert (b.name, b.municipality, b.year) == ("egen", "Egen kommune", 2024)
    assert b.sites == demo.sites
    assert b.departments == demo.departments
    assert b.parameters == demo.parameters
    # Nothing is borrowed from the demo (or the template argument): left out = empty.
    assert demo.refund_users and demo.refund_rules and demo.published_figures
    assert b.refund_users == [] and b.refund_rules == [] and b.published_figures == []
    assert b.nursing_homes is None and b.services == [] and b.population == []
    uploaded = {"sites", "departments", "parameters"}
    assert r.missing == [k for k in TABLES if k not in uploaded]
    said = {w.sheet: w.message_nb for w in r.warnings}
    assert set(said) == {
        t.sheet_nb for t in TABLES.values() if t.kind not in uploaded and not t.required
    }
    assert "ikke lastet opp og er tom" in said["refusjonsbrukere"]
    assert "statlig refusjon regnes ikke" in said["refusjonsbrukere"]
    assert b.hash != demo.hash


@pytest.mark.parametrize(
    "names",
    [("lokasjoner", "avdelinger", "parametere"), ("Sites", "DEPARTMENTS", " parameters ")],
)
def test_demo_as_excel_round_trip(demo: Baseline, names: tuple[str, str, str]) -> None:
    book = xlsx(
        {
            names[0]: csv_rows(DEMO / "sites.csv"),
            names[1]: csv_rows(DEMO / "departments.csv"),
            names[2]: csv_rows(DEMO / "parameters.csv"),
            "forklaring": [["ignored", "text"]],
        }
    )
    r = upload(demo, ("egne data.xlsx", book), params=False)
    assert r.ok, r.messages()
    assert r.baseline is not None
    assert r.baseline.sites == demo.sites
    assert r.baseline.departments == demo.departments
    assert r.baseline.parameter_values() == demo.parameter_values()


def test_excel_native_cell_types(demo: Baseline) -> None:
    header = SITES_HEADER.split(",")
    book = xlsx(
        {
            "lokasjoner": [
                header,
                ["Eik", "Habilitering", None, None, 6.0, True, 1, 0, 9.5, False],
                ["Bjørk", "avlastning", 7, "", "3", 1, "2", "0", "9,5", 0],
                [None] * 10,  # blank rows are skipped
            ]
        }
    )
    r = upload(demo, ("data.xlsx", book))
    assert r.ok, r.messages()
    assert r.baseline is not None
    eik, bjork = r.baseline.sites
    assert (eik.places, eik.housing, eik.dognturnus, eik.service.value) == (
        6,
        True,
        False,
        "habilitering",
    )
    assert (bjork.area, bjork.places, bjork.awake, bjork.shift_hours) == ("7", 3, 2, 9.5)


def test_norwegian_csv_semicolon_decimal_comma_spaces_and_booleans(demo: Baseline) -> None:
    text = (
        "name;service;places;housing;awake;resting;shift_hours;dognturnus;"
        "dognturnus_supplement_staff\n"
        "Eik;habilitering;6;ja;1;0;9,5;nei;0\n"
        "Bjørk;avlastning;10;NEI;2;1;8.5;Ja;1 000\n"
        "Lønn;annet;\u00a01\u00a0000 ;true;1;1;10;1;0\n"
        "Osp;ambulant;0;false;0;1;9;0;0\n"
    )
    r = upload(demo, ("egne.csv", b"\xef\xbb\xbf" + text.encode()))
    assert r.ok, r.messages()
    assert r.baseline is not None
    s = {x.name: x for x in r.baseline.sites}
    assert s["Eik"].shift_hours == 9.5 and s["Eik"].housing and not s["Eik"].dognturnus
    assert s["Bjørk"].dognturnus and not s["Bjørk"].housing
    assert s["Bjørk"].dognturnus_supplement_staff == 1000
    assert s["Lønn"].places == 1000 and s["Lønn"].dognturnus
    assert not s["Osp"].housing
    assert r.tables == {"sites": 4, "parameters": len(demo.parameters)}
    assert r.baseline.departments == []  # not uploaded: empty, not the template's


def test_utf16_csv_is_accepted(demo: Baseline) -> None:
    data = "\n".join([SITES_HEADER, GOOD_SITE]).encode("utf-16")
    r = upload(demo, ("s.csv", data))
    assert r.ok, r.messages()


def test_every_required_parameter_must_be_uploaded(demo: Baseline) -> None:
    text = "key;value;unit\ncost_per_gross_fte_nok;750 000;kr\nresting_paid_fraction;0,5;andel\n"
    r = upload(demo, site_csv(GOOD_SITE), ("parametere.csv", text.encode()), params=False)
    assert not r.ok and r.baseline is None
    missing = {p.expected: p for p in r.problems}
    assert set(missing) == set(REQUIRED_PARAMETERS) - {
        "cost_per_gross_fte_nok",
        "resting_paid_fraction",
    }
    p = missing["hours_per_gross_fte"]
    assert (p.sheet, p.column) == ("parametere.csv", "key")
    assert "Parameteren hours_per_gross_fte mangler" in p.message_nb
    assert "Legg til en rad med key = hours_per_gross_fte" in p.message_nb
    assert "Add a row with key = hours_per_gross_fte" in p.message_en


def test_no_parameters_table_is_refused(demo: Baseline) -> None:
    p = only(upload(demo, site_csv(GOOD_SITE), params=False))
    title = TABLES["parameters"].title_nb
    assert p.sheet == "parametere" and f"Tabellen parametere ({title}) mangler" in p.message_nb
    assert "as the file parameters.csv" in p.message_en


def test_parameter_unit_is_required(demo: Baseline) -> None:
    rows = csv_rows(DEMO / "parameters.csv")
    unit = rows[0].index("unit")
    rows[3][unit] = ""
    text = "\n".join(",".join(f'"{c}"' for c in r) for r in rows)
    p = only(upload(demo, ("parameters.csv", text.encode()), params=False))
    assert (p.row, p.column) == (4, "unit") and "unit mangler verdi" in p.message_nb


def test_kind_argument_and_detection(demo: Baseline) -> None:
    # Header is enough to recognise a table whatever the file is called.
    r = upload(demo, ("x.csv", (DEMO / "departments.csv").read_bytes()))
    assert r.ok and r.tables == {"departments": 14, "parameters": len(demo.parameters)}
    # With a missing required column, the file name tells which table it was meant to be.
    r = upload(demo, ("avdelinger.csv", b"name,service\nA,annet\n"))
    assert {p.column for p in r.problems} == {"fte", "users", "gross_cost_per_user_nok"}
    # kind= forces it.
    r = upload(demo, ("x.csv", b"name,service\nA,annet\n"), kind="departments", params=False)
    assert {p.column for p in r.problems if p.row} == {"fte", "users", "gross_cost_per_user_nok"}
    p = only(upload(demo, ("x.csv", b"a,b\n1,2\n")))
    assert "Kan ikke se hvilken tabell" in p.message_nb and "Cannot tell" in p.message_en


def test_parsers() -> None:
    assert parse_number("1 846") == 1846
    assert parse_number("9,5") == parse_number("9.5") == 9.5
    assert parse_number("1\u00a0846,25") == 1846.25
    assert parse_number("1.846,25") == 1846.25
    assert parse_number("\u22123") == -3
    for bad in ("abc", "", "1,2,3", "9,5x", True, None, float("nan"), "inf"):
        assert parse_number(bad) is None, bad
    for word, value in (("ja", True), ("Nei", False), ("TRUE", True), ("0", False), (1, True)):
        assert parse_bool(word) is value
    assert parse_bool("kanskje") is None and parse_bool(2) is None


# --------------------------------------------------------------------------- problems


def test_missing_columns(demo: Baseline) -> None:
    r = upload(demo, site_csv("Eik,habilitering,6,0", header="name,service,places,resting"))
    assert not r.ok and r.baseline is None
    missing = {p.column: p for p in r.problems}
    assert set(missing) == {"awake", "shift_hours"}
    p = missing["awake"]
    assert (p.sheet, p.row) == ("lokasjoner.csv", 1)
    assert "Kolonnen «awake» mangler i «lokasjoner.csv»" in p.message_nb
    assert "Påkrevde kolonner for lokasjoner: name, service, places" in p.message_nb
    assert "Column 'awake' is missing" in p.message_en


def test_wrong_types_all_reported(demo: Baseline) -> None:
    r = upload(
        demo,
        site_csv(
            "Eik,habilitering,Sentrum,Avd,abc,ja,1,0,9.5,nei",
            "Bjørk,habilitering,Sentrum,Avd,6,kanskje,x,0,ni,nei",
            "Osp,habilitering,Sentrum,Avd,6.5,ja,1,,9,nei",
        ),
    )
    got = {(p.row, p.column): p for p in r.problems}
    assert set(got) == {
        (2, "places"),
        (3, "housing"),
        (3, "awake"),
        (3, "shift_hours"),
        (4, "places"),
        (4, "resting"),
    }
    assert got[2, "places"].value == "abc"
    assert "«abc» er ikke et tall" in got[2, "places"].message_nb
    assert "'abc' is not a number" in got[2, "places"].message_en
    assert got[2, "places"].expected == "heltall (minst 0 og høyst 1\u00a0000)"
    assert "ikke ja eller nei" in got[3, "housing"].message_nb
    assert "ja, nei, true, false, 1, 0" in got[3, "housing"].message_nb
    assert "er ikke et heltall" in got[4, "places"].message_nb
    assert "mangler verdi (påkrevd)" in got[4, "resting"].message_nb
    assert "has no value (required)" in got[4, "resting"].message_en


def test_negative_and_impossible_values(demo: Baseline) -> None:
    r = upload(
        demo,
        site_csv(
            "Eik,habilitering,Sentrum,Avd,-1,ja,1,101,9.5,nei",
            "Bjørk,habilitering,Sentrum,Avd,6,ja,1,0,30,nei",
            "Osp,barnehage,Sentrum,Avd,6,ja,1,0,0,nei",
        ),
    )
    got = {(p.row, p.column): p for p in r.problems}
    assert set(got) == {
        (2, "places"),
        (2, "resting"),
        (3, "shift_hours"),
        (4, "service"),
        (4, "shift_hours"),
    }
    assert "Verdien -1 for places er negativ" in got[2, "places"].message_nb
    assert "is negative" in got[2, "places"].message_en
    resting = got[2, "resting"]
    assert (
        "Verdien 101 for resting er for stor: den må være minst 0 og høyst 100"
        in resting.message_nb
    )
    assert "too large: it must be at least 0 and at most 100" in resting.message_en
    assert "høyst 24" in got[3, "shift_hours"].message_nb
    assert "for liten" in got[4, "shift_hours"].message_nb  # 0 hours: must be > 0
    service = got[4, "service"]
    assert "«barnehage» i service finnes ikke i standardlisten (uten tjenestetabell)" in (
        service.message_nb
    )
    assert ", ".join(SERVICES[:10]) in service.message_nb
    assert "is not in the standard list (no services table)" in service.message_en


def test_duplicate_site_names(demo: Baseline) -> None:
    r = upload(
        demo, site_csv(GOOD_SITE, "Bjørk,annet,,,1,ja,1,0,9,nei", GOOD_SITE.replace("Eik", " eik "))
    )
    p = only(r)
    assert (p.row, p.column, p.value) == (4, "name", "Eik")
    assert "«Eik» står flere ganger i name (rad 2 og rad 4)" in p.message_nb
    assert "appears more than once in name (rows 2 and 4)" in p.message_en
    assert "rett eller slett de gjentatte radene" in p.message_nb


def test_duplicate_even_when_the_rows_have_other_problems(demo: Baseline) -> None:
    r = upload(demo, site_csv(GOOD_SITE, GOOD_SITE.replace(",6,", ",x,")))
    assert {(p.row, p.column) for p in r.problems} == {(3, "places"), (3, "name")}


@pytest.mark.parametrize(
    "data",
    [b"", b"   \n\n", b"\xef\xbb\xbf", b";;;\n;;;\r\n"],
    ids=["zero", "blank", "bom", "separators"],
)
def test_empty_file(demo: Baseline, data: bytes) -> None:
    p = only(upload(demo, ("lokasjoner.csv", data)))
    assert "er tom" in p.message_nb and "is empty" in p.message_en


def test_header_without_rows_is_an_empty_table(demo: Baseline) -> None:
    r = upload(demo, site_csv())
    assert r.ok and r.baseline is not None and r.baseline.sites == []
    assert r.tables["sites"] == 0 and "sites" not in r.missing
    said = {w.sheet: w.message_nb for w in r.warnings}
    assert "Tabellen lokasjoner (Lokasjoner med nattbemanning) er tom." in said["lokasjoner"]
    book = xlsx({"lokasjoner": [SITES_HEADER.split(",")], "avdelinger": []})
    r = upload(demo, ("b.xlsx", book))
    assert r.ok and r.baseline is not None
    assert r.baseline.sites == [] and r.baseline.departments == []
    assert r.tables == {"sites": 0, "departments": 0, "parameters": len(demo.parameters)}


def test_wrong_encoding(demo: Baseline) -> None:
    text = SITES_HEADER + "\n" + GOOD_SITE + "\n" + GOOD_SITE.replace("Eik", "Bjørkåsen") + "\n"
    p = only(upload(demo, ("lokasjoner.csv", text.encode("latin-1"))))
    assert p.row == 3 and p.expected == "UTF-8"
    assert "må være UTF-8" in p.message_nb
    assert "Lagre som CSV UTF-8" in p.message_nb
    assert "CSV UTF-8 (kommadelt)" in p.message_nb
    assert "must be UTF-8" in p.message_en and "CSV UTF-8 (Comma delimited)" in p.message_en


@pytest.mark.parametrize(
    ("fname", "data"),
    [
        ("data.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4),
        ("data.xlsx", random.Random(1).randbytes(3000)),
        ("data.csv", random.Random(2).randbytes(3000)),
        ("data.csv", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100),
        ("data.xlsx", b"PK\x03\x04 this is not really a zip"),
        ("data", b"%PDF-1.7\n" + b"\x00" * 50),
    ],
    ids=["png-as-xlsx", "random-xlsx", "random-csv", "png-as-csv", "broken-zip", "pdf-no-ext"],
)
def test_not_a_spreadsheet(demo: Baseline, fname: str, data: bytes) -> None:
    p = only(upload(demo, (fname, data)))
    assert f"«{fname}» er ikke et regneark" in p.message_nb
    assert "is not a spreadsheet" in p.message_en


def test_zip_that_is_not_a_workbook(demo: Baseline) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", "<x/>")
    p = only(upload(demo, ("rapport.xlsx", buf.getvalue())))
    assert "er ikke et regneark" in p.message_nb


def test_old_xls_and_other_types(demo: Baseline) -> None:
    p = only(upload(demo, ("gammel.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)))
    assert "gamle Excel-formatet (.xls)" in p.message_nb and ".xlsx" in p.message_en
    p = only(upload(demo, ("notat.docx", b"hello")))
    assert "Filtypen .docx støttes ikke" in p.message_nb


def test_too_large_file(demo: Baseline) -> None:
    assert MAX_UPLOAD_BYTES == MAX_UPLOAD_MB * 1024 * 1024
    big = SITES_HEADER.encode() + b"\n" + b"x" * MAX_UPLOAD_BYTES
    p = only(upload(demo, ("lokasjoner.csv", big)))
    assert "er for stor" in p.message_nb and f"{MAX_UPLOAD_MB} MB" in p.message_nb
    assert "too large" in p.message_en
    ok = upload(demo, site_csv(GOOD_SITE))
    assert ok.ok


def test_unknown_parameter_keys_and_values_out_of_bounds(demo: Baseline) -> None:
    text = (
        "key,value,unit,low,high\n"
        "cost_per_gross_fte_nok,10,kr,,\n"  # below 100 000
        "resting_paid_fraction,1.5,andel,,\n"  # above 1
        "nattevakt_pris,5,kr,,\n"  # unknown key
        "interest_rate,0.04,andel,0.05,0.06\n"  # below its own low
        "weekly_hours,abc,t,,\n"  # not a number
    )
    r = upload(demo, ("parametere.csv", text.encode()), params=False)
    got = {(p.row, p.column): p for p in r.problems if p.row}
    assert set(got) == {(2, "value"), (3, "value"), (4, "key"), (5, "low"), (6, "value")}
    p = got[2, "value"]
    assert "cost_per_gross_fte_nok" in p.message_nb and "utenfor tillatt område" in p.message_nb
    assert "100\u00a0000 – 3\u00a0000\u00a0000" in p.message_nb
    assert "outside the allowed range 100,000 – 3,000,000" in p.message_en
    assert "0 – 1" in got[3, "value"].message_nb
    unknown = got[4, "key"]
    assert "Ukjent parameter «nattevakt_pris»" in unknown.message_nb
    assert "Unknown parameter 'nattevakt_pris'" in unknown.message_en
    assert "cost_per_gross_fte_nok" in unknown.expected
    assert "low ≤ value ≤ high" in got[5, "low"].message_en


def test_all_problems_across_files_are_reported(demo: Baseline) -> None:
    r = upload(
        demo,
        site_csv("Eik,habilitering,,,abc,ja,1,0,9.5,nei"),
        ("avdelinger.csv", b"name,service,fte,users,gross_cost_per_user_nok\nA,annet,-1,2,x\n"),
        ("parametere.csv", b"key,value,unit\nukjent,1,kr\n"),
        ("bilde.xlsx", b"\x89PNG\r\n\x1a\n"),
        params=False,
    )
    files = {p.file for p in r.problems}
    assert files == {"lokasjoner.csv", "avdelinger.csv", "parametere.csv", "bilde.xlsx"}
    in_cells = [p for p in r.problems if p.row]
    assert len(in_cells) == 4  # places, fte, gross cost, unknown key
    assert len([p for p in r.problems if p.file == "bilde.xlsx"]) == 1


def test_same_table_twice(demo: Baseline) -> None:
    r = upload(demo, site_csv(GOOD_SITE), ("sites.csv", site_csv(GOOD_SITE)[1]))
    p = only(r)
    assert "lastet opp to ganger" in p.message_nb and "uploaded twice" in p.message_en


@pytest.mark.parametrize(
    ("kw", "column", "text"),
    [
        ({"name": "demo"}, "name", "reservert"),
        ({"name": "DEMO\u200b"}, "name", "reservert"),
        ({"name": "d\u0435mo"}, "name", "blander bokstaver fra ulike alfabeter"),
        ({"name": "  \u200b "}, "name", "kan ikke være tomt"),
        ({"name": "x" * 81}, "name", "høyst 80 tegn"),
        ({"municipality": "\u0410lver"}, "municipality", "blander bokstaver"),
        ({"year": 1999}, "year", "mellom 2000 og 2100"),
    ],
)
def test_upload_name_and_year(demo: Baseline, kw: dict[str, Any], column: str, text: str) -> None:
    p = only(upload(demo, site_csv(GOOD_SITE), **kw))
    assert p.column == column and text in p.message_nb


def test_no_files(demo: Baseline) -> None:
    p = only(upload(demo, params=False))
    assert "Ingen filer" in p.message_nb


def test_problem_list_is_capped(demo: Baseline) -> None:
    rows = [f"S{i},habilitering,,,x,ja,1,0,9,nei" for i in range(MAX_PROBLEMS + 50)]
    r = upload(demo, site_csv(*rows))
    assert len(r.problems) == MAX_PROBLEMS + 1
    assert "50 feil til" in r.problems[-1].message_nb


def test_unknown_columns_and_sheets_are_warnings(demo: Baseline) -> None:
    book = xlsx(
        {
            "lokasjoner": [[*SITES_HEADER.split(","), "kommentar"], GOOD_SITE.split(",") + ["hei"]],
            "Ark1": [["noe", "annet"], [1, 2]],
        }
    )
    r = upload(demo, ("b.xlsx", book))
    assert r.ok, r.messages()
    text = " ".join(w.message_nb for w in r.warnings)
    assert "Ukjente kolonner ble ikke lest: kommentar" in text
    assert "Arket «Ark1» ble ikke lest" in text
    assert r.baseline is not None and r.baseline.refund_users == []


def test_problem_where() -> None:
    p = Problem(sheet="lokasjoner", row=4, column="awake", message_nb="x", message_en="y")
    assert p.where() == "lokasjoner, rad 4, kolonne awake"
    assert p.where("en") == "lokasjoner, row 4, column awake"
    assert p.message("en") == "y"


def test_columns_match_the_shipped_csv_headers() -> None:
    seen = set()
    for folder in sorted((DATA_DIR / "baselines").iterdir()):
        for table in TABLES.values():
            if (folder / table.file).exists():
                header = csv_rows(folder / table.file)[0]
                assert set(table.required_columns) <= set(header) <= set(table.names), (
                    folder,
                    table.kind,
                )
                seen.add(table.kind)
    assert seen == set(TABLES), "every table is shipped somewhere"


# --------------------------------------------------------------------------- import is all or nothing


def test_failed_import_leaves_the_store_unchanged(store: Store, demo: Baseline) -> None:
    before = store.list_baselines(all_versions=True)
    bad = upload(demo, site_csv("Eik,habilitering,,,abc,ja,1,0,9.5,nei"))
    with pytest.raises(ImportRejectedError) as info:
        store.import_baseline(bad)
    assert "1 feil" in info.value.message_nb and "Nothing was changed" in info.value.message_en
    assert store.list_baselines(all_versions=True) == before


def test_import_failing_mid_write_rolls_back(
    store: Store, demo: Baseline, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = store.list_baselines(all_versions=True)
    good = upload(demo, site_csv(GOOD_SITE))
    assert good.ok

    def boom(**kw: Any) -> None:
        raise RuntimeError("simulated crash after the insert")

    monkeypatch.setattr(store_module, "BaselineInfo", boom)  # raises after the INSERT
    with pytest.raises(RuntimeError, match="simulated crash"):
        store.import_baseline(good)
    monkeypatch.undo()
    assert store.list_baselines(all_versions=True) == before


def test_successful_import(store: Store, demo: Baseline) -> None:
    good = upload(demo, site_csv(GOOD_SITE), name="Egen 2024")
    info = store.import_baseline(good)
    assert (info.name, info.source, info.year) == ("Egen 2024", "import", 2024)
    assert store.load_baseline("Egen 2024") == good.baseline
    assert "Egen 2024" in [b.name for b in store.list_baselines()]
