"""Input tables of the economic plan and their CSV parsers (pure: text in, rows out).

Four kinds of file, each a tidy table a municipality can export or type in:

* ``kostra`` — key figures in the layout of a KOSTRA/StatBank table export:
  ``region, indicator, year, value`` (one row per region, indicator and year).
* ``population`` — a population projection in the layout of Statistics Norway's
  projection tables (e.g. table 14288): ``region, age, year, alternative, value``,
  optionally ``sex`` (summed). Ages are single years (``85``, ``85 år``), bands
  (``80-84 år``) or open bands (``90+``, ``105 år eller eldre``).
* ``coverage`` — the *innsatstrapp*: users per inhabitant per age group and level of
  care, with FTE and cost per user.
* ``budget`` — the budget frame, the economic plan's savings requirement and the
  accounts per year.

Every parser validates all rows before returning anything and raises
:class:`ParseError` with one :class:`Problem` per fault (file, line, column, value,
what was expected, in bokmål and English). Sizes are capped (:data:`MAX_BYTES`,
:data:`MAX_ROWS`).
"""

from __future__ import annotations

import csv
import functools
import io
import math
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

MAX_BYTES = 5 * 1024 * 1024  #: per file
MAX_ROWS = 100_000  #: data rows per file
MAX_PROBLEMS = 50  #: problems listed per file (the rest are counted)
MIN_YEAR, MAX_YEAR = 1990, 2100

Status = Literal["published", "derived", "reconstructed", "assumption"]
Kind = Literal["kostra", "population", "coverage", "budget", "areas"]
LEVELS: tuple[str, ...] = ("hjemmetjenester", "hdo", "sykehjem")
LEVEL_LABELS: dict[str, tuple[str, str]] = {
    "hjemmetjenester": ("Hjemmetjenester", "Home care"),
    "hdo": ("Heldøgns omsorgsbolig", "24/7 care housing"),
    "sykehjem": ("Sykehjem", "Nursing home"),
}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# ------------------------------------------------------------------------ problems
class Problem(_Frozen):
    """One fault in an uploaded file. ``line`` is the line in the file (header = 1);
    0 means the whole file."""

    file: str = ""
    line: int = 0
    column: str = ""
    value: str = ""
    expected: str = ""
    message_nb: str
    message_en: str

    def text(self, lang: str = "nb") -> str:
        nb = lang != "en"
        where = [self.file] if self.file else []
        if self.line:
            where.append(("linje " if nb else "line ") + str(self.line))
        if self.column:
            where.append(("kolonne " if nb else "column ") + self.column)
        msg = self.message_nb if nb else self.message_en
        parts = [", ".join(where) + ": " + msg if where else msg]
        if self.value:
            parts.append(("verdi «" if nb else "value '") + self.value[:40] + ("»" if nb else "'"))
        if self.expected:
            parts.append(("forventet: " if nb else "expected: ") + self.expected)
        return " — ".join(parts)


class ParseError(ValueError):
    """The file was rejected; nothing from it may be used or written."""

    def __init__(self, problems: list[Problem], dropped: int = 0) -> None:
        self.problems = problems
        self.dropped = dropped
        super().__init__("; ".join(p.text("en") for p in problems[:5]))

    def texts(self, lang: str = "nb") -> list[str]:
        out = [p.text(lang) for p in self.problems]
        if self.dropped:
            out.append(
                f"… og {self.dropped} feil til" if lang != "en" else f"… and {self.dropped} more"
            )
        return out


class _Collector:
    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[Problem] = []
        self.dropped = 0

    def add(
        self,
        nb: str,
        en: str,
        *,
        line: int = 0,
        column: str = "",
        value: str = "",
        expected: str = "",
    ) -> None:
        if len(self.items) >= MAX_PROBLEMS:
            self.dropped += 1
            return
        self.items.append(
            Problem(
                file=self.file,
                line=line,
                column=column,
                value=value,
                expected=expected,
                message_nb=nb,
                message_en=en,
            )
        )

    def raise_if_any(self) -> None:
        if self.items:
            raise ParseError(self.items, self.dropped)


