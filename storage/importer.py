"""A municipality's own baseline in: every table, from Excel or CSV, checked before any write.

:func:`validate_upload` reads every uploaded file, checks every cell of every table and
returns an :class:`ImportReport` listing *all* problems (bokmål and English, with file,
sheet, row, column, value and what was expected) — nothing is written anywhere. When the
report is ``ok`` its ``baseline`` is built from the upload alone, ready for
``Store.import_baseline(report)``:

* every table of :data:`storage.columns.TABLES` (built from :data:`model.tables.TABLES`) can
  be uploaded (``about``, ``services``, ``sites``, ``departments``, ``parameters``,
  ``nursing_homes``, ``nursing_place_types``, ``population``, ``refund_users``,
  ``refund_rules``, ``published_figures``);
* a table left out is **empty** in the new baseline (never taken from the demo or the
  baseline in use); ``report.missing`` lists them and ``report.warnings`` says what each
  empty table means. ``parameters`` (with every key in
  :data:`model.baseline.REQUIRED_PARAMETERS`) and the name and year (``about`` or the form)
  are required. Keys another table defines are checked with row and column: a site's or
  department's ``service`` must be in ``services`` (else the standard list), a nursing
  home's ``place_type`` in ``nursing_place_types``.

:func:`read_baseline_folder` reads a baseline folder (``data/demo/`` …) the same way; it
gives the same :class:`~model.baseline.Baseline` as :func:`model.loader.load_baseline`
(tested for every shipped baseline).

Accepted input
--------------
* Excel ``.xlsx``: one sheet per table, named as in the template (``lokasjoner``/``sites``,
  …; a ``forklaring`` sheet is ignored).
* CSV: one table per file, named as in a baseline folder (``sites.csv``) or as the sheet
  (``lokasjoner.csv``); else recognised from the header; ``kind`` forces it. UTF-8 (with or
  without BOM) or UTF-16 with BOM; separator ``,``, ``;`` or tab (detected).
* Numbers with decimal comma or point and spaces as thousands separators (``1 846,5``);
  booleans as ``ja/nei``, ``true/false``, ``1/0`` (also ``yes/no``).

Hostile input is bounded before it is parsed: :data:`MAX_UPLOAD_MB` per file (the
Streamlit uploader's ``server.maxUploadSize`` must equal it), :data:`MAX_FILES` files; an
``.xlsx`` is a zip whose directory is inspected first (members, unpacked size, compression
ratio: a zip bomb is refused without unpacking) and then streamed with openpyxl's
``read_only=True`` under caps on rows, columns and cells; texts have length caps and
numbers finite ranges (:mod:`storage.columns`); a name repeated many times is one problem
with a count.

Rows are numbered as in a spreadsheet: the header is row 1, the first data row is row 2.
"""

from __future__ import annotations

import csv
import io
import math
import re
import threading
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePath
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from model.baseline import REQUIRED_PARAMETERS, Baseline
from model.params import PARAMETER_BOUNDS
from storage.columns import (
    FALSE_WORDS,
    KINDS,
    SERVICES,
    SHEET_NAMES,
    TABLES,
    TRUE_WORDS,
    Column,
    Kind,
    Table,
    fmt_number,
)
from storage.names import InvalidNameError, name_key, normalise_name

# ----------------------------------------------------------------------------- caps

MAX_UPLOAD_MB = 10  #: per file; ``.streamlit/config.toml`` ``server.maxUploadSize`` equals it
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
MAX_FILES = 20  #: files in one upload
MAX_TOTAL_UPLOAD_BYTES = 2 * MAX_UPLOAD_BYTES  #: all files of one upload together
MAX_UNCOMPRESSED_BYTES = 25 * 1024 * 1024  #: an .xlsx unpacked (all members together)
MAX_ZIP_MEMBERS = 200  #: parts in an .xlsx (Excel writes ~10 plus 1–2 per sheet)
MAX_COMPRESSION_RATIO = 100  #: unpacked/packed for any member over 1 MB (zip bombs: > 400)
MAX_ROWS = 10_000  #: data rows per table (a large municipality has < 1 000 sites)
MAX_COLUMNS = 60  #: columns per table
MAX_CELLS = 150_000  #: cells read per sheet or CSV file
MAX_TOTAL_CELLS = 250_000  #: cells read in one upload
MAX_PROBLEMS = 1000  #: after this many, one final problem says how many more there were
MAX_LISTED = 10  #: names listed in one message before "… and N more"
IGNORED_SHEETS = frozenset({"forklaring", "explanation", "help", "hjelp", "readme", "les meg"})

CSV_EXTENSIONS = frozenset({".csv", ".txt", ".tsv"})
XLSX_EXTENSIONS = frozenset({".xlsx", ".xlsm"})

_BINARY_MAGIC = (
    b"\x89PNG",
    b"%PDF",
    b"GIF8",
    b"\xff\xd8\xff",
    b"PK\x03\x04",
    b"\xd0\xcf\x11\xe0",
    b"\x1f\x8b",
    b"7z\xbc\xaf",
    b"Rar!",
    b"MZ",
)


# --------------------------------------------------------------------------- report


class Problem(BaseModel):
    """One thing wrong with the upload. ``row`` 0 means the whole file or sheet."""

    model_config = ConfigDict(frozen=True)

    file: str = ""
    sheet: str = ""
    row: int = 0
    column: str = ""
    value: str = ""
    expected: str = ""
    message_nb: str
    message_en: str

    def message(self, lang: str = "nb") -> str:
        return self.message_en if lang == "en" else self.message_nb

    def where(self, lang: str = "nb") -> str:
        """'lokasjoner, rad 4, kolonne awake' / 'lokasjoner, row 4, column awake'."""
        nb = lang != "en"
        parts = [self.sheet or self.file]
        if self.row:
            parts.append(("rad " if nb else "row ") + str(self.row))
        if self.column:
            parts.append(("kolonne " if nb else "column ") + self.column)
        return ", ".join(p for p in parts if p)


class ImportReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    ok: bool
    problems: list[Problem]
    warnings: list[Problem] = []
    baseline: Baseline | None = None
    tables: dict[str, int] = {}  #: rows read per table uploaded (kind → rows)
    missing: list[str] = []  #: tables not uploaded: empty in the baseline
    published: dict[str, float] = {}  #: the baseline's published figures (key → value)

    def messages(self, lang: str = "nb") -> list[str]:
        return [f"{p.where(lang)}: {p.message(lang)}" for p in self.problems]


# --------------------------------------------------------------------------- helpers


class _Problems:
    def __init__(self) -> None:
        self.items: list[Problem] = []
        self.dropped = 0

    def add(self, **kw: Any) -> None:
        if len(self.items) >= MAX_PROBLEMS:
            self.dropped += 1
            return
        self.items.append(Problem(**kw))

    def at(self, raw: _RawTable, row: int, column: str, **kw: Any) -> None:
        """A problem in ``raw`` (its file and sheet) at ``row`` and ``column``."""
        self.add(file=raw.file, sheet=raw.sheet, row=row, column=column, **kw)

    def final(self) -> list[Problem]:
        if not self.dropped:
            return list(self.items)
        return [
            *self.items,
            Problem(
                message_nb=f"… og {self.dropped} feil til (bare de første {MAX_PROBLEMS} vises).",
                message_en=f"… and {self.dropped} more problems (only the first "
                f"{MAX_PROBLEMS} are shown).",
            ),
        ]

    def __len__(self) -> int:
        return len(self.items) + self.dropped


