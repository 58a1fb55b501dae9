"""Server CPU per rerun: ``python -m benchmarks.cpu [--moves 30]``.

Starts the real app and the floor app (``benchmarks/floor_app.py``, same process settings)
on free loopback ports, opens each in Debian Chromium and moves a slider with the keyboard
(PageUp/PageDown) ``moves`` times. The real app is opened on Oversikt with the
*every-lever* scenario (``benchmarks.model.every_lever_scenario``: every lever the model
has is moved, so every section of the page has content). Around each move the server
process's CPU time (user + system, ``/proc/PID/stat``, all threads) is read before the key
press and after the rerun has finished (headline changed, script not running): the
difference is the CPU one rerun costs the server. ``/proc`` counts in clock ticks (10 ms
here), so the median of single reruns is rounded to ticks; the mean over all moves
(total CPU / moves) is exact.

Also measured: a page switch (Oversikt ↔ Nattevakt, sidebar link) until the new page's
heading and the headline are shown (target ≤ 0,5 s after the first load).

Target (issue 9): median CPU per rerun on the every-lever scenario ≤ 25 ms. Prints the
figures with OK/OVER; exits 0 unless ``--strict``. ``tests/browser/test_cpu_room_smoke.py``
runs :func:`run_cpu` with 2 moves (numbers only).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.browser import (
    APP_SLIDER,
    FLOOR_SLIDER,
    app_and_floor,
    headline_value,
    in_new_page,
    percentile,
    print_report,
    slider_thumb,
    wait_rerun,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

BUDGET_CPU_MS = 25.0
BUDGET_SWITCH_MS = 500.0
_TICK_S = 1.0 / os.sysconf("SC_CLK_TCK")


def process_cpu_s(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` (all its threads), from /proc."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * _TICK_S


def every_lever_query() -> str:
    from benchmarks.model import every_lever_scenario
    from model.codec import encode

    return "?s=" + encode(every_lever_scenario())


@dataclass
class CpuSeries:
    name: str
    per_rerun_ms: list[float] = field(default_factory=list)
    total_ms: float = 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.per_rerun_ms)

    @property
    def mean(self) -> float:
        return self.total_ms / len(self.per_rerun_ms)


def _move_and_wait(page: Page, label: str, key: str, timeout_ms: float = 30_000) -> None:
    old = headline_value(page).strip()
    slider_thumb(page, label).focus()
    page.keyboard.press(key)
    page.wait_for_function(
        "(old) => { const e = document.querySelector('[data-testid=\"stMetricValue\"]');"
        " return e && e.textContent.trim() !== old; }",
        arg=old,
        timeout=timeout_ms,
    )
    wait_rerun(page, timeout_ms=timeout_ms, settle_ms=50)


def measure_cpu(page: Page, pid: int, label: str, moves: int, name: str) -> CpuSeries:
    _move_and_wait(page, label, "PageUp")  # warm-up (first change may change the layout)
    _move_and_wait(page, label, "PageDown")
    series = CpuSeries(name)
    start = process_cpu_s(pid)
    for i in range(moves):
        before = process_cpu_s(pid)
        _move_and_wait(page, label, "PageUp" if i % 2 == 0 else "PageDown")
        series.per_rerun_ms.append((process_cpu_s(pid) - before) * 1000)
    series.total_ms = (process_cpu_s(pid) - start) * 1000
    return series


def measure_page_switch(page: Page, switches: int) -> list[float]:
    """Sidebar link → the new page's heading visible (the headline renders before it)."""
    out = []
    targets = [
        ("Nattevakt", "Nattevakt"),
        ("Oversikt og handlingsplan", "Oversikt og handlingsplan"),
    ]
    for i in range(switches):
        link, heading = targets[i % 2]
        nav = page.get_by_test_id("stSidebarNav").get_by_role("link").filter(has_text=link)
        h = page.get_by_test_id("stMain").get_by_role("heading", name=heading, exact=True)
        t0 = time.perf_counter()
        nav.click()
        h.wait_for(state="visible", timeout=30_000)
        page.get_by_test_id("stMetricValue").first.wait_for(state="visible")
        out.append((time.perf_counter() - t0) * 1000)
        wait_rerun(page)
    return out


@dataclass
class CpuReport:
    floor: CpuSeries
    app: CpuSeries
    switch_ms: list[float]

    def lines(self) -> list[str]:
        def ok(flag: bool) -> str:
            return "OK" if flag else "OVER"

        out = [
            "Server CPU per rerun (user+system of the Streamlit process, /proc; slider move "
            "in Chromium, rerun finished)",
            f"    {'':<34} {'median':>9} {'p95':>9} {'mean':>9}  moves",
        ]
        for s in (self.floor, self.app):
            out.append(
                f"    {s.name:<34} {s.median:6.1f} ms {percentile(s.per_rerun_ms, 95):6.1f} ms "
                f"{s.mean:6.1f} ms  {len(s.per_rerun_ms)}"
            )
        out.append(
            f"  target app median ≤ {BUDGET_CPU_MS:.0f} ms: {self.app.median:.1f} ms → "
            f"{ok(self.app.median <= BUDGET_CPU_MS)} (mean {self.app.mean:.1f} ms; "
            f"floor median {self.floor.median:.1f} ms)"
        )
        if self.switch_ms:
            med = statistics.median(self.switch_ms)
            p95 = percentile(self.switch_ms, 95)
            out += [
                "",
                "Page switch (sidebar link → new page's heading and headline shown), "
                f"{len(self.switch_ms)} switches after the first load:",
                f"    median {med:.0f} ms, p95 {p95:.0f} ms → target p95 ≤ "
                f"{BUDGET_SWITCH_MS:.0f} ms: {ok(p95 <= BUDGET_SWITCH_MS)}",
            ]
        return out

    @property
    def ok(self) -> bool:
        sw = percentile(self.switch_ms, 95) if self.switch_ms else 0.0
        return self.app.median <= BUDGET_CPU_MS and sw <= BUDGET_SWITCH_MS


def run_cpu(
    moves: int = 30,
    *,
    switches: int = 10,
    browser: Browser | None = None,
    log_dir: Path | None = None,
) -> CpuReport:
    if moves < 1:
        raise ValueError("moves must be >= 1")
    with app_and_floor("bench-cpu-", browser=browser, log_dir=log_dir) as (app, floor, br):
        floor_s = in_new_page(
            br,
            floor.url,
            lambda p: measure_cpu(p, floor.proc.pid, FLOOR_SLIDER, moves, "floor (1 slider)"),
        )
        app_s = in_new_page(
            br,
            app.url + "/" + every_lever_query(),
            lambda p: measure_cpu(p, app.proc.pid, APP_SLIDER, moves, "real app, every lever"),
        )
        switch = in_new_page(
            br,
            app.url + "/" + every_lever_query(),
            lambda p: measure_page_switch(p, switches),
        )
    return CpuReport(floor=floor_s, app=app_s, switch_ms=switch)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.cpu", description=__doc__)
    ap.add_argument("--moves", type=int, default=30)
    ap.add_argument("--switches", type=int, default=10)
    ap.add_argument("--strict", action="store_true", help="exit 1 if a target is missed")
    args = ap.parse_args(argv)
    return print_report(lambda: run_cpu(args.moves, switches=args.switches), strict=args.strict)


if __name__ == "__main__":
    raise SystemExit(main())
