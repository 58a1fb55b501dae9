"""The optional English columns ``source_en``/``note_en`` (parameters, published figures):
carried by the importer, the template workbook and the store; a baseline without them (an
older upload, an older stored baseline) still loads, with the hash it always had."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pytest

from model.baseline import Baseline
from model.loader import DATA_DIR, load_baseline, read_csv
from storage.columns import TABLES, TEXT_MAX
from storage.importer import folder_files, validate_upload
from storage.store import open_store
from storage.template import baseline_xlsx

ALVER = DATA_DIR / "baselines" / "alver-2020"
SOGNDAL = DATA_DIR / "baselines" / "sogndal-2021"
EN = ("source_en", "note_en", "description_en")


def _without_english(name: str, data: bytes) -> bytes:
    """The CSV as it was before the English columns (and about's English fields) existed."""
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    if name == "about.csv":
        rows = [r for r in rows if r["field"] not in EN]
    assert rows, name
    cols = [c for c in rows[0] if c not in EN]
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=cols, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return out.getvalue().encode("utf-8")


def _strip_english(dump: Any) -> Any:
    """A model dump as the app stored it before the English columns existed (no keys)."""
    if isinstance(dump, dict):
        return {k: _strip_english(v) for k, v in dump.items() if k not in EN}
    if isinstance(dump, list):
        return [_strip_english(v) for v in dump]
    return dump


def _old_hash(b: Baseline) -> str:
    """The hash as the app computed it before the English columns: sorted compact JSON of
    the model dump, SHA-256, first 16 hex digits."""
    dump = _strip_english(b.model_dump(mode="json"))
    text = json.dumps(dump, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _no_english(b: Baseline) -> Baseline:
    """``b`` with every English text empty (as the previous version knew it)."""
    return Baseline.model_validate(_strip_english(b.model_dump(mode="json")))


def test_the_registry_has_the_english_columns_as_optional_long_text() -> None:
    for kind in ("parameters", "published_figures"):
        for name in ("source_en", "note_en"):
            col = TABLES[kind].column(name)
            assert not col.required and col.type == "str" and col.max_len == TEXT_MAX, (kind, name)
    for kind in ("services", "nursing_homes", "nursing_place_types", "population", "refund_rules"):
        col, nb = TABLES[kind].column("source_en"), TABLES[kind].column("source")
        assert not col.required and col.max_len == nb.max_len, kind  # as long as the bokmål
    about = {f.name: f for f in TABLES["about"].fields}
    assert not about["description_en"].required and not about["source_en"].required


def test_an_upload_with_the_english_columns_carries_them() -> None:
    report = validate_upload(folder_files(ALVER), reserved_names=())
    assert report.ok, report.messages()
    b = report.baseline
    assert b is not None and b == load_baseline(ALVER)
    assert b.parameters["annual_pay_nok"].source_en == (
        "Demo assumption: used only when supplement rates follow KS 2023"
    )
    fig = next(f for f in b.published_figures if f.key == "alver_night_cost_nok")
    assert fig.note_en == "48.64 × 0.8 = NOK 38.9 million; the report rounds down"


def test_the_workbook_round_trip_keeps_the_english_texts() -> None:
    expected = load_baseline(ALVER)
    published = read_csv(ALVER / "published_figures.csv")
    report = validate_upload(
        [("grunnlag.xlsx", baseline_xlsx(expected, published))], reserved_names=()
    )
    assert report.ok, report.messages()
    assert report.baseline == expected
    assert report.baseline.parameters["interest_rate"].source_en == (
        "Demo assumption (municipal loan rate)"
    )


@pytest.mark.parametrize("folder", [ALVER, SOGNDAL], ids=lambda p: p.name)
def test_an_upload_without_the_english_columns_still_loads_with_its_old_hash(
    folder: Path,
) -> None:
    files = [(n, _without_english(n, d)) for n, d in folder_files(folder)]
    assert not any(b"source_en" in d or b"description_en" in d for _, d in files)
    report = validate_upload(files, reserved_names=())
    assert report.ok, report.messages()
    b = report.baseline
    assert b is not None
    assert all(p.source_en == p.note_en == "" for p in b.parameters.values())
    assert b.description_en == b.source_en == ""
    assert b == _no_english(load_baseline(folder))
    # the same hash as before the columns existed: links and saved scenarios still match
    assert b.hash == _old_hash(b)
    assert '_en":""' not in b.canonical_json().replace("label_en", "")
    # the English text is part of the content: with it, the hash differs
    assert load_baseline(folder).hash != b.hash


def test_the_about_sheet_carries_the_english_description_and_source() -> None:
    expected = load_baseline(SOGNDAL)
    assert expected.description_en.startswith("Sogndal municipality 2021")
    assert expected.source_en.startswith("Agenda Kaupang 2022: Review of nursing and care")
    report = validate_upload(
        [("grunnlag.xlsx", baseline_xlsx(expected, read_csv(SOGNDAL / "published_figures.csv")))],
        reserved_names=(),
    )
    assert report.ok, report.messages()
    b = report.baseline
    assert b is not None and b == expected
    assert b.nursing_homes is not None
    assert "Places as of 31.12.2021" in b.nursing_homes.source_en
    assert b.table_sources("nursing_place_types", "en") == [
        "Agenda Kaupang 2022 (Sogndal): staffing norms"
    ]
    assert b.table_sources("nursing_place_types") == ["Agenda Kaupang 2022 (Sogndal): normtall"]


def test_too_long_english_text_is_reported_with_row_and_column() -> None:
    files = []
    for n, d in folder_files(ALVER):
        if n == "parameters.csv":
            text = d.decode("utf-8")
            old = "Demo assumption (municipal loan rate)"
            assert old in text
            d = text.replace(old, "x" * (TEXT_MAX + 1)).encode("utf-8")
        files.append((n, d))
    report = validate_upload(files, reserved_names=())
    assert not report.ok
    [problem] = report.problems
    assert problem.column == "source_en"
    keys = [r["key"] for r in read_csv(ALVER / "parameters.csv")]
    assert problem.row == keys.index("interest_rate") + 2  # header is row 1


def test_an_old_stored_baseline_without_the_keys_loads_with_its_stored_hash(
    tmp_path: Path,
) -> None:
    """A baseline stored by the previous version (JSON without ``source_en``/``note_en``,
    hash computed without them) reads, and its hash is still the stored one."""
    old = _no_english(load_baseline(ALVER)).model_copy(update={"name": "Gammel 2020"})
    with open_store(tmp_path / "s.duckdb") as store:
        info = store.save_baseline(old)
        assert info.hash == _old_hash(old)
        old_json = json.dumps(_strip_english(old.model_dump(mode="json")))
        store._write(
            lambda cur: cur.execute(
                "UPDATE baselines SET data_json = ? WHERE name = ?", [old_json, old.name]
            )
        )
        loaded = store.load_baseline(old.name, hash=info.hash)
    assert loaded == old
    assert loaded.hash == info.hash