@dataclass
class _RawTable:
    kind: Kind
    file: str
    sheet: str  # sheet name (xlsx) or file name (csv): what the user sees
    header: list[str]
    header_row: int
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)


@dataclass
class _Budget:
    """Cells left for the whole upload (MAX_TOTAL_CELLS)."""

    cells: int = MAX_TOTAL_CELLS


def _show(value: Any) -> str:
    if value is None:
        return ""
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "…"


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def _norm_header(value: Any) -> str:
    if value is None:
        return ""
    return str(value).replace("\ufeff", "").strip().lower()[:100]


def _listing(items: list[str], lang: str = "nb") -> str:
    shown = ", ".join(items[:MAX_LISTED])
    rest = len(items) - MAX_LISTED
    if rest > 0:
        shown += f" … (og {fmt_number(rest)} til)" if lang != "en" else f" … (and {rest} more)"
    return shown


_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")


def parse_number(value: Any) -> float | None:
    """A number from a cell: 9.5, '9,5', '1 846', '1 846,5', '−3'. None if not a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        x = float(value)
        return x if math.isfinite(x) else None
    if not isinstance(value, str) or len(value) > 60:
        return None
    s = _SPACES.sub("", value.strip()).replace("\u2212", "-")
    if not s:
        return None
    if "," in s and "." in s:
        if s.rfind(",") > s.rfind("."):
            s = s.replace(".", "").replace(",", ".")
        else:
            s = s.replace(",", "")
    elif s.count(",") == 1:
        s = s.replace(",", ".")
    elif "," in s:
        return None
    if not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", s):
        return None
    x = float(s)
    return x if math.isfinite(x) else None


def parse_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        s = value.strip().lower()
        if s in TRUE_WORDS:
            return True
        if s in FALSE_WORDS:
            return False
    return None


def _as_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# --------------------------------------------------------------------------- reading files


def _file_problem(out: _Problems, fname: str, nb: str, en: str, *, expected: str = "") -> None:
    out.add(file=fname, sheet=fname, expected=expected, message_nb=nb, message_en=en)


def _not_a_spreadsheet(out: _Problems, fname: str) -> None:
    _file_problem(
        out,
        fname,
        f"«{fname}» er ikke et regneark. Last opp en Excel-fil (.xlsx) eller en CSV-fil "
        "(.csv), gjerne med utgangspunkt i malen.",
        f"'{fname}' is not a spreadsheet. Upload an Excel file (.xlsx) or a CSV file (.csv), "
        "preferably based on the template.",
        expected=".xlsx / .csv",
    )


def _looks_binary(data: bytes) -> bool:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 text
    return data.startswith(_BINARY_MAGIC) or b"\x00" in data[:4096]


def _read_file(
    fname: str,
    data: bytes,
    kind: Kind | None,
    out: _Problems,
    notes: _Problems,
    budget: _Budget,
) -> list[_RawTable]:
    ext = PurePath(fname).suffix.lower()
    if len(data) > MAX_UPLOAD_BYTES:
        _file_problem(
            out,
            fname,
            f"«{fname}» er for stor ({fmt_number(round(len(data) / 1e6, 1))} MB). Største "
            f"tillatte filstørrelse er {MAX_UPLOAD_MB} MB. Del tabellene på flere filer, "
            "eller fjern ark og rader som ikke trengs.",
            f"'{fname}' is too large ({fmt_number(round(len(data) / 1e6, 1), 'en')} MB). "
            f"The largest file allowed is {MAX_UPLOAD_MB} MB. Split the tables over several "
            "files, or remove sheets and rows that are not needed.",
            expected=f"≤ {MAX_UPLOAD_MB} MB",
        )
        return []
    if not data.replace(b"\xef\xbb\xbf", b"").strip():
        _file_problem(out, fname, f"«{fname}» er tom.", f"'{fname}' is empty.")
        return []
    if data.startswith(b"\xd0\xcf\x11\xe0") or ext == ".xls":
        _file_problem(
            out,
            fname,
            f"«{fname}» er i det gamle Excel-formatet (.xls) eller passordbeskyttet. Åpne den "
            "i Excel, fjern eventuelt passordet og lagre som «Excel-arbeidsbok (*.xlsx)».",
            f"'{fname}' is in the old Excel format (.xls) or password protected. Open it in "
            "Excel, remove any password and save it as 'Excel Workbook (*.xlsx)'.",
            expected=".xlsx",
        )
        return []
    if ext in XLSX_EXTENSIONS or (ext not in CSV_EXTENSIONS and data.startswith(b"PK\x03\x04")):
        return _read_xlsx(fname, data, out, notes, budget)
    if ext in CSV_EXTENSIONS or ext == "":
        if _looks_binary(data):
            _not_a_spreadsheet(out, fname)
            return []
        return _read_csv(fname, data, kind, out, budget)
    _file_problem(
        out,
        fname,
        f"Filtypen {ext} støttes ikke («{fname}»). Bruk .xlsx eller .csv.",
        f"The file type {ext} is not supported ('{fname}'). Use .xlsx or .csv.",
        expected=".xlsx / .csv",
    )
    return []


def _decode(fname: str, data: bytes, out: _Problems) -> str | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        out.add(
            file=fname,
            sheet=fname,
            row=line,
            value=_show(data[max(0, exc.start - 10) : exc.start + 10].decode("latin-1")),
            expected="UTF-8",
            message_nb=(
                f"«{fname}» er ikke lagret som UTF-8 (rad {line} har tegn i en annen koding, "
                "trolig Windows/latin-1, typisk æ, ø, å). Filen må være UTF-8. Lagre som CSV "
                "UTF-8: i Excel velger du Fil → Lagre som → «CSV UTF-8 (kommadelt) (*.csv)»."
            ),
            message_en=(
                f"'{fname}' is not saved as UTF-8 (row {line} has characters in another "
                "encoding, probably Windows/latin-1, typically æ, ø, å). The file must be "
                "UTF-8. In Excel choose File → Save As → 'CSV UTF-8 (Comma delimited) (*.csv)'."
            ),
        )
        return None


def _delimiter(text: str) -> str:
    first = next((line for line in text[:100_000].splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _kind_from_name(name: str) -> Kind | None:
    """The table a file or sheet name says: exact stem first, then a known word inside it."""
    stem = PurePath(name).stem.strip().lower() if "." in name else name.strip().lower()
    if stem in SHEET_NAMES:
        return SHEET_NAMES[stem]
    hits = [(len(s), k) for s, k in SHEET_NAMES.items() if len(s) >= 4 and s in stem]
    return max(hits)[1] if hits else None


def _kind_from_header(header: list[str], rows: list[tuple[int, list[Any]]]) -> Kind | None:
    cols = set(header)
    if {"field", "value"} <= cols:
        i = header.index("field")
        given = {_norm_header(r[i]) for _, r in rows[:50] if i < len(r)} - {""}
        fits = [k for k in KINDS if TABLES[k].shape == "fields" and given]
        fits = [k for k in fits if given <= {f.name for f in TABLES[k].fields}]
        return fits[0] if len(fits) == 1 else None
    row_kinds = [k for k in KINDS if TABLES[k].shape == "rows"]
    full = [k for k in row_kinds if set(TABLES[k].required_columns) <= cols]
    if full:
        # the table whose columns the header matches best, ties broken by fewest extras
        return max(full, key=lambda k: (len(cols & set(TABLES[k].names)), -len(TABLES[k].names)))
    return None


def _unknown_table(out: _Problems, fname: str, sheet: str) -> None:
    out.add(
        file=fname,
        sheet=sheet,
        row=1,
        expected=", ".join(t.file for t in TABLES.values()),
        message_nb=(
            f"Kan ikke se hvilken tabell «{sheet}» er. Bruk kolonnenavnene fra malen, eller "
            "gi filen/arket navnet på tabellen (for eksempel lokasjoner.csv eller sites.csv; "
            "alle navn står i arket «forklaring» i malen)."
        ),
        message_en=(
            f"Cannot tell which table '{sheet}' is. Use the column names from the template, "
            "or name the file/sheet after the table (for example sites.csv; every name is "
            "in the 'forklaring' sheet of the template)."
        ),
    )


def _too_big(out: _Problems, fname: str, sheet: str, what: str, cap: int) -> None:
    nb_what = {"rows": "rader", "columns": "kolonner", "cells": "celler"}[what]
    out.add(
        file=fname,
        sheet=sheet,
        expected=f"≤ {fmt_number(cap)} {nb_what}",
        message_nb=(
            f"«{sheet}» har for mange {nb_what} (høyst {fmt_number(cap)}). Slett tomme "
            f"{nb_what} og det som ikke hører til tabellen, eller del opp filen. Ingenting "
            "er lest fra den."
        ),
        message_en=(
            f"'{sheet}' has too many {what} (at most {cap:,}). Delete empty {what} and "
            "whatever does not belong to the table, or split the file. Nothing was read "
            "from it."
        ),
    )


def _bounded_rows(
    rows: Iterable[Iterable[Any]],
    fname: str,
    sheet: str,
    out: _Problems,
    budget: _Budget,
) -> list[tuple[int, list[Any]]] | None:
    """Rows (numbered from 1) with trailing blanks cut, or None when a cap is exceeded."""
    result: list[tuple[int, list[Any]]] = []
    cells = 0
    for n, row in enumerate(rows, start=1):
        if n > MAX_ROWS + 100:
            _too_big(out, fname, sheet, "rows", MAX_ROWS)
            return None
        cut = list(row)
        while cut and _blank(cut[-1]):
            cut.pop()
        if len(cut) > MAX_COLUMNS:
            _too_big(out, fname, sheet, "columns", MAX_COLUMNS)
            return None
        cells += len(cut)
        if cells > MAX_CELLS or cells > budget.cells:
            _too_big(out, fname, sheet, "cells", min(MAX_CELLS, budget.cells + cells))
            return None
        result.append((n, cut))
    budget.cells -= cells
    return result


def _split_rows(rows: list[tuple[int, list[Any]]]) -> tuple[int, list[str], list[Any]] | None:
    """(header row number, normalised header, remaining rows) or None if no header."""
    for i, (rownum, cells) in enumerate(rows):
        if any(not _blank(c) for c in cells):
            return rownum, [_norm_header(c) for c in cells], rows[i + 1 :]
    return None


def _read_csv(
    fname: str, data: bytes, kind: Kind | None, out: _Problems, budget: _Budget
) -> list[_RawTable]:
    text = _decode(fname, data, out)
    if text is None:
        return []
    if not text.strip():
        _file_problem(out, fname, f"«{fname}» er tom.", f"'{fname}' is empty.")
        return []
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
        rows = _bounded_rows(reader, fname, fname, out, budget)
    except csv.Error as exc:
        _file_problem(
            out,
            fname,
            f"«{fname}» kan ikke leses som CSV: {exc}. Lagre filen på nytt som «CSV UTF-8».",
            f"'{fname}' cannot be read as CSV: {exc}. Save the file again as 'CSV UTF-8'.",
        )
        return []
    if rows is None:
        return []
    split = _split_rows(rows)
    if split is None:
        _file_problem(out, fname, f"«{fname}» er tom.", f"'{fname}' is empty.")
        return []
    header_row, header, body = split
    k = kind or _kind_from_name(fname) or _kind_from_header(header, body)
    if k is None:
        _unknown_table(out, fname, fname)
        return []
    return [_RawTable(k, fname, fname, header, header_row, body)]


def inspect_xlsx(data: bytes) -> tuple[str, str] | None:
    """Why a zip must not be unpacked (bokmål, English), or None if it looks safe.

    Reads only the zip's central directory: member count, total unpacked size and the
    compression ratio of every member over 1 MB. Python's zipfile never returns more bytes
    than a member's declared size, so a directory that lies cannot make the reader unpack
    more than was checked here.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return ("", "")
    if len(infos) > MAX_ZIP_MEMBERS:
        return (
            f"filen har {fmt_number(len(infos))} deler (høyst {MAX_ZIP_MEMBERS} i et regneark)",
            f"the file has {len(infos):,} parts (at most {MAX_ZIP_MEMBERS} in a spreadsheet)",
        )
    unpacked = sum(i.file_size for i in infos)
    if unpacked > MAX_UNCOMPRESSED_BYTES:
        mb = MAX_UNCOMPRESSED_BYTES // (1024 * 1024)
        return (
            f"den pakkes ut til {fmt_number(round(unpacked / 1e6))} MB (høyst {mb} MB)",
            f"it unpacks to {round(unpacked / 1e6):,} MB (at most {mb} MB)",
        )
    for i in infos:
        if i.file_size > 1024 * 1024:
            ratio = i.file_size / max(1, i.compress_size)
            if ratio > MAX_COMPRESSION_RATIO:
                return (
                    f"delen {i.filename[:60]} er pakket {fmt_number(round(ratio))} ganger "
                    f"(høyst {MAX_COMPRESSION_RATIO}), slik en zip-bombe er",
                    f"the part {i.filename[:60]} is compressed {round(ratio):,} times (at "
                    f"most {MAX_COMPRESSION_RATIO}), as a zip bomb is",
                )
    return None


