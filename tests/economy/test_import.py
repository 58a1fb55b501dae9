"""Import of a KOSTRA export and an SSB projection: good files in both layouts, the usual
bad inputs (messages naming line, column and the fix), size caps, and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from model.economy.loader import load_economy, read_text
from model.economy.tables import (
    MAX_BYTES,
    MAX_ROWS,
    ParseError,
    parse_age,
    parse_kostra,
    parse_number,
    parse_population,
)
from tests.economy.helpers import assert_clean_failure, cli

KOSTRA_OK = """region;statistikkvariabel;år;verdi
"1507 Ålesund";"Netto driftsutgifter per innbygger (kr)";2020;"14 945"
"1507 Ålesund";"Andel innbyggere 80 år og over (prosent)";2020;"4,8"
"EKA15 Møre og Romsdal";"Netto driftsutgifter per innbygger (kr)";2020;..
"""
POP_OK = """region,alder,år,alternativ,verdi
Sogndal,0-66,2024,MMMM,1000
Sogndal,67-79,2024,MMMM,200
Sogndal,80-89,2024,MMMM,100
Sogndal,90+,2024,MMMM,20
"""


def problems(text: str, parse=parse_kostra) -> list[str]:
    with pytest.raises(ParseError) as e:
        parse(text)
    return e.value.texts("nb")


def test_kostra_export_layout_is_read() -> None:
    rows = parse_kostra(KOSTRA_OK)
    assert [(r.region, r.year, r.value) for r in rows] == [
        ("1507 Ålesund", 2020, 14945.0),
        ("1507 Ålesund", 2020, 4.8),
        ("EKA15 Møre og Romsdal", 2020, None),  # SSB's '..' = not available
    ]


def test_population_layout_is_read() -> None:
    rows = parse_population(POP_OK)
    assert [(r.age_from, r.age_to, r.value) for r in rows] == [
        (0, 66, 1000),
        (67, 79, 200),
        (80, 89, 100),
        (90, None, 20),
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("85", (85, 85)), ("85 år", (85, 85)), ("80-84 år", (80, 84)), ("90+", (90, None))]
    + [("105 år eller eldre", (105, None)), ("0–66", (0, 66))],
)
def test_ages(raw: str, expected: tuple[int, int | None]) -> None:
    assert parse_age(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1 234,5", 1234.5), ("−6,7", -6.7), ("1.234,5", 1234.5), ("14945", 14945.0), (":", None)],
)
def test_numbers(raw: str, expected: float | None) -> None:
    assert parse_number(raw) == expected


def test_missing_column_names_it_and_the_accepted_names() -> None:
    (msg,) = problems("region;år;verdi\nÅlesund;2020;1\n")
    assert "linje 1" in msg and "kolonne indicator" in msg
    assert "indikator" in msg and "statistikkvariabel" in msg


def test_bad_value_names_line_column_value_and_fix() -> None:
    msgs = problems("region,indicator,year,value\nA,x,2020,12\nA,y,2020,tolv\nA,z,20x0,1\n")
    assert msgs[0].startswith("kostra.csv, linje 3, kolonne value: Ikke et tall.")
    assert "«tolv»" in msgs[0] and "forventet: et tall" in msgs[0]
    assert "linje 4, kolonne year" in msgs[1] and "1990–2100" in msgs[1]


def test_duplicate_row_points_at_the_first() -> None:
    (msg,) = problems("region,indicator,year,value\nA,x,2020,1\nA,x,2020,2\n")
    assert "linje 3" in msg and "linje 2" in msg and "Fjern den ene" in msg


def test_population_bad_cases() -> None:
    bad_age = POP_OK.replace("67-79,", "sytti,")
    (msg,) = problems(bad_age, parse_population)
    assert "linje 3, kolonne age" in msg and "90+" in msg
    negative = POP_OK.replace(",200", ",-200")
    (msg,) = problems(negative, parse_population)
    assert "linje 3, kolonne value" in msg and "utenfor" in msg
    no_alt = POP_OK.replace(",MMMM,1000", ",,1000")
    (msg,) = problems(no_alt, parse_population)
    assert "linje 2, kolonne alternative" in msg and "MMMM" in msg


def test_empty_and_header_only_files() -> None:
    assert "tom" in problems("")[0]
    assert "ingen datarader" in problems("region,indicator,year,value\n")[0]


def test_row_and_size_caps() -> None:
    many = "region,indicator,year,value\n" + "A,x,2020,1\n" * (MAX_ROWS + 1)
    msgs = problems(many)
    assert any(f"mer enn {MAX_ROWS}" in m for m in msgs)
    big = "region,indicator,year,value\n" + ("A," + "x" * 1000 + ",2020,1\n") * (
        MAX_BYTES // 1000 + 10
    )
    assert "for stor" in problems(big)[0]


def test_problem_list_is_capped() -> None:
    text = "region,indicator,year,value\n" + "".join(f"A,x{i},2020,nei\n" for i in range(200))
    with pytest.raises(ParseError) as e:
        parse_kostra(text)
    assert len(e.value.problems) == 50 and e.value.dropped == 150
    assert e.value.texts("en")[-1] == "… and 150 more"


def test_non_utf8_file(tmp_path: Path) -> None:
    f = tmp_path / "kostra.csv"
    f.write_bytes("region,indicator,year,value\nÅlesund,x,2020,1\n".encode("cp1252"))
    with pytest.raises(ParseError) as e:
        read_text(f)
    assert "UTF-8" in e.value.texts("nb")[0]


# ------------------------------------------------------------- CLI: nothing written
def test_cli_import_writes_a_valid_file(tmp_path: Path) -> None:
    src = tmp_path / "export.csv"
    src.write_text(KOSTRA_OK, encoding="utf-8")
    into = tmp_path / "egen"
    proc = cli("import-economy", "--kind", "kostra", "--file", str(src), "--into", str(into))
    assert proc.returncode == 0, proc.stderr
    assert "3 rows" in proc.stdout
    data = load_economy(into)
    assert len(data.kostra) == 3


@pytest.mark.parametrize(
    ("kind", "text", "needle"),
    [
        ("kostra", "region,year,value\nA,2020,1\n", "column indicator"),
        ("kostra", "region,indicator,year,value\nA,x,2020,abc\n", "line 2, column value"),
        (
            "population",
            POP_OK.replace("80-89", "75-89"),
            "line 4, column age: Age '75-89' overlaps",
        ),
        ("population", POP_OK.replace("2024", "1024"), "column year"),
    ],
)
def test_cli_import_rejects_and_writes_nothing(
    tmp_path: Path, kind: str, text: str, needle: str
) -> None:
    into = tmp_path / "set"
    into.mkdir()
    target = into / ("kostra.csv" if kind == "kostra" else "population_projection.csv")
    target.write_text("the old file\n", encoding="utf-8")
    src = tmp_path / "bad.csv"
    src.write_text(text, encoding="utf-8")
    proc = cli("import-economy", "--kind", kind, "--file", str(src), "--into", str(into))
    assert_clean_failure(proc, needle)
    assert "bad.csv" in proc.stderr
    assert target.read_text(encoding="utf-8") == "the old file\n"
    assert sorted(p.name for p in into.iterdir()) == [target.name]
