"""Result rows the engine builds without pydantic validation (``model.result.unvalidated``,
for speed) are exactly what validation would have made of them: same values, same types
(a float field never holds an int or a numpy scalar), and no field missing or extra."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel

from benchmarks import model as bench
from model import Scenario, evaluate
from model.baseline import Baseline
from model.result import MeasureResult, NewSite, YearResult, unvalidated, unvalidated_rows


def _same_as_validated(row: BaseModel) -> None:
    again = type(row).model_validate(row.model_dump())
    for name in type(row).model_fields:
        mine, theirs = getattr(row, name), getattr(again, name)
        assert type(mine) is type(theirs), (type(row).__name__, name, type(mine))
        assert mine == theirs, (type(row).__name__, name)
        if isinstance(mine, dict):  # e.g. by_measure_net_nok: floats, not numpy scalars
            for k, v in mine.items():
                assert type(v) is type(theirs[k]), (name, k, type(v))
        if isinstance(mine, list):
            for v, w in zip(mine, theirs, strict=True):
                assert type(v) is type(w), (name, type(v))


def _baselines(demo: Baseline, sogndal: Baseline, syn: Baseline) -> list[Baseline]:
    return [demo, sogndal, syn, bench.full_baseline()]


@pytest.mark.parametrize(
    "scenario",
    [Scenario(), bench.every_lever_scenario(), bench.structural_scenario()],
    ids=["default", "every_lever", "structural"],
)
def test_rows_built_without_validation_equal_validated_rows(
    demo: Baseline, sogndal: Baseline, syn: Baseline, scenario: Scenario
) -> None:
    for b in _baselines(demo, sogndal, syn):
        r = evaluate(b, scenario)
        rows: list[Any] = [*r.measures, *r.years, *r.sites_after]
        assert r.totals.scenario is not None
        rows += r.totals.scenario.parts
        rows += [r.sites, r, r.totals.night, r.totals.night_baseline, *r.coverage]
        assert r.measures and r.years
        for row in rows:
            _same_as_validated(row)
        # the whole result survives a round trip through validation unchanged
        assert type(r).model_validate_json(r.model_dump_json()) == r


def test_unvalidated_refuses_missing_or_extra_fields() -> None:
    year = {
        "year": 2027,
        "gross_savings_nok": 1.0,
        "net_savings_nok": 1.0,
        "fte_change": 0.0,
        "investment_nok": 0.0,
        "capital_cost_nok": 0.0,
        "cumulative_net_savings_nok": 1.0,
        "cumulative_net_investment_nok": 0.0,
        "by_measure_net_nok": {"overtime": 1.0},
        "cut_nok": 1.0,
        "avoided_nok": 0.0,
        "refund_change_nok": 0.0,
    }
    assert unvalidated(YearResult, dict(year)) == YearResult(**year)
    missing = {k: v for k, v in year.items() if k != "cut_nok"}
    with pytest.raises(TypeError, match="cut_nok"):
        unvalidated(YearResult, missing)
    with pytest.raises(TypeError, match="surprise"):
        unvalidated(YearResult, {**year, "surprise": 1.0})
    with pytest.raises(TypeError):
        unvalidated(MeasureResult, {})
    with pytest.raises(TypeError):
        unvalidated(NewSite, {"name": "x"})


def test_unvalidated_rows_stay_frozen(demo: Baseline) -> None:
    r = evaluate(demo, bench.every_lever_scenario())
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        r.measures[0].gross_savings_nok_per_year = 1.0  # type: ignore[misc]
    with pytest.raises(ValidationError):
        r.sites_after[0].name = "x"  # type: ignore[misc]


def test_unvalidated_rows_checks_its_fields_and_row_lengths() -> None:
    fields = tuple(YearResult.model_fields)
    row = (2027, 1.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0, {}, 1.0, 0.0, 0.0)
    [made] = unvalidated_rows(YearResult, fields, [row])
    assert made == YearResult(**dict(zip(fields, row, strict=True)))
    with pytest.raises(TypeError, match="cut_nok"):
        unvalidated_rows(YearResult, fields[:-3] + fields[-2:], [row[:-1]])
    with pytest.raises(ValueError):
        unvalidated_rows(YearResult, fields, [row[:-1]])
    with pytest.raises(TypeError):
        unvalidated_rows(YearResult, (*fields, "year"), [(*row, 2027)])