_OPENPYXL_LOCK = threading.Lock()
_DIMENSION = re.compile(
    rb"<(?:\w+:)?dimension\b[^>]*?\bref=\"([A-Za-z]{1,3}\d{1,7}(?::[A-Za-z]{1,3}\d{1,7})?)\""
)


def _open_read_only(data: bytes) -> Any:
    """``openpyxl.load_workbook(read_only=True)`` that does not scan whole sheets on open.

    openpyxl's read-only worksheet looks for the ``<dimension>`` element with a parser that,
    when the element is missing, reads the entire sheet before returning: a 60 MB sheet is
    parsed once on open (tens of seconds) before a single row is read. This worksheet looks
    only at the first 64 KB, where ``<dimension>`` always is when present (it precedes
    ``<sheetData>``); the importer then ignores the dimension anyway (``reset_dimensions``).
    """
    import openpyxl
    import openpyxl.reader.excel as excel
    from openpyxl.utils.cell import range_boundaries
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    class _PrefixDimensionWorksheet(ReadOnlyWorksheet):
        def _get_size(self) -> None:
            with self._get_source() as src:
                head = src.read(64 * 1024)
            m = _DIMENSION.search(head)
            if m is None:
                return
            try:
                bounds = range_boundaries(m.group(1).decode("ascii").upper())
            except ValueError:
                return
            if None not in bounds:
                self._min_column, self._min_row, self._max_column, self._max_row = bounds

    with _OPENPYXL_LOCK:
        original = excel.ReadOnlyWorksheet
        excel.ReadOnlyWorksheet = _PrefixDimensionWorksheet
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=True)
        finally:
            excel.ReadOnlyWorksheet = original