# --------------------------------------------------------------------- row types
class KostraRow(_Frozen):
    region: str = Field(min_length=1, max_length=120)
    indicator: str = Field(min_length=1, max_length=300)
    year: int = Field(ge=MIN_YEAR, le=MAX_YEAR)
    value: float | None = Field(description="None where the export has '.', '..' or ':'")


class PopulationRow(_Frozen):
    region: str
    age_from: int = Field(ge=0, le=130)
    age_to: int | None = Field(description="inclusive; None = open band ('90+')")
    year: int = Field(ge=MIN_YEAR, le=MAX_YEAR)
    alternative: str
    sex: str = ""
    value: float = Field(ge=0)


class CoverageRow(_Frozen):
    level: str
    age_group: str
    users_per_inhabitant: float = Field(ge=0, le=1)
    fte_per_user: float = Field(ge=0, le=20)
    cost_per_user_nok: float = Field(ge=0, le=1e8)
    status: Status = "assumption"
    source: str = ""
    source_en: str = Field(default="", description="English source; empty = show bokmål")


class BudgetRow(_Frozen):
    year: int = Field(ge=MIN_YEAR, le=MAX_YEAR)
    frame_nok: float | None = Field(default=None, ge=0, description="budget frame (ramme)")
    savings_requirement_nok: float | None = Field(
        default=None, description="the economic plan's savings requirement vs the base budget"
    )
    actual_nok: float | None = Field(default=None, ge=0, description="accounts (regnskap)")
    status: Status = "assumption"
    source: str = ""
    source_en: str = Field(default="", description="English source; empty = show bokmål")


class AreaRow(_Frozen):
    """A service area of the need-adjusted benchmark (one row of the reports' table)."""

    area: str = Field(pattern=r"^[a-z0-9_]{1,40}$")
    label_nb: str
    label_en: str = ""
    cost_indicator: str = Field(default="", description="KOSTRA indicator, NOK per inhabitant")
    need_indicator: str = Field(
        default="", description="need index (1 = average); empty if already need-corrected"
    )
    stated_nok: float | None = Field(
        default=None, description="published gap when the report gives no per-inhabitant figures"
    )
    status: Status = "published"
    source: str = ""
    source_en: str = Field(default="", description="English source; empty = show bokmål")


# ------------------------------------------------------------------------ helpers
_MISSING = {"", ".", "..", "...", ":", "-", "–"}
_NUM_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def parse_number(text: str) -> float | None:
    """'1 234,5' / '1234.5' / '−6,7' → float; SSB's missing symbols → None.
    Raises ValueError for anything else."""
    t = text.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    t = t.replace("−", "-")
    if t in _MISSING:
        return None
    if "," in t:
        if "." in t:  # '1.234,5'
            t = t.replace(".", "")
        t = t.replace(",", ".")
    if not _NUM_RE.match(t):
        raise ValueError(text)
    v = float(t)
    if not math.isfinite(v):
        raise ValueError(text)
    return v


def _norm(h: str) -> str:
    return re.sub(r"\s+", " ", h.replace("\ufeff", "").strip().strip('"').lower())


