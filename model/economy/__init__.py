"""The economic plan: budget gap, demography to 2050 and need-adjusted benchmarking.

Pure like the rest of :mod:`model` (numpy/pandas/pydantic only); file reading and
writing live only in :mod:`model.economy.loader` and :mod:`model.economy.cli`.
Method and sources: ``docs/economy.md``.
"""

from model.economy.benchmark import (
    BenchmarkError,
    BenchmarkResult,
    BenchmarkSettings,
    handlingsrom,
)
from model.economy.data import EconomyData
from model.economy.demography import (
    DemographyError,
    DemographyResult,
    DemographySettings,
    project,
)
from model.economy.gap import (
    GapHeadline,
    GapResult,
    GapSettings,
    budget_gap,
    effects_from_result,
    headline,
)
from model.economy.tables import ParseError, Problem

__all__ = [
    "BenchmarkError",
    "BenchmarkResult",
    "BenchmarkSettings",
    "DemographyError",
    "DemographyResult",
    "DemographySettings",
    "EconomyData",
    "GapHeadline",
    "GapResult",
    "GapSettings",
    "ParseError",
    "Problem",
    "budget_gap",
    "effects_from_result",
    "handlingsrom",
    "headline",
    "project",
]
