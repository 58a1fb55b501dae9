"""Every table of a baseline as the importer sees it: columns, types, bounds, caps, examples.

Built from the model's registry :data:`model.tables.TABLES` (file name, labels, columns,
types, units, allowed values, required) plus what only storage needs: the pydantic model
that validates a row and its bounds, the :class:`~model.baseline.Baseline` field the rows
go to, the unique key, sheet names in bokmål and English, length caps and finite numeric
ranges, and examples for the template. A table added to the model's registry (with a
Baseline field of the same name) is imported without code here; an overlay in
:data:`_STORAGE` only refines it.

Two shapes:

* ``rows``: one row per item (``sites``: one row per site), header = column names;
* ``fields``: one row per field (``about``, ``nursing_homes``): columns ``field``,
  ``value`` (and optional ``status``, ``source``); each field has its own spec.

Bounds come from the model's pydantic fields where it has them, so they can never drift
apart; every number also has a finite upper bound here (no 1e300 FTE) and every text a
length cap, because the model does not bound everything a hostile upload could send.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal, get_args

from annotated_types import Ge, Gt, Le, Lt, MaxLen, MinLen
from pydantic import BaseModel

from model import tables as registry
from model.baseline import (
    Baseline,
    Department,
    NursingHomeRow,
    Parameter,
    PlaceType,
    PopulationRow,
    PublishedFigure,
    RefundRule,
    RefundUser,
    Service,
    ServiceDef,
    Site,
    Status,
)
from model.params import PARAMETER_BOUNDS

Kind = str  #: a table id, one of :data:`KINDS`
Shape = Literal["rows", "fields"]
ColumnType = Literal["str", "int", "float", "bool", "enum"]

SERVICES: tuple[str, ...] = tuple(s.value for s in Service)
STATUSES: tuple[str, ...] = tuple(get_args(Status))
AGE_BANDS: tuple[str, ...] = registry.AGE_BANDS
TRUE_WORDS = ("ja", "true", "1", "yes", "j", "sant")
FALSE_WORDS = ("nei", "false", "0", "no", "n", "usant")

# Caps for what the model leaves open (a hostile upload must not reach the model with
# 1e300 FTE or a 1 MB department name).
NAME_MAX = 120  #: names: sites, departments, areas, municipalities
LABEL_MAX = 200  #: labels and units
TEXT_MAX = 2000  #: sources, notes, descriptions
MAX_NOK = 1e10  #: any amount in NOK (10 billion)
MAX_COUNT = 1_000_000  #: places, users, residents
MAX_FTE = 100_000.0
MAX_POPULATION = 10_000_000.0
MAX_ABS_VALUE = 1e12  #: any other number (parameter values, published figures)


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
    name_like: bool = False  #: a name: NFKC, no invisible characters, no mixed scripts
    pattern_nb: str = ""  #: what a pattern-checked text must look like
    pattern_en: str = ""

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
            text = "tekst" if nb else "text"
            if self.pattern_nb:
                text = self.pattern_nb if nb else self.pattern_en
            if self.max_len:
                if nb:
                    return f"{text}, høyst {self.max_len} tegn"
                return f"{text}, at most {self.max_len} characters"
            return text
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


def _with_bounds(model: type[BaseModel] | None, col: Column) -> Column:
    """``col`` with the bounds of ``model``'s field of the same name (the tighter wins)."""
    info = model.model_fields.get(col.name) if model is not None else None
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
            max_len = m.max_length if max_len is None else min(max_len, m.max_length)
        elif isinstance(m, MinLen):
            min_len = m.min_length
    return replace(
        col,
        lo=lo,
        lo_inclusive=lo_inc,
        hi=hi,
        hi_inclusive=hi_inc,
        max_len=max_len,
        min_len=min_len,
    )


@dataclass(frozen=True)
class Table(registry.ColumnAccess[Column]):
    kind: Kind
    file: str  #: file name in a baseline folder
    sheet_nb: str
    sheet_en: str
    title_nb: str
    title_en: str
    columns: tuple[Column, ...]
    model: type[BaseModel] | None = None
    key: tuple[str, ...] = ()  #: columns that together must be unique
    aliases: tuple[str, ...] = field(default=())
    shape: Shape = "rows"
    fields: tuple[Column, ...] = ()  #: shape "fields": one spec per field
    required: bool = False  #: the baseline cannot be built without it
    empty_nb: str = ""  #: what it means when the table is left out
    empty_en: str = ""
    target: str | None = None  #: the Baseline field the rows go to

    def field_spec(self, name: str) -> Column:
        return registry.find_column(self.fields, name)

    def example_row(self) -> list[Any]:
        return [c.example for c in self.columns]

    def sheet(self, lang: str = "nb") -> str:
        return self.sheet_en if lang == "en" else self.sheet_nb

    def title(self, lang: str = "nb") -> str:
        return self.title_en if lang == "en" else self.title_nb

    @property
    def stems(self) -> tuple[str, ...]:
        """Names a file or sheet may have to be recognised as this table (lower case)."""
        return (self.file.removesuffix(".csv"), self.sheet_nb, self.sheet_en, *self.aliases)


