"""Every table of a baseline as data: columns, types, bounds, meanings, examples.

One :class:`Table` per CSV file of a baseline folder (``data/demo/sites.csv`` …) and per
sheet of the upload template. The importer (validation), the template (``forklaring``
sheet) and the tests all read this registry, so adding a table is adding a ``Table``
here (plus, if the model gets a new field for it, one line in the importer's assembly).

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

from model.baseline import (
    AgeBand,
    Department,
    Parameter,
    PlaceType,
    PopulationYear,
    RefundRule,
    RefundUser,
    Service,
    Site,
    Status,
)
from model.params import PARAMETER_BOUNDS

Kind = str  #: a table id, one of :data:`KINDS`
Shape = Literal["rows", "fields"]
ColumnType = Literal["str", "int", "float", "bool", "enum"]

SERVICES: tuple[str, ...] = tuple(s.value for s in Service)
STATUSES: tuple[str, ...] = tuple(get_args(Status))
AGE_BANDS: tuple[str, ...] = tuple(get_args(AgeBand))
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
    """``col`` with the bounds of ``model``'s field of the same name (the model wins)."""
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
class Table:
    kind: Kind
    file: str  #: file name in a baseline folder
    sheet_nb: str
    sheet_en: str
    title_nb: str
    title_en: str
    columns: tuple[Column, ...]
    model: type[BaseModel] | None = None
    key: str | None = "name"  #: unique column (None: no uniqueness)
    aliases: tuple[str, ...] = field(default=())
    shape: Shape = "rows"
    fields: tuple[Column, ...] = ()  #: shape "fields": one spec per field
    required: bool = False  #: the baseline cannot be built without it
    empty_nb: str = ""  #: what it means when the table is left out
    empty_en: str = ""

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    def field_spec(self, name: str) -> Column:
        for c in self.fields:
            if c.name == name:
                return c
        raise KeyError(name)

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


def _bounded(model: type[BaseModel] | None, *cols: Column) -> tuple[Column, ...]:
    return tuple(_with_bounds(model, c) for c in cols)


def _status(default: str = "published") -> Column:
    return Column(
        "status",
        "enum",
        False,
        "Hvor tallene kommer fra: publisert, utledet, rekonstruert eller antakelse",
        "Where the figures come from: published, derived, reconstructed or assumption",
        allowed=STATUSES,
        example=default,
        default_nb=default,
    )


def _source(example: str = "Eget regnskap 2024") -> Column:
    return Column("source", "str", False, "Kilde", "Source", example=example, max_len=TEXT_MAX)


_FIELD_COLUMNS = (
    Column(
        "field", "str", True, "Feltets navn (se listen)", "Field name (see the list)", max_len=60
    ),
    Column("value", "str", True, "Verdien", "The value", max_len=TEXT_MAX),
    _status(),
    _source(),
)

