"""A municipality's own data in: sites, departments and cost parameters from CSV or Excel.

:func:`validate_upload` reads every uploaded file, checks every cell and returns an
:class:`ImportReport` listing *all* problems (bokmål and English, with sheet, row and
column) — nothing is written anywhere. When the report is ``ok`` its ``baseline`` is the
template baseline with the uploaded tables in place of its own, ready for
``Store.import_baseline(report)`` (or ``Store.save_baseline(report.baseline)``).

Accepted input
--------------
* Excel ``.xlsx`` with sheets ``lokasjoner``/``sites``, ``avdelinger``/``departments`` and
  ``parametere``/``parameters`` (any subset; a ``forklaring`` sheet is ignored).
* CSV, one table per file; the table is the ``kind`` argument, else recognised from the
  header, else from the file name. UTF-8 (with or without BOM) or UTF-16 with BOM;
  separator ``,``, ``;`` or tab (detected).
* Numbers with decimal comma or point and spaces as thousands separators (``1 846,5``);
  booleans as ``ja/nei``, ``true/false``, ``1/0`` (also ``yes/no``).

Rows are numbered as in a spreadsheet: the header is row 1, the first data row is row 2.
"""

from __future__ import annotations

import csv
import io
import math
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from model.baseline import Baseline
from model.params import PARAMETER_BOUNDS
from storage.columns import (
    FALSE_WORDS,
    KINDS,
    SHEET_NAMES,
    TABLES,
    TRUE_WORDS,
    Column,
    Kind,
    Table,
    fmt_number,
)

MAX_UPLOAD_BYTES = 5 * 1024 * 1024  #: per file
MAX_UNCOMPRESSED_BYTES = 60 * 1024 * 1024  #: an .xlsx unpacked (guards against zip bombs)
MAX_ROWS = 20_000  #: data rows per table
MAX_PROBLEMS = 1000  #: after this many, one final problem says how many more there were
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
    tables: dict[str, int] = {}  #: rows read per table kind

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
    return str(value).replace("\ufeff", "").strip().lower()


_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")


