"""Hostile uploads are bounded: each is refused with a message naming where and the fix,
before anything expensive runs, and nothing is written (issue 10, item 3).

Time and memory are measured by ``python -m benchmarks.import_bomb``, not asserted here.
"""

from __future__ import annotations

import io
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

import storage.importer as importer
from benchmarks.import_bomb import make_xlsx_bomb
from model.loader import DATA_DIR
from storage import ImportRejectedError, Store
from storage.importer import (
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_COMPRESSION_RATIO,
    MAX_FILES,
    MAX_ROWS,
    MAX_TOTAL_UPLOAD_BYTES,
    MAX_UNCOMPRESSED_BYTES,
    MAX_UPLOAD_MB,
    MAX_ZIP_MEMBERS,
    ImportReport,
    Problem,
    validate_upload,
)

ROOT = Path(__file__).resolve().parents[2]
PARAMS = ("parameters.csv", (DATA_DIR / "demo" / "parameters.csv").read_bytes())
SITES_HEADER = "name,service,area,department,places,housing,awake,resting,shift_hours,dognturnus"
GOOD_SITE = "Eik,habilitering,Sentrum,Avd,6,ja,1,0,9.5,nei"


def upload(*files: tuple[str, bytes]) -> ImportReport:
    return validate_upload([*files, PARAMS], name="egen", municipality="Egen kommune", year=2024)


def refused(store: Store, report: ImportReport) -> list[Problem]:
    """The report is refused and importing it writes nothing."""
    assert not report.ok and report.baseline is None and report.problems
    before = store.list_baselines(all_versions=True)
    with pytest.raises(ImportRejectedError):
        store.import_baseline(report)
    assert store.list_baselines(all_versions=True) == before
    return report.problems


def sites(*rows: str, header: str = SITES_HEADER) -> tuple[str, bytes]:
    return "sites.csv", ("\n".join([header, *rows]) + "\n").encode()


def xlsx_with_sheet_xml(sheet_data: str) -> bytes:
    """A real workbook whose ``lokasjoner`` sheet has the given ``<sheetData>`` content."""
    wb = Workbook()
    assert wb.active is not None
    wb.active.title = "lokasjoner"
    buf = io.BytesIO()
    wb.save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = (
                    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
                    f'openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet_data}'
                    "</sheetData></worksheet>"
                ).encode()
            dst.writestr(item.filename, data)
    return out.getvalue()


def _header_row() -> str:
    cells = "".join(f'<c t="inlineStr"><is><t>{h}</t></is></c>' for h in SITES_HEADER.split(","))
    return f'<row r="1">{cells}</row>'


# --------------------------------------------------------------------------- zip bombs


