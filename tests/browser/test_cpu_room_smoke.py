"""``benchmarks.cpu`` and ``benchmarks.room`` run end to end on a tiny load and return
numbers (no timing checks: speed is reported by the benchmark commands)."""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor

import pytest
from playwright.sync_api import Browser

from benchmarks.browser import REPO_ROOT
from benchmarks.cpu import CpuReport, process_cpu_s, run_cpu
from benchmarks.room import RoomReport, run_room

pytestmark = pytest.mark.browser
LOGS = REPO_ROOT / "test-artifacts" / "browser" / "logs" / "benchmark"


def test_process_cpu_counts_this_process() -> None:
    import os

    before = process_cpu_s(os.getpid())
    sum(i * i for i in range(2_000_000))
    assert process_cpu_s(os.getpid()) > before


def test_cpu_benchmark_returns_numbers(chromium: Browser) -> None:
    report = run_cpu(2, switches=2, browser=chromium, log_dir=LOGS)
    assert isinstance(report, CpuReport)
    for s in (report.floor, report.app):
        assert len(s.per_rerun_ms) == 2
        assert all(math.isfinite(x) and x >= 0 for x in s.per_rerun_ms)
        assert s.total_ms >= 0
    assert report.app.total_ms > 0  # the real app's reruns cost the server something
    assert len(report.switch_ms) == 2 and all(x > 0 for x in report.switch_ms)
    text = "\n".join(report.lines())
    assert "median" in text and "target" in text


def test_room_benchmark_returns_numbers() -> None:
    # async Playwright in its own thread (this thread runs the sync API's fixtures)
    with ThreadPoolExecutor(1) as pool:
        report = pool.submit(
            run_room, sessions=2, seconds=4.0, interval_s=2.0, log_dir=LOGS
        ).result(timeout=300)
    assert isinstance(report, RoomReport)
    assert report.opened == 2, report.errors
    assert report.latencies_ms, report.errors
    assert all(math.isfinite(x) and x > 0 for x in report.latencies_ms)
    assert "p95" in "\n".join(report.lines())
