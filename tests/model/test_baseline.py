"""Baseline validation and the cached per-baseline arrays/hash."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from model import Scenario, evaluate
from model.baseline import Baseline, Parameter


def test_missing_parameter_is_rejected(demo: Baseline) -> None:
    data = demo.model_dump()
    del data["parameters"]["resting_paid_fraction"]
    with pytest.raises(ValidationError, match="resting_paid_fraction"):
        Baseline.model_validate(data)


def test_parameter_key_must_match(demo: Baseline) -> None:
    data = demo.model_dump()
    data["parameters"]["interest_rate"]["key"] = "rente"
    with pytest.raises(ValidationError, match="rente"):
        Baseline.model_validate(data)


def test_duplicate_site_names_are_rejected(demo: Baseline) -> None:
    data = demo.model_dump()
    data["sites"].append(data["sites"][0])
    with pytest.raises(ValidationError, match="duplicate site names"):
        Baseline.model_validate(data)


def test_one_refund_rule_per_year(demo: Baseline) -> None:
    data = demo.model_dump()
    data["refund_rules"].append(data["refund_rules"][0])
    with pytest.raises(ValidationError, match="one row per year"):
        Baseline.model_validate(data)


def test_parameter_range_must_be_ordered() -> None:
    with pytest.raises(ValidationError, match="low"):
        Parameter(key="x", value=1, unit="kr", low=2, high=1)


def test_hash_depends_on_content(demo: Baseline) -> None:
    data = demo.model_dump()
    data["sites"] = data["sites"][:3]
    other = Baseline.model_validate(data)
    assert other.hash != demo.hash
    assert Baseline.model_validate(demo.model_dump()).hash == demo.hash


def test_model_copy_does_not_keep_stale_cached_arrays(demo: Baseline) -> None:
    """``Baseline.arrays`` and ``Baseline.hash`` are ``functools.cached_property``.

    The cache lives in the instance ``__dict__``, which pydantic's ``model_copy`` copies:
    a copy with other sites keeps the old arrays and the old hash, and ``evaluate`` then
    computes on the *old* sites (27 instead of 3) and labels the result with the old hash.
    """
    _ = demo.arrays, demo.hash  # any earlier evaluate() fills the cache
    copy = demo.model_copy(update={"sites": demo.sites[:3]})
    assert len(copy.sites) == 3
    assert len(copy.arrays) == 3
    assert copy.hash != demo.hash
    assert evaluate(copy, Scenario()).totals.sites_baseline == 3
