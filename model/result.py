"""Results: costs, FTE and savings per site, per measure and per year.

Sign conventions: a *saving* is positive when costs fall; ``fte_change`` is negative
when FTE fall. All money is NOK per year in the baseline's price level unless a field
says otherwise.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _R(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


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
    supplements_nok: float
    other_cost_nok: float = Field(description="ambulant team operation, digital supervision")
    total_cost_nok: float


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
    merged: bool
    covered_by: list[str] = Field(default_factory=list, description="ambulant|digital")


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