def parse_number(value: Any) -> float | None:
    """A number from a cell: 9.5, '9,5', '1 846', '1 846,5', '−3'. None if not a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        x = float(value)
        return x if math.isfinite(x) else None
    if not isinstance(value, str):
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
    fname: str, data: bytes, kind: Kind | None, out: _Problems, notes: _Problems
) -> list[_RawTable]:
    ext = PurePath(fname).suffix.lower()
    if len(data) > MAX_UPLOAD_BYTES:
        _file_problem(
            out,
            fname,
            f"«{fname}» er for stor ({fmt_number(round(len(data) / 1e6, 1))} MB). Største "
            f"tillatte filstørrelse er {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.",
            f"'{fname}' is too large ({fmt_number(round(len(data) / 1e6, 1), 'en')} MB). "
            f"The largest file allowed is {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.",
            expected=f"≤ {MAX_UPLOAD_BYTES // (1024 * 1024)} MB",
        )
        return []
    if not data.replace(b"\xef\xbb\xbf", b"").strip():
        _file_problem(
            out,
            fname,
            f"«{fname}» er tom.",
            f"'{fname}' is empty.",
        )
        return []
    if data.startswith(b"\xd0\xcf\x11\xe0") or ext == ".xls":
        _file_problem(
            out,
            fname,
            f"«{fname}» er i det gamle Excel-formatet (.xls). Åpne den i Excel og lagre som "
            "«Excel-arbeidsbok (*.xlsx)».",
            f"'{fname}' is in the old Excel format (.xls). Open it in Excel and save it as "
            "'Excel Workbook (*.xlsx)'.",
            expected=".xlsx",
        )
        return []
    if ext in XLSX_EXTENSIONS or (ext not in CSV_EXTENSIONS and data.startswith(b"PK\x03\x04")):
        return _read_xlsx(fname, data, out, notes)
    if ext in CSV_EXTENSIONS or ext == "":
        if _looks_binary(data):
            _not_a_spreadsheet(out, fname)
            return []
        return _read_csv(fname, data, kind, out)
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
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _detect_kind(header: list[str], name: str) -> Kind | None:
    cols = set(header)
    full = [k for k in KINDS if set(TABLES[k].required) <= cols]
    if len(full) == 1:
        return full[0]
    if len(full) > 1:
        return max(full, key=lambda k: len(cols & set(TABLES[k].names)))
    stem = PurePath(name).stem.lower()
    for k in KINDS:
        t = TABLES[k]
        if any(a in stem for a in (t.sheet_nb, t.sheet_en, *t.aliases)):
            return k
    scores = {k: len(cols & set(TABLES[k].required)) / len(TABLES[k].required) for k in KINDS}
    best = max(scores, key=lambda k: scores[k])
    if scores[best] >= 0.5 and list(scores.values()).count(scores[best]) == 1:
        return best
    return None


def _unknown_table(out: _Problems, fname: str, sheet: str) -> None:
    out.add(
        file=fname,
        sheet=sheet,
        row=1,
        expected="lokasjoner / avdelinger / parametere",
        message_nb=(
            f"Kan ikke se hvilken tabell «{sheet}» er. Bruk kolonnenavnene fra malen, eller "
            "kall filen/arket lokasjoner, avdelinger eller parametere."
        ),
        message_en=(
            f"Cannot tell which table '{sheet}' is. Use the column names from the template, "
            "or name the file/sheet sites, departments or parameters."
        ),
    )


def _split_rows(rows: list[tuple[int, list[Any]]]) -> tuple[int, list[str], list[Any]] | None:
    """(header row number, normalised header, remaining rows) or None if no header."""
    for i, (rownum, cells) in enumerate(rows):
        if any(not _blank(c) for c in cells):
            return rownum, [_norm_header(c) for c in cells], rows[i + 1 :]
    return None


def _read_csv(fname: str, data: bytes, kind: Kind | None, out: _Problems) -> list[_RawTable]:
    text = _decode(fname, data, out)
    if text is None:
        return []
    if not text.strip():
        _file_problem(out, fname, f"«{fname}» er tom.", f"'{fname}' is empty.")
        return []
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
        rows = [(n, list(r)) for n, r in enumerate(reader, start=1)]
    except csv.Error as exc:
        _file_problem(
            out,
            fname,
            f"«{fname}» kan ikke leses som CSV: {exc}.",
            f"'{fname}' cannot be read as CSV: {exc}.",
        )
        return []
    split = _split_rows(rows)
    if split is None:
        _file_problem(out, fname, f"«{fname}» er tom.", f"'{fname}' is empty.")
        return []
    header_row, header, body = split
    k = kind or _detect_kind(header, fname)
    if k is None:
        _unknown_table(out, fname, fname)
        return []
    return [_RawTable(k, fname, fname, header, header_row, body)]


def _read_xlsx(fname: str, data: bytes, out: _Problems, notes: _Problems) -> list[_RawTable]:
    if not data.startswith(b"PK\x03\x04"):
        _not_a_spreadsheet(out, fname)
        return []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            unpacked = sum(i.file_size for i in zf.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        _not_a_spreadsheet(out, fname)
        return []
    if "xl/workbook.xml" not in names:
        _not_a_spreadsheet(out, fname)
        return []
    if unpacked > MAX_UNCOMPRESSED_BYTES:
        _file_problem(
            out,
            fname,
            f"«{fname}» er for stor når den pakkes ut. Fjern ark og data som ikke trengs.",
            f"'{fname}' is too large when unpacked. Remove sheets and data that are not needed.",
        )
        return []
    try:
        import openpyxl

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=False)
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
            if (ws.max_row or 0) > MAX_ROWS + 50:
                out.add(
                    file=fname,
                    sheet=sname,
                    expected=f"≤ {MAX_ROWS} rader",
                    message_nb=f"Arket «{sname}» har for mange rader (mer enn {MAX_ROWS}).",
                    message_en=f"Sheet '{sname}' has too many rows (more than {MAX_ROWS}).",
                )
                continue
            rows = [(n, list(r)) for n, r in enumerate(ws.iter_rows(values_only=True), start=1)]
            split = _split_rows(rows)
            k = SHEET_NAMES.get(key)
            if split is None:
                if k is not None:
                    out.add(
                        file=fname,
                        sheet=sname,
                        message_nb=f"Arket «{sname}» er tomt.",
                        message_en=f"Sheet '{sname}' is empty.",
                    )
                continue
            header_row, header, body = split
            if k is None:
                full = [t for t in KINDS if set(TABLES[t].required) <= set(header)]
                k = full[0] if len(full) == 1 else None
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
            expected="lokasjoner, avdelinger, parametere",
            message_nb=(
                f"Fant ingen av arkene lokasjoner, avdelinger eller parametere i «{fname}». "
                "Bruk malen."
            ),
            message_en=(
                f"Found none of the sheets sites, departments or parameters in '{fname}'. "
                "Use the template."
            ),
        )
    return tables


# --------------------------------------------------------------------------- cells


def _cell_problem(
    out: _Problems, raw: _RawTable, row: int, col: Column, value: Any, nb: str, en: str
) -> None:
    out.add(
        file=raw.file,
        sheet=raw.sheet,
        row=row,
        column=col.name,
        value=_show(value),
        expected=col.expected("nb"),
        message_nb=nb,
        message_en=en,
    )


def _convert(col: Column, value: Any) -> tuple[Any, tuple[str, str] | None]:
    """(converted value, None) or (None, (message_nb, message_en))."""
    shown = _show(value)
    if col.type == "str":
        text = _as_text(value)
        if col.max_len is not None and len(text) > col.max_len:
            return None, (
                f"Teksten i {col.name} er for lang: høyst {col.max_len} tegn.",
                f"The text in {col.name} is too long: at most {col.max_len} characters.",
            )
        return text, None
    if col.type == "bool":
        b = parse_bool(value)
        if b is None:
            return None, (
                f"«{shown}» er ikke ja eller nei. Tillatte verdier: ja, nei, true, false, 1, 0.",
                f"'{shown}' is not yes or no. Allowed values: ja, nei, true, false, 1, 0.",
            )
        return b, None
    if col.type == "enum":
        s = _as_text(value).lower()
        if s not in col.allowed:
            allowed = ", ".join(col.allowed)
            return None, (
                f"«{shown}» er ikke en gyldig verdi for {col.name}. Tillatte verdier: {allowed}.",
                f"'{shown}' is not an allowed value for {col.name}. Allowed values: {allowed}.",
            )
        return s, None
    x = parse_number(value)
    if x is None:
        return None, (
            f"«{shown}» er ikke et tall. Skriv et tall, for eksempel 9,5 eller 1 846.",
            f"'{shown}' is not a number. Enter a number, for example 9.5 or 1846.",
        )
    if col.type == "int" and not x.is_integer():
        return None, (
            f"«{shown}» er ikke et heltall. {col.name} må være et helt tall.",
            f"'{shown}' is not a whole number. {col.name} must be a whole number.",
        )
    if not _in_range(col, x):
        return None, _range_message(col, value)
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
            out.add(
                file=raw.file,
                sheet=raw.sheet,
                row=row,
                column=name,
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
            out.add(
                file=raw.file,
                sheet=raw.sheet,
                row=raw.header_row,
                column=h,
                message_nb=f"Kolonnen «{h}» står to ganger i «{raw.sheet}».",
                message_en=f"Column '{h}' appears twice in '{raw.sheet}'.",
            )
            ok = False
        seen.setdefault(h, i)
    missing = [c for c in table.required if c not in seen]
    for c in missing:
        out.add(
            file=raw.file,
            sheet=raw.sheet,
            row=raw.header_row,
            column=c,
            expected=", ".join(table.required),
            message_nb=(
                f"Kolonnen «{c}» mangler i «{raw.sheet}». Påkrevde kolonner for "
                f"{table.sheet_nb}: {', '.join(table.required)}."
            ),
            message_en=(
                f"Column '{c}' is missing in '{raw.sheet}'. Required columns for "
                f"{table.sheet_en}: {', '.join(table.required)}."
            ),
        )
    unknown = [h for h in seen if h not in table.names]
    if unknown:
        notes.add(
            file=raw.file,
            sheet=raw.sheet,
            row=raw.header_row,
            column=", ".join(unknown),
            message_nb=f"Ukjente kolonner ble ikke lest: {', '.join(unknown)}.",
            message_en=f"Unknown columns were not read: {', '.join(unknown)}.",
        )
    return ok and not missing


@dataclass
class _Row:
    number: int  # spreadsheet row number (header = 1)
    values: dict[str, Any]  # converted cells (blank optional and invalid cells left out)
    ok: bool  # every cell converted


def _rows(raw: _RawTable, table: Table, out: _Problems) -> list[_Row]:
    """Converted cells per data row; every cell problem is reported."""
    index = {h: i for i, h in reversed(list(enumerate(raw.header))) if h}
    result: list[_Row] = []
    data_rows = [(n, cells) for n, cells in raw.rows if any(not _blank(c) for c in cells)]
    if not data_rows:
        out.add(
            file=raw.file,
            sheet=raw.sheet,
            row=0,
            message_nb=f"«{raw.sheet}» har overskrifter, men ingen rader med data.",
            message_en=f"'{raw.sheet}' has a header but no rows of data.",
        )
        return []
    if len(data_rows) > MAX_ROWS:
        out.add(
            file=raw.file,
            sheet=raw.sheet,
            expected=f"≤ {MAX_ROWS}",
            message_nb=f"«{raw.sheet}» har for mange rader (høyst {MAX_ROWS}).",
            message_en=f"'{raw.sheet}' has too many rows (at most {MAX_ROWS}).",
        )
        return []
    for rownum, cells in data_rows:
        values: dict[str, Any] = {}
        bad = False
        for col in table.columns:
            i = index.get(col.name)
            if i is None:
                continue
            value = cells[i] if i < len(cells) else None
            if _blank(value):
                if col.required:
                    _cell_problem(
                        out,
                        raw,
                        rownum,
                        col,
                        value,
                        f"{col.name} mangler verdi (påkrevd).",
                        f"{col.name} has no value (required).",
                    )
                    bad = True
                continue
            converted, problem = _convert(col, value)
            if problem is not None:
                _cell_problem(out, raw, rownum, col, value, *problem)
                bad = True
                continue
            values[col.name] = converted
        result.append(_Row(rownum, values, not bad))
    return result


def _duplicates(raw: _RawTable, table: Table, rows: list[_Row], out: _Problems) -> None:
    first: dict[str, int] = {}
    what_nb = {"sites": "Lokasjonen", "departments": "Avdelingen", "parameters": "Parameteren"}
    what_en = {"sites": "Site", "departments": "Department", "parameters": "Parameter"}
    for row in rows:
        rownum = row.number
        key = row.values.get(table.key)
        if key is None:
            continue
        norm = str(key).strip().casefold()
        if norm in first:
            col = table.column(table.key)
            _cell_problem(
                out,
                raw,
                rownum,
                col,
                key,
                f"{what_nb[table.kind]} «{key}» står flere ganger (rad {first[norm]} og rad "
                f"{rownum}). Hvert navn må være unikt.",
                f"{what_en[table.kind]} '{key}' appears more than once (rows {first[norm]} "
                f"and {rownum}). Each name must be unique.",
            )
        else:
            first[norm] = rownum


def _build_models(
    raw: _RawTable, table: Table, rows: list[_Row], out: _Problems
) -> list[BaseModel]:
    models: list[BaseModel] = []
    for row in rows:
        if not row.ok:
            continue
        try:
            models.append(table.model(**row.values))
        except ValidationError as exc:
            _model_problems(out, raw, table, row.number, row.values, exc)
    return models


def _parameters(
    raw: _RawTable,
    rows: list[_Row],
    template: Baseline,
    municipality: str,
    year: int,
    out: _Problems,
) -> dict[str, Any]:
    from model.baseline import Parameter

    table = TABLES["parameters"]
    known = sorted(set(PARAMETER_BOUNDS) | set(template.parameters))
    result: dict[str, Any] = {}
    for row in rows:
        rownum, values = row.number, row.values
        if "key" not in values:
            continue
        key = str(values["key"]).strip()
        if key not in known:
            out.add(
                file=raw.file,
                sheet=raw.sheet,
                row=rownum,
                column="key",
                value=_show(key),
                expected=", ".join(known),
                message_nb=(
                    f"Ukjent parameter «{key}». Gyldige nøkler står i arket «forklaring» i malen."
                ),
                message_en=(
                    f"Unknown parameter '{key}'. The valid keys are listed in the "
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
                out.add(
                    file=raw.file,
                    sheet=raw.sheet,
                    row=rownum,
                    column="value",
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
            out.add(
                file=raw.file,
                sheet=raw.sheet,
                row=rownum,
                column="low" if low is not None and value < low else "high",
                value=_show(low if low is not None and value < low else high),
                expected="low ≤ value ≤ high",
                message_nb=f"For {key} må low ≤ value ≤ high (lav ≤ verdi ≤ høy).",
                message_en=f"For {key}, low ≤ value ≤ high must hold.",
            )
            bad = True
        base = template.parameters.get(key)
        unit = values.get("unit") or (base.unit if base else "")
        if not unit:
            col = table.column("unit")
            _cell_problem(
                out,
                raw,
                rownum,
                col,
                "",
                f"unit mangler for {key} (påkrevd for parametere som ikke finnes i grunnlaget).",
                f"unit is missing for {key} (required for parameters not in the baseline).",
            )
            bad = True
        if bad:
            continue
        data = {
            "key": key,
            "value": value,
            "unit": unit,
            "label_nb": values.get("label_nb") or (base.label_nb if base else ""),
            "label_en": values.get("label_en") or (base.label_en if base else ""),
            "year": values.get("year", year),
            "municipality": values.get("municipality", municipality),
            "source": values.get("source", ""),
            "low": low,
            "high": high,
            "note": values.get("note", ""),
        }
        if "status" in values:
            data["status"] = values["status"]
        try:
            result[key] = Parameter(**data)
        except ValidationError as exc:
            _model_problems(out, raw, table, rownum, data, exc)
    return result


# --------------------------------------------------------------------------- entry point


def _check_meta(name: str, municipality: str, year: int, out: _Problems) -> None:
    def meta(column: str, value: Any, nb: str, en: str) -> None:
        out.add(column=column, value=_show(value), message_nb=nb, message_en=en)

    if not 1 <= len(name) <= 80:
        meta(
            "name",
            name,
            "Navnet på datasettet må ha 1–80 tegn.",
            "The name of the data set must have 1–80 characters.",
        )
    elif name.lower() == "demo":
        meta(
            "name",
            name,
            "Navnet «demo» er reservert for demodataene. Velg et annet navn.",
            "The name 'demo' is reserved for the demo data. Choose another name.",
        )
    if len(municipality) > 120:
        meta(
            "municipality",
            municipality,
            "Kommunenavnet kan ha høyst 120 tegn.",
            "The municipality may have at most 120 characters.",
        )
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
        meta("year", year, "Året må være mellom 2000 og 2100.", "The year must be 2000–2100.")


def validate_upload(
    files: list[tuple[str, bytes]],
    *,
    name: str,
    municipality: str,
    year: int,
    template: Baseline,
    kind: Kind | None = None,
) -> ImportReport:
    """Read and check uploaded files; never writes anything.

    ``files`` are ``(file name, bytes)`` pairs. ``kind`` ("sites" | "departments" |
    "parameters") forces the table of CSV files; otherwise it is recognised from the
    header or the file name.
    """
    out = _Problems()
    notes = _Problems()
    name = (name or "").strip()
    municipality = (municipality or "").strip()
    _check_meta(name, municipality, year, out)
    if kind is not None and kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    if not files:
        out.add(
            message_nb="Ingen filer er lastet opp.",
            message_en="No files were uploaded.",
        )

    raw_tables: list[_RawTable] = []
    for fname, data in files:
        raw_tables.extend(_read_file(fname or "fil", bytes(data), kind, out, notes))

    by_kind: dict[Kind, _RawTable] = {}
    for raw in raw_tables:
        if raw.kind in by_kind:
            other = by_kind[raw.kind]
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
        by_kind[raw.kind] = raw

    sites: list[BaseModel] | None = None
    departments: list[BaseModel] | None = None
    parameters: dict[str, Any] = {}
    counts: dict[str, int] = {}
    for k, raw in by_kind.items():
        table = TABLES[k]
        if not _check_header(raw, table, out, notes):
            continue
        rows = _rows(raw, table, out)
        counts[k] = len(rows)
        if not rows:
            continue
        _duplicates(raw, table, rows, out)
        if k == "parameters":
            parameters = _parameters(raw, rows, template, municipality, year, out)
        elif k == "sites":
            sites = _build_models(raw, table, rows, out)
        else:
            departments = _build_models(raw, table, rows, out)

    baseline: Baseline | None = None
    if not len(out):
        baseline = _assemble(
            template, name, municipality, year, sites, departments, parameters, out, notes
        )
    problems = out.final()
    return ImportReport(
        ok=not problems and baseline is not None,
        problems=problems,
        warnings=notes.final(),
        baseline=baseline if not problems else None,
        tables=counts,
    )


def _assemble(
    template: Baseline,
    name: str,
    municipality: str,
    year: int,
    sites: list[BaseModel] | None,
    departments: list[BaseModel] | None,
    parameters: dict[str, Any],
    out: _Problems,
    notes: _Problems,
) -> Baseline | None:
    data = template.model_dump()
    replaced = [
        label
        for label, given in (
            ("lokasjoner", sites is not None),
            ("avdelinger", departments is not None),
            ("parametere", bool(parameters)),
        )
        if given
    ]
    data.update(
        name=name,
        municipality=municipality,
        year=year,
        description=(
            f"Egne data for {municipality or name} ({year}): "
            + (", ".join(replaced) or "ingen tabeller")
            + f". Resten fra grunnlaget «{template.name}»."
        ),
    )
    if sites is not None:
        data["sites"] = [s.model_dump() for s in sites]
    if departments is not None:
        data["departments"] = [d.model_dump() for d in departments]
    if parameters:
        merged = dict(data["parameters"])
        merged.update({k: p.model_dump() for k, p in parameters.items()})
        data["parameters"] = merged
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
    site_names = set(baseline.site_names())
    orphans = sorted({u.site for u in baseline.refund_users if u.site and u.site not in site_names})
    if sites is not None and orphans:
        notes.add(
            sheet="lokasjoner",
            message_nb=(
                f"Brukere med statlig refusjon er hentet fra «{template.name}» og viser til "
                f"{len(orphans)} lokasjoner som ikke finnes i opplastingen; de regnes uten "
                "lokasjon."
            ),
            message_en=(
                f"Users with state refund come from '{template.name}' and refer to "
                f"{len(orphans)} sites not in the upload; they are counted without a site."
            ),
        )
    dept_names = {d.name for d in baseline.departments}
    unknown_depts = sorted(
        {s.department for s in baseline.sites if s.department and s.department not in dept_names}
    )
    if dept_names and unknown_depts:
        notes.add(
            sheet="lokasjoner",
            column="department",
            value=_show(", ".join(unknown_depts)),
            message_nb="Noen lokasjoner viser til avdelinger som ikke finnes: "
            + ", ".join(unknown_depts)
            + ".",
            message_en="Some sites refer to departments that do not exist: "
            + ", ".join(unknown_depts)
            + ".",
        )
    return baseline