@dataclass(frozen=True)
class _Overlay:
    """What storage adds to a table of the model's registry."""

    sheet_nb: str
    model: type[BaseModel] | None = None
    key: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    empty_nb: str = ""
    empty_en: str = ""


_STORAGE: dict[str, _Overlay] = {
    "about": _Overlay(
        "om",
        key=("field",),
        aliases=("om_grunnlaget",),
        empty_nb="Navn og år må oppgis (her eller i skjemaet ved opplasting).",
        empty_en="Name and year must be given (here or in the upload form).",
    ),
    "services": _Overlay(
        "tjenester",
        ServiceDef,
        ("key",),
        ("tjeneste",),
        "Ingen tjenestetabell: standardlisten gjelder (" + ", ".join(SERVICES) + ").",
        "No services table: the standard list applies (" + ", ".join(SERVICES) + ").",
    ),
    "sites": _Overlay(
        "lokasjoner",
        Site,
        ("name",),
        ("lokasjon", "site", "bolig"),
        "Ingen lokasjoner: sidene for nattevakt og samlokalisering har ingen data.",
        "No sites: the night-watch and co-location pages have no data.",
    ),
    "departments": _Overlay(
        "avdelinger",
        Department,
        ("name",),
        ("avdeling", "department"),
        "Ingen avdelinger: tiltak som bruker avdelingenes årsverk og overtid har ingen data.",
        "No departments: measures that use departments' FTE and overtime have no data.",
    ),
    "parameters": _Overlay(
        "parametere",
        Parameter,
        ("key",),
        ("parameter", "param", "parametre"),
        "Påkrevd: modellen trenger de påkrevde parameternøklene i listen under.",
        "Required: the model needs the required parameter keys in the list below.",
    ),
    "nursing_homes": _Overlay(
        "sykehjem",
        NursingHomeRow,
        ("home", "place_type"),
        ("sykehjemsdata",),
        "Ingen sykehjem: sidene for dekningsgrad og bemanning sier hva som mangler.",
        "No nursing homes: the coverage and staffing pages say what is missing.",
    ),
    "nursing_place_types": _Overlay(
        "plasstyper",
        PlaceType,
        ("key",),
        ("plasstype", "place_types"),
        "Ingen plasstyper: sidene for dekningsgrad og bemanning sier hva som mangler.",
        "No place types: the coverage and staffing pages say what is missing.",
    ),
    "population": _Overlay(
        "befolkning",
        PopulationRow,
        ("year", "age_group"),
        ("innbyggere",),
        "Ingen befolkningstall: dekningsgraden (80+) kan ikke regnes.",
        "No population: the coverage rate (80+) cannot be computed.",
    ),
    "refund_users": _Overlay(
        "refusjonsbrukere",
        RefundUser,
        ("id",),
        ("refusjon_brukere", "brukere"),
        "Ingen brukere: statlig refusjon regnes ikke (0 kr).",
        "No users: no state refund is computed (NOK 0).",
    ),
    "refund_rules": _Overlay(
        "refusjonsregler",
        RefundRule,
        ("year",),
        ("refusjon_regler", "regler"),
        "Ingen regler: statlig refusjon regnes ikke (0 kr).",
        "No rules: no state refund is computed (NOK 0).",
    ),
    "published_figures": _Overlay(
        "publiserte_tall",
        PublishedFigure,
        ("key",),
        ("publisert",),
        "Tom: siden «Metode og kilder» viser ingen publiserte tall å sammenligne med.",
        "Empty: the Method page shows no published figures to compare with.",
    ),
}

#: Baseline fields a table's rows go to, where the name differs from the table's.
_TARGETS = {"nursing_homes": "nursing_home_rows", "parameters": None, "about": None}