def _read_xlsx(
    fname: str, data: bytes, out: _Problems, notes: _Problems, budget: _Budget
) -> list[_RawTable]:
    if not data.startswith(b"PK\x03\x04"):
        _not_a_spreadsheet(out, fname)
        return []
    refused = inspect_xlsx(data)
    if refused == ("", ""):
        _not_a_spreadsheet(out, fname)
        return []
    if refused is not None:
        _file_problem(
            out,
            fname,
            f"«{fname}» ble ikke åpnet: {refused[0]}. Lagre arbeidsboken på nytt fra Excel "
            "med bare arkene fra malen, eller last opp tabellene som CSV.",
            f"'{fname}' was not opened: {refused[1]}. Save the workbook again from Excel "
            "with only the template's sheets, or upload the tables as CSV.",
            expected=f"≤ {MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} MB",
        )
        return []
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        if "xl/workbook.xml" not in set(zf.namelist()):
            _not_a_spreadsheet(out, fname)
            return []
    try:
        wb = _open_read_only(data)
    except Exception:
        _not_a_spreadsheet(out, fname)
        return []
    tables: list[_RawTable] = []
    try:
        for ws in wb.worksheets:
            sname = str(ws.title)
            key = sname.strip().lower()
            if key in IGNORED_SHEETS:
                continue
            k = SHEET_NAMES.get(key)
            if hasattr(ws, "reset_dimensions"):
                ws.reset_dimensions()  # never trust the sheet's own <dimension> claim
            try:
                rows = _bounded_rows(ws.iter_rows(values_only=True), fname, sname, out, budget)
            except Exception:
                _not_a_spreadsheet(out, fname)
                return []
            if rows is None:
                continue
            split = _split_rows(rows)
            if split is None:
                if k is not None:  # a known sheet left blank: an empty table
                    tables.append(_RawTable(k, fname, sname, TABLES[k].names, 1, []))
                continue
            header_row, header, body = split
            if k is None:
                k = _kind_from_header(header, body)
            if k is None:
                notes.add(
                    file=fname,
                    sheet=sname,
                    message_nb=f"Arket «{sname}» ble ikke lest (ukjent arknavn).",
                    message_en=f"Sheet '{sname}' was not read (unknown sheet name).",
                )
                continue
            tables.append(_RawTable(k, fname, sname, header, header_row, body))
    finally:
        wb.close()
    if not tables and not len(out):
        out.add(
            file=fname,
            sheet=fname,
            expected=", ".join(t.sheet_nb for t in TABLES.values()),
            message_nb=(
                f"Fant ingen av arkene fra malen i «{fname}» "
                f"({', '.join(t.sheet_nb for t in TABLES.values())}). Bruk malen."
            ),
            message_en=(
                f"Found none of the template's sheets in '{fname}' "
                f"({', '.join(t.sheet_en for t in TABLES.values())}). Use the template."
            ),
        )
    return tables


# --------------------------------------------------------------------------- cells


def _cell_problem(
    out: _Problems, raw: _RawTable, row: int, col: Column, value: Any, nb: str, en: str
) -> None:
    out.at(
        raw,
        row,
        col.name,
        value=_show(value),
        expected=col.expected("nb"),
        message_nb=nb,
        message_en=en,
    )


@lru_cache(maxsize=4096)
def _cell_name(text: str, column: str, max_len: int) -> tuple[str | None, tuple[str, str] | None]:
    """A name cell through :func:`normalise_name` (cached: areas and departments repeat)."""
    try:
        name = normalise_name(
            text,
            what_nb=f"Navnet i {column}",
            what_en=f"The name in {column}",
            max_len=max_len,
            min_len=0,
        )
    except InvalidNameError as exc:
        return None, (exc.message_nb, exc.message_en)
    return name, None


def _convert(col: Column, value: Any) -> tuple[Any, tuple[str, str] | None]:
    """(converted value, None) or (None, (message_nb, message_en))."""
    if col.type == "str":
        text = _as_text(value)
        if col.max_len is not None and len(text) > col.max_len:
            return None, (
                f"Teksten i {col.name} er for lang ({fmt_number(len(text))} tegn): høyst "
                f"{col.max_len} tegn. Forkort den.",
                f"The text in {col.name} is too long ({len(text):,} characters): at most "
                f"{col.max_len}. Shorten it.",
            )
        if col.name_like:
            return _cell_name(text, col.name, col.max_len or 120)
        if col.pattern_nb:
            text = text.lower()  # keys: 'Habilitering' is habilitering
        return text, None
    if col.type == "bool":
        b = parse_bool(value)
        if b is None:
            return None, (
                f"«{_show(value)}» er ikke ja eller nei. Tillatte verdier: ja, nei, true, false, 1, 0.",
                f"'{_show(value)}' is not yes or no. Allowed values: ja, nei, true, false, 1, 0.",
            )
        return b, None
    if col.type == "enum":
        s = _as_text(value).lower()
        if s not in col.allowed:
            allowed = ", ".join(col.allowed)
            return None, (
                f"«{_show(value)}» er ikke en gyldig verdi for {col.name}. Tillatte verdier: {allowed}.",
                f"'{_show(value)}' is not an allowed value for {col.name}. Allowed values: {allowed}.",
            )
        return s, None
    x = parse_number(value)
    if x is None:
        return None, (
            f"«{_show(value)}» er ikke et tall. Skriv et tall, for eksempel 9,5 eller 1 846.",
            f"'{_show(value)}' is not a number. Enter a number, for example 9.5 or 1846.",
        )
    if not _in_range(col, x):
        return None, _range_message(col, value)
    if col.type == "int" and not x.is_integer():
        return None, (
            f"«{_show(value)}» er ikke et heltall. {col.name} må være et helt tall.",
            f"'{_show(value)}' is not a whole number. {col.name} must be a whole number.",
        )
    return (int(x) if col.type == "int" else x), None


def _in_range(col: Column, x: float) -> bool:
    if col.lo is not None and (x < col.lo or (x == col.lo and not col.lo_inclusive)):
        return False
    return not (col.hi is not None and (x > col.hi or (x == col.hi and not col.hi_inclusive)))


def _range_message(col: Column, value: Any) -> tuple[str, str]:
    x = parse_number(value)
    too_low = (
        x is not None
        and col.lo is not None
        and (x < col.lo or (x == col.lo and not col.lo_inclusive))
    )
    if x is not None and x < 0 and col.lo is not None and col.lo >= 0:
        word_nb, word_en = "negativ", "negative"
    elif too_low:
        word_nb, word_en = "for liten", "too small"
    else:
        word_nb, word_en = "for stor", "too large"
    shown = _show(value)
    return (
        f"Verdien {shown} for {col.name} er {word_nb}: den må være {col.range('nb')}.",
        f"The value {shown} for {col.name} is {word_en}: it must be {col.range('en')}.",
    )


def _model_problems(
    out: _Problems,
    raw: _RawTable,
    table: Table,
    row: int,
    values: dict[str, Any],
    exc: ValidationError,
) -> None:
    for err in exc.errors():
        name = str(err["loc"][0]) if err["loc"] else ""
        try:
            col = table.column(name)
        except KeyError:
            out.at(
                raw,
                row,
                name,
                message_nb=f"Raden er ugyldig: {err['msg']}.",
                message_en=f"The row is invalid: {err['msg']}.",
            )
            continue
        value = values.get(name)
        kind = err["type"]
        if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
            nb, en = _range_message(col, value)
        elif kind == "string_too_long":
            nb = f"Teksten i {name} er for lang: høyst {col.max_len} tegn."
            en = f"The text in {name} is too long: at most {col.max_len} characters."
        elif kind == "string_too_short":
            nb = f"{name} kan ikke være tom."
            en = f"{name} must not be empty."
        elif kind in ("string_pattern_mismatch", "value_error") and col.pattern_nb:
            nb = f"«{_show(value)}» passer ikke i {name}: bruk {col.pattern_nb}."
            en = f"'{_show(value)}' does not fit {name}: use {col.pattern_en}."
        else:
            nb = f"Ugyldig verdi for {name}: {err['msg']}."
            en = f"Invalid value for {name}: {err['msg']}."
        _cell_problem(out, raw, row, col, value, nb, en)


