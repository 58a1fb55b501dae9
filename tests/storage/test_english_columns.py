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

from model.baseline import Baseline
from model.loader import DATA_DIR, load_baseline, read_csv
from storage.columns import TABLES, TEXT_MAX
from storage.importer import folder_files, validate_upload
from storage.store import open_store
from storage.template import baseline_xlsx

ALVER = DATA_DIR / "baselines" / "alver-2020"
EN = ("source_en", "note_en")
BILINGUAL = ("parameters.csv", "published_figures.csv")


def _without_english(name: str, data: bytes) -> bytes:
    """The CSV as it was before the English columns existed."""
    if name not in BILINGUAL:
        return data
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    assert rows and set(EN) <= set(rows[0]), name
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
    return b.model_copy(
        update={
            "parameters": {
                k: p.model_copy(update=dict.fromkeys(EN, "")) for k, p in b.parameters.items()
            },
            "published_figures": [
                f.model_copy(update=dict.fromkeys(EN, "")) for f in b.published_figures
            ],
        }
    )


def test_the_registry_has_the_english_columns_as_optional_long_text() -> None:
    for kind in ("parameters", "published_figures"):
        for name in EN:
            col = TABLES[kind].column(name)
            assert not col.required and col.type == "str" and col.max_len == TEXT_MAX, (kind, name)


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


def test_an_upload_without_the_english_columns_still_loads_with_its_old_hash() -> None:
    files = [(n, _without_english(n, d)) for n, d in folder_files(ALVER)]
    report = validate_upload(files, reserved_names=())
    assert report.ok, report.messages()
    b = report.baseline
    assert b is not None
    assert all(p.source_en == p.note_en == "" for p in b.parameters.values())
    assert b == _no_english(load_baseline(ALVER))
    # the same hash as before the columns existed: links and saved scenarios still match
    assert b.hash == _old_hash(b)
    assert "source_en" not in b.canonical_json()
    # the English text is part of the content: with it, the hash differs
    assert load_baseline(ALVER).hash != b.hash


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