def read_table(
    text: str, file: str, columns: dict[str, tuple[str, ...]], required: Iterable[str]
) -> list[tuple[int, dict[str, str]]]:
    """Split CSV text (',', ';' or tab) into (line, {canonical column: text}) rows.

    ``columns`` maps each canonical name to its accepted headers (lower case).
    Raises ParseError for size, encoding-independent layout and header problems."""
    out = _Collector(file)
    if len(text.encode("utf-8", errors="replace")) > MAX_BYTES:
        out.add(
            "Filen er for stor.",
            "The file is too large.",
            expected=f"≤ {MAX_BYTES // (1024 * 1024)} MB",
        )
        out.raise_if_any()
    text = text.lstrip("\ufeff")
    lines = text.splitlines()
    first = next((ln for ln in lines if ln.strip()), "")
    if not first:
        out.add("Filen er tom.", "The file is empty.", expected="en overskriftslinje og data")
        out.raise_if_any()
    delim = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delim)
    try:
        header = next(reader)
    except (csv.Error, StopIteration):
        out.add("Kunne ikke lese overskriftslinjen.", "Could not read the header line.", line=1)
        out.raise_if_any()
        return []
    alias = {a: canon for canon, names in columns.items() for a in (canon, *names)}
    index: dict[str, int] = {}
    for i, h in enumerate(header):
        canon = alias.get(_norm(h))
        if canon is not None and canon not in index:
            index[canon] = i
    missing = [c for c in required if c not in index]
    if missing:
        for c in missing:
            out.add(
                f"Kolonnen «{c}» mangler. Gi en kolonne dette navnet (eller {', '.join(columns[c][:3])}).",
                f"Column '{c}' is missing. Name a column so (or {', '.join(columns[c][:3])}).",
                line=1,
                column=c,
                value=delim.join(header)[:80],
                expected=", ".join(required),
            )
        out.raise_if_any()
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        for rec in reader:
            if not any(x.strip() for x in rec):
                continue
            if len(rows) >= MAX_ROWS:
                out.add(
                    f"For mange rader (mer enn {MAX_ROWS}). Del opp filen eller ta med færre år/regioner.",
                    f"Too many rows (more than {MAX_ROWS}). Split the file or include fewer years/regions.",
                    expected=f"≤ {MAX_ROWS}",
                )
                break
            line = reader.line_num
            rows.append((line, {c: (rec[i] if i < len(rec) else "") for c, i in index.items()}))
    except csv.Error as e:
        out.add(
            f"Ugyldig CSV: {e}", f"Invalid CSV: {e}", line=reader.line_num, expected="gyldig CSV"
        )
    if not rows and not out.items:
        out.add("Filen har ingen datarader.", "The file has no data rows.", expected="≥ 1 rad")
    out.raise_if_any()
    return rows


def _num(
    out: _Collector,
    line: int,
    col: str,
    raw: str,
    *,
    required: bool = True,
    lo: float | None = None,
    hi: float | None = None,
) -> float | None:
    try:
        v = parse_number(raw)
    except ValueError:
        out.add(
            "Ikke et tall.",
            "Not a number.",
            line=line,
            column=col,
            value=raw,
            expected="et tall, f.eks. 1 234,5",
        )
        return None
    if v is None:
        if required:
            out.add(
                "Verdien mangler.",
                "The value is missing.",
                line=line,
                column=col,
                value=raw,
                expected="et tall",
            )
        return None
    if (lo is not None and v < lo) or (hi is not None and v > hi):
        rng = f"{lo if lo is not None else '…'} – {hi if hi is not None else '…'}"
        out.add(
            "Verdien er utenfor gyldig område.",
            "The value is out of range.",
            line=line,
            column=col,
            value=raw,
            expected=rng,
        )
        return None
    return v


_YEAR_RE = re.compile(r"^\s*(\d{4})\s*$")


def _year(out: _Collector, line: int, col: str, raw: str) -> int | None:
    m = _YEAR_RE.match(raw)
    if not m or not MIN_YEAR <= int(m.group(1)) <= MAX_YEAR:
        out.add(
            "Ugyldig årstall.",
            "Invalid year.",
            line=line,
            column=col,
            value=raw,
            expected=f"et år {MIN_YEAR}–{MAX_YEAR}",
        )
        return None
    return int(m.group(1))


def _status(out: _Collector, line: int, raw: str) -> Status:
    v = raw.strip().lower() or "assumption"
    if v not in ("published", "derived", "reconstructed", "assumption"):
        out.add(
            "Ukjent status.",
            "Unknown status.",
            line=line,
            column="status",
            value=raw,
            expected="published, derived, reconstructed, assumption",
        )
        return "assumption"
    return v  # type: ignore[return-value]


# ----------------------------------------------------------------------- KOSTRA
KOSTRA_COLUMNS: dict[str, tuple[str, ...]] = {
    "region": ("kommune", "region/kommune", "municipality"),
    "indicator": ("indikator", "statistikkvariabel", "contents", "nøkkeltall", "variable"),
    "year": ("år", "aar", "årgang", "time", "period"),
    "value": ("verdi", "tall", "kr"),
}