# --------------------------------------------------------------------------- tables


def _check_header(raw: _RawTable, table: Table, out: _Problems, notes: _Problems) -> bool:
    seen: dict[str, int] = {}
    ok = True
    for i, h in enumerate(raw.header):
        if not h:
            continue
        if h in seen:
            out.at(
                raw,
                raw.header_row,
                h,
                message_nb=f"Kolonnen «{h}» står to ganger i «{raw.sheet}». Slett den ene.",
                message_en=f"Column '{h}' appears twice in '{raw.sheet}'. Delete one of them.",
            )
            ok = False
        seen.setdefault(h, i)
    missing = [c for c in table.required_columns if c not in seen]
    for c in missing:
        out.at(
            raw,
            raw.header_row,
            c,
            expected=", ".join(table.required_columns),
            message_nb=(
                f"Kolonnen «{c}» mangler i «{raw.sheet}». Påkrevde kolonner for "
                f"{table.sheet_nb}: {', '.join(table.required_columns)}."
            ),
            message_en=(
                f"Column '{c}' is missing in '{raw.sheet}'. Required columns for "
                f"{table.sheet_en}: {', '.join(table.required_columns)}."
            ),
        )
    unknown = [h for h in seen if h not in table.names]
    if unknown:
        notes.at(
            raw,
            raw.header_row,
            _show(", ".join(unknown)),
            message_nb=f"Ukjente kolonner ble ikke lest: {_listing(unknown)}.",
            message_en=f"Unknown columns were not read: {_listing(unknown, 'en')}.",
        )
    return ok and not missing


@dataclass
class _Row:
    number: int  # spreadsheet row number (header = 1)
    values: dict[str, Any]  # converted cells (blank optional and invalid cells left out)
    ok: bool  # every cell converted


def _data_rows(raw: _RawTable) -> list[tuple[int, list[Any]]]:
    return [(n, cells) for n, cells in raw.rows if any(not _blank(c) for c in cells)]


def _rows(raw: _RawTable, table: Table, out: _Problems) -> list[_Row]:
    """Converted cells per data row; every cell problem is reported."""
    index = {h: i for i, h in reversed(list(enumerate(raw.header))) if h}
    result: list[_Row] = []
    data_rows = _data_rows(raw)
    if len(data_rows) > MAX_ROWS:
        _too_big(out, raw.file, raw.sheet, "rows", MAX_ROWS)
        return []
    optional_blank = _optional_parameter_rows(raw, index) if table.kind == "parameters" else set()
    for rownum, cells in data_rows:
        if rownum in optional_blank:
            continue  # an optional parameter listed without a value: left out
        values: dict[str, Any] = {}
        bad = False
        for col in table.columns:
            i = index.get(col.name)
            if i is None:
                continue
            value = cells[i] if i < len(cells) else None
            if _blank(value):
                if col.required:
                    exp_nb, exp_en = _expected_words(table, col, values)
                    out.at(
                        raw,
                        rownum,
                        col.name,
                        expected=exp_nb,
                        message_nb=f"{col.name} mangler verdi (påkrevd). Fyll inn {exp_nb}.",
                        message_en=f"{col.name} has no value (required). Enter {exp_en}.",
                    )
                    bad = True
                continue
            converted, problem = _convert(col, value)
            if problem is not None:
                _cell_problem(out, raw, rownum, col, value, *problem)
                bad = True
                continue
            if col.type == "str" and converted == "" and not col.required:
                continue  # only invisible characters: as blank
            values[col.name] = converted
        result.append(_Row(rownum, values, not bad))
    return result


def _optional_parameter_rows(raw: _RawTable, index: dict[str, int]) -> set[int]:
    """Rows naming an optional parameter with no value (the blank template lists them all)."""
    ki, vi = index.get("key"), index.get("value")
    if ki is None or vi is None:
        return set()
    skip = set()
    for n, cells in raw.rows:
        key = cells[ki] if ki < len(cells) else None
        value = cells[vi] if vi < len(cells) else None
        if not _blank(key) and _blank(value) and str(key).strip() not in REQUIRED_PARAMETERS:
            skip.add(n)
    return skip


def _expected_words(table: Table, col: Column, values: dict[str, Any]) -> tuple[str, str]:
    """What a blank required cell needs; a parameter's value: its key's own range."""
    key = values.get("key")
    if table.kind == "parameters" and col.name == "value" and key in PARAMETER_BOUNDS:
        lo, hi = PARAMETER_BOUNDS[str(key)]
        return (
            f"verdien for {key} ({fmt_number(lo)} – {fmt_number(hi)})",
            f"the value of {key} ({fmt_number(lo, 'en')} – {fmt_number(hi, 'en')})",
        )
    return col.expected("nb"), col.expected("en")


def _duplicates(raw: _RawTable, table: Table, rows: list[_Row], out: _Problems) -> None:
    """One problem per repeated key (with its count), however often it is repeated."""
    if not table.key:
        return
    seen: dict[Any, list[int]] = {}
    shown: dict[Any, str] = {}
    for row in rows:
        parts = [row.values.get(c) for c in table.key]
        if any(v is None for v in parts):
            continue
        norm = tuple(name_key(v) if isinstance(v, str) else v for v in parts)
        seen.setdefault(norm, []).append(row.number)
        shown.setdefault(norm, " / ".join(str(v) for v in parts))
    what = " + ".join(table.key)
    col = table.column(table.key[-1])
    for norm, numbers in seen.items():
        if len(numbers) < 2:
            continue
        key = shown[norm]
        n = len(numbers)
        if n == 2:
            where_nb = f"rad {numbers[0]} og rad {numbers[1]}"
            where_en = f"rows {numbers[0]} and {numbers[1]}"
        else:
            rows_txt = ", ".join(str(x) for x in numbers[:5]) + (" …" if n > 5 else "")
            where_nb = f"{fmt_number(n)} ganger: rad {rows_txt}"
            where_en = f"{n:,} times: rows {rows_txt}"
        out.at(
            raw,
            numbers[1],
            col.name if len(table.key) == 1 else ", ".join(table.key),
            value=_show(key),
            expected=col.expected("nb") if len(table.key) == 1 else f"unik {what}",
            message_nb=f"«{_show(key)}» står flere ganger i {what} ({where_nb}). Hver verdi i "
            f"{what} må være unik: rett eller slett de gjentatte radene.",
            message_en=f"'{_show(key)}' appears more than once in {what} ({where_en}). Each "
            f"value in {what} must be unique: fix or delete the repeated rows.",
        )


def _build_models(
    raw: _RawTable, table: Table, rows: list[_Row], out: _Problems
) -> list[tuple[int, Any]]:
    """(row number, validated row) for every row without a problem."""
    models: list[tuple[int, Any]] = []
    for row in rows:
        if not row.ok:
            continue
        if table.model is None:
            models.append((row.number, dict(row.values)))
            continue
        try:
            models.append((row.number, table.model(**row.values)))
        except ValidationError as exc:
            _model_problems(out, raw, table, row.number, row.values, exc)
    return models


