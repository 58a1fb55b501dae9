"""Root test configuration (sub-folders have their own conftest.py).

* puts the repository root on ``sys.path`` so ``import model`` etc. work;
* registers Hypothesis profiles: ``ci`` (derandomised, used when ``CI=true``)
  and ``dev`` (everything else);
* with ``CI=true``, a skipped test is a failed test: ``pytest.skip``,
  ``skip``/``skipif`` markers, ``pytest.importorskip`` (also at module level)
  and ``xfail`` are all reported as failures, so CI can never pass by quietly
  not running something (a missing browser, a missing package, ...).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

pytest_plugins = ["pytester"]

# --- Hypothesis -------------------------------------------------------------


def ci_enabled() -> bool:
    """True when running under CI (``CI=true``, as set by ``.ci/run`` and most CI hosts)."""
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


settings.register_profile("ci", derandomize=True, deadline=None, max_examples=60)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if ci_enabled() else "dev")

# --- CI: skipped tests are failures -----------------------------------------

CI_SKIP_PREFIX = "CI=true: skipped tests are failures: "


def _skip_reason(report: Any) -> str:
    wasxfail = getattr(report, "wasxfail", None)
    if wasxfail is not None:
        return f"xfail is not allowed under CI ({wasxfail or 'no reason given'})"
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        reason = str(longrepr[2])  # (path, lineno, "Skipped: <reason>")
        return reason.removeprefix("Skipped: ")
    return str(longrepr)


def _fail_skipped(report: Any) -> None:
    reason = _skip_reason(report)
    if hasattr(report, "wasxfail"):
        del report.wasxfail
    report.outcome = "failed"
    report.longrepr = f"{CI_SKIP_PREFIX}{reason}"


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    # tryfirst on a wrapper makes it the outermost one: it sees the report after
    # the skipping/xfail plugin has finished with it.
    report = yield
    if ci_enabled() and (report.skipped or hasattr(report, "wasxfail")):
        _fail_skipped(report)
    return report


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_make_collect_report(
    collector: pytest.Collector,
) -> Generator[None, pytest.CollectReport, pytest.CollectReport]:
    # Module-level pytest.importorskip / pytest.skip(allow_module_level=True).
    report = yield
    if ci_enabled() and report.skipped:
        _fail_skipped(report)
    return report
