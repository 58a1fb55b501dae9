"""A whole room on one server: ``python -m benchmarks.room [--sessions 30] [--seconds 60]``.

N real sessions (one Chromium browser context each, Debian Chromium via Playwright's
async API) against one Streamlit server. Each session opens Oversikt with the every-lever
scenario and, every ``--interval`` seconds (2 s, staggered so the moves are spread
evenly), presses PageUp/PageDown on the "Kutt i overtid (%)" slider and times keydown →
headline text changed inside the page (the same probe as ``benchmarks.browser``). The
run is bounded: it stops after ``--seconds`` of moving (plus a short drain), and a move
whose headline has not changed within ``--timeout`` seconds counts as an error.

Without ``--url`` it starts the real app on a free loopback port with its own temporary
database; with ``--url`` it measures a running server (the deployment's load test calls
:func:`run_room` with its URL). Only the given URL is contacted.

Target (issue 9): 30 sessions, one move every 2 s each, one server process: p95 ≤ 1 s and
no error. Prints figures with OK/OVER; exits 0 unless ``--strict``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.browser import (
    _PROBE_JS,
    APP_SCRIPT,
    APP_SLIDER,
    VIEWPORT,
    launch_args,
    percentile,
    print_report,
    streamlit_server,
)
from benchmarks.browser import _RERUN_DONE_JS as RERUN_DONE_JS

BUDGET_P95_MS = 1000.0


@dataclass
class RoomReport:
    sessions: int
    interval_s: float
    seconds: float
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    opened: int = 0

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else float("nan")

    @property
    def p95(self) -> float:
        return percentile(self.latencies_ms, 95) if self.latencies_ms else float("nan")

    @property
    def ok(self) -> bool:
        return bool(self.latencies_ms) and not self.errors and self.p95 <= BUDGET_P95_MS

    def lines(self) -> list[str]:
        out = [
            f"Room: {self.sessions} sessions (browser contexts), one slider move every "
            f"{self.interval_s:g} s each, {self.seconds:g} s of moving",
            f"  sessions opened: {self.opened}/{self.sessions}; moves measured: "
            f"{len(self.latencies_ms)}; errors: {len(self.errors)}",
        ]
        if self.latencies_ms:
            out.append(
                f"  keydown → headline changed: p50 {self.p50:.0f} ms, p95 {self.p95:.0f} ms, "
                f"max {max(self.latencies_ms):.0f} ms"
            )
        out += [f"  error: {e}" for e in self.errors[:5]]
        out.append(
            f"  target p95 ≤ {BUDGET_P95_MS:.0f} ms and no error: {'OK' if self.ok else 'OVER'}"
        )
        return out


async def _session(
    browser: Any,
    url: str,
    idx: int,
    report: RoomReport,
    start_at: float,
    stop_at: float,
    interval_s: float,
    timeout_s: float,
) -> None:
    ctx = await browser.new_context(viewport=VIEWPORT)
    try:
        page = await ctx.new_page()
        await page.goto(url, wait_until="domcontentloaded", timeout=120_000)
        await page.wait_for_function(RERUN_DONE_JS, timeout=120_000)
        metric = page.get_by_test_id("stMetricValue").first
        await metric.wait_for(timeout=120_000)
        thumb = (
            page.get_by_test_id("stSlider")
            .filter(has=page.get_by_text(APP_SLIDER, exact=True))
            .get_by_role("slider")
            .first
        )
        await thumb.wait_for(state="attached", timeout=120_000)
        report.opened += 1
        n = 0
        next_at = start_at + idx * interval_s / max(1, report.sessions)
        while True:
            now = time.monotonic()
            if next_at >= stop_at:
                break
            if next_at > now:
                await asyncio.sleep(next_at - now)
            old = (await metric.text_content() or "").strip()
            await thumb.focus()
            await page.evaluate(_PROBE_JS, old)
            await page.keyboard.press("PageUp" if n % 2 == 0 else "PageDown")
            n += 1
            try:
                await page.wait_for_function(
                    "() => window.__stBench && window.__stBench.t1 !== null",
                    timeout=timeout_s * 1000,
                    polling=50,
                )
                probe = await page.evaluate("() => window.__stBench")
                report.latencies_ms.append(float(probe["t1"]) - float(probe["t0"]))
            except Exception as e:  # noqa: BLE001 - counted, the run goes on
                report.errors.append(f"session {idx}, move {n}: {type(e).__name__}")
            next_at += interval_s
    except Exception as e:  # noqa: BLE001
        report.errors.append(f"session {idx}: {type(e).__name__}: {str(e)[:120]}")
    finally:
        with contextlib.suppress(Exception):
            await ctx.close()


async def _run(
    url: str, sessions: int, seconds: float, interval_s: float, timeout_s: float
) -> RoomReport:
    from playwright.async_api import async_playwright

    report = RoomReport(sessions, interval_s, seconds)
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(**launch_args())  # type: ignore[arg-type]
        try:
            # open every session first (slowly: a room arrives over a minute), then move
            start_at = time.monotonic() + 20 + 1.5 * sessions
            stop_at = start_at + seconds
            tasks = []
            for i in range(sessions):
                tasks.append(
                    asyncio.create_task(
                        _session(browser, url, i, report, start_at, stop_at, interval_s, timeout_s)
                    )
                )
                await asyncio.sleep(1.0)
            # bounded in time: whatever still runs after the drain is cancelled and counted
            _done, pending = await asyncio.wait(
                tasks, timeout=max(1.0, stop_at - time.monotonic()) + timeout_s + 120
            )
            for t in pending:
                t.cancel()
            if pending:
                report.errors.append(f"{len(pending)} sessions still busy at the time limit")
                await asyncio.gather(*pending, return_exceptions=True)
        finally:
            await browser.close()
    return report


def run_room(
    url: str | None = None,
    *,
    sessions: int = 30,
    seconds: float = 60.0,
    interval_s: float = 2.0,
    timeout_s: float = 10.0,
    log_dir: Path | None = None,
) -> RoomReport:
    """Drive ``sessions`` real sessions against ``url`` (or a server started here) and
    return the latencies. ``url`` is the app's base URL; the every-lever scenario is added."""
    from benchmarks.cpu import every_lever_query

    with contextlib.ExitStack() as stack:
        if url is None:
            tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-room-")))
            srv = stack.enter_context(
                streamlit_server(APP_SCRIPT, db_path=tmp / "sim.duckdb", log_dir=log_dir or tmp)
            )
            url = srv.url
        target = url.rstrip("/") + "/" + every_lever_query()
        return asyncio.run(_run(target, sessions, seconds, interval_s, timeout_s))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.room", description=__doc__)
    ap.add_argument("--url", help="a running app (default: start one on loopback)")
    ap.add_argument("--sessions", type=int, default=30)
    ap.add_argument("--seconds", type=float, default=60.0, help="how long the room moves")
    ap.add_argument("--interval", type=float, default=2.0, help="seconds between moves")
    ap.add_argument("--timeout", type=float, default=10.0, help="a move slower is an error")
    ap.add_argument("--strict", action="store_true")
    args = ap.parse_args(argv)
    return print_report(
        lambda: run_room(
            args.url,
            sessions=args.sessions,
            seconds=args.seconds,
            interval_s=args.interval,
            timeout_s=args.timeout,
        ),
        strict=args.strict,
    )


if __name__ == "__main__":
    raise SystemExit(main())
