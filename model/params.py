"""Parameter keys the model reads, with the bounds a value must stay within.

Values, units, years and sources live in the baseline's data (``data/parameters.csv``);
this table only says which keys exist and what is physically possible, so that a
scenario, an upload or a URL can be validated without the data at hand.
"""

from __future__ import annotations

#: key -> (lowest allowed value, highest allowed value)
PARAMETER_BOUNDS: dict[str, tuple[float, float]] = {
    "cost_per_gross_fte_nok": (100_000, 3_000_000),
    "hours_per_gross_fte": (1000, 2500),
    "hours_per_net_fte": (1000, 2500),
    "default_shift_hours": (1, 24),
    "resting_paid_fraction": (0, 1),
    "nights_per_year": (1, 366),
    "night_supplement_nok_per_hour": (0, 2000),
    "weekend_supplement_nok_per_hour": (0, 2000),
    "weekend_night_share": (0, 1),
    "holiday_supplement_nok_per_hour": (0, 5000),
    "holiday_nights_per_year": (0, 60),
    "dognturnus_supplement_nok_per_staff": (0, 500_000),
    "annual_pay_nok": (100_000, 3_000_000),
    "weekly_hours": (20, 48),
    "overtime_cost_nok_per_hour": (0, 5000),
    "cost_per_paid_hour_nok": (0, 5000),
    "fixed_pay_nok": (0, 1e11),
    "overtime_nok": (0, 1e10),
    "substitute_cost_nok": (0, 1e10),
    "rota_hours_cost_base_nok": (0, 1e11),
    "decided_hours_per_year": (0, 1e9),
    "cost_per_decided_hour_nok": (0, 10_000),
    "ambulant_team_operating_cost_nok": (0, 1e8),
    "digital_cost_per_resident_nok": (0, 1e6),
    "digital_effect_realisation": (0, 1),
    "construction_cost_per_unit_nok": (0, 1e8),
    "husbanken_grant_share": (0, 1),
    "husbanken_cost_cap_per_unit_nok": (0, 1e8),
    "interest_rate": (0, 0.25),
    "depreciation_years": (1, 100),
    "cost_per_nursing_place_nok": (0, 1e8),
    "cost_per_fte_nursing_nok": (100_000, 3_000_000),
    "population_80_growth": (-0.2, 0.3),
    # nursing homes and 24/7 care housing (were fields of nursing_homes.csv)
    "nursing_fte_in_use": (0, 1e6),
    "hdo_residents": (0, 1e6),
    "hdo_fte_per_resident": (0, 10),
    # what the cost per gross FTE already includes (1 = included, 0 = paid on top)
    "fte_cost_includes_night_supplement": (0, 1),
    "fte_cost_includes_weekend_supplement": (0, 1),
    "fte_cost_includes_holiday_supplement": (0, 1),
    "fte_cost_includes_dognturnus_supplement": (0, 1),
}

#: Value a parameter takes when a baseline does not define it: "nothing of this" (no
#: amount, no supplement, not included), or a neutral divisor. Never another
#: municipality's figure.
NEUTRAL: dict[str, float] = {k: 0.0 for k in PARAMETER_BOUNDS} | {
    "hours_per_net_fte": 1645.0,
    "weekly_hours": 35.5,
    "annual_pay_nok": 0.0,
    "depreciation_years": 1.0,
}