def _parameters(raw: _RawTable, rows: list[_Row], out: _Problems) -> dict[str, Any]:
    """Parameter rows by key: known keys only, each within its key's bounds."""
    from model.baseline import Parameter

    table = TABLES["parameters"]
    known = sorted(set(PARAMETER_BOUNDS) | set(REQUIRED_PARAMETERS))
    result: dict[str, Any] = {}
    for row in rows:
        rownum, values = row.number, row.values
        if "key" not in values:
            continue
        key = str(values["key"]).strip()
        if key not in known:
            out.at(
                raw,
                rownum,
                "key",
                value=_show(key),
                expected=", ".join(known),
                message_nb=(
                    f"Ukjent parameter «{_show(key)}». Gyldige nøkler står i arket «forklaring» "
                    "i malen."
                ),
                message_en=(
                    f"Unknown parameter '{_show(key)}'. The valid keys are listed in the "
                    "'forklaring' sheet of the template."
                ),
            )
            continue
        if not row.ok:
            continue
        value = float(values["value"])
        bad = False
        if key in PARAMETER_BOUNDS:
            lo, hi = PARAMETER_BOUNDS[key]
            if not lo <= value <= hi:
                out.at(
                    raw,
                    rownum,
                    "value",
                    value=_show(values["value"]),
                    expected=f"{fmt_number(lo)} – {fmt_number(hi)}",
                    message_nb=(
                        f"Verdien {fmt_number(value)} for {key} er utenfor tillatt område "
                        f"{fmt_number(lo)} – {fmt_number(hi)}."
                    ),
                    message_en=(
                        f"The value {fmt_number(value, 'en')} for {key} is outside the allowed "
                        f"range {fmt_number(lo, 'en')} – {fmt_number(hi, 'en')}."
                    ),
                )
                bad = True
        low, high = values.get("low"), values.get("high")
        if (low is not None and value < low) or (high is not None and value > high):
            out.at(
                raw,
                rownum,
                "low" if low is not None and value < low else "high",
                value=_show(low if low is not None and value < low else high),
                expected="low ≤ value ≤ high",
                message_nb=f"For {key} må low ≤ value ≤ high (lav ≤ verdi ≤ høy).",
                message_en=f"For {key}, low ≤ value ≤ high must hold.",
            )
            bad = True
        if bad:
            continue
        try:
            result[key] = Parameter(**values)
        except ValidationError as exc:
            _model_problems(out, raw, table, rownum, values, exc)
    return result


def _fields(
    raw: _RawTable, table: Table, out: _Problems
) -> tuple[dict[str, Any], list[str], set[str]]:
    """A ``fields`` table: (field → converted value, sources, fields with a problem)."""
    index = {h: i for i, h in reversed(list(enumerate(raw.header))) if h}
    allowed = [f.name for f in table.fields]
    values: dict[str, Any] = {}
    first: dict[str, int] = {}
    sources: list[str] = []
    failed: set[str] = set()

    def cell(cells: list[Any], name: str) -> Any:
        i = index.get(name)
        return cells[i] if i is not None and i < len(cells) else None

    data = _data_rows(raw)
    if all(_blank(cell(cells, "value")) for _, cells in data):
        return {}, [], set()  # field names only (the blank template): an empty table
    for rownum, cells in data:
        fname = _norm_header(cell(cells, "field"))
        if not fname:
            out.at(
                raw,
                rownum,
                "field",
                expected=", ".join(allowed),
                message_nb=f"field mangler verdi. Skriv navnet på feltet, f.eks. {allowed[0]}.",
                message_en=f"field has no value. Enter the field's name, e.g. {allowed[0]}.",
            )
            continue
        if fname not in allowed:
            out.at(
                raw,
                rownum,
                "field",
                value=_show(fname),
                expected=", ".join(allowed),
                message_nb=f"Ukjent felt «{_show(fname)}» i {table.sheet_nb}. Gyldige felt: "
                f"{', '.join(allowed)}.",
                message_en=f"Unknown field '{_show(fname)}' in {table.sheet_en}. Valid fields: "
                f"{', '.join(allowed)}.",
            )
            continue
        if fname in first:
            out.at(
                raw,
                rownum,
                "field",
                value=fname,
                message_nb=f"Feltet {fname} står flere ganger (rad {first[fname]} og rad "
                f"{rownum}). Slett den ene raden.",
                message_en=f"Field {fname} appears more than once (rows {first[fname]} and "
                f"{rownum}). Delete one of the rows.",
            )
            continue
        first[fname] = rownum
        spec = table.field_spec(fname)
        value = cell(cells, "value")
        if _blank(value):
            continue  # a required one is reported below
        converted, problem = _convert(spec, value)
        if problem is not None:
            out.at(
                raw,
                rownum,
                "value",
                value=_show(value),
                expected=spec.expected("nb"),
                message_nb=f"{fname}: {problem[0]}",
                message_en=f"{fname}: {problem[1]}",
            )
            failed.add(fname)
            continue
        if not (spec.type == "str" and converted == "" and not spec.required):
            values[fname] = converted
        src = cell(cells, "source")
        if "source" in table.names and not _blank(src):
            text, problem = _convert(table.column("source"), src)
            if problem is None:
                sources.append(text)
            else:
                _cell_problem(out, raw, rownum, table.column("source"), src, *problem)
    for spec in table.fields:
        if not spec.required or spec.name in values or spec.name in failed:
            continue
        if table.kind == "about":
            continue  # about: the upload form may give the name and year instead
        if spec.name in first:
            out.at(
                raw,
                first[spec.name],
                "value",
                expected=spec.expected("nb"),
                message_nb=f"{spec.name} mangler verdi (påkrevd). Fyll inn {spec.expected('nb')}.",
                message_en=f"{spec.name} has no value (required). Enter {spec.expected('en')}.",
            )
        else:
            out.add(
                file=raw.file,
                sheet=raw.sheet,
                column="field",
                expected=spec.name,
                message_nb=f"Feltet {spec.name} mangler i «{raw.sheet}». Legg til en rad med "
                f"field = {spec.name} og verdien i value ({spec.expected('nb')}).",
                message_en=f"Field {spec.name} is missing in '{raw.sheet}'. Add a row with "
                f"field = {spec.name} and the value in value ({spec.expected('en')}).",
            )
    return values, sources, failed


# --------------------------------------------------------------------------- entry point


def _meta_problem(
    out: _Problems, column: str, value: Any, nb: str, en: str, *, from_file: bool = True
) -> None:
    """A problem with the name, municipality or year: in the about sheet or in the form."""
    out.add(
        sheet="om" if from_file else "",
        column=column,
        value=_show(value),
        message_nb=nb,
        message_en=en,
    )


def _reserved_default() -> tuple[str, ...]:
    try:
        from model.loader import BUILTIN

        return ("demo", *BUILTIN)
    except Exception:  # pragma: no cover - the loader is part of the model
        return ("demo",)


@dataclass
class _Parts:
    """What the upload held, table by table (None: not uploaded)."""

    raws: dict[Kind, _RawTable] = field(default_factory=dict)
    lists: dict[Kind, list[tuple[int, Any]]] = field(default_factory=dict)
    fields: dict[Kind, dict[str, Any]] = field(default_factory=dict)
    sources: dict[Kind, list[str]] = field(default_factory=dict)
    parameters: dict[str, Any] = field(default_factory=dict)
    failed: dict[Kind, set[str]] = field(default_factory=dict)  #: fields with a problem
    rows: dict[Kind, list[_Row]] = field(default_factory=dict)  #: converted cells per row
    counts: dict[str, int] = field(default_factory=dict)