def parse_kostra(text: str, file: str = "kostra.csv") -> list[KostraRow]:
    rows = read_table(text, file, KOSTRA_COLUMNS, ("region", "indicator", "year", "value"))
    out = _Collector(file)
    res: list[KostraRow] = []
    seen: dict[tuple[str, str, int], int] = {}
    for line, r in rows:
        region, ind = r["region"].strip(), r["indicator"].strip()
        if not region:
            out.add("Region mangler.", "Region is missing.", line=line, column="region")
        if not ind:
            out.add("Indikator mangler.", "Indicator is missing.", line=line, column="indicator")
        if len(region) > 120 or len(ind) > 300:
            out.add(
                "Teksten er for lang.",
                "The text is too long.",
                line=line,
                column="region" if len(region) > 120 else "indicator",
                expected="≤ 120 / 300 tegn",
            )
            continue
        y = _year(out, line, "year", r["year"])
        v = _num(out, line, "value", r["value"], required=False, lo=-1e12, hi=1e12)
        if region and ind and y is not None:
            key = (region, ind, y)
            if key in seen:
                out.add(
                    f"Samme region, indikator og år står også på linje {seen[key]}. Fjern den ene.",
                    f"The same region, indicator and year is also on line {seen[key]}. Remove one.",
                    line=line,
                    column="indicator",
                    value=ind,
                )
                continue
            seen[key] = line
            if not out.items:
                res.append(KostraRow(region=region, indicator=ind, year=y, value=v))
    out.raise_if_any()
    return res


# ------------------------------------------------------------------- population
POPULATION_COLUMNS: dict[str, tuple[str, ...]] = {
    "region": ("kommune", "region/kommune", "municipality"),
    "age": ("alder", "aldersgruppe", "age group"),
    "year": ("år", "aar", "time"),
    "alternative": ("alternativ", "framskrivingsalternativ", "projection alternative"),
    "value": ("verdi", "personer", "folkemengde", "persons", "population"),
    "sex": ("kjønn", "kjonn", "gender"),
}
_AGE_SINGLE = re.compile(r"^(\d{1,3})\s*(år)?$")
_AGE_BAND = re.compile(r"^(\d{1,3})\s*[-–]\s*(\d{1,3})\s*(år)?$")
_AGE_OPEN = re.compile(r"^(\d{1,3})\s*(\+|år\s*\+|år eller eldre|years? or older|or older)$")


@functools.lru_cache(maxsize=4096)
def parse_age(raw: str) -> tuple[int, int | None]:
    """'85' / '85 år' → (85, 85); '80-84 år' → (80, 84); '90+' / '105 år eller eldre'
    → (90, None). Raises ValueError. (Cached: a projection repeats ~100 labels.)"""
    t = " ".join(raw.lower().split())
    if m := _AGE_SINGLE.match(t):
        return int(m.group(1)), int(m.group(1))
    if m := _AGE_BAND.match(t):
        a, b = int(m.group(1)), int(m.group(2))
        if b < a:
            raise ValueError(raw)
        return a, b
    if m := _AGE_OPEN.match(t):
        return int(m.group(1)), None
    raise ValueError(raw)


def parse_population(text: str, file: str = "befolkning.csv") -> list[PopulationRow]:
    rows = read_table(
        text, file, POPULATION_COLUMNS, ("region", "age", "year", "alternative", "value")
    )
    out = _Collector(file)
    res: list[PopulationRow] = []
    seen: dict[tuple[str, int, int | None, int, str, str], int] = {}
    spans: dict[tuple[str, int, str, str], list[tuple[int, int | None, int, str]]] = {}
    for line, r in rows:
        try:
            a0, a1 = parse_age(r["age"])
        except ValueError:
            out.add(
                "Ukjent aldersangivelse.",
                "Unrecognised age.",
                line=line,
                column="age",
                value=r["age"],
                expected="85, 85 år, 80-84 år, 90+ eller 105 år eller eldre",
            )
            continue
        y = _year(out, line, "year", r["year"])
        v = _num(out, line, "value", r["value"], lo=0, hi=1e8)
        region, alt = r["region"].strip(), r["alternative"].strip()
        if not region or not alt:
            col = "region" if not region else "alternative"
            out.add(
                "Feltet er tomt.",
                "The field is empty.",
                line=line,
                column=col,
                expected="f.eks. 4640 Sogndal" if col == "region" else "f.eks. MMMM",
            )
            continue
        if y is None or v is None:
            continue
        sex = r.get("sex", "").strip()
        key = (region, a0, a1, y, alt, sex)
        if key in seen:
            out.add(
                f"Samme region, alder, år og alternativ står også på linje {seen[key]}.",
                f"The same region, age, year and alternative is also on line {seen[key]}.",
                line=line,
                column="age",
                value=r["age"],
                expected="én rad per region, alder, år (og kjønn)",
            )
            continue
        seen[key] = line
        spans.setdefault((region, y, alt, sex), []).append((a0, a1, line, r["age"]))
        res.append(
            PopulationRow(
                region=region[:120],
                age_from=a0,
                age_to=a1,
                year=y,
                alternative=alt[:120],
                sex=sex[:20],
                value=v,
            )
        )
    for group in spans.values():
        group.sort()
        for (_a, b, line1, age1), (a2, _b2, line2, age2) in zip(group, group[1:]):
            if b is None or a2 <= b:
                out.add(
                    f"Alder «{age2}» overlapper «{age1}» på linje {line1} (samme region, år og "
                    "alternativ). Bruk aldersgrupper som ikke overlapper.",
                    f"Age '{age2}' overlaps '{age1}' on line {line1} (same region, year and "
                    "alternative). Use age groups that do not overlap.",
                    line=line2,
                    column="age",
                    value=age2,
                    expected="aldre som ikke overlapper",
                )
    out.raise_if_any()
    return res


