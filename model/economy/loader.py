"""The economy package's only file I/O: read a set folder, write a validated import.

A set is a folder of the CSV files in :data:`model.economy.data.FILES` (every file is
optional except ``economy.csv``). Shipped sets live in ``data/economy/<name>/``; the same
files may sit in a baseline folder. :func:`import_file` validates a whole file first and
writes it atomically (temporary file, then rename), so a rejected file writes nothing.
"""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path
from typing import Any

from model.economy.data import FILES, EconomyData
from model.economy.tables import MAX_BYTES, PARSERS, ParseError, Problem

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
SETS_DIR = DATA_DIR / "economy"
REFERENCE_DIR = SETS_DIR / "reference"
IMPORT_KINDS = ("kostra", "areas", "population", "coverage", "budget")


def read_text(path: Path, max_bytes: int = MAX_BYTES) -> str:
    """A file's text (UTF-8, BOM allowed); raises ParseError for size and encoding."""
    if path.stat().st_size > max_bytes:
        raise ParseError(
            [
                Problem(
                    file=path.name,
                    message_nb="Filen er for stor.",
                    message_en="The file is too large.",
                    expected=f"≤ {max_bytes // (1024 * 1024)} MB",
                )
            ]
        )
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ParseError(
            [
                Problem(
                    file=path.name,
                    message_nb="Filen er ikke UTF-8. Lagre den som «CSV UTF-8».",
                    message_en="The file is not UTF-8. Save it as 'CSV UTF-8'.",
                    expected="UTF-8",
                )
            ]
        ) from None


def set_names() -> list[str]:
    """Shipped set folders (those with an economy.csv)."""
    if not SETS_DIR.is_dir():
        return []
    return sorted(p.name for p in SETS_DIR.iterdir() if (p / FILES["settings"]).is_file())


def resolve(name_or_dir: str | Path) -> Path:
    p = Path(name_or_dir)
    if (SETS_DIR / str(name_or_dir) / FILES["settings"]).is_file():
        return SETS_DIR / str(name_or_dir)
    if p.is_dir() and (p / FILES["settings"]).is_file():
        return p
    raise FileNotFoundError(
        f"economy data '{name_or_dir}' is neither a shipped set ({', '.join(set_names())}) "
        f"nor a folder with {FILES['settings']}"
    )


def load_economy(name_or_dir: str | Path) -> EconomyData:
    """Load a set; raises ParseError (naming file, line, column) for bad files."""
    d = resolve(name_or_dir)
    with (d / FILES["settings"]).open(encoding="utf-8-sig", newline="") as fh:
        settings = {
            (r.get("field") or "").strip(): (r.get("value") or "").strip()
            for r in csv.DictReader(fh)
        }
    tables: dict[str, list[Any]] = {}
    for kind in IMPORT_KINDS:
        f = d / FILES[kind]
        tables[kind] = list(PARSERS[kind](read_text(f), f.name)) if f.is_file() else []
    year = settings.get("year", "")
    return EconomyData(
        name=settings.get("name", d.name),
        municipality=settings.get("municipality", ""),
        year=int(year) if year.isdigit() else None,
        description=settings.get("description", ""),
        settings=settings,
        **tables,
    )


def for_baseline(baseline_name: str, municipality: str = "") -> str | None:
    """The shipped set that belongs to a baseline (by its ``baselines`` setting or folder
    name); None if there is none (a page then says what to upload, never borrows)."""
    for n in set_names():
        if n == baseline_name:
            return n
        try:
            data = load_economy(n)
        except (ParseError, OSError, ValueError):
            continue
        if baseline_name in data.baselines():
            return n
    return None


def load_overspend_reference() -> list[dict[str, str]]:
    """Published overspend (merforbruk) of other municipalities, for context."""
    f = REFERENCE_DIR / "merforbruk.csv"
    if not f.is_file():
        return []
    with f.open(encoding="utf-8", newline="") as fh:
        return [dict(r) for r in csv.DictReader(fh)]


def import_file(kind: str, source: Path, into: Path) -> int:
    """Validate ``source`` as a ``kind`` table and write it into the set folder ``into``.

    Returns the number of rows. Raises ParseError (nothing written) or ValueError for an
    unknown kind. The write is atomic: the old file stays until the new one is complete."""
    if kind not in IMPORT_KINDS:
        raise ValueError(f"unknown kind '{kind}' (one of {', '.join(IMPORT_KINDS)})")
    text = read_text(source)
    rows = PARSERS[kind](text, source.name)
    into.mkdir(parents=True, exist_ok=True)
    target = into / FILES[kind]
    fd, tmp = tempfile.mkstemp(dir=into, prefix=".import-", suffix=".csv")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    settings = into / FILES["settings"]
    if not settings.exists():
        settings.write_text(f"field,value\nname,{into.name}\n", encoding="utf-8")
    return len(rows)
