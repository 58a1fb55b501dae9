"""The tables a baseline is made of: one registry for the loader, the importer and the pages.

Every baseline is one municipality, stored as a folder of CSV files (``data/baselines/<slug>/``)
or as one Excel workbook with one sheet per table. :data:`TABLES` says, for every table, its
file name, its labels, its columns (type, unit, allowed values, whether required) and whether
the model cannot run without it. Storage builds import sheets from it; the Data page shows
per table its source, status and whether the baseline has it.

A table a baseline lacks is *empty*, never filled from another municipality.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Generic, Literal, Protocol, TypeVar

ColumnType = Literal["text", "int", "float", "bool", "enum"]

#: status of a row: how trustworthy the figure is
STATUSES: tuple[str, ...] = ("published", "derived", "reconstructed", "assumption")
STATUS_LABELS: dict[str, tuple[str, str]] = {
    "published": ("publisert", "published"),
    "derived": ("utledet", "derived"),
    "reconstructed": ("rekonstruert", "reconstructed"),
    "assumption": ("antakelse", "assumption"),
}

#: age groups of the population table; ``80+`` is allowed where the split is unknown
AGE_GROUPS: tuple[str, ...] = ("0-66", "67-79", "80-89", "90+", "80+")
AGE_BANDS: tuple[str, ...] = ("0-15", "16-66", "67+")
SERVICE_KINDS: tuple[str, ...] = ("housing", "home", "institution", "ambulant", "day", "other")


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    required: bool
    unit: str
    description_nb: str
    description_en: str
    allowed: tuple[str, ...] = ()


class _NamedColumn(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def required(self) -> bool: ...


_C = TypeVar("_C", bound=_NamedColumn)


def find_column(columns: Iterable[_C], name: str) -> _C:
    """The column called ``name`` (KeyError if there is none)."""
    for c in columns:
        if c.name == name:
            return c
    raise KeyError(name)


class ColumnAccess(Generic[_C]):
    """Look-ups on a table's ``columns``; shared by this registry and storage's import specs."""

    columns: tuple[_C, ...]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    def column(self, name: str) -> _C:
        return find_column(self.columns, name)


@dataclass(frozen=True)
class Table(ColumnAccess[Column]):
    key: str
    filename: str
    label_nb: str
    label_en: str
    columns: tuple[Column, ...]
    required_for_model: bool
    #: ``rows``: one row per item; ``fields``: ``field,value`` pairs (about.csv)
    shape: Literal["rows", "fields"] = "rows"
    description_nb: str = ""
    description_en: str = ""
    #: what the model or a page needs this table for (shown in "upload this" messages)
    used_by: tuple[str, ...] = field(default_factory=tuple)


def _c(
    name: str,
    type_: ColumnType,
    required: bool,
    unit: str,
    nb: str,
    en: str,
    allowed: tuple[str, ...] = (),
) -> Column:
    return Column(name, type_, required, unit, nb, en, allowed)


_STATUS = _c(
    "status",
    "enum",
    False,
    "",
    "Hvor sikkert tallet er (standard: published)",
    "How trustworthy the figure is (default: published)",
    STATUSES,
)
_SOURCE = _c("source", "text", False, "", "Kilde (rapport og tabell)", "Source (report, table)")
#: English texts beside the bokmål ``source``/``note``: the English UI shows them when filled
_SOURCE_EN = _c(
    "source_en",
    "text",
    False,
    "",
    "Kilde på engelsk (tom: den engelske visningen bruker kilden på bokmål)",
    "Source in English (empty: the English UI shows the bokmål source)",
)
_NOTE_EN = _c(
    "note_en",
    "text",
    False,
    "",
    "Merknad på engelsk (tom: den engelske visningen bruker merknaden på bokmål)",
    "Note in English (empty: the English UI shows the bokmål note)",
)


TABLES: dict[str, Table] = {
    t.key: t
    for t in (
        Table(
            "about",
            "about.csv",
            "Om grunnlaget",
            "About the baseline",
            (
                _c(
                    "field",
                    "enum",
                    True,
                    "",
                    "Felt",
                    "Field",
                    (
                        "name",
                        "slug",
                        "municipality",
                        "year",
                        "description",
                        "source",
                        "status",
                        "description_en",
                        "source_en",
                    ),
                ),
                _c("value", "text", True, "", "Verdi", "Value"),
            ),
            True,
            shape="fields",
            description_nb="Navn, kommune, år (pris- og datanivå), beskrivelse og hovedkilde.",
            description_en="Name, municipality, year (price and data year), description, source.",
        ),
        Table(
            "services",
            "services.csv",
            "Tjenester",
            "Services",
            (
                _c(
                    "key",
                    "text",
                    True,
                    "",
                    "Nøkkel (små bokstaver, a–z, 0–9, _)",
                    "Key (lower case a–z, 0–9, _)",
                ),
                _c("label_nb", "text", True, "", "Navn på bokmål", "Name in Norwegian"),
                _c("label_en", "text", False, "", "Navn på engelsk", "Name in English"),
                _c("kind", "enum", False, "", "Slag tjeneste", "Kind of service", SERVICE_KINDS),
                _STATUS,
                _SOURCE,
                _SOURCE_EN,
            ),
            False,
            description_nb="Kommunens egne tjenester. Mangler tabellen, gjelder standardlisten.",
            description_en="The municipality's own services. Without it the standard list applies.",
            used_by=("sites", "departments", "colocation"),
        ),
        Table(
            "sites",
            "sites.csv",
            "Lokasjoner med nattbemanning",
            "Sites with night staffing",
            (
                _c("name", "text", True, "", "Navn (unikt)", "Name (unique)"),
                _c(
                    "service",
                    "text",
                    True,
                    "",
                    "Tjeneste (nøkkel i tjenestetabellen)",
                    "Service (key in the services table)",
                ),
                _c("area", "text", False, "", "Område", "Area"),
                _c("department", "text", False, "", "Avdeling", "Department"),
                _c("places", "int", True, "plasser", "Plasser (beboere)", "Places (residents)"),
                _c(
                    "housing",
                    "bool",
                    False,
                    "",
                    "Bolig (true) eller personalbase (false)",
                    "Housing (true) or staff base (false)",
                ),
                _c(
                    "awake",
                    "int",
                    True,
                    "personer",
                    "Våkne nattevakter per natt",
                    "Awake night staff per night",
                ),
                _c(
                    "resting",
                    "int",
                    True,
                    "personer",
                    "Hvilende nattevakter per natt",
                    "Resting night staff per night",
                ),
                _c(
                    "shift_hours",
                    "float",
                    True,
                    "timer",
                    "Vaktlengde om natten",
                    "Night shift length",
                ),
                _c("dognturnus", "bool", False, "", "Har døgnturnus", "Runs døgnturnus"),
                _c(
                    "dognturnus_supplement_staff",
                    "int",
                    False,
                    "ansatte",
                    "Ansatte med individuelt døgnturnustillegg",
                    "Staff with the individual døgnturnus supplement",
                ),
                _STATUS,
            ),
            False,
            used_by=("night", "colocation", "refund"),
        ),
        Table(
            "departments",
            "departments.csv",
            "Avdelinger",
            "Departments",
            (
                _c("name", "text", True, "", "Navn", "Name"),
                _c("service", "text", True, "", "Tjeneste", "Service"),
                _c("fte", "float", True, "årsverk", "Brutto årsverk", "Gross FTE"),
                _c("places", "int", False, "plasser", "Plasser", "Places"),
                _c("users", "int", True, "brukere", "Brukere", "Users"),
                _c(
                    "gross_cost_per_user_nok",
                    "float",
                    True,
                    "kr/år",
                    "Brutto kostnad per bruker",
                    "Gross cost per user",
                ),
                _c(
                    "staffing_ratio",
                    "float",
                    False,
                    "årsverk/bruker",
                    "Bemanningsfaktor",
                    "Staffing ratio",
                ),
                _c("overtime_nok", "float", False, "kr/år", "Overtid", "Overtime"),
                _STATUS,
            ),
            False,
            used_by=("levers", "colocation"),
        ),
        Table(
            "parameters",
            "parameters.csv",
            "Parametere",
            "Parameters",
            (
                _c("key", "text", True, "", "Nøkkel", "Key"),
                _c("label_nb", "text", False, "", "Navn på bokmål", "Name in Norwegian"),
                _c("label_en", "text", False, "", "Navn på engelsk", "Name in English"),
                _c("value", "float", True, "", "Verdi", "Value"),
                _c("unit", "text", True, "", "Enhet", "Unit"),
                _c("year", "int", False, "", "År", "Year"),
                _c("municipality", "text", False, "", "Kommune", "Municipality"),
                _SOURCE,
                _STATUS,
                _c("low", "float", False, "", "Lav verdi (usikkerhet)", "Low (uncertainty)"),
                _c("high", "float", False, "", "Høy verdi (usikkerhet)", "High (uncertainty)"),
                _c("note", "text", False, "", "Merknad", "Note"),
                _SOURCE_EN,
                _NOTE_EN,
            ),
            True,
            used_by=("night", "levers", "coverage", "refund"),
        ),
        Table(
            "nursing_homes",
            "nursing_homes.csv",
            "Sykehjem",
            "Nursing homes",
            (
                _c("home", "text", True, "", "Sykehjem eller avdeling", "Home or unit"),
                _c(
                    "place_type",
                    "text",
                    True,
                    "",
                    "Plasstype (nøkkel i plasstypetabellen)",
                    "Place type (key in the place-type table)",
                ),
                _c("places", "int", True, "plasser", "Plasser i bruk", "Places in use"),
                _c("fte", "float", False, "årsverk", "Årsverk (om kjent)", "FTE (if known)"),
                _c(
                    "cost_nok_per_place",
                    "float",
                    False,
                    "kr/plass/år",
                    "Kostnad per plass (om kjent)",
                    "Cost per place (if known)",
                ),
                _STATUS,
                _SOURCE,
                _SOURCE_EN,
            ),
            False,
            description_nb="Én rad per sykehjem (eller avdeling) og plasstype, så et navngitt "
            "sykehjem kan legges ned med egne plasser, årsverk og kostnad.",
            description_en="One row per home (or unit) and place type, so a named home can be "
            "closed with its own places, FTE and cost.",
            used_by=("coverage", "staffing"),
        ),
        Table(
            "nursing_place_types",
            "nursing_place_types.csv",
            "Plasstyper og normtall",
            "Place types and norms",
            (
                _c("key", "text", True, "", "Nøkkel", "Key"),
                _c("label_nb", "text", True, "", "Navn på bokmål", "Name in Norwegian"),
                _c("label_en", "text", False, "", "Navn på engelsk", "Name in English"),
                _c(
                    "places",
                    "int",
                    False,
                    "plasser",
                    "Plasser (brukes bare uten sykehjemstabell)",
                    "Places (used only without the nursing-home table)",
                ),
                _c(
                    "norm_fte_per_place",
                    "float",
                    True,
                    "årsverk/plass",
                    "Normtall",
                    "Staffing norm",
                ),
                _STATUS,
                _SOURCE,
                _SOURCE_EN,
            ),
            False,
            used_by=("coverage", "staffing"),
        ),
        Table(
            "population",
            "population.csv",
            "Befolkning",
            "Population",
            (
                _c("year", "int", True, "", "År", "Year"),
                _c(
                    "age_group",
                    "enum",
                    True,
                    "",
                    "Aldersgruppe (80+ = 80-89 + 90+)",
                    "Age group (80+ = 80-89 + 90+)",
                    AGE_GROUPS,
                ),
                _c("population", "float", True, "personer", "Innbyggere", "Inhabitants"),
                _STATUS,
                _SOURCE,
                _SOURCE_EN,
            ),
            False,
            description_nb="Innbyggere per aldersgruppe og år (SSB 07459 og framskriving "
            "13600). Dekningsgraden bruker 80+.",
            description_en="Inhabitants by age group and year (Statistics Norway 07459 and "
            "projection 13600). The coverage rate uses 80+.",
            used_by=("coverage",),
        ),
        Table(
            "refund_users",
            "refund_users.csv",
            "Brukere med ressurskrevende tjenester",
            "Users of resource-intensive services",
            (
                _c("id", "text", True, "", "Id (ingen navn)", "Id (no names)"),
                _c("site", "text", False, "", "Lokasjon", "Site"),
                _c("department", "text", False, "", "Avdeling", "Department"),
                _c("age_band", "enum", False, "", "Aldersgruppe", "Age band", AGE_BANDS),
                _c(
                    "intellectual_disability",
                    "bool",
                    False,
                    "",
                    "Psykisk utviklingshemming",
                    "Intellectual disability",
                ),
                _c(
                    "direct_labour_cost_nok",
                    "float",
                    True,
                    "kr/år",
                    "Direkte lønnskostnad",
                    "Direct labour cost",
                ),
                _STATUS,
            ),
            False,
            used_by=("refund",),
        ),
        Table(
            "refund_rules",
            "refund_rules.csv",
            "Refusjonsregler",
            "Refund rules",
            (
                _c("year", "int", True, "", "År", "Year"),
                _c("threshold_nok", "float", True, "kr", "Innslagspunkt", "Threshold"),
                _c("rate", "float", True, "andel", "Kompensasjonsgrad", "Compensation rate"),
                _c(
                    "id_deduction_nok",
                    "float",
                    True,
                    "kr",
                    "Trekk ved utviklingshemming",
                    "Deduction, intellectual disability",
                ),
                _SOURCE,
                _STATUS,
                _SOURCE_EN,
            ),
            False,
            used_by=("refund",),
        ),
        Table(
            "published_figures",
            "published_figures.csv",
            "Publiserte tall",
            "Published figures",
            (
                _c("key", "text", True, "", "Nøkkel", "Key"),
                _c("value", "float", True, "", "Verdi", "Value"),
                _c("unit", "text", True, "", "Enhet", "Unit"),
                _SOURCE,
                _c("label_nb", "text", False, "", "Hva tallet er", "What it is (Norwegian)"),
                _c("label_en", "text", False, "", "Hva tallet er (engelsk)", "What it is"),
                _c(
                    "tolerance",
                    "float",
                    False,
                    "",
                    "Avvik modellen må holde seg innenfor",
                    "Tolerance the model must meet",
                ),
                _c("note", "text", False, "", "Merknad", "Note"),
                _SOURCE_EN,
                _NOTE_EN,
            ),
            False,
            description_nb="Konsulentenes tall, til sammenligning med modellen.",
            description_en="The consultants' figures, for comparison with the model.",
        ),
    )
}

#: tables in the order a workbook or the Data page shows them
TABLE_ORDER: tuple[str, ...] = tuple(TABLES)


def text_in(obj: object, field: str, lang: str) -> str:
    """``obj.<field>_en`` in English when it is filled, else ``obj.<field>`` (bokmål).

    For texts whose bokmål column has no suffix (``source``, ``note``) and whose English
    column is optional (``source_en``, ``note_en``): an empty English text falls back.
    ``obj`` may be a mapping too (data read as dicts: an economy set's settings).
    """

    def get(name: str) -> str:
        v = obj.get(name) if isinstance(obj, Mapping) else getattr(obj, name, "")
        return str(v or "").strip()

    return (get(f"{field}_en") if lang == "en" else "") or get(field)


def table_for_file(filename: str) -> Table | None:
    for t in TABLES.values():
        if t.filename == filename:
            return t
    return None
