"""The scenario: the levers a steering group moves. Defaults mean "no change".

One typed object is the single source of truth: sliders edit it, the URL encodes it,
the store saves it, the CLI reads it from JSON and the model evaluates it.
"""

from __future__ import annotations

import hashlib
import json
import math
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from model.baseline import ServiceStr
from model.params import PARAMETER_BOUNDS

SCHEMA_VERSION = 1

#: caps that keep one request (a link, a file) well under 300 MB and 2 s (issue 10)
MAX_DRAWS = 20_000
MAX_SITES = 2_000
MAX_LIST = 100
MAX_NAME = 120

#: a site/area/home name in a scenario
Name = Annotated[str, StringConstraints(max_length=MAX_NAME)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class Arrangement(_Frozen):
    """A night arrangement for one site: staff on duty per night."""

    awake: int = Field(default=0, ge=0, le=20, description="awake (active) night staff")
    resting: int = Field(default=0, ge=0, le=20, description="resting (passive) night staff")
    shift_hours: float | None = Field(
        default=None, gt=0, le=24, description="shift length in hours; null = default_shift_hours"
    )
    dognturnus: bool | None = Field(
        default=None, description="døgnturnus after the change; null = keep as today"
    )


class SiteSelector(_Frozen):
    """Which sites a rule applies to. Empty lists mean 'any'; conditions combine with AND."""

    services: list[ServiceStr] = Field(default_factory=list, max_length=MAX_LIST)
    areas: list[Name] = Field(default_factory=list, max_length=MAX_LIST)
    dognturnus: bool | None = Field(default=None, description="only sites with/without døgnturnus")
    sites: list[Name] = Field(
        default_factory=list, max_length=MAX_SITES, description="only these sites (by name)"
    )
    housing_only: bool = True


class NightRule(_Frozen):
    """'Every site that runs døgnturnus gets 1 awake + 1 resting'."""

    label: str = Field(default="", max_length=200)
    selector: SiteSelector = Field(default_factory=SiteSelector)
    arrangement: Arrangement


class NightLevers(_Frozen):
    rules: list[NightRule] = Field(default_factory=list, max_length=20)
    overrides: dict[str, Arrangement] = Field(
        default_factory=dict, max_length=MAX_SITES, description="per site name; wins over rules"
    )
    shift_hours: float | None = Field(
        default=None, gt=0, le=24, description="one shift length for every site (after)"
    )


class CapacityRule(_Frozen):
    """Merge the sites of one or several services into ceil(places / max_residents) sites.

    ``services`` lists the services pooled together (empty = all services); the older
    single ``service`` field is still accepted and means ``services=[service]``.
    """

    service: ServiceStr | None = None
    services: list[ServiceStr] = Field(default_factory=list, max_length=MAX_LIST)
    by_area: bool = False
    max_residents: int = Field(ge=1, le=60)
    arrangement: Arrangement = Field(default_factory=lambda: Arrangement(awake=2, dognturnus=False))

    def pooled(self) -> list[str]:
        """The services this rule pools (empty = all)."""
        out = [str(x) for x in self.services]
        if self.service is not None and str(self.service) not in out:
            out.insert(0, str(self.service))
        return out


class MergeGroup(_Frozen):
    """An explicit merge: these existing sites become one new site."""

    name: str = Field(min_length=1, max_length=120)
    sites: list[Name] = Field(min_length=1, max_length=200)
    arrangement: Arrangement = Field(default_factory=lambda: Arrangement(awake=2, dognturnus=False))


class Colocation(_Frozen):
    capacity_rules: list[CapacityRule] = Field(default_factory=list, max_length=10)
    merges: list[MergeGroup] = Field(default_factory=list, max_length=50)
    day_evening_synergy_pct: float = Field(
        default=0.0, ge=0, le=50, description="% of day/evening rota cost saved at merged sites"
    )
    new_units: int | None = Field(
        default=None, ge=0, le=10000, description="units to build; null = places of merged sites"
    )

    @model_validator(mode="after")
    def _unique(self) -> Colocation:
        seen_svc: set[str] = set()
        for i, r in enumerate(self.capacity_rules):
            svcs = r.pooled()
            if not svcs and (seen_svc or len(self.capacity_rules) > 1):
                raise ValueError(
                    f"capacity_rules[{i}]: a rule for all services must be the only rule"
                )
            if seen_svc & set(svcs):
                raise ValueError("capacity_rules: at most one rule per service")
            seen_svc |= set(svcs)
        names = [m.name for m in self.merges]
        if len(set(names)) != len(names):
            raise ValueError("merges: new site names must be unique")
        seen: set[str] = set()
        for i, m in enumerate(self.merges):
            for s in m.sites:
                if s in seen:
                    raise ValueError(f"merges[{i}]: site '{s}' is already in another merge")
                seen.add(s)
        return self


class AmbulantTeam(_Frozen):
    """A shared ambulant night team covering several sites (Ålesund)."""

    enabled: bool = False
    staff_per_night: int = Field(default=2, ge=0, le=30, description="awake team staff per night")
    shift_hours: float | None = Field(default=None, gt=0, le=24)
    sites: list[Name] = Field(
        default_factory=list, max_length=MAX_SITES, description="covered sites (after merges)"
    )
    reduce_awake: int = Field(default=0, ge=0, le=20, description="awake staff removed per site")
    reduce_resting: int = Field(default=1, ge=0, le=20, description="resting staff removed")


class DigitalSupervision(_Frozen):
    """Digital night supervision allowing a smaller on-site arrangement."""

    enabled: bool = False
    sites: list[Name] = Field(default_factory=list, max_length=MAX_SITES)
    reduce_awake: int = Field(default=0, ge=0, le=20)
    reduce_resting: int = Field(default=1, ge=0, le=20)


class CoverageLevers(_Frozen):
    target_rate: float | None = Field(
        default=None, ge=0, le=0.6, description="nursing-home coverage rate target (share of 80+)"
    )
    target_year: int | None = Field(default=None, ge=2000, le=2100)
    norm_closure_share: float = Field(
        default=0.0, ge=0, le=1, description="share of the gap to the staffing norms closed"
    )
    norms: dict[str, float] = Field(
        default_factory=dict, max_length=MAX_LIST, description="FTE per place by type"
    )
    hdo_target_fte_per_resident: float | None = Field(default=None, ge=0, le=10)
    close_homes: list[Name] = Field(
        default_factory=list,
        max_length=MAX_LIST,
        description="nursing homes (or units) closed, with their own places, FTE and cost",
    )

    @field_validator("norms")
    @classmethod
    def _norms_range(cls, v: dict[str, float]) -> dict[str, float]:
        for k, x in v.items():
            if not 0 <= x <= 5:
                raise ValueError(f"norm for '{k}' must be between 0 and 5 FTE per place")
        return v


class PercentLevers(_Frozen):
    """The consultants' short-term measures, each a percentage of its base amount."""

    overtime_cut_pct: float = Field(default=0.0, ge=0, le=100)
    substitute_cut_pct: float = Field(default=0.0, ge=0, le=100)
    competence_level_cut_pct: float = Field(default=0.0, ge=0, le=20)
    rota_hours_cut_pct: float = Field(default=0.0, ge=0, le=20)
    decided_hours_cut_pct: float = Field(default=0.0, ge=0, le=20)


class CustomMeasure(_Frozen):
    """A measure priced outside the model (e.g. 'coordination across homes')."""

    id: str = Field(pattern=r"^[a-z0-9_]{1,40}$")
    label: str = Field(min_length=1, max_length=200)
    savings_nok_per_year: float = Field(ge=-1e10, le=1e10)
    fte_change: float = Field(default=0.0, ge=-10000, le=10000)
    refund_share: float = Field(
        default=0.0, ge=0, le=1, description="share of the saving on users above the threshold"
    )
    consequences: str = Field(default="", max_length=2000)
    preconditions: str = Field(default="", max_length=2000)


class RefundSettings(_Frozen):
    enabled: bool = True
    year: int | None = Field(default=None, ge=2000, le=2100, description="rules year")
    threshold_nok: float | None = Field(default=None, gt=0)
    rate: float | None = Field(default=None, ge=0, le=1)
    id_deduction_nok: float | None = Field(default=None, ge=0)


class Timing(_Frozen):
    start_year: int | None = Field(default=None, ge=2000, le=2100)
    ramp_years: int = Field(default=1, ge=1, le=10, description="years to full effect")


class PlanSettings(_Frozen):
    start_year: int = Field(default=2027, ge=2000, le=2100)
    years: int = Field(default=4, ge=1, le=20)
    timing: dict[str, Timing] = Field(default_factory=dict, max_length=MAX_LIST)


class Range(_Frozen):
    low: float = Field(allow_inf_nan=False)
    high: float = Field(allow_inf_nan=False)

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.low > self.high:
            raise ValueError("low must not exceed high")
        return self


class UncertaintySettings(_Frozen):
    draws: int = Field(default=2000, ge=10, le=MAX_DRAWS)
    seed: int = Field(default=2020, ge=0, le=2**31 - 1)
    use_data_ranges: bool = True
    ranges: dict[str, Range] = Field(default_factory=dict, max_length=MAX_LIST)

    @field_validator("ranges")
    @classmethod
    def _known(cls, v: dict[str, Range]) -> dict[str, Range]:
        for k, r in v.items():
            if k not in PARAMETER_BOUNDS:
                raise ValueError(f"unknown parameter '{k}'")
            lo, hi = PARAMETER_BOUNDS[k]
            if not (lo <= r.low and r.high <= hi):
                raise ValueError(f"range for '{k}' must stay within {lo} … {hi}")
        return v


class Scenario(_Frozen):
    """All levers. `Scenario()` is 'no change' and yields zero change everywhere."""

    v: Literal[1] = Field(default=1, description="scenario schema version")
    params: dict[str, float] = Field(
        default_factory=dict,
        max_length=MAX_LIST,
        description="parameter overrides (facts, both sides)",
    )
    supplement_regime: Literal["table", "ks2023"] = "table"
    night: NightLevers = Field(default_factory=NightLevers)
    colocation: Colocation = Field(default_factory=Colocation)
    ambulant: AmbulantTeam = Field(default_factory=AmbulantTeam)
    digital: DigitalSupervision = Field(default_factory=DigitalSupervision)
    coverage: CoverageLevers = Field(default_factory=CoverageLevers)
    levers: PercentLevers = Field(default_factory=PercentLevers)
    custom: list[CustomMeasure] = Field(default_factory=list, max_length=30)
    refund: RefundSettings = Field(default_factory=RefundSettings)
    plan: PlanSettings = Field(default_factory=PlanSettings)
    uncertainty: UncertaintySettings = Field(default_factory=UncertaintySettings)

    @field_validator("params")
    @classmethod
    def _params_in_bounds(cls, v: dict[str, float]) -> dict[str, float]:
        for k, x in v.items():
            if not math.isfinite(x):
                raise ValueError(f"parameter '{k}' must be a finite number")
            if k not in PARAMETER_BOUNDS:
                raise ValueError(f"unknown parameter '{k}'")
            lo, hi = PARAMETER_BOUNDS[k]
            if not lo <= x <= hi:
                raise ValueError(f"parameter '{k}' = {x} is outside {lo} … {hi}")
        return v

    @model_validator(mode="after")
    def _custom_ids_unique(self) -> Scenario:
        ids = [c.id for c in self.custom]
        if len(set(ids)) != len(ids):
            raise ValueError("custom: measure ids must be unique")
        return self

    def compact(self) -> dict[str, object]:
        """Only what differs from the defaults (used for links and storage)."""
        return self.model_dump(mode="json", exclude_defaults=True)

    # The canonical JSON and the hash are computed once per scenario object (0.1 ms, and
    # both the app's result cache and every evaluation ask for them). A scenario is
    # frozen, and model_copy (below) drops them, so they cannot go stale.
    @cached_property
    def _canonical_json(self) -> str:
        return json.dumps(self.compact(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)

    def canonical_json(self) -> str:
        return self._canonical_json

    @cached_property
    def hash(self) -> str:
        return hashlib.sha256(self.canonical_json().encode()).hexdigest()[:12]

    def model_copy(self, *, update: Any = None, deep: bool = False) -> Scenario:
        """A copy (with `update` applied) that computes its own canonical JSON and hash."""
        copy = super().model_copy(update=update, deep=deep)
        for key in ("_canonical_json", "hash"):
            copy.__dict__.pop(key, None)
        return copy

    def is_empty(self) -> bool:
        return not self.compact()
