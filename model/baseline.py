"""The baseline: a municipality's sites, departments, unit costs and rules.

A baseline describes the world as it is (or as a report describes it); a scenario
describes decisions. Every number in a baseline carries its unit, year and source
through :class:`Parameter` or through the table it comes from.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Callable
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from model.tables import text_in

Status = Literal["published", "derived", "reconstructed", "assumption"]


class Service(StrEnum):
    """Service a site belongs to (the consultants group sites by service)."""

    MENTAL_HEALTH = "psykisk_helse_rus"
    HABILITATION = "habilitering"
    RESOURCE_INTENSIVE = "ressurskrevende"
    RESPITE = "avlastning"
    AMBULANT = "ambulant"
    OTHER = "annet"
    HOME_CARE = "hjemmetjeneste"
    NURSING_HOME = "sykehjem"
    HDO = "heldogns_omsorgsbolig"


class ServiceKey(str):
    """A service key (a validated string). ``.value`` keeps old ``Service`` code working."""

    __slots__ = ()

    @property
    def value(self) -> str:
        return str.__str__(self)

    def __str__(self) -> str:
        return str.__str__(self)


_SERVICE_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def _service_key(v: str) -> ServiceKey:
    v = v.value if isinstance(v, StrEnum) else v
    if not isinstance(v, str) or not _SERVICE_RE.match(v):
        raise ValueError(
            f"service must be a key of lower-case letters a–z, digits and _ (at most 40), got {v!r}"
        )
    return ServiceKey(v)


#: a service key: any of :class:`Service` or a key in the baseline's services table
ServiceStr = Annotated[str, AfterValidator(_service_key)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ServiceDef(_Frozen):
    """A row of the services table."""

    key: ServiceStr
    label_nb: str = Field(min_length=1, max_length=120)
    label_en: str = Field(default="", max_length=120)
    kind: Literal["housing", "home", "institution", "ambulant", "day", "other"] = "other"
    status: Status = "published"
    source: str = Field(default="", max_length=500)
    source_en: str = Field(default="", max_length=500)  # English; empty: ``source``


class PopulationRow(_Frozen):
    """Inhabitants of one age group in one year (80+ = 80-89 + 90+)."""

    year: int = Field(ge=1900, le=2200)
    age_group: Literal["0-66", "67-79", "80-89", "90+", "80+"]
    population: float = Field(ge=0, le=1e8)
    status: Status = "published"
    source: str = Field(default="", max_length=500)
    source_en: str = Field(default="", max_length=500)  # English; empty: ``source``


class NursingHomeRow(_Frozen):
    """Places of one place type at one nursing home (or unit), with its own FTE and cost."""

    home: str = Field(min_length=1, max_length=120)
    place_type: str = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)
    places: int = Field(ge=0, le=100_000)
    fte: float | None = Field(default=None, ge=0, le=1e6)
    cost_nok_per_place: float | None = Field(default=None, ge=0, le=1e9)
    status: Status = "published"
    source: str = Field(default="", max_length=500)
    source_en: str = Field(default="", max_length=500)  # English; empty: ``source``


class PublishedFigure(_Frozen):
    """A consultant's published figure, compared with the model's on the Data/Method pages."""

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=80)
    value: float
    unit: str = ""
    source: str = ""
    label_nb: str = ""
    label_en: str = ""
    tolerance: float | None = Field(default=None, ge=0)
    note: str = ""
    #: English source and note; empty = the English UI shows ``source``/``note`` (bokmål)
    source_en: str = ""
    note_en: str = ""


class Parameter(_Frozen):
    """A number with its unit, year and source (PolicyEngine-style metadata)."""

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    value: float
    unit: str
    year: int | None = None
    municipality: str = ""
    source: str = ""
    status: Status = "published"
    low: float | None = None
    high: float | None = None
    label_nb: str = ""
    label_en: str = ""
    note: str = ""
    #: English source and note; empty = the English UI shows ``source``/``note`` (bokmål)
    source_en: str = ""
    note_en: str = ""

    @model_validator(mode="after")
    def _range_ordered(self) -> Parameter:
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"{self.key}: low ({self.low}) is above high ({self.high})")
        return self


class Site(_Frozen):
    """A site with night staffing today (a group home, single home or staff base)."""

    name: str = Field(min_length=1, max_length=120)
    service: ServiceStr
    area: str = ""
    department: str = ""
    places: int = Field(ge=0, le=1000)
    housing: bool = True
    awake: int = Field(ge=0, le=100, description="awake (active) night staff on duty per night")
    resting: int = Field(ge=0, le=100, description="resting (passive) night staff per night")
    shift_hours: float = Field(gt=0, le=24, description="length of the night shift, hours")
    dognturnus: bool = False
    dognturnus_supplement_staff: int = Field(
        default=0, ge=0, le=1000, description="staff with the individual døgnturnus supplement"
    )
    status: Status = "published"


class Department(_Frozen):
    """A department (avdeling) with FTE, places, users and cost per user."""

    name: str = Field(min_length=1, max_length=120)
    service: ServiceStr
    fte: float = Field(ge=0)
    places: int | None = Field(default=None, ge=0)
    users: int = Field(ge=0)
    gross_cost_per_user_nok: float = Field(ge=0)
    staffing_ratio: float | None = Field(default=None, ge=0)
    overtime_nok: float | None = Field(default=None, ge=0)
    status: Status = "published"


AgeBand = Literal["0-15", "16-66", "67+"]


class RefundUser(_Frozen):
    """A user of resource-intensive services (toppfinansieringsordningen)."""

    id: str = Field(min_length=1, max_length=60)
    site: str = ""
    department: str = ""
    age_band: AgeBand = "16-66"
    intellectual_disability: bool = False
    direct_labour_cost_nok: float = Field(ge=0)
    status: Status = "reconstructed"


class RefundRule(_Frozen):
    """Threshold, deduction and compensation rate for one year (IS-4 circulars)."""

    year: int = Field(ge=2000, le=2100)
    threshold_nok: float = Field(gt=0)
    rate: float = Field(ge=0, le=1)
    id_deduction_nok: float = Field(ge=0, description="extra deduction, intellectual disability")
    source: str = ""
    status: Status = "published"
    source_en: str = ""  # English; empty: ``source``


class PlaceType(_Frozen):
    """A nursing-home place type with its staffing norm (FTE per place)."""

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label_nb: str
    label_en: str = ""
    places: int = Field(default=0, ge=0)
    norm_fte_per_place: float = Field(ge=0, le=10)
    source: str = ""
    status: Status = "published"
    source_en: str = ""  # English; empty: ``source``


class PopulationYear(_Frozen):
    year: int = Field(ge=1900, le=2200)
    population_80_plus: float = Field(ge=0)
    status: Status = "published"


class NursingHomes(_Frozen):
    """Nursing-home places, norms, FTE in use and the 80+ population."""

    municipality: str
    year: int
    place_types: list[PlaceType]
    fte_in_use: float = Field(ge=0)
    population_80_plus: float = Field(gt=0, description="population aged 80+ in `year`")
    population_table: list[PopulationYear] = Field(default_factory=list)
    hdo_residents: int = Field(default=0, ge=0, description="residents in 24/7 care housing")
    hdo_fte_per_resident: float = Field(default=0.0, ge=0)
    source: str = ""
    source_en: str = ""  # English; empty: ``source``

    @property
    def places(self) -> int:
        return sum(p.places for p in self.place_types)


#: Parameter keys every baseline must define: the night-watch arithmetic needs them.
REQUIRED_PARAMETERS: tuple[str, ...] = (
    "cost_per_gross_fte_nok",
    "hours_per_gross_fte",
    "default_shift_hours",
    "resting_paid_fraction",
    "nights_per_year",
)

#: Parameters a measure needs; without them the measure is not available for the baseline.
#: (Missing optional parameters count as 0: no amount, no supplement, no cost.)
MEASURE_PARAMETERS: dict[str, tuple[str, ...]] = {
    "overtime": ("overtime_nok", "overtime_cost_nok_per_hour"),
    "substitutes": ("substitute_cost_nok", "cost_per_paid_hour_nok"),
    "competence_level": ("fixed_pay_nok",),
    "rota_hours": ("rota_hours_cost_base_nok",),
    "decided_hours": ("decided_hours_per_year", "cost_per_decided_hour_nok"),
    "coverage_rate": ("cost_per_nursing_place_nok",),
    "close_homes": ("cost_per_nursing_place_nok",),
    "staffing_norm": ("cost_per_fte_nursing_nok",),
    "hdo_ratio": ("cost_per_fte_nursing_nok", "hdo_residents", "hdo_fte_per_resident"),
}

#: Tables a page or measure needs, by use (see :data:`model.tables.TABLES` ``used_by``).
NEEDS: dict[str, tuple[str, ...]] = {
    "night": ("sites",),
    "colocation": ("sites",),
    "levers": ("departments",),
    "refund": ("refund_users", "refund_rules"),
    "coverage": ("nursing_homes", "nursing_place_types", "population"),
    "staffing": ("nursing_place_types",),
}


class Baseline(_Frozen):
    """Everything the model knows about one municipality today (one report, one year)."""

    name: str = Field(min_length=1, max_length=80)
    municipality: str
    year: int = Field(ge=2000, le=2100)
    description: str = ""
    slug: str = Field(default="", max_length=80)
    source: str = Field(default="", max_length=500)
    #: English description and source (about.csv); empty: the bokmål ones
    description_en: str = ""
    source_en: str = Field(default="", max_length=500)
    parameters: dict[str, Parameter]
    sites: list[Site] = Field(default_factory=list)
    departments: list[Department] = Field(default_factory=list)
    refund_users: list[RefundUser] = Field(default_factory=list)
    refund_rules: list[RefundRule] = Field(default_factory=list)
    nursing_homes: NursingHomes | None = Field(
        default=None, description="derived from the nursing-home tables when they are present"
    )
    services: list[ServiceDef] = Field(default_factory=list)
    population: list[PopulationRow] = Field(default_factory=list)
    nursing_home_rows: list[NursingHomeRow] = Field(default_factory=list)
    nursing_place_types: list[PlaceType] = Field(default_factory=list)
    published_figures: list[PublishedFigure] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Baseline:
        from model.params import PARAMETER_BOUNDS

        for key, p in self.parameters.items():
            if not math.isfinite(p.value):
                raise ValueError(f"parameter '{key}' must be a finite number")
            if key in PARAMETER_BOUNDS:
                lo, hi = PARAMETER_BOUNDS[key]
                if not lo <= p.value <= hi:
                    raise ValueError(f"parameter '{key}' = {p.value} is outside {lo} … {hi}")
        missing = [k for k in REQUIRED_PARAMETERS if k not in self.parameters]
        if missing:
            raise ValueError("missing parameters: " + ", ".join(missing))
        for key, p in self.parameters.items():
            if key != p.key:
                raise ValueError(f"parameter stored under '{key}' has key '{p.key}'")
        names = [s.name for s in self.sites]
        dupes = sorted(n for n, c in Counter(names).items() if c > 1)  # O(n), not O(n²)
        if dupes:
            raise ValueError("duplicate site names: " + ", ".join(dupes[:10]))
        years = [r.year for r in self.refund_rules]
        if len(set(years)) != len(years):
            raise ValueError("refund rules: one row per year")
        keys = [x.key for x in self.services]
        if len(set(keys)) != len(keys):
            raise ValueError("services: one row per key")
        known = self.service_keys()
        named: list[tuple[str, int, str, str]] = [
            ("sites", i, x.name, x.service) for i, x in enumerate(self.sites)
        ] + [("departments", i, x.name, x.service) for i, x in enumerate(self.departments)]
        for what, i, name, service in named:
            if service not in known:
                raise ValueError(
                    f"{what} row {i + 1} ('{name}'): service '{service}' is not in "
                    "the services table"
                )
        pt = [t.key for t in self.nursing_place_types]
        if len(set(pt)) != len(pt):
            raise ValueError("nursing_place_types: one row per key")
        for i, h in enumerate(self.nursing_home_rows):
            if pt and h.place_type not in pt:
                raise ValueError(
                    f"nursing_homes row {i + 1} ('{h.home}'): place type '{h.place_type}' is "
                    "not in the place-type table"
                )
        seen_pop: set[tuple[int, str]] = set()
        for r in self.population:
            if (r.year, r.age_group) in seen_pop:
                raise ValueError(f"population: two rows for {r.year} {r.age_group}")
            seen_pop.add((r.year, r.age_group))
        derived = self._derive_nursing()
        if derived is not None or self.nursing_place_types or self.nursing_home_rows:
            object.__setattr__(self, "nursing_homes", derived)
        return self

    def _derive_nursing(self) -> NursingHomes | None:
        """The nursing-home summary the coverage/staffing model reads, from the tables."""
        if not (self.nursing_place_types or self.nursing_home_rows):
            return None
        pop = self.population_80_plus()
        if not pop:
            return None
        places_by_type: dict[str, int] = {}
        for h in self.nursing_home_rows:
            places_by_type[h.place_type] = places_by_type.get(h.place_type, 0) + h.places
        types = []
        for t in self.nursing_place_types:
            places = places_by_type.get(t.key, 0) if self.nursing_home_rows else t.places
            types.append(t.model_copy(update={"places": places}))
        if not types:
            return None
        base_year = self.year if self.year in pop else min(pop, key=lambda y: abs(y - self.year))
        fte = self.parameters.get("nursing_fte_in_use")
        fte_in_use = (
            fte.value if fte is not None else sum(h.fte or 0.0 for h in self.nursing_home_rows)
        )
        hdo_r = self.parameters.get("hdo_residents")
        hdo_f = self.parameters.get("hdo_fte_per_resident")
        return NursingHomes(
            municipality=self.municipality,
            year=base_year,
            place_types=types,
            fte_in_use=fte_in_use,
            population_80_plus=pop[base_year],
            population_table=[
                PopulationYear(year=y, population_80_plus=v, status=self._pop_status(y))
                for y, v in sorted(pop.items())
            ],
            hdo_residents=int(hdo_r.value) if hdo_r else 0,
            hdo_fte_per_resident=hdo_f.value if hdo_f else 0.0,
            source="; ".join(sorted({h.source for h in self.nursing_home_rows} - {""})),
            source_en="; ".join(
                sorted({text_in(h, "source", "en") for h in self.nursing_home_rows} - {""})
            )
            if any(h.source_en for h in self.nursing_home_rows)
            else "",
        )

    def _pop_status(self, year: int) -> Status:
        order = ["assumption", "reconstructed", "derived", "published"]
        sts = [
            r.status
            for r in self.population
            if r.year == year and r.age_group in ("80+", "80-89", "90+")
        ]
        return min(sts, key=order.index) if sts else "published"

    def population_80_plus(self) -> dict[int, float]:
        """80+ by year: 80-89 + 90+ where both are given, else the 80+ row."""
        by: dict[int, dict[str, float]] = {}
        for r in self.population:
            by.setdefault(r.year, {})[r.age_group] = r.population
        out: dict[int, float] = {}
        for y, g in by.items():
            if "80-89" in g and "90+" in g:
                out[y] = g["80-89"] + g["90+"]
            elif "80+" in g:
                out[y] = g["80+"]
        return {y: v for y, v in out.items() if v > 0}

    def model_copy(self, *, update: Any = None, deep: bool = False) -> Baseline:
        """Copies re-validate, so cached arrays and hash are never stale."""
        data = self.model_dump()
        if update:
            data.update(update)
        return Baseline.model_validate(data)

    # ----------------------------------------------------------------- helpers
    def value(self, key: str) -> float:
        """A parameter's value; a known key the baseline lacks is neutral (see params.NEUTRAL)."""
        p = self.parameters.get(key)
        if p is not None:
            return p.value
        from model.params import NEUTRAL

        return NEUTRAL[key]

    def parameter_values(self) -> dict[str, float]:
        return {k: p.value for k, p in self.parameters.items()}

    def refund_rule(self, year: int) -> RefundRule | None:
        """The rule for `year`, else the latest earlier year, else the earliest."""
        if not self.refund_rules:
            return None
        rules = sorted(self.refund_rules, key=lambda r: r.year)
        earlier = [r for r in rules if r.year <= year]
        return earlier[-1] if earlier else rules[0]

    def site_names(self) -> list[str]:
        return [s.name for s in self.sites]

    def service_keys(self) -> list[str]:
        """The baseline's services: its services table, else the standard list."""
        if self.services:
            return [s.key for s in self.services]
        return [s.value for s in Service]

    def service_label(self, key: str, lang: str = "nb") -> str:
        for s in self.services:
            if s.key == key:
                return s.label_nb if lang == "nb" else (s.label_en or s.label_nb)
        from model.catalog import SERVICE_LABELS

        nb, en = SERVICE_LABELS.get(key, (key, key))
        return nb if lang == "nb" else en

    # ------------------------------------------------------- tables and status
    def table_rows(self, key: str) -> int:
        """Rows the baseline has in table `key` (see :data:`model.tables.TABLES`)."""
        return {
            "about": 1,
            "services": len(self.services),
            "sites": len(self.sites),
            "departments": len(self.departments),
            "parameters": len(self.parameters),
            "nursing_homes": len(self.nursing_home_rows),
            "nursing_place_types": len(self.nursing_place_types),
            "population": len(self.population),
            "refund_users": len(self.refund_users),
            "refund_rules": len(self.refund_rules),
            "published_figures": len(self.published_figures),
        }.get(key, 0)

    def has_table(self, key: str) -> bool:
        if key in ("nursing_homes", "nursing_place_types") and self.nursing_homes is not None:
            return True  # an older stored baseline carries the summary only
        if key == "population" and self.nursing_homes is not None:
            return True
        return self.table_rows(key) > 0

    def table_statuses(self, key: str) -> dict[str, int]:
        """How many rows of table `key` have each status."""
        by_key: dict[str, list[Any]] = {
            "services": self.services,
            "sites": self.sites,
            "departments": self.departments,
            "parameters": list(self.parameters.values()),
            "nursing_homes": self.nursing_home_rows,
            "nursing_place_types": self.nursing_place_types,
            "population": self.population,
            "refund_users": self.refund_users,
            "refund_rules": self.refund_rules,
        }
        rows = by_key.get(key, [])
        out: dict[str, int] = {}
        for r in rows:
            st = getattr(r, "status", "published")
            out[st] = out.get(st, 0) + 1
        return out

    def table_sources(self, key: str, lang: str = "nb") -> list[str]:
        """The distinct sources of table ``key`` (English ones where given, for ``lang="en"``)."""

        by_key: dict[str, list[Any]] = {
            "services": self.services,
            "parameters": list(self.parameters.values()),
            "nursing_homes": self.nursing_home_rows,
            "nursing_place_types": self.nursing_place_types,
            "population": self.population,
            "refund_rules": self.refund_rules,
            "published_figures": self.published_figures,
        }
        rows = by_key.get(key, [])
        srcs = sorted({text_in(r, "source", lang) for r in rows} - {""})
        if not srcs and self.table_rows(key) and self.source:
            return [text_in(self, "source", lang)]
        return srcs

    @cached_property
    def _memo(self) -> dict[str, Any]:
        return {}

    def memo(self, key: str, build: Callable[[Baseline], Any]) -> Any:
        """`build(self)`, built once per baseline and kept under `key`: for figures the
        model derives from the baseline alone on every evaluation. A baseline never
        changes (it is frozen and copies re-validate), so a kept value cannot go stale;
        `build` must depend on nothing else, and its arrays are made read-only."""
        if key not in self._memo:
            value = build(self)
            if isinstance(value, np.ndarray):
                value.flags.writeable = False
            self._memo[key] = value
        return self._memo[key]

    @cached_property
    def _missing(self) -> dict[tuple[str, str | None], list[str]]:
        """Answers of missing_tables/missing_parameters, kept: every evaluation asks them
        for every measure, and a baseline never changes (copies re-validate)."""
        return {}

    def missing_tables(self, use: str | None = None) -> list[str]:
        """Tables a page or measure (`use`: night, colocation, levers, refund, coverage,
        staffing; None = all) needs that this baseline lacks: say "upload this"."""
        key = ("tables", use)
        if key not in self._missing:
            uses = [use] if use else list(NEEDS)
            out: list[str] = []
            for u in uses:
                for t in NEEDS.get(u, ()):
                    if not self.has_table(t) and t not in out:
                        out.append(t)
            self._missing[key] = out
        return list(self._missing[key])  # a new list: callers may change theirs

    def missing_parameters(self, measure: str | None = None) -> list[str]:
        """Parameters a measure needs that the baseline does not define."""
        key = ("parameters", measure)
        if key not in self._missing:
            ids = [measure] if measure else list(MEASURE_PARAMETERS)
            out: list[str] = []
            for m in ids:
                for k in MEASURE_PARAMETERS.get(m, ()):
                    if k not in self.parameters and k not in out:
                        out.append(k)
            self._missing[key] = out
        return list(self._missing[key])

    def published(self) -> dict[str, float]:
        return {f.key: f.value for f in self.published_figures}

    def canonical_json(self) -> str:
        """The baseline as sorted JSON (its hash). Empty optional English texts
        (:data:`OPTIONAL_EN_TEXT`) are left out, so a baseline without them keeps the hash
        it had before those columns existed (saved scenarios and links still find it)."""
        return json.dumps(
            _drop_empty_en(self.model_dump(mode="json")), sort_keys=True, separators=(",", ":")
        )

    @cached_property
    def hash(self) -> str:
        """Content hash: a saved scenario records which data it was computed on."""
        return hashlib.sha256(self.canonical_json().encode()).hexdigest()[:16]

    @cached_property
    def arrays(self) -> SiteArrays:
        return SiteArrays.from_sites(self.sites)

    @cached_property
    def refund_arrays(self) -> RefundUserArrays:
        return RefundUserArrays(self.refund_users, self.arrays.index)


