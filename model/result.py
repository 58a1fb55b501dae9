"""Results: costs, FTE and savings per site, per measure and per year.

Sign conventions: a *saving* is positive when costs fall; ``fte_change`` is negative
when FTE fall. All money is NOK per year in the baseline's price level unless a field
says otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field


class _R(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


R = TypeVar("R", bound=_R)

#: each row class's field names (looked up once, not on every row)
_FIELD_NAMES: dict[type, set[str]] = {}


def _field_names(cls: type[_R]) -> set[str]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = set(cls.model_fields)
    return names


def _row(cls: type[R], values: dict[str, Any], names: set[str]) -> R:
    obj = cls.__new__(cls)
    object.__setattr__(obj, "__dict__", values)
    # one set shared by all rows of a class: pydantic copies it before changing it
    object.__setattr__(obj, "__pydantic_fields_set__", names)
    object.__setattr__(obj, "__pydantic_extra__", None)
    object.__setattr__(obj, "__pydantic_private__", None)
    return obj


def unvalidated(cls: type[R], values: dict[str, Any]) -> R:
    """A result row from values the model computed itself, without pydantic validation.

    Validation costs 5-8 µs a row and an evaluation (on every slider move) builds dozens
    of rows whose values are already of the declared types: Python ``float`` (never an
    ``int`` or numpy scalar in a float field), ``int``, ``str``, ``bool`` and lists of
    these. Every field must be given (no defaults are filled in). The JSON lists the
    fields in the order of `values`. ``tests/model/test_unvalidated_rows.py`` checks that
    validating such rows changes nothing.
    """
    names = _field_names(cls)
    if values.keys() != names:
        raise TypeError(f"{cls.__name__}: fields {sorted(names ^ values.keys())} differ")
    return _row(cls, values, names)


def unvalidated_rows(
    cls: type[R], fields: tuple[str, ...], rows: Iterable[tuple[Any, ...]]
) -> list[R]:
    """:func:`unvalidated` for many rows given as tuples in the order of `fields` (checked
    once, not per row: a synthetic baseline has thousands of sites)."""
    names = _field_names(cls)
    if set(fields) != names or len(fields) != len(names):
        raise TypeError(f"{cls.__name__}: fields {sorted(names ^ set(fields))} differ")
    # (a row with too few or too many values: zip(strict=True) raises)
    return [_row(cls, dict(zip(fields, row, strict=True)), names) for row in rows]


class NightTotals(_R):
    staff_per_night: float
    awake_per_night: float
    resting_per_night: float
    paid_hours_per_night: float
    paid_hours_per_year: float
    gross_fte: float
    cost_nok: float = Field(description="FTE cost of the night watch (excl. variable supplements)")
    supplement_night_nok: float
    supplement_weekend_nok: float
    supplement_holiday_nok: float
    supplement_dognturnus_nok: float
    supplements_nok: float = Field(
        description="all night supplements (night, weekend, holiday, døgnturnus), whether the "
        "FTE cost includes them or not"
    )
    supplements_included_nok: float = Field(
        default=0.0, description="part of supplements_nok already inside cost_nok (FTE cost)"
    )
    supplements_outside_nok: float = Field(
        default=0.0, description="part of supplements_nok paid on top of cost_nok"
    )
    other_cost_nok: float = Field(description="ambulant team operation, digital supervision")
    total_cost_nok: float = Field(description="cost_nok + supplements_outside_nok + other")


class LevelPart(_R):
    """One part of a level: what the model knows the cost of."""

    key: str = Field(description="night|departments|nursing_homes|hdo")
    label_nb: str
    label_en: str
    cost_nok_per_year: float
    fte: float
    sites: int | None = None
    places: float | None = None
    in_total: bool = Field(
        description="false when another part already contains it (night in departments)"
    )


class Level(_R):
    """Today's or the scenario's level (at full effect, last plan year for coverage)."""

    cost_nok_per_year: float = Field(description="gross cost of the parts in the total")
    refund_nok_per_year: float = Field(description="state refund for resource-intensive users")
    net_cost_nok_per_year: float = Field(description="cost - refund")
    fte: float
    sites: int = Field(description="sites with night staff")
    places: float = Field(description="places in housing sites and nursing homes")
    parts: list[LevelPart]


#: names of the three kinds of money (the result JSON uses these keys)
MONEY_KINDS: dict[str, tuple[str, str, str, str]] = {
    "cut_nok_per_year": (
        "Kutt i dagens budsjett",
        "Cut in today's budget",
        "Lavere kostnad enn i dag (basisåret), ved full effekt.",
        "Lower cost than today (the base year), at full effect.",
    ),
    "avoided_nok_per_year": (
        "Unngått kostnad",
        "Cost avoided",
        "Kostnad som en videreføring av dagens praksis ville gitt ved befolkningsvekst, men "
        "som scenarioet unngår. Ikke et kutt i dagens budsjett.",
        "Cost that carrying today's practice forward with population growth would have "
        "added, and the scenario avoids. Not a cut in today's budget.",
    ),
    "refund_change_nok_per_year": (
        "Endret statlig refusjon",
        "Change in state refund",
        "Endring i toppfinansieringen for ressurskrevende tjenester (negativ: tapt refusjon).",
        "Change in the state refund for resource-intensive services (negative: refund lost).",
    ),
}


class Totals(_R):
    night: NightTotals = Field(description="night watch after the scenario")
    night_baseline: NightTotals = Field(description="night watch today")
    sites: int = Field(description="sites with night staff after the scenario")
    sites_baseline: int
    gross_savings_nok_per_year: float
    lost_refund_nok_per_year: float
    net_savings_nok_per_year: float
    fte_change: float
    investment_nok: float = Field(description="construction cost before grant")
    grant_nok: float
    net_investment_nok: float
    annual_capital_cost_nok: float
    net_effect_after_capital_nok_per_year: float
    payback_year: int | None
    # --- levels and the three kinds of money (issue 8 item 4) -------------------------
    today: Level | None = Field(default=None, description="today's level")
    scenario: Level | None = Field(default=None, description="the scenario's level")
    cut_nok_per_year: float = Field(default=0.0, description="(a) cut against today's budget")
    avoided_nok_per_year: float = Field(
        default=0.0, description="(b) cost avoided against the baseline projection"
    )
    refund_change_nok_per_year: float = Field(
        default=0.0, description="(c) change in state refund (= -lost_refund)"
    )
    fte_cut: float = Field(default=0.0, description="FTE change against today")
    fte_avoided: float = Field(default=0.0, description="FTE change against the projection")
    headline_sums_nb: str = ""
    headline_sums_en: str = ""
    payback_includes_nb: str = ""
    payback_includes_en: str = ""


class MeasureResult(_R):
    id: str
    kind: str = Field(
        description="night|colocation|ambulant|digital|lever|coverage|staffing|custom"
    )
    label_nb: str
    label_en: str
    active: bool
    gross_savings_nok_per_year: float = Field(description="at full effect")
    staff_cost_savings_nok: float = Field(description="part of gross from FTE cost")
    supplement_savings_nok: float = Field(description="part of gross from variable supplements")
    other_savings_nok: float = Field(description="other costs (negative = new running costs)")
    lost_refund_nok_per_year: float
    net_savings_nok_per_year: float
    fte_change: float
    start_year: int
    ramp_years: int
    investment_nok: float = 0.0
    net_investment_nok: float = 0.0
    annual_capital_cost_nok: float = 0.0
    consequences_nb: str = ""
    consequences_en: str = ""
    preconditions_nb: str = ""
    preconditions_en: str = ""
    # --- three kinds of money, payback and full effect ----------------------------------
    cut_nok_per_year: float = Field(default=0.0, description="(a) against today's budget")
    avoided_nok_per_year: float = Field(default=0.0, description="(b) against the projection")
    refund_change_nok_per_year: float = Field(default=0.0, description="(c) = -lost refund")
    fte_cut: float = 0.0
    fte_avoided: float = 0.0
    full_effect_year: int | None = Field(
        default=None, description="first year of the year table at full effect"
    )
    payback_year: int | None = Field(
        default=None, description="this measure's own net savings repay its own investment"
    )
    payback_includes_nb: str = ""
    payback_includes_en: str = ""
    available: bool = Field(default=True, description="false when the baseline lacks its data")
    missing: list[str] = Field(default_factory=list, description="tables/parameters it lacks")
    explanation_nb: str = Field(default="", description="why net exceeds gross, refund rises")
    explanation_en: str = ""


class YearResult(_R):
    year: int
    gross_savings_nok: float
    net_savings_nok: float
    fte_change: float
    investment_nok: float
    capital_cost_nok: float
    cumulative_net_savings_nok: float
    cumulative_net_investment_nok: float
    by_measure_net_nok: dict[str, float]
    cut_nok: float = 0.0
    avoided_nok: float = 0.0
    refund_change_nok: float = 0.0


class SiteTable(_R):
    """Per-site before/after, column-wise (fast for thousands of sites)."""

    name: list[str]
    service: list[str]
    area: list[str]
    places: list[float]
    new_site: list[str] = Field(description="site it belongs to after the scenario")
    awake_before: list[float]
    resting_before: list[float]
    paid_hours_per_night_before: list[float]
    gross_fte_before: list[float]
    cost_nok_before: list[float]
    supplements_nok_before: list[float]
    awake_after: list[float] = Field(description="share of the new site's staff, by places")
    resting_after: list[float]
    paid_hours_per_night_after: list[float]
    gross_fte_after: list[float]
    cost_nok_after: list[float]
    supplements_nok_after: list[float]
    merged: list[bool] = Field(
        default_factory=list, description="its new site gathers two or more old sites"
    )
    moved: list[bool] = Field(
        default_factory=list, description="belongs to a new site (co-location), merged or not"
    )
    changed: list[bool] = Field(
        default_factory=list, description="night arrangement or cover differs from today"
    )
    dognturnus_before: list[bool] = Field(default_factory=list)
    dognturnus_after: list[bool] = Field(default_factory=list)

    def records(self) -> list[dict[str, object]]:
        cols = self.model_dump()
        n = len(self.name)
        return [{k: v[i] for k, v in cols.items()} for i in range(n)]


class NewSite(_R):
    """A site after the scenario (kept, changed, merged or new)."""

    name: str
    service: str
    area: str
    members: list[str]
    places: float
    awake: float
    resting: float
    shift_hours: float
    dognturnus: bool
    paid_hours_per_night: float
    gross_fte: float
    cost_nok: float
    merged: bool = Field(description="two or more old sites gathered here")
    covered_by: list[str] = Field(default_factory=list, description="ambulant|digital")
    moved: bool = Field(default=False, description="a new site from co-location")
    changed: bool = Field(default=False, description="arrangement or cover differs from today")
    dognturnus_before: bool = Field(default=False, description="any member site had it")


class CoverageYear(_R):
    year: int
    population_80_plus: float
    rate_baseline: float
    rate_scenario: float
    places_baseline: float
    places_scenario: float
    cost_baseline_nok: float
    cost_scenario_nok: float
    savings_nok: float
    fte_change: float
    cut_nok: float = Field(default=0.0, description="fewer places than today × cost per place")
    avoided_nok: float = Field(default=0.0, description="rest of savings: avoided growth")


class CoverageSummary(_R):
    """Coverage-rate target: the cut against the base year and the avoided cost."""

    base_year: int
    population_80_plus_base: float
    places_today: float
    rate_today: float
    target_rate: float | None
    cut_base_year_nok: float = Field(
        description="(today's places - target rate x base-year 80+) x cost per place"
    )
    cut_last_year_nok: float
    avoided_last_year_nok: float
    avoided_plan_years_nok: float = Field(description="sum of avoided cost over the plan years")
    cut_plan_years_nok: float


class ClosedHome(_R):
    home: str
    places: float
    fte: float
    cost_nok_per_year: float
    basis: str = Field(description="own_cost_per_place|own_fte|cost_per_place")


class StaffingRow(_R):
    key: str
    label_nb: str
    label_en: str
    places: int
    norm_fte_per_place: float
    norm_fte: float


class StaffingResult(_R):
    rows: list[StaffingRow]
    norm_fte: float
    fte_in_use: float
    gap_fte: float
    fte_change: float
    savings_nok: float
    hdo_residents: int
    hdo_fte_per_resident: float
    hdo_target_fte_per_resident: float
    hdo_fte_change: float
    hdo_savings_nok: float


class Warning(_R):
    code: str
    message_nb: str
    message_en: str


class Result(_R):
    model_version: str
    baseline_name: str
    baseline_hash: str
    scenario_hash: str
    price_year: int
    plan_years: list[int]
    totals: Totals
    measures: list[MeasureResult]
    years: list[YearResult]
    sites: SiteTable
    sites_after: list[NewSite]
    coverage: list[CoverageYear]
    staffing: StaffingResult | None
    warnings: list[Warning]
    coverage_summary: CoverageSummary | None = None
    closed_homes: list[ClosedHome] = Field(default_factory=list)
    money_kinds: dict[str, dict[str, str]] = Field(
        default_factory=dict, description="label and meaning of each kind of money"
    )

    def measure(self, measure_id: str) -> MeasureResult:
        for m in self.measures:
            if m.id == measure_id:
                return m
        raise KeyError(measure_id)


class Quantiles(_R):
    p10: float
    p50: float
    p90: float
    mean: float


class UncertaintyResult(_R):
    draws: int
    seed: int
    parameters: list[str] = Field(description="parameters drawn (triangular low/value/high)")
    total_gross: Quantiles
    total_net: Quantiles
    by_measure_net: dict[str, Quantiles]


class SensitivityRow(_R):
    key: str
    label_nb: str
    label_en: str
    unit: str
    low: float
    base: float
    high: float
    net_at_low: float
    net_at_high: float
    swing: float
