"""The baseline: a municipality's sites, departments, unit costs and rules.

A baseline describes the world as it is (or as a report describes it); a scenario
describes decisions. Every number in a baseline carries its unit, year and source
through :class:`Parameter` or through the table it comes from.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from enum import StrEnum
from functools import cached_property
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

Status = Literal["published", "derived", "reconstructed", "assumption"]


class Service(StrEnum):
    """Service a site belongs to (the consultants group sites by service)."""

    MENTAL_HEALTH = "psykisk_helse_rus"
    HABILITATION = "habilitering"
    RESOURCE_INTENSIVE = "ressurskrevende"
    RESPITE = "avlastning"
    AMBULANT = "ambulant"
    OTHER = "annet"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


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

    @model_validator(mode="after")
    def _range_ordered(self) -> Parameter:
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"{self.key}: low ({self.low}) is above high ({self.high})")
        return self


class Site(_Frozen):
    """A site with night staffing today (a group home, single home or staff base)."""

    name: str = Field(min_length=1, max_length=120)
    service: Service
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
    service: Service
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


class PlaceType(_Frozen):
    """A nursing-home place type with its staffing norm (FTE per place)."""

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label_nb: str
    label_en: str
    places: int = Field(ge=0)
    norm_fte_per_place: float = Field(ge=0)
    source: str = ""


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

    @property
    def places(self) -> int:
        return sum(p.places for p in self.place_types)


#: Parameter keys every baseline must define (the model reads these).
REQUIRED_PARAMETERS: tuple[str, ...] = (
    "cost_per_gross_fte_nok",
    "hours_per_gross_fte",
    "hours_per_net_fte",
    "default_shift_hours",
    "resting_paid_fraction",
    "nights_per_year",
    "night_supplement_nok_per_hour",
    "weekend_supplement_nok_per_hour",
    "weekend_night_share",
    "holiday_supplement_nok_per_hour",
    "holiday_nights_per_year",
    "dognturnus_supplement_nok_per_staff",
    "annual_pay_nok",
    "weekly_hours",
    "overtime_cost_nok_per_hour",
    "cost_per_paid_hour_nok",
    "fixed_pay_nok",
    "overtime_nok",
    "substitute_cost_nok",
    "rota_hours_cost_base_nok",
    "decided_hours_per_year",
    "cost_per_decided_hour_nok",
    "ambulant_team_operating_cost_nok",
    "digital_cost_per_resident_nok",
    "digital_effect_realisation",
    "construction_cost_per_unit_nok",
    "husbanken_grant_share",
    "husbanken_cost_cap_per_unit_nok",
    "interest_rate",
    "depreciation_years",
    "cost_per_nursing_place_nok",
    "cost_per_fte_nursing_nok",
    "population_80_growth",
)


class Baseline(_Frozen):
    """Everything the model needs to know about a municipality today."""

    name: str = Field(min_length=1, max_length=80)
    municipality: str
    year: int = Field(ge=2000, le=2100)
    description: str = ""
    parameters: dict[str, Parameter]
    sites: list[Site]
    departments: list[Department] = Field(default_factory=list)
    refund_users: list[RefundUser] = Field(default_factory=list)
    refund_rules: list[RefundRule] = Field(default_factory=list)
    nursing_homes: NursingHomes | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Baseline:
        from model.params import PARAMETER_BOUNDS

        for key, p in self.parameters.items():
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
            raise ValueError("duplicate site names: " + ", ".join(dupes))
        years = [r.year for r in self.refund_rules]
        if len(set(years)) != len(years):
            raise ValueError("refund rules: one row per year")
        return self

    def model_copy(self, *, update: Any = None, deep: bool = False) -> Baseline:
        """Copies re-validate, so cached arrays and hash are never stale."""
        data = self.model_dump()
        if update:
            data.update(update)
        return Baseline.model_validate(data)

    # ----------------------------------------------------------------- helpers
    def value(self, key: str) -> float:
        return self.parameters[key].value

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

    def canonical_json(self) -> str:
        return json.dumps(self.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))

    @cached_property
    def hash(self) -> str:
        """Content hash: a saved scenario records which data it was computed on."""
        return hashlib.sha256(self.canonical_json().encode()).hexdigest()[:16]

    @cached_property
    def arrays(self) -> SiteArrays:
        return SiteArrays.from_sites(self.sites)


class SiteArrays:
    """Column arrays of the sites, built once per baseline (fast evaluation)."""

    def __init__(self, sites: list[Site]) -> None:
        self.names = [s.name for s in sites]
        self.index = {n: i for i, n in enumerate(self.names)}
        self.service = np.array([s.service.value for s in sites], dtype=object)
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