ABOUT = Table(
    kind="about",
    file="about.csv",
    sheet_nb="om",
    sheet_en="about",
    title_nb="Om grunnlaget",
    title_en="About the baseline",
    shape="fields",
    key="field",
    aliases=("om_grunnlaget",),
    columns=_FIELD_COLUMNS[:2],
    fields=(
        Column(
            "name",
            "str",
            True,
            "Kort navn på grunnlaget (unikt), f.eks. sogndal-2024",
            "Short name of the baseline (unique), e.g. sogndal-2024",
            example="eksempel-2024",
            min_len=1,
            max_len=80,
            name_like=True,
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
    ),
    required=True,
    empty_nb="Navn, kommune og år må oppgis (her eller i skjemaet ved opplasting).",
    empty_en="Name, municipality and year must be given (here or in the upload form).",
)

SITES = Table(
    kind="sites",
    file="sites.csv",
    sheet_nb="lokasjoner",
    sheet_en="sites",
    title_nb="Lokasjoner med nattbemanning",
    title_en="Sites with night staffing",
    model=Site,
    aliases=("lokasjon", "site", "bolig"),
    empty_nb="Ingen lokasjoner: sidene for nattevakt og samlokalisering har ingen data.",
    empty_en="No sites: the night-watch and co-location pages have no data.",
    columns=_bounded(
        Site,
        Column(
            "name",
            "str",
            True,
            "Navn på lokasjonen (unikt)",
            "Site name (unique)",
            example="Eksempelvegen bofellesskap",
            name_like=True,
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
            max_len=NAME_MAX,
            name_like=True,
        ),
        Column(
            "department",
            "str",
            False,
            "Avdelingen lokasjonen hører til (navn fra arket avdelinger)",
            "Department the site belongs to (a name from the departments sheet)",
            example="Eksempel avdeling",
            max_len=NAME_MAX,
            name_like=True,
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
        _status(),
    ),
)

DEPARTMENTS = Table(
    kind="departments",
    file="departments.csv",
    sheet_nb="avdelinger",
    sheet_en="departments",
    title_nb="Avdelinger",
    title_en="Departments",
    model=Department,
    aliases=("avdeling", "department"),
    empty_nb="Ingen avdelinger: tiltak som bruker avdelingenes årsverk og overtid har ingen data.",
    empty_en="No departments: measures that use departments' FTE and overtime have no data.",
    columns=_bounded(
        Department,
        Column(
            "name",
            "str",
            True,
            "Navn på avdelingen (unikt)",
            "Department name (unique)",
            example="Eksempel avdeling",
            name_like=True,
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
            hi=MAX_FTE,
        ),
        Column(
            "places",
            "int",
            False,
            "Plasser (tom hvis ikke relevant)",
            "Places (empty if not relevant)",
            unit="plasser",
            example=6,
            hi=MAX_COUNT,
        ),
        Column(
            "users",
            "int",
            True,
            "Brukere",
            "Users",
            unit="brukere",
            example=6,
            hi=MAX_COUNT,
        ),
        Column(
            "gross_cost_per_user_nok",
            "float",
            True,
            "Brutto kostnad per bruker",
            "Gross cost per user",
            unit="kr/år",
            example=1_500_000,
            hi=MAX_NOK,
        ),
        Column(
            "staffing_ratio",
            "float",
            False,
            "Bemanningsfaktor (årsverk per bruker)",
            "Staffing ratio (FTE per user)",
            unit="årsverk/bruker",
            example=1.8,
            hi=1000,
        ),
        Column(
            "overtime_nok",
            "float",
            False,
            "Overtid per år",
            "Overtime per year",
            unit="kr/år",
            example=250_000,
            hi=MAX_NOK,
        ),
        _status(),
    ),
)

_KEY_PATTERN_NB = "små bokstaver a–z, tall og _, og første tegn er en bokstav"
_KEY_PATTERN_EN = "lower-case letters a–z, digits and _, starting with a letter"

PARAMETERS = Table(
    kind="parameters",
    file="parameters.csv",
    sheet_nb="parametere",
    sheet_en="parameters",
    title_nb="Kostnadsparametere",
    title_en="Cost parameters",
    model=Parameter,
    key="key",
    aliases=("parameter", "param", "parametre"),
    required=True,
    empty_nb="Påkrevd: modellen trenger alle parameternøklene i listen under.",
    empty_en="Required: the model needs every parameter key in the list below.",
    columns=_bounded(
        Parameter,
        Column(
            "key",
            "str",
            True,
            "Parameterens nøkkel (se listen under)",
            "Parameter key (see the list below)",
            example="cost_per_gross_fte_nok",
            max_len=60,
            pattern_nb=_KEY_PATTERN_NB,
            pattern_en=_KEY_PATTERN_EN,
        ),
        Column(
            "label_nb",
            "str",
            False,
            "Navn på bokmål",
            "Name in Norwegian",
            example="Kostnad per brutto årsverk",
            max_len=LABEL_MAX,
        ),
        Column(
            "label_en",
            "str",
            False,
            "Navn på engelsk",
            "Name in English",
            example="Cost per gross FTE",
            max_len=LABEL_MAX,
        ),
        Column(
            "value",
            "float",
            True,
            "Verdien (tillatt område per nøkkel står i listen under)",
            "The value (the allowed range per key is in the list below)",
            unit="se «unit»",
            example=800_000,
            lo=-MAX_ABS_VALUE,
            hi=MAX_ABS_VALUE,
        ),
        Column(
            "unit",
            "str",
            True,
            "Enhet",
            "Unit",
            example="kr/årsverk",
            max_len=LABEL_MAX,
        ),
        Column(
            "year",
            "int",
            False,
            "Året tallet gjelder",
            "Year the figure belongs to",
            example=2024,
            lo=1900,
            hi=2200,
        ),
        Column(
            "municipality",
            "str",
            False,
            "Kommunen tallet gjelder",
            "Municipality the figure belongs to",
            example="Eksempel kommune",
            max_len=NAME_MAX,
        ),
        _source(),
        _status(),
        Column(
            "low",
            "float",
            False,
            "Lav verdi for usikkerhet (valgfri)",
            "Low value for uncertainty (optional)",
            example=None,
            lo=-MAX_ABS_VALUE,
            hi=MAX_ABS_VALUE,
        ),
        Column(
            "high",
            "float",
            False,
            "Høy verdi for usikkerhet (valgfri)",
            "High value for uncertainty (optional)",
            example=None,
            lo=-MAX_ABS_VALUE,
            hi=MAX_ABS_VALUE,
        ),
        Column("note", "str", False, "Merknad", "Note", example="", max_len=TEXT_MAX),
    ),
)

REFUND_USERS = Table(
    kind="refund_users",
    file="refund_users.csv",
    sheet_nb="refusjonsbrukere",
    sheet_en="refund_users",
    title_nb="Brukere med statlig refusjon (ressurskrevende tjenester)",
    title_en="Users with state refund (resource-intensive services)",
    model=RefundUser,
    key="id",
    aliases=("refusjon_brukere", "brukere"),
    empty_nb="Ingen brukere: statlig refusjon regnes ikke (0 kr).",
    empty_en="No users: no state refund is computed (NOK 0).",
    columns=_bounded(
        RefundUser,
        Column(
            "id",
            "str",
            True,
            "Anonym bruker-id (unik); aldri navn eller fødselsnummer",
            "Anonymous user id (unique); never a name or national id number",
            example="U001",
            name_like=True,
        ),
        Column(
            "site",
            "str",
            False,
            "Lokasjonen brukeren bor på (navn fra arket lokasjoner)",
            "Site the user lives at (a name from the sites sheet)",
            example="Eksempelvegen bofellesskap",
            max_len=NAME_MAX,
            name_like=True,
        ),
        Column(
            "department",
            "str",
            False,
            "Avdelingen (navn fra arket avdelinger)",
            "Department (a name from the departments sheet)",
            example="Eksempel avdeling",
            max_len=NAME_MAX,
            name_like=True,
        ),
        Column(
            "age_band",
            "enum",
            False,
            "Aldersgruppe",
            "Age band",
            allowed=AGE_BANDS,
            example="16-66",
            default_nb="16-66",
        ),
        Column(
            "intellectual_disability",
            "bool",
            False,
            "Psykisk utviklingshemming (gir ekstra trekk i refusjonen)",
            "Intellectual disability (extra deduction in the refund)",
            example="nei",
            default_nb="nei",
        ),
        Column(
            "direct_labour_cost_nok",
            "float",
            True,
            "Direkte lønnskostnad for brukeren per år",
            "Direct labour cost of the user per year",
            unit="kr/år",
            example=2_500_000,
            hi=1e9,
        ),
        _status("reconstructed"),
    ),
)

REFUND_RULES = Table(
    kind="refund_rules",
    file="refund_rules.csv",
    sheet_nb="refusjonsregler",
    sheet_en="refund_rules",
    title_nb="Refusjonsordningen per år (innslagspunkt, kompensasjonsgrad)",
    title_en="The refund scheme by year (threshold, rate)",
    model=RefundRule,
    key="year",
    aliases=("refusjon_regler", "regler"),
    empty_nb="Ingen regler: statlig refusjon regnes ikke (0 kr).",
    empty_en="No rules: no state refund is computed (NOK 0).",
    columns=_bounded(
        RefundRule,
        Column("year", "int", True, "År", "Year", unit="år", example=2024),
        Column(
            "threshold_nok",
            "float",
            True,
            "Innslagspunkt",
            "Threshold",
            unit="kr",
            example=1_690_000,
            hi=1e9,
        ),
        Column(
            "rate",
            "float",
            True,
            "Kompensasjonsgrad (andel over innslagspunktet som refunderes)",
            "Compensation rate (share above the threshold that is refunded)",
            unit="andel",
            example=0.8,
        ),
        Column(
            "id_deduction_nok",
            "float",
            True,
            "Ekstra trekk for brukere 16–66 år med psykisk utviklingshemming",
            "Extra deduction for users aged 16–66 with intellectual disability",
            unit="kr",
            example=850_000,
            hi=1e9,
        ),
        _source("Helsedirektoratet, rundskriv IS-4/2024"),
        _status(),
    ),
)

NURSING_HOMES = Table(
    kind="nursing_homes",
    file="nursing_homes.csv",
    sheet_nb="sykehjem",
    sheet_en="nursing_homes",
    title_nb="Sykehjem: årsverk i bruk, befolkning 80+ og heldøgns omsorgsbolig",
    title_en="Nursing homes: FTE in use, population 80+ and 24/7 care housing",
    shape="fields",
    key="field",
    aliases=("sykehjemsdata",),
    empty_nb="Ingen sykehjemsdata: sidene for dekningsgrad og bemanning sier hva som mangler.",
    empty_en="No nursing-home data: the coverage and staffing pages say what is missing.",
    columns=_FIELD_COLUMNS,
    fields=(
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
        Column("year", "int", True, "År", "Year", unit="år", example=2024, lo=2000, hi=2100),
        Column(
            "fte_in_use",
            "float",
            True,
            "Årsverk i bruk i sykehjemmene",
            "FTE in use in the nursing homes",
            unit="årsverk",
            example=108,
            lo=0,
            hi=MAX_FTE,
        ),
        Column(
            "population_80_plus",
            "float",
            True,
            "Innbyggere 80 år og eldre i året (SSB tabell 07459)",
            "Residents aged 80+ in the year (Statistics Norway table 07459)",
            unit="personer",
            example=540,
            lo=0,
            lo_inclusive=False,
            hi=MAX_POPULATION,
        ),
        Column(
            "hdo_residents",
            "int",
            False,
            "Beboere i heldøgns omsorgsbolig (HDO)",
            "Residents in 24/7 care housing",
            unit="beboere",
            example=40,
            default_nb="0",
            lo=0,
            hi=MAX_COUNT,
        ),
        Column(
            "hdo_fte_per_resident",
            "float",
            False,
            "Årsverk per beboer i HDO",
            "FTE per resident in 24/7 care housing",
            unit="årsverk/beboer",
            example=0.98,
            default_nb="0",
            lo=0,
            hi=100,
        ),
    ),
)

NURSING_PLACE_TYPES = Table(
    kind="nursing_place_types",
    file="nursing_place_types.csv",
    sheet_nb="plasstyper",
    sheet_en="nursing_place_types",
    title_nb="Sykehjemsplasser per type med normtall",
    title_en="Nursing-home places by type with staffing norm",
    model=PlaceType,
    key="key",
    aliases=("plasstype", "place_types"),
    empty_nb="Ingen plasstyper: krever også arket sykehjem.",
    empty_en="No place types: also needs the nursing_homes sheet.",
    columns=_bounded(
        PlaceType,
        Column(
            "key",
            "str",
            True,
            "Nøkkel for plasstypen (unik)",
            "Key of the place type (unique)",
            example="langtid_demens",
            max_len=60,
            pattern_nb=_KEY_PATTERN_NB,
            pattern_en=_KEY_PATTERN_EN,
        ),
        Column(
            "label_nb",
            "str",
            True,
            "Navn på bokmål",
            "Name in Norwegian",
            example="Skjermet langtidsplass (demens)",
            max_len=LABEL_MAX,
        ),
        Column(
            "label_en",
            "str",
            True,
            "Navn på engelsk",
            "Name in English",
            example="Special dementia long-term",
            max_len=LABEL_MAX,
        ),
        Column(
            "places",
            "int",
            True,
            "Plasser",
            "Places",
            unit="plasser",
            example=16,
            hi=MAX_COUNT,
        ),
        Column(
            "norm_fte_per_place",
            "float",
            True,
            "Normtall: årsverk per plass",
            "Norm: FTE per place",
            unit="årsverk/plass",
            example=0.95,
            hi=100,
        ),
        _source(),
    ),
)

POPULATION_80 = Table(
    kind="population_80",
    file="population_80.csv",
    sheet_nb="befolkning_80",
    sheet_en="population_80",
    title_nb="Innbyggere 80+ per år (framskriving)",
    title_en="Residents aged 80+ by year (projection)",
    model=PopulationYear,
    key="year",
    aliases=("befolkning", "population"),
    empty_nb="Tom: 80+ framskrives med parameteren population_80_growth.",
    empty_en="Empty: the 80+ population grows by the parameter population_80_growth.",
    columns=_bounded(
        PopulationYear,
        Column("year", "int", True, "År", "Year", unit="år", example=2030),
        Column(
            "population_80_plus",
            "float",
            True,
            "Innbyggere 80 år og eldre (SSB framskriving)",
            "Residents aged 80+ (Statistics Norway projection)",
            unit="personer",
            example=720,
            hi=MAX_POPULATION,
        ),
        _status(),
    ),
)

PUBLISHED_FIGURES = Table(
    kind="published_figures",
    file="published_figures.csv",
    sheet_nb="publiserte_tall",
    sheet_en="published_figures",
    title_nb="Publiserte tall (til sammenligning med modellens)",
    title_en="Published figures (compared with the model's)",
    key="key",
    aliases=("publisert",),
    empty_nb="Tom: siden «Metode og kilder» viser ingen publiserte tall å sammenligne med.",
    empty_en="Empty: the Method page shows no published figures to compare with.",
    columns=(
        Column(
            "key",
            "str",
            True,
            "Nøkkel for tallet (unik)",
            "Key of the figure (unique)",
            example="night_cost_mnok",
            max_len=60,
            pattern_nb=_KEY_PATTERN_NB,
            pattern_en=_KEY_PATTERN_EN,
        ),
        Column(
            "value",
            "float",
            True,
            "Tallet",
            "The figure",
            unit="se «unit»",
            example=38.8,
            lo=-MAX_ABS_VALUE,
            hi=MAX_ABS_VALUE,
        ),
        Column("unit", "str", True, "Enhet", "Unit", example="mill. kr", max_len=LABEL_MAX),
        _source("Rapport, side og tabell"),
    ),
)

#: Every table of a baseline, in the order of the template's sheets.
TABLES: dict[Kind, Table] = {
    t.kind: t
    for t in (
        ABOUT,
        SITES,
        DEPARTMENTS,
        PARAMETERS,
        REFUND_USERS,
        REFUND_RULES,
        NURSING_HOMES,
        NURSING_PLACE_TYPES,
        POPULATION_80,
        PUBLISHED_FIGURES,
    )
}
KINDS: tuple[Kind, ...] = tuple(TABLES)
ROW_KINDS: tuple[Kind, ...] = tuple(k for k, t in TABLES.items() if t.shape == "rows")

#: Accepted sheet or file names (lower case, without .csv) → kind.
SHEET_NAMES: dict[str, Kind] = {stem: t.kind for t in TABLES.values() for stem in t.stems}

KNOWN_PARAMETERS: tuple[str, ...] = tuple(PARAMETER_BOUNDS)