def test_xlsx_bomb_within_the_old_limits_is_refused_before_parsing(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    bomb = make_xlsx_bomb(59.0)
    with zipfile.ZipFile(io.BytesIO(bomb)) as zf:
        unpacked = sum(i.file_size for i in zf.infolist())
    # Within the old limits: small on disk, < 60 MiB unpacked, > 400 000 data rows.
    assert len(bomb) < 400_000 and 55e6 < unpacked < 60 * 1024 * 1024

    def never(data: bytes) -> Any:
        raise AssertionError("the workbook must not be opened")

    monkeypatch.setattr(importer, "_open_read_only", never)
    p = refused(store, upload(("bomb.xlsx", bomb)))[0]
    assert (p.file, p.sheet, p.row) == ("bomb.xlsx", "bomb.xlsx", 0)
    assert "«bomb.xlsx» ble ikke åpnet: den pakkes ut til 59 MB (høyst 25 MB)" in p.message_nb
    assert "Lagre arbeidsboken på nytt fra Excel" in p.message_nb
    assert "it unpacks to 59 MB (at most 25 MB)" in p.message_en
    assert "upload the tables as CSV" in p.message_en


def test_small_bomb_is_refused_by_its_compression_ratio(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    bomb = make_xlsx_bomb(5.0)
    with zipfile.ZipFile(io.BytesIO(bomb)) as zf:
        assert sum(i.file_size for i in zf.infolist()) < MAX_UNCOMPRESSED_BYTES
    monkeypatch.setattr(importer, "_open_read_only", lambda data: 1 / 0)
    p = refused(store, upload(("liten.xlsx", bomb)))[0]
    assert "delen xl/worksheets/sheet1.xml er pakket" in p.message_nb
    assert f"(høyst {MAX_COMPRESSION_RATIO}), slik en zip-bombe er" in p.message_nb
    assert "as a zip bomb is" in p.message_en


def test_zip_with_too_many_members(store: Store) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        for i in range(MAX_ZIP_MEMBERS + 1):
            zf.writestr(f"xl/media/{i}.bin", b"x")
    p = refused(store, upload(("mange.xlsx", buf.getvalue())))[0]
    assert f"filen har {MAX_ZIP_MEMBERS + 2} deler (høyst {MAX_ZIP_MEMBERS}" in p.message_nb


def test_sheet_claiming_a_million_rows_stops_at_the_row_cap(store: Store) -> None:
    """Second line of defence: streaming (read_only) with a row cap, not a full load."""
    book = xlsx_with_sheet_xml(
        _header_row() + '<row r="1048576"><c r="A1048576"><v>1</v></c></row>'
    )
    p = refused(store, upload(("rader.xlsx", book)))[0]
    assert p.sheet == "lokasjoner"
    assert f"«lokasjoner» har for mange rader (høyst {MAX_ROWS:,}".replace(",", "\u00a0") in (
        p.message_nb
    )
    assert "Slett tomme rader" in p.message_nb and "Nothing was read from it" in p.message_en


def test_sheet_with_a_cell_in_the_last_column_stops_at_the_column_cap(store: Store) -> None:
    book = xlsx_with_sheet_xml(_header_row() + '<row r="2"><c r="XFD2"><v>1</v></c></row>')
    p = refused(store, upload(("bred.xlsx", book)))[0]
    assert p.sheet == "lokasjoner"
    assert f"har for mange kolonner (høyst {MAX_COLUMNS})" in p.message_nb


# --------------------------------------------------------------------------- sizes


def test_csv_with_too_many_rows_cells_or_columns(store: Store) -> None:
    many_rows = sites(*[GOOD_SITE.replace("Eik", f"S{i}") for i in range(MAX_ROWS + 200)])
    p = refused(store, upload(many_rows))[0]
    assert "for mange rader" in p.message_nb and p.sheet == "sites.csv"

    wide = ",".join(f"c{i}" for i in range(MAX_COLUMNS + 1))
    p = refused(store, upload(sites(GOOD_SITE, header=wide)))[0]
    assert f"for mange kolonner (høyst {MAX_COLUMNS})" in p.message_nb

    width = MAX_COLUMNS - 5
    header = SITES_HEADER + "".join(f",x{i}" for i in range(width - 10))
    row = GOOD_SITE + ",1" * (width - 10)
    n = MAX_CELLS // width + 10
    assert n < MAX_ROWS
    rows = [row.replace("Eik", f"S{i}", 1) for i in range(n)]
    p = refused(store, upload(sites(*rows, header=header)))[0]
    assert "for mange celler" in p.message_nb and "too many cells" in p.message_en


def test_too_many_files_and_too_many_bytes(store: Store) -> None:
    files = [(f"f{i}.csv", b"a,b\n1,2\n") for i in range(MAX_FILES + 1)]
    p = refused(store, validate_upload(files, name="x", year=2024))[0]
    assert f"For mange filer ({MAX_FILES + 1}); høyst {MAX_FILES}" in p.message_nb
    chunk = b"x" * (MAX_TOTAL_UPLOAD_BYTES // 3 + 1)
    files = [(f"f{i}.csv", chunk) for i in range(3)]
    p = refused(store, validate_upload(files, name="x", year=2024))[0]
    assert "Filene er til sammen for store" in p.message_nb


def test_uploader_limit_equals_the_importers() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == MAX_UPLOAD_MB


# --------------------------------------------------------------------------- values


def test_huge_and_non_finite_numbers(store: Store) -> None:
    depts = (
        "departments.csv",
        (
            b"name,service,fte,users,gross_cost_per_user_nok\n"
            b"A,annet,1e300,1,1\n"
            b"B,annet,1,1,Infinity\n"
            b"C,annet,NaN,1,1\n"
            b"D,annet,1,1e12,1\n"
        ),
    )
    users = (
        "refund_users.csv",
        b"id,direct_labour_cost_nok\nU1,inf\nU2,1e300\n",
    )
    problems = refused(store, upload(depts, users))
    got = {(p.sheet, p.row, p.column): p for p in problems}
    assert set(got) == {
        ("departments.csv", 2, "fte"),
        ("departments.csv", 3, "gross_cost_per_user_nok"),
        ("departments.csv", 4, "fte"),
        ("departments.csv", 5, "users"),
        ("refund_users.csv", 2, "direct_labour_cost_nok"),
        ("refund_users.csv", 3, "direct_labour_cost_nok"),
    }
    fte = got["departments.csv", 2, "fte"]
    assert "Verdien 1e300 for fte er for stor: den må være minst 0 og høyst 100\u00a0000" in (
        fte.message_nb
    )
    assert (
        "«Infinity» er ikke et tall"
        in got["departments.csv", 3, "gross_cost_per_user_nok"].message_nb
    )
    assert "'NaN' is not a number" in got["departments.csv", 4, "fte"].message_en
    assert "høyst 1\u00a0000\u00a0000" in got["departments.csv", 5, "users"].message_nb
    inf = got["refund_users.csv", 2, "direct_labour_cost_nok"]
    assert "«inf» er ikke et tall" in inf.message_nb and "Skriv et tall" in inf.message_nb


def test_text_length_caps(store: Store) -> None:
    long_area = "Ø" * 5000
    p = refused(store, upload(sites(GOOD_SITE.replace("Sentrum", long_area))))[0]
    assert (p.sheet, p.row, p.column) == ("sites.csv", 2, "area")
    assert "Teksten i area er for lang (5\u00a0000 tegn): høyst 120 tegn. Forkort den." in (
        p.message_nb
    )
    assert len(p.value) <= 80  # the problem list itself stays small
    p = refused(store, upload(sites(GOOD_SITE.replace("Avd", "d" * 121))))[0]
    assert p.column == "department" and "høyst 120 tegn" in p.message_nb


def test_a_name_repeated_thousands_of_times_is_one_problem(store: Store) -> None:
    n = 9_000
    problems = refused(store, upload(sites(*[GOOD_SITE] * n)))
    assert len(problems) == 1
    p = problems[0]
    assert (p.row, p.column, p.value) == (3, "name", "Eik")
    assert "«Eik» står flere ganger i name (9\u00a0000 ganger: rad 2, 3, 4, 5, 6 …)" in (
        p.message_nb
    )
    assert "(9,000 times: rows 2, 3, 4, 5, 6 …)" in p.message_en


def test_lookalike_names_are_the_same_name_and_mixed_scripts_are_refused(store: Store) -> None:
    problems = refused(
        store,
        upload(
            sites(
                GOOD_SITE,
                GOOD_SITE.replace("Eik", "E\u200bik"),  # zero-width space
                GOOD_SITE.replace("Eik", "Bj\u043erk"),  # Cyrillic o
            )
        ),
    )
    got = {p.row: p for p in problems}
    assert set(got) == {3, 4}
    assert "står flere ganger i name (rad 2 og rad 3)" in got[3].message_nb
    assert got[4].column == "name"
    assert "blander bokstaver fra ulike alfabeter (Latin og Cyrillic" in got[4].message_nb
    assert "Retype the name with letters from one script" in got[4].message_en


def test_unknown_references_are_listed_once_and_capped() -> None:
    rows = [GOOD_SITE.replace("Eik", f"S{i}").replace("Avd", f"Avd {i}") for i in range(300)]
    depts = (
        "departments.csv",
        b"name,service,fte,users,gross_cost_per_user_nok\nAvd 0,annet,1,1,1\n",
    )
    r = upload(sites(*rows), depts)
    assert r.ok, r.messages()
    notes = [w for w in r.warnings if w.column == "department"]
    assert len(notes) == 1
    assert notes[0].message_nb.startswith("299 navn i lokasjoner.department finnes ikke i")
    assert "… (og 289 til)" in notes[0].message_nb
    assert len(notes[0].message_nb) < 400
