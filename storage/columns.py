"""The tables a municipality can upload: columns, types, bounds, meanings and examples.

Shared by the importer (validation), the template (``forklaring`` sheet) and tests.
Bounds come from the model's pydantic fields so that they can never drift apart.
Column names are those of ``data/demo/sites.csv``, ``departments.csv`` and
``parameters.csv``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from annotated_types import Ge, Gt, Le, Lt, MaxLen, MinLen
from pydantic import BaseModel

from model.baseline import Department, Parameter, Service, Site, Status
from model.params import PARAMETER_BOUNDS

Kind = Literal["sites", "departments", "parameters"]
ColumnType = Literal["str", "int", "float", "bool", "enum"]

KINDS: tuple[Kind, ...] = ("sites", "departments", "parameters")
SERVICES: tuple[str, ...] = tuple(s.value for s in Service)
STATUSES: tuple[str, ...] = tuple(get_args(Status))
TRUE_WORDS = ("ja", "true", "1", "yes", "j", "sant")
FALSE_WORDS = ("nei", "false", "0", "no", "n", "usant")


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    required: bool
    meaning_nb: str
    meaning_en: str
    unit: str = ""
    allowed: tuple[str, ...] = ()
    example: Any = None
    default_nb: str = ""
    lo: float | None = None
    lo_inclusive: bool = True
    hi: float | None = None
    hi_inclusive: bool = True
    max_len: int | None = None
    min_len: int | None = None

    def range(self, lang: str = "nb") -> str:
        return range_words(self.lo, self.lo_inclusive, self.hi, self.hi_inclusive, lang=lang)

    def expected(self, lang: str = "nb") -> str:
        """A short description of what a cell must hold, e.g. 'heltall fra 0 til 100'."""
        nb = lang != "en"
        if self.type == "bool":
            return "ja eller nei" if nb else "yes or no (ja/nei, true/false, 1/0)"
        if self.type == "enum":
            return ("én av: " if nb else "one of: ") + ", ".join(self.allowed)
        if self.type == "str":
            if self.max_len:
                if nb:
                    return f"tekst, høyst {self.max_len} tegn"
                return f"text, at most {self.max_len} characters"
            return "tekst" if nb else "text"
        noun = (
            ("heltall" if nb else "whole number")
            if self.type == "int"
            else ("tall" if nb else "number")
        )
        return noun + describe_range(
            self.lo, self.lo_inclusive, self.hi, self.hi_inclusive, lang=lang
        )


def fmt_number(x: float, lang: str = "nb") -> str:
    """1846 → '1 846' (nb, no-break space) / '1,846' (en); 0.5 → '0,5' / '0.5'."""
    try:
        from babel.numbers import format_decimal

        return str(format_decimal(x, locale="nb_NO" if lang != "en" else "en_GB"))
    except Exception:  # pragma: no cover - babel is a dependency; keep messages working
        return f"{x:g}"


def range_words(
    lo: float | None,
    lo_inclusive: bool,
    hi: float | None,
    hi_inclusive: bool,
    *,
    lang: str = "nb",
) -> str:
    """'minst 0 og høyst 100' / 'at least 0 and at most 100' ('' without bounds)."""
    nb = lang != "en"
    parts: list[str] = []
    if lo is not None:
        if lo_inclusive:
            parts.append(("minst " if nb else "at least ") + fmt_number(lo, lang))
        else:
            parts.append(("større enn " if nb else "greater than ") + fmt_number(lo, lang))
    if hi is not None:
        if hi_inclusive:
            parts.append(("høyst " if nb else "at most ") + fmt_number(hi, lang))
        else:
            parts.append(("mindre enn " if nb else "less than ") + fmt_number(hi, lang))
    return (" og " if nb else " and ").join(parts)


def describe_range(
    lo: float | None,
    lo_inclusive: bool,
    hi: float | None,
    hi_inclusive: bool,
    *,
    lang: str = "nb",
) -> str:
    """' (minst 0 og høyst 100)' or '' without bounds."""
    words = range_words(lo, lo_inclusive, hi, hi_inclusive, lang=lang)
    return f" ({words})" if words else ""


def _with_bounds(model: type[BaseModel], col: Column) -> Column:
    info = model.model_fields.get(col.name)
    if info is None:
        return col
    lo, lo_inc, hi, hi_inc = col.lo, col.lo_inclusive, col.hi, col.hi_inclusive
    max_len, min_len = col.max_len, col.min_len
    for m in info.metadata:
        if isinstance(m, Ge):
            lo, lo_inc = float(m.ge), True  # type: ignore[arg-type]
        elif isinstance(m, Gt):
            lo, lo_inc = float(m.gt), False  # type: ignore[arg-type]
        elif isinstance(m, Le):
            hi, hi_inc = float(m.le), True  # type: ignore[arg-type]
        elif isinstance(m, Lt):
            hi, hi_inc = float(m.lt), False  # type: ignore[arg-type]
        elif isinstance(m, MaxLen):
            max_len = m.max_length
        elif isinstance(m, MinLen):
            min_len = m.min_length
    return Column(
        **{
            **col.__dict__,
            "lo": lo,
            "lo_inclusive": lo_inc,
            "hi": hi,
            "hi_inclusive": hi_inc,
            "max_len": max_len,
            "min_len": min_len,
        }
    )


@dataclass(frozen=True)
class Table:
    kind: Kind
    sheet_nb: str
    sheet_en: str
    title_nb: str
    title_en: str
    model: type[BaseModel]
    columns: tuple[Column, ...]
    key: str = "name"
    aliases: tuple[str, ...] = field(default=())

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    def example_row(self) -> list[Any]:
        return [c.example for c in self.columns]

    def sheet(self, lang: str = "nb") -> str:
        return self.sheet_en if lang == "en" else self.sheet_nb


_STATUS = Column(
    "status",
    "enum",
    False,
    "Hvor tallene kommer fra: publisert, utledet, rekonstruert eller antakelse",
    "Where the figures come from: published, derived, reconstructed or assumption",
    allowed=STATUSES,
    example="published",
    default_nb="published",
)

SITES = Table(
    kind="sites",
    sheet_nb="lokasjoner",
    sheet_en="sites",
    title_nb="Lokasjoner med nattbemanning",
    title_en="Sites with night staffing",
    model=Site,
    aliases=("lokasjon", "site", "bolig"),
    columns=tuple(
        _with_bounds(Site, c)
        for c in (
            Column(
                "name",
                "str",
                True,
                "Navn på lokasjonen (unikt)",
                "Site name (unique)",
                example="Eksempelvegen bofellesskap",
            ),
            Column(
                "service",
                "enum",
                True,
                "Tjenesten lokasjonen hører til",
                "Service",
                allowed=SERVICES,
                example="habilitering",
            ),
            Column(
                "area",
                "str",
                False,
                "Område (brukes når lokasjoner slås sammen per område)",
                "Area (used when sites are merged by area)",
                example="Sentrum",
            ),
            Column(
                "department",
                "str",
                False,
                "Avdelingen lokasjonen hører til",
                "Department the site belongs to",
                example="Eksempel avdeling",
            ),
            Column(
                "places",
                "int",
                True,
                "Antall plasser (boenheter)",
                "Places (units)",
                unit="plasser",
                example=6,
            ),
            Column(
                "housing",
                "bool",
                False,
                "Bolig (ja) eller personalbase/ambulant base (nei)",
                "Housing (yes) or a staff/ambulant base (no)",
                example="ja",
                default_nb="ja",
            ),
            Column(
                "awake",
                "int",
                True,
                "Våkne (aktive) nattevakter per natt",
                "Awake (active) night staff per night",
                unit="personer",
                example=1,
            ),
            Column(
                "resting",
                "int",
                True,
                "Hvilende (passive) nattevakter per natt",
                "Resting (passive) night staff per night",
                unit="personer",
                example=0,
            ),
            Column(
                "shift_hours",
                "float",
                True,
                "Lengden på nattevakten",
                "Length of the night shift",
                unit="timer",
                example=9.5,
            ),
            Column(
                "dognturnus",
                "bool",
                False,
                "Har lokasjonen døgnturnus (medleverturnus) i dag",
                "Does the site run a multi-day (24 h) rota today",
                example="nei",
                default_nb="nei",
            ),
            Column(
                "dognturnus_supplement_staff",
                "int",
                False,
                "Ansatte med individuelt døgnturnustillegg",
                "Staff with the individual døgnturnus supplement",
                unit="ansatte",
                example=0,
                default_nb="0",
            ),
            _STATUS,
        )
    ),
)

DEPARTMENTS = Table(
    kind="departments",
    sheet_nb="avdelinger",
    sheet_en="departments",
    title_nb="Avdelinger",
    title_en="Departments",
    model=Department,
    aliases=("avdeling", "department"),
    columns=tuple(
        _with_bounds(Department, c)
        for c in (
            Column(
                "name",
                "str",
                True,
                "Navn på avdelingen (unikt)",
                "Department name (unique)",
                example="Eksempel avdeling",
            ),
            Column(
                "service",
                "enum",
                True,
                "Tjenesten avdelingen hører til",
                "Service",
                allowed=SERVICES,
                example="habilitering",
            ),
            Column(
                "fte",
                "float",
                True,
                "Årsverk",
                "Full-time equivalents (FTE)",
                unit="årsverk",
                example=20.5,
            ),
            Column(
                "places",
                "int",
                False,
                "Plasser (tom hvis ikke relevant)",
                "Places (empty if not relevant)",
                unit="plasser",
                example=6,
            ),
            Column("users", "int", True, "Brukere", "Users", unit="brukere", example=6),
            Column(
                "gross_cost_per_user_nok",
                "float",
                True,
                "Brutto kostnad per bruker",
                "Gross cost per user",
                unit="kr/år",
                example=1_500_000,
            ),
            Column(
                "staffing_ratio",
                "float",
                False,
                "Bemanningsfaktor (årsverk per bruker)",
                "Staffing ratio (FTE per user)",
                unit="årsverk/bruker",
                example=1.8,
            ),
            Column(
                "overtime_nok",
                "float",
                False,
                "Overtid per år",
                "Overtime per year",
                unit="kr/år",
                example=250_000,
            ),
            _STATUS,
        )
    ),
)

PARAMETERS = Table(
    kind="parameters",
    sheet_nb="parametere",
    sheet_en="parameters",
    title_nb="Kostnadsparametere",
    title_en="Cost parameters",
    model=Parameter,
    key="key",
    aliases=("parameter", "param"),
    columns=tuple(
        _with_bounds(Parameter, c)
        for c in (
            Column(
                "key",
                "str",
                True,
                "Parameterens nøkkel (se listen under); erstatter verdien i grunnlaget",
                "Parameter key (see the list below); replaces the baseline's value",
                example="cost_per_gross_fte_nok",
            ),
            Column(
                "label_nb",
                "str",
                False,
                "Navn på bokmål (tom = som i grunnlaget)",
                "Name in Norwegian (empty = as in the baseline)",
                example="Kostnad per brutto årsverk",
            ),
            Column(
                "label_en",
                "str",
                False,
                "Navn på engelsk (tom = som i grunnlaget)",
                "Name in English (empty = as in the baseline)",
                example="Cost per gross FTE",
            ),
            Column(
                "value", "float", True, "Verdien", "The value", unit="se «unit»", example=800_000
            ),
            Column(
                "unit",
                "str",
                False,
                "Enhet (tom = som i grunnlaget)",
                "Unit (empty = as in the baseline)",
                example="kr/årsverk",
            ),
            Column(
                "year",
                "int",
                False,
                "Året tallet gjelder (tom = årstallet for opplastingen)",
                "Year the figure belongs to (empty = the upload's year)",
                example=2024,
                lo=1900,
                hi=2200,
            ),
            Column(
                "municipality",
                "str",
                False,
                "Kommune (tom = kommunen for opplastingen)",
                "Municipality (empty = the upload's municipality)",
                example="Eksempel kommune",
            ),
            Column("source", "str", False, "Kilde", "Source", example="Eget regnskap 2024"),
            _STATUS,
            Column(
                "low",
                "float",
                False,
                "Lav verdi for usikkerhet (valgfri)",
                "Low value for uncertainty (optional)",
                example=None,
            ),
            Column(
                "high",
                "float",
                False,
                "Høy verdi for usikkerhet (valgfri)",
                "High value for uncertainty (optional)",
                example=None,
            ),
            Column("note", "str", False, "Merknad", "Note", example=""),
        )
    ),
)

TABLES: dict[Kind, Table] = {"sites": SITES, "departments": DEPARTMENTS, "parameters": PARAMETERS}

#: Accepted sheet names (lower case) → kind.
SHEET_NAMES: dict[str, Kind] = {
    "lokasjoner": "sites",
    "sites": "sites",
    "avdelinger": "departments",
    "departments": "departments",
    "parametere": "parameters",
    "parameters": "parameters",
    "parametre": "parameters",
}

KNOWN_PARAMETERS: tuple[str, ...] = tuple(PARAMETER_BOUNDS)