def validate_upload(
    files: list[tuple[str, bytes]],
    *,
    name: str | None = None,
    municipality: str | None = None,
    year: int | None = None,
    template: Baseline | None = None,
    kind: Kind | None = None,
    reserved_names: Iterable[str] | None = None,
) -> ImportReport:
    """Read and check uploaded files; never writes anything.

    ``files`` are ``(file name, bytes)`` pairs. ``name``, ``municipality`` and ``year``
    (the upload form) win over the ``about`` table; ``None`` or ``""`` means "take it from
    ``about``". ``template`` is accepted for older callers and ignored: nothing is taken
    from another baseline. ``kind`` forces the table of CSV files. ``reserved_names``
    (default: ``demo`` and the shipped baselines) cannot be used as the name; names are
    compared with :func:`storage.names.name_key`, so look-alikes are reserved too.
    """
    del template
    out = _Problems()
    notes = _Problems()
    budget = _Budget()
    if kind is not None and kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    if not files:
        out.add(
            message_nb="Ingen filer er lastet opp. Last opp malen utfylt, eller én CSV-fil per "
            "tabell.",
            message_en="No files were uploaded. Upload the filled-in template, or one CSV file "
            "per table.",
        )
    elif len(files) > MAX_FILES:
        out.add(
            expected=f"≤ {MAX_FILES}",
            message_nb=f"For mange filer ({len(files)}); høyst {MAX_FILES}. Last opp én fil per "
            "tabell, eller malen som én Excel-fil.",
            message_en=f"Too many files ({len(files)}); at most {MAX_FILES}. Upload one file "
            "per table, or the template as one Excel file.",
        )
        files = []
    elif sum(len(d) for _, d in files) > MAX_TOTAL_UPLOAD_BYTES:
        total_mb = MAX_TOTAL_UPLOAD_BYTES // (1024 * 1024)
        out.add(
            expected=f"≤ {total_mb} MB",
            message_nb=f"Filene er til sammen for store (høyst {total_mb} MB). Fjern ark, rader "
            "eller filer som ikke trengs.",
            message_en=f"The files are too large together (at most {total_mb} MB). Remove "
            "sheets, rows or files that are not needed.",
        )
        files = []

    raw_tables: list[_RawTable] = []
    for fname, data in files:
        shown = _show(PurePath(str(fname or "fil")).name) or "fil"
        raw_tables.extend(_read_file(shown, bytes(data), kind, out, notes, budget))

    parts = _Parts()
    for raw in raw_tables:
        if raw.kind in parts.raws:
            other = parts.raws[raw.kind]
            t = TABLES[raw.kind]
            out.add(
                file=raw.file,
                sheet=raw.sheet,
                message_nb=(
                    f"Tabellen {t.sheet_nb} er lastet opp to ganger («{other.sheet}» og "
                    f"«{raw.sheet}»). Last opp hver tabell bare én gang."
                ),
                message_en=(
                    f"The {t.sheet_en} table was uploaded twice ('{other.sheet}' and "
                    f"'{raw.sheet}'). Upload each table only once."
                ),
            )
            continue
        parts.raws[raw.kind] = raw

    for k in KINDS:
        found = parts.raws.get(k)
        if found is None:
            continue
        raw = found
        table = TABLES[k]
        if not _check_header(raw, table, out, notes):
            continue
        if table.shape == "fields":
            values, sources, failed = _fields(raw, table, out)
            parts.failed[k] = failed
            parts.fields[k] = values
            parts.sources[k] = sources
            parts.counts[k] = len(values)
            continue
        rows = _rows(raw, table, out)
        parts.rows[k] = rows
        parts.counts[k] = len(rows)
        _duplicates(raw, table, rows, out)
        if k == "parameters":
            parts.parameters = _parameters(raw, rows, out)
        else:
            parts.lists[k] = _build_models(raw, table, rows, out)

    _cross_checks(parts, out)
    about = parts.fields.get("about", {})
    bad_about = parts.failed.get("about", set())
    out_meta = _Problems() if bad_about else out  # already reported in the about sheet
    final_name = _meta_name(
        name, about, out if "name" not in bad_about else out_meta, reserved_names
    )
    final_muni = _meta_municipality(municipality, about, out)
    final_year = _meta_year(year, about, out if "year" not in bad_about else out_meta)
    missing = [k for k in KINDS if k not in parts.raws]
    if files:
        _required_tables(parts, missing, final_name, final_year, out)

    baseline: Baseline | None = None
    if not len(out) and final_name is not None and final_year is not None:
        baseline = _assemble(parts, final_name, final_muni, final_year, about, out, notes)
    for k in KINDS:
        t = TABLES[k]
        if t.required or (k not in missing and parts.counts.get(k, 0)):
            continue
        how_nb, how_en = (
            ("er ikke lastet opp og er tom", "was not uploaded and is empty")
            if k in missing
            else ("er tom", "is empty")
        )
        notes.add(
            sheet=t.sheet_nb,
            message_nb=f"Tabellen {t.sheet_nb} ({t.title_nb}) {how_nb}. {t.empty_nb}",
            message_en=f"The {t.sheet_en} table ({t.title_en}) {how_en}. {t.empty_en}",
        )
    problems = out.final()
    published = {f.key: f.value for f in baseline.published_figures} if baseline is not None else {}
    return ImportReport(
        ok=not problems and baseline is not None,
        problems=problems,
        warnings=notes.final(),
        baseline=baseline if not problems else None,
        tables={k: parts.counts[k] for k in KINDS if k in parts.counts},
        missing=missing,
        published=published if not problems else {},
    )


def _meta_name(
    given: str | None, about: dict[str, Any], out: _Problems, reserved: Iterable[str] | None
) -> str | None:
    raw = given if given not in (None, "") else about.get("name")
    if raw in (None, ""):
        _meta_problem(
            out,
            "name",
            "",
            "Grunnlaget mangler navn. Skriv et navn i skjemaet, eller fyll ut feltet name i "
            "arket om (about.csv).",
            "The baseline has no name. Enter a name in the form, or fill in the field name "
            "in the about sheet (about.csv).",
        )
        return None
    try:
        name = normalise_name(
            str(raw), what_nb="Navnet på datasettet", what_en="The data set's name", max_len=80
        )
    except InvalidNameError as exc:
        _meta_problem(out, "name", raw, exc.message_nb, exc.message_en, from_file=not given)
        return None
    taken = {name_key(r): r for r in (_reserved_default() if reserved is None else reserved)}
    if name_key(name) in taken:
        _meta_problem(
            out,
            "name",
            name,
            f"Navnet «{name}» er reservert for de innebygde dataene («{taken[name_key(name)]}»). "
            "Velg et annet navn.",
            f"The name '{name}' is reserved for the built-in data ('{taken[name_key(name)]}'). "
            "Choose another name.",
            from_file=not given,
        )
        return None
    return name


def _meta_municipality(given: str | None, about: dict[str, Any], out: _Problems) -> str:
    raw = given if given not in (None, "") else about.get("municipality", "")
    try:
        return normalise_name(
            str(raw or ""), what_nb="Kommunenavnet", what_en="The municipality", min_len=0
        )
    except InvalidNameError as exc:
        _meta_problem(out, "municipality", raw, exc.message_nb, exc.message_en, from_file=not given)
        return ""