_NAME_COLUMNS = frozenset({"name", "area", "department", "site", "home", "id", "municipality"})
_KEY_COLUMNS = frozenset({"key", "place_type", "service", "slug", "field"})
_LONG_TEXT = frozenset({"source", "note", "description", "source_en", "note_en"})
_NUMBER_CAPS: dict[str, tuple[float, float]] = {
    "fte": (0, MAX_FTE),
    "fte_in_use": (0, MAX_FTE),
    "places": (0, MAX_COUNT),
    "users": (0, MAX_COUNT),
    "staffing_ratio": (0, 1000),
    "norm_fte_per_place": (0, 1000),
    "direct_labour_cost_nok": (0, 1e9),
    "threshold_nok": (0, 1e9),
    "id_deduction_nok": (0, 1e9),
    "population": (0, MAX_POPULATION * 10),
    "year": (1900, 2200),
}
_KEY_PATTERN_NB = "små bokstaver a–z, tall og _, og første tegn er en bokstav"
_KEY_PATTERN_EN = "lower-case letters a–z, digits and _, starting with a letter"

#: Examples for the template's explanation sheet: (table, column) → value.
_EXAMPLES: dict[tuple[str, str], Any] = {
    ("services", "key"): "hjemmetjeneste",
    ("services", "label_nb"): "Hjemmetjenesten",
    ("services", "label_en"): "Home care",
    ("services", "kind"): "home",
    ("sites", "name"): "Eksempelvegen bofellesskap",
    ("sites", "service"): "habilitering",
    ("sites", "area"): "Sentrum",
    ("sites", "department"): "Eksempel avdeling",
    ("sites", "places"): 6,
    ("sites", "housing"): "ja",
    ("sites", "awake"): 1,
    ("sites", "resting"): 0,
    ("sites", "shift_hours"): 9.5,
    ("sites", "dognturnus"): "nei",
    ("sites", "dognturnus_supplement_staff"): 0,
    ("departments", "name"): "Eksempel avdeling",
    ("departments", "service"): "habilitering",
    ("departments", "fte"): 20.5,
    ("departments", "places"): 6,
    ("departments", "users"): 6,
    ("departments", "gross_cost_per_user_nok"): 1_500_000,
    ("departments", "staffing_ratio"): 1.8,
    ("departments", "overtime_nok"): 250_000,
    ("parameters", "key"): "cost_per_gross_fte_nok",
    ("parameters", "value"): 800_000,
    ("parameters", "unit"): "kr/årsverk",
    ("parameters", "year"): 2024,
    ("nursing_homes", "home"): "Eksempel sykehjem",
    ("nursing_homes", "place_type"): "langtid_somatikk",
    ("nursing_homes", "places"): 24,
    ("nursing_homes", "fte"): 21.5,
    ("nursing_place_types", "key"): "langtid_somatikk",
    ("nursing_place_types", "label_nb"): "Langtidsplass somatikk",
    ("nursing_place_types", "norm_fte_per_place"): 0.8,
    ("population", "year"): 2024,
    ("population", "age_group"): "80-89",
    ("population", "population"): 410,
    ("refund_users", "id"): "U001",
    ("refund_users", "age_band"): "16-66",
    ("refund_users", "intellectual_disability"): "nei",
    ("refund_users", "direct_labour_cost_nok"): 2_500_000,
    ("refund_rules", "year"): 2024,
    ("refund_rules", "threshold_nok"): 1_690_000,
    ("refund_rules", "rate"): 0.8,
    ("refund_rules", "id_deduction_nok"): 850_000,
    ("published_figures", "key"): "night_cost_mnok",
    ("published_figures", "value"): 38.8,
    ("published_figures", "unit"): "mill. kr",
}

#: The fields of ``about`` (one row each).
_ABOUT_FIELDS: dict[str, Column] = {
    c.name: c
    for c in (
        Column(
            "name",
            "str",
            True,
            "Navn på grunnlaget (unikt), f.eks. Sogndal 2024",
            "Name of the baseline (unique), e.g. Sogndal 2024",
            example="Eksempel 2024",
            min_len=1,
            max_len=80,
            name_like=True,
        ),
        Column(
            "slug",
            "str",
            False,
            "Kort id for lenker (små bokstaver, tall og -), f.eks. sogndal-2024",
            "Short id for links (lower case, digits and -), e.g. sogndal-2024",
            example="eksempel-2024",
            max_len=80,
        ),
        Column(
            "municipality",
            "str",
            False,
            "Kommunen",
            "Municipality",
            example="Eksempel kommune",
            max_len=NAME_MAX,
            name_like=True,
        ),
        Column(
            "year",
            "int",
            True,
            "Pris- og dataår",
            "Price and data year",
            unit="år",
            example=2024,
            lo=2000,
            hi=2100,
        ),
        Column(
            "description",
            "str",
            False,
            "Beskrivelse: hvor tallene kommer fra",
            "Description: where the figures come from",
            example="Egne tall fra regnskap og turnus 2024",
            max_len=TEXT_MAX,
        ),
        Column(
            "source",
            "str",
            False,
            "Hovedkilde",
            "Main source",
            example="Eget regnskap 2024",
            max_len=500,
        ),
        Column(
            "description_en",
            "str",
            False,
            "Beskrivelse på engelsk (tom: den engelske visningen bruker beskrivelsen på bokmål)",
            "Description in English (empty: the English UI shows the bokmål description)",
            example="Own figures from the 2024 accounts and rotas",
            max_len=TEXT_MAX,
        ),
        Column(
            "source_en",
            "str",
            False,
            "Hovedkilde på engelsk (tom: den engelske visningen bruker kilden på bokmål)",
            "Main source in English (empty: the English UI shows the bokmål source)",
            example="Own accounts 2024",
            max_len=500,
        ),
        Column(
            "status",
            "enum",
            False,
            "Hvor sikre tallene er samlet sett",
            "How trustworthy the figures are overall",
            allowed=STATUSES,
            example="published",
        ),
    )
}