class RefundUserArrays:
    """Column arrays of the refund users, built once per baseline (fast evaluation)."""

    def __init__(self, users: list[RefundUser], site_index: dict[str, int]) -> None:
        self.eligible = np.array([u.age_band != "67+" for u in users], dtype=bool)
        #: users whose threshold is raised by the deduction (intellectual disability, 16-66)
        self.deduction = np.array(
            [u.intellectual_disability and u.age_band == "16-66" for u in users], dtype=bool
        )
        self.cost = np.array([u.direct_labour_cost_nok for u in users], dtype=float)
        self.site = np.array([site_index.get(u.site, -1) for u in users], dtype=int)
        for arr in (self.eligible, self.deduction, self.cost, self.site):
            arr.flags.writeable = False  # shared by every evaluation of this baseline


#: English texts added after baselines were first stored: left out of the hash when empty
OPTIONAL_EN_TEXT: frozenset[str] = frozenset({"source_en", "note_en", "description_en"})


def _drop_empty_en(x: Any) -> Any:
    if isinstance(x, dict):
        return {
            k: _drop_empty_en(v) for k, v in x.items() if not (k in OPTIONAL_EN_TEXT and v == "")
        }
    if isinstance(x, list):
        return [_drop_empty_en(v) for v in x]
    return x


class SiteArrays:
    """Column arrays of the sites, built once per baseline (fast evaluation)."""

    def __init__(self, sites: list[Site]) -> None:
        self.names = [s.name for s in sites]
        self.index = {n: i for i, n in enumerate(self.names)}
        self.service = np.array([str(s.service) for s in sites], dtype=object)
        self.area = np.array([s.area for s in sites], dtype=object)
        self.department = [s.department for s in sites]
        self.places = np.array([s.places for s in sites], dtype=float)
        self.housing = np.array([s.housing for s in sites], dtype=bool)
        self.awake = np.array([s.awake for s in sites], dtype=float)
        self.resting = np.array([s.resting for s in sites], dtype=float)
        self.shift = np.array([s.shift_hours for s in sites], dtype=float)
        self.dognturnus = np.array([s.dognturnus for s in sites], dtype=bool)
        self.dt_staff = np.array([s.dognturnus_supplement_staff for s in sites], dtype=float)

    @classmethod
    def from_sites(cls, sites: list[Site]) -> SiteArrays:
        return cls(sites)

    def __len__(self) -> int:
        return len(self.names)