def _meta_year(given: int | None, about: dict[str, Any], out: _Problems) -> int | None:
    raw: Any = given if given not in (None, 0) else about.get("year")
    if raw is None:
        _meta_problem(
            out,
            "year",
            "",
            "Året mangler. Fyll inn året i skjemaet, eller feltet year i arket om (about.csv).",
            "The year is missing. Enter the year in the form, or the field year in the about "
            "sheet (about.csv).",
        )
        return None
    if isinstance(raw, bool) or not isinstance(raw, int) or not 2000 <= raw <= 2100:
        _meta_problem(
            out,
            "year",
            raw,
            "Året må være et heltall mellom 2000 og 2100.",
            "The year must be a whole number from 2000 to 2100.",
            from_file=given in (None, 0),
        )
        return None
    return int(raw)


def _required_tables(
    parts: _Parts, missing: list[str], name: str | None, year: int | None, out: _Problems
) -> None:
    for k in missing:
        t = TABLES[k]
        if not t.required or k == "about":  # about: the form may stand in for it
            continue
        out.add(
            sheet=t.sheet_nb,
            expected=f"{t.sheet_nb} / {t.file}",
            message_nb=f"Tabellen {t.sheet_nb} ({t.title_nb}) mangler. {t.empty_nb} Last den opp "
            f"som arket {t.sheet_nb} i malen eller som filen {t.file}.",
            message_en=f"The {t.sheet_en} table ({t.title_en}) is missing. {t.empty_en} Upload "
            f"it as the {t.sheet_en} sheet of the template or as the file {t.file}.",
        )
    raw = parts.raws.get("parameters")
    if raw is None:
        return
    given = {
        str(r.values.get("key"))
        for r in _rows_quiet(raw, TABLES["parameters"])
        if r.values.get("key")
    }
    absent = [k for k in REQUIRED_PARAMETERS if k not in given]
    for key in absent:
        out.add(
            file=raw.file,
            sheet=raw.sheet,
            column="key",
            expected=key,
            message_nb=f"Parameteren {key} mangler i «{raw.sheet}». Legg til en rad med key = "
            f"{key}, verdi og enhet (se arket «forklaring» i malen).",
            message_en=f"Parameter {key} is missing in '{raw.sheet}'. Add a row with key = "
            f"{key}, its value and unit (see the 'forklaring' sheet of the template).",
        )


def _rows_quiet(raw: _RawTable, table: Table) -> list[_Row]:
    return _rows(raw, table, _Problems())


def _assemble(
    parts: _Parts,
    name: str,
    municipality: str,
    year: int,
    about: dict[str, Any],
    out: _Problems,
    notes: _Problems,
) -> Baseline | None:
    data: dict[str, Any] = {
        "name": name,
        "municipality": municipality,
        "year": year,
        "description": about.get("description", ""),
        "slug": about.get("slug", ""),
        "source": about.get("source", ""),
        "description_en": about.get("description_en", ""),
        "source_en": about.get("source_en", ""),
        "parameters": {k: p.model_dump() for k, p in parts.parameters.items()},
    }
    for k, t in TABLES.items():
        if t.target is not None:
            data[t.target] = [
                m.model_dump() if isinstance(m, BaseModel) else m for _, m in parts.lists.get(k, [])
            ]
    try:
        baseline = Baseline.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            out.add(
                column=".".join(str(x) for x in err["loc"]),
                message_nb=f"Datasettet er ugyldig: {err['msg']}.",
                message_en=f"The data set is invalid: {err['msg']}.",
            )
        return None
    _references(baseline, notes)
    return baseline


def _cross_checks(parts: _Parts, out: _Problems) -> None:
    """Keys one table takes from another (services, place types), with row and column."""
    services = [m.key for _, m in parts.lists.get("services", [])]
    known = services or list(SERVICES)
    where_nb = "tjenestetabellen" if services else "standardlisten (uten tjenestetabell)"
    where_en = "the services table" if services else "the standard list (no services table)"
    place_types = [m.key for _, m in parts.lists.get("nursing_place_types", [])]
    checks: list[tuple[Kind, str, list[str], str, str]] = [
        ("sites", "service", known, where_nb, where_en),
        ("departments", "service", known, where_nb, where_en),
    ]
    if place_types:
        checks.append(
            ("nursing_homes", "place_type", place_types, "plasstypetabellen", "the place types")
        )
    for kind, column, allowed, in_nb, in_en in checks:
        raw = parts.raws.get(kind)
        if raw is None:
            continue
        for row in parts.rows.get(kind, []):
            number, value = row.number, row.values.get(column)
            if value is None or value in allowed:
                continue
            out.at(
                raw,
                number,
                column,
                value=_show(value),
                expected=_show(", ".join(allowed)),
                message_nb=f"«{_show(value)}» i {column} finnes ikke i {in_nb}: "
                f"{_listing(allowed)}. Bruk en av disse, eller legg den til.",
                message_en=f"'{_show(value)}' in {column} is not in {in_en}: "
                f"{_listing(allowed, 'en')}. Use one of these, or add it.",
            )


def _references(b: Baseline, notes: _Problems) -> None:
    """Names that point at rows that do not exist: notes, each listing at most a few."""
    sites = set(b.site_names())
    depts = {d.name for d in b.departments}
    checks = [
        ("lokasjoner", "sites", "department", depts, [s.department for s in b.sites]),
        ("refusjonsbrukere", "refund_users", "site", sites, [u.site for u in b.refund_users]),
        (
            "refusjonsbrukere",
            "refund_users",
            "department",
            depts,
            [u.department for u in b.refund_users],
        ),
    ]
    for sheet_nb, sheet_en, column, known, used in checks:
        if not known and column == "department":
            continue
        unknown = sorted({u for u in used if u and u not in known})
        if not unknown:
            continue
        target_nb = "avdelinger" if column == "department" else "lokasjoner"
        target_en = "departments" if column == "department" else "sites"
        notes.add(
            sheet=sheet_nb,
            column=column,
            value=_show(_listing(unknown)),
            message_nb=f"{fmt_number(len(unknown))} navn i {sheet_nb}.{column} finnes ikke i "
            f"{target_nb}: {_listing(unknown)}. Rett navnene eller legg til radene.",
            message_en=f"{len(unknown)} names in {sheet_en}.{column} are not in {target_en}: "
            f"{_listing(unknown, 'en')}. Fix the names or add the rows.",
        )


# --------------------------------------------------------------------------- folders


def folder_files(folder: str | Path) -> list[tuple[str, bytes]]:
    """The table files of a baseline folder as ``(name, bytes)``, as an upload would send."""
    d = Path(folder)
    known = {t.file for t in TABLES.values()}
    return [(p.name, p.read_bytes()) for p in sorted(d.iterdir()) if p.name in known]


def read_baseline_folder(folder: str | Path, *, name: str | None = None) -> ImportReport:
    """Validate a baseline folder (``data/baselines/<slug>/``) exactly as an upload of its
    CSV files would be. Nothing is reserved (a shipped folder keeps its own name); the
    folder's name stands in for a ``name`` or ``slug`` that ``about.csv`` lacks, as in
    :func:`model.loader.load_baseline`.
    """
    d = Path(folder)
    files = folder_files(d)
    given: set[str] = set()
    for fname, data in files:
        if fname == "about.csv":
            given = {
                line.split(",", 1)[0].strip()
                for line in data.decode("utf-8-sig", "replace").splitlines()
            }
    if "slug" not in given:
        files = [
            (n, data + (b"" if data.endswith(b"\n") else b"\n") + f"slug,{d.name}\n".encode())
            if n == "about.csv"
            else (n, data)
            for n, data in files
        ]
    return validate_upload(
        files, name=name or (None if "name" in given else d.name), reserved_names=()
    )


def iter_tables() -> Iterator[Table]:
    """Every table of a baseline, in template order (for pages that list them)."""
    yield from TABLES.values()