def _column(kind: str, rc: registry.Column, model: type[BaseModel] | None) -> Column:
    """A registry column with storage's caps, bounds from ``model`` and an example."""
    ctype: ColumnType = "str" if rc.type == "text" else rc.type
    col = Column(
        rc.name,
        ctype,
        bool(rc.required),
        rc.description_nb,
        rc.description_en,
        unit=rc.unit,
        allowed=tuple(rc.allowed),
        example=_EXAMPLES.get((kind, rc.name)),
    )
    if ctype == "str":
        if rc.name in _NAME_COLUMNS:
            col = replace(col, max_len=NAME_MAX, name_like=True)
        elif rc.name in _KEY_COLUMNS:
            col = replace(col, max_len=60)
            if rc.name in ("key", "place_type", "service"):
                col = replace(col, pattern_nb=_KEY_PATTERN_NB, pattern_en=_KEY_PATTERN_EN)
        elif rc.name in _LONG_TEXT:
            col = replace(col, max_len=TEXT_MAX)
        else:
            col = replace(col, max_len=LABEL_MAX)
    if ctype in ("int", "float"):
        lo, hi = _NUMBER_CAPS.get(
            rc.name, (0, MAX_NOK) if rc.name.endswith("_nok") else (-MAX_ABS_VALUE, MAX_ABS_VALUE)
        )
        col = replace(col, lo=lo, hi=hi)
    col = _with_bounds(model, col)
    if ctype in ("int", "float") and col.lo is not None and col.lo < 0 and rc.name in _NUMBER_CAPS:
        col = replace(col, lo=0)
    return col


def _table(rt: registry.Table) -> Table:
    kind = rt.key
    ov = _STORAGE.get(kind, _Overlay(kind))
    columns = tuple(_column(kind, rc, ov.model) for rc in rt.columns)
    fields: tuple[Column, ...] = ()
    if rt.shape == "fields":
        allowed = rt.column("field").allowed or tuple(_ABOUT_FIELDS)
        fields = tuple(
            _ABOUT_FIELDS.get(f) or Column(f, "str", False, f, f, max_len=TEXT_MAX) for f in allowed
        )
    target = _TARGETS.get(kind, kind)
    if target is not None and target not in Baseline.model_fields:
        target = None
    return Table(
        kind=kind,
        file=rt.filename,
        sheet_nb=ov.sheet_nb,
        sheet_en=kind,
        title_nb=rt.label_nb,
        title_en=rt.label_en,
        columns=columns,
        model=ov.model,
        key=ov.key,
        aliases=ov.aliases,
        shape=rt.shape,
        fields=fields,
        required=bool(rt.required_for_model),
        empty_nb=ov.empty_nb or rt.description_nb,
        empty_en=ov.empty_en or rt.description_en,
        target=target,
    )


#: Every table of a baseline, in the registry's order (the template's sheets).
TABLES: dict[Kind, Table] = {k: _table(t) for k, t in registry.TABLES.items()}
KINDS: tuple[Kind, ...] = tuple(TABLES)
ROW_KINDS: tuple[Kind, ...] = tuple(k for k, t in TABLES.items() if t.shape == "rows")

#: Accepted sheet or file names (lower case, without .csv) → kind.
SHEET_NAMES: dict[str, Kind] = {stem: t.kind for t in TABLES.values() for stem in t.stems}

KNOWN_PARAMETERS: tuple[str, ...] = tuple(PARAMETER_BOUNDS)
