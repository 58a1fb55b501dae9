"""``benchmarks.browser`` runs end to end with 3 moves and returns numbers (no timing checks)."""

from __future__ import annotations

import math

import pytest
from playwright.sync_api import Browser

from benchmarks.browser import REPO_ROOT, BenchmarkReport, run_benchmark

pytestmark = pytest.mark.browser


def test_browser_benchmark_returns_numbers(chromium: Browser) -> None:
    report = run_benchmark(
        3, browser=chromium, log_dir=REPO_ROOT / "test-artifacts" / "browser" / "logs" / "benchmark"
    )
    assert isinstance(report, BenchmarkReport)
    for series in (report.floor, report.app):
        assert len(series.in_page_ms) == 3
        assert len(series.wall_ms) == 3
        for x in (*series.in_page_ms, *series.wall_ms, series.median, series.p95):
            assert isinstance(x, float)
            assert math.isfinite(x) and x > 0
    assert math.isfinite(report.ratio_p95)
    assert isinstance(report.ok, bool)
    text = "\n".join(report.lines())
    assert "median" in text and "p95" in text and "budget" in text