# ---------------------------------------------------------------------- coverage
COVERAGE_COLUMNS: dict[str, tuple[str, ...]] = {
    "level": ("nivå", "tjenestenivå", "tjeneste"),
    "age_group": ("aldersgruppe", "alder", "age"),
    "users_per_inhabitant": ("dekningsgrad", "andel", "rate", "coverage"),
    "fte_per_user": ("årsverk per bruker", "arsverk_per_bruker"),
    "cost_per_user_nok": ("kostnad per bruker", "kostnad_per_bruker_kr"),
    "status": (),
    "source": ("kilde",),
    "source_en": ("kilde_en", "source (english)"),
}


def parse_coverage(text: str, file: str = "dekningsgrader.csv") -> list[CoverageRow]:
    req = ("level", "age_group", "users_per_inhabitant", "fte_per_user", "cost_per_user_nok")
    rows = read_table(text, file, COVERAGE_COLUMNS, req)
    out = _Collector(file)
    res: list[CoverageRow] = []
    seen: dict[tuple[str, str], int] = {}
    for line, r in rows:
        level = r["level"].strip().lower()
        if level not in LEVELS:
            out.add(
                "Ukjent tjenestenivå.",
                "Unknown level of care.",
                line=line,
                column="level",
                value=r["level"],
                expected=", ".join(LEVELS),
            )
            continue
        group = r["age_group"].strip()
        try:
            parse_age(group)
        except ValueError:
            out.add(
                "Ukjent aldersgruppe.",
                "Unknown age group.",
                line=line,
                column="age_group",
                value=group,
                expected="f.eks. 0-66, 67-79, 80-89, 90+",
            )
            continue
        rate = _num(out, line, "users_per_inhabitant", r["users_per_inhabitant"], lo=0, hi=1)
        f = _num(out, line, "fte_per_user", r["fte_per_user"], lo=0, hi=20)
        c = _num(out, line, "cost_per_user_nok", r["cost_per_user_nok"], lo=0, hi=1e8)
        st = _status(out, line, r.get("status", ""))
        key = (level, group)
        if key in seen:
            out.add(
                f"Samme nivå og aldersgruppe står også på linje {seen[key]}.",
                f"The same level and age group is also on line {seen[key]}.",
                line=line,
                column="age_group",
                value=group,
            )
            continue
        seen[key] = line
        if rate is None or f is None or c is None:
            continue
        res.append(
            CoverageRow(
                level=level,
                age_group=group,
                users_per_inhabitant=rate,
                fte_per_user=f,
                cost_per_user_nok=c,
                status=st,
                source=r.get("source", "").strip()[:300],
                source_en=r.get("source_en", "").strip()[:300],
            )
        )
    out.raise_if_any()
    # every level must have the same fte and cost per user (one unit cost per level)
    return res


