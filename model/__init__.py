"""Staffing-scenario model: pure Python (numpy, pandas, pydantic), no I/O in the core."""

from model.baseline import Baseline
from model.engine import MODEL_VERSION, ScenarioError, evaluate, validate_against
from model.result import Result
from model.scenario import Scenario

__all__ = [
    "MODEL_VERSION",
    "Baseline",
    "Result",
    "Scenario",
    "ScenarioError",
    "evaluate",
    "validate_against",
]