# ------------------------------------------------------------------------ budget
BUDGET_COLUMNS: dict[str, tuple[str, ...]] = {
    "year": ("år", "aar"),
    "frame_nok": ("ramme", "ramme_kr", "budsjettramme", "frame"),
    "savings_requirement_nok": ("innsparingskrav", "innsparingskrav_kr", "savings requirement"),
    "actual_nok": ("regnskap", "regnskap_kr", "accounts", "actual"),
    "status": (),
    "source": ("kilde",),
    "source_en": ("kilde_en", "source (english)"),
}


def parse_budget(text: str, file: str = "budsjett.csv") -> list[BudgetRow]:
    rows = read_table(text, file, BUDGET_COLUMNS, ("year",))
    out = _Collector(file)
    res: list[BudgetRow] = []
    seen: dict[int, int] = {}
    for line, r in rows:
        y = _year(out, line, "year", r["year"])
        fr = _num(out, line, "frame_nok", r.get("frame_nok", ""), required=False, lo=0, hi=1e12)
        req = _num(
            out,
            line,
            "savings_requirement_nok",
            r.get("savings_requirement_nok", ""),
            required=False,
            lo=-1e12,
            hi=1e12,
        )
        act = _num(out, line, "actual_nok", r.get("actual_nok", ""), required=False, lo=0, hi=1e12)
        st = _status(out, line, r.get("status", ""))
        if y is None:
            continue
        if y in seen:
            out.add(
                f"Året står også på linje {seen[y]}.",
                f"The year is also on line {seen[y]}.",
                line=line,
                column="year",
                value=str(y),
                expected="én rad per år",
            )
            continue
        seen[y] = line
        res.append(
            BudgetRow(
                year=y,
                frame_nok=fr,
                savings_requirement_nok=req,
                actual_nok=act,
                status=st,
                source=r.get("source", "").strip()[:300],
                source_en=r.get("source_en", "").strip()[:300],
            )
        )
    out.raise_if_any()
    return sorted(res, key=lambda b: b.year)


# ------------------------------------------------------------------------- areas
AREA_COLUMNS: dict[str, tuple[str, ...]] = {
    "area": ("område", "tjenesteområde"),
    "label_nb": ("navn", "label"),
    "label_en": ("name",),
    "cost_indicator": ("kostnadsindikator",),
    "need_indicator": ("behovsindikator", "utgiftsbehov"),
    "stated_nok": ("publisert_kr", "oppgitt_kr"),
    "status": (),
    "source": ("kilde",),
    "source_en": ("kilde_en", "source (english)"),
}


def parse_areas(text: str, file: str = "omrader.csv") -> list[AreaRow]:
    rows = read_table(text, file, AREA_COLUMNS, ("area", "label_nb"))
    out = _Collector(file)
    res: list[AreaRow] = []
    for line, r in rows:
        area = r["area"].strip()
        if not re.match(r"^[a-z0-9_]{1,40}$", area):
            out.add(
                "Ugyldig områdenøkkel.",
                "Invalid area key.",
                line=line,
                column="area",
                value=area,
                expected="små bokstaver, tall og _ (f.eks. eldre)",
            )
            continue
        stated = _num(out, line, "stated_nok", r.get("stated_nok", ""), required=False)
        cost = r.get("cost_indicator", "").strip()
        if not cost and stated is None:
            out.add(
                "Oppgi enten kostnadsindikator eller publisert beløp.",
                "Give either a cost indicator or a stated amount.",
                line=line,
                column="cost_indicator",
                expected="cost_indicator eller stated_nok",
            )
            continue
        st = _status(out, line, r.get("status", "") or "published")
        res.append(
            AreaRow(
                area=area,
                label_nb=r["label_nb"].strip()[:200],
                label_en=r.get("label_en", "").strip()[:200],
                cost_indicator=cost[:300],
                need_indicator=r.get("need_indicator", "").strip()[:300],
                stated_nok=stated,
                status=st,
                source=r.get("source", "").strip()[:300],
                source_en=r.get("source_en", "").strip()[:300],
            )
        )
    out.raise_if_any()
    return res


PARSERS: dict[str, Callable[[str, str], Sequence[BaseModel]]] = {
    "kostra": parse_kostra,
    "population": parse_population,
    "coverage": parse_coverage,
    "budget": parse_budget,
    "areas": parse_areas,
}
