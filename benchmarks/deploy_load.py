"""Room load test through the deployment: ``python -m benchmarks.deploy_load``.

    python -m benchmarks.deploy_load [--sessions 30] [--seconds 60] [--processes 1 2]
                                     [--interval 2] [--save-every 5] [--moves 6]

For each process count it starts the whole recipe on loopback (``deploy.stack``: a
throwaway PostgreSQL cluster, N Streamlit processes, nginx with cookie-sticky sessions)
and drives ``--sessions`` real Chromium browser contexts (Playwright, Debian Chromium)
through nginx. The pages load a few at a time (ramp-up); then all sessions start together:

* every ``--interval`` seconds (± 25 % jitter), for ``--seconds`` and at least ``--moves``
  moves (the first is an unmeasured warm-up: it also changes the page layout), a session presses PageUp/PageDown on the
  slider "Kutt i overtid (%)" and times *keydown → headline text changed* in the page (the
  probe of ``benchmarks/browser.py``);
* every ``--save-every``-th move it saves the scenario from the sidebar form under a unique
  name and waits for the app's "Lagret «…»" confirmation.

At the end every confirmed name is looked up in the shared store: **saves lost** = confirmed
in the browser but not in the database (must be 0); **save errors** = the app showed an
error instead of a confirmation. It prints, per process count: sessions, moves, p50/p95
of slider → headline (ms), moves that timed out, saves confirmed/lost/errors, and how the
sessions spread over the processes.

Bounded: at most 80 sessions, 600 s per run, 8 processes; loopback only. On a shared
2-core machine the figures include every other load on it: compare 1 vs 2 processes in
the same run. ``tests/storage/test_pg_deploy.py`` runs :func:`drive` for a few seconds
with 2 sessions (numbers only, no timing assertions).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import secrets
import signal
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from benchmarks.browser import (  # noqa: E402
    _PROBE_DONE_JS,
    _PROBE_JS,
    _RERUN_DONE_JS,
    APP_SLIDER,
    CHROMIUM_ARGS,
    VIEWPORT,
    chromium_path,
    percentile,
)

MAX_SESSIONS = 80
MAX_SECONDS = 600
MAX_PROCESSES = 8
MOVE_TIMEOUT_MS = 60_000
LOAD_TIMEOUT_MS = 120_000
LOAD_PARALLEL = 3


@dataclass
class LoadResult:
    processes: int
    sessions: int
    seconds: float
    latencies_ms: list[float] = field(default_factory=list)
    timeouts: int = 0
    confirmed: list[str] = field(default_factory=list)
    save_errors: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    upstreams: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)

    @property
    def moves(self) -> int:
        return len(self.latencies_ms)

    def p(self, q: float) -> float:
        return percentile(self.latencies_ms, q) if self.latencies_ms else float("nan")

    def line(self) -> str:
        spread = "/".join(str(v) for _, v in sorted(self.upstreams.items()))
        return (
            f"{self.processes} process(es), {self.sessions} sessions, {self.seconds:.0f} s: "
            f"{self.moves} moves, slider → headline p50 {self.p(50):.0f} ms, "
            f"p95 {self.p(95):.0f} ms, {self.timeouts} timed out; saves confirmed "
            f"{len(self.confirmed)}, lost {len(self.lost)}, errors {len(self.save_errors)}; "
            f"sessions per process {spread or '-'}"
            + (f"; {len(self.failures)} session failures" if self.failures else "")
        )


async def _rerun_done(page: object) -> None:
    await page.wait_for_function(_RERUN_DONE_JS, timeout=MOVE_TIMEOUT_MS)  # type: ignore[attr-defined]


async def _session(
    browser: object,
    url: str,
    n: int,
    run_id: str,
    seconds: float,
    interval: float,
    save_every: int,
    min_moves: int,
    result: LoadResult,
    gate: _Gate,
) -> None:
    ctx = await browser.new_context(viewport=VIEWPORT)  # type: ignore[attr-defined]
    try:
        try:
            async with gate.loading:  # a few page loads at a time (ramp-up)
                page = await ctx.new_page()
                resp = await page.goto(url, wait_until="domcontentloaded", timeout=LOAD_TIMEOUT_MS)
                if resp is not None:
                    upstream = (await resp.all_headers()).get("x-simulator-upstream", "?")
                    result.upstreams[upstream] += 1
                await page.get_by_test_id("stMetricValue").first.wait_for(timeout=LOAD_TIMEOUT_MS)
                await _rerun_done(page)
        finally:
            gate.arrived()
        await gate.all_loaded.wait()  # the timed phase starts for every session at once
        slider = (
            page.get_by_test_id("stSlider")
            .filter(has=page.get_by_text(APP_SLIDER, exact=True))
            .get_by_role("slider")
            .first
        )
        rng = random.Random(n)
        move = 0
        deadline = time.monotonic() + seconds  # the session's own time, once its page is up
        await asyncio.sleep(rng.uniform(0, interval))  # spread the sessions' first moves
        while time.monotonic() < deadline or move < min_moves:
            tick = time.monotonic()
            old = (await page.get_by_test_id("stMetricValue").first.inner_text()).strip()
            await slider.focus()
            await page.evaluate(_PROBE_JS, old)
            await page.keyboard.press("PageUp" if move % 2 == 0 else "PageDown")
            try:
                await page.wait_for_function(_PROBE_DONE_JS, timeout=MOVE_TIMEOUT_MS)
                probe = await page.evaluate("() => window.__stBench")
                if move > 0:  # the first move also changes the page layout: warm-up
                    result.latencies_ms.append(float(probe["t1"]) - float(probe["t0"]))
            except Exception:  # noqa: BLE001 - a move that never showed is counted
                result.timeouts += 1
            await _rerun_done(page)
            move += 1
            if save_every and move % save_every == 0:
                await _save(page, f"load {run_id} s{n} m{move}", result)
            await asyncio.sleep(
                max(0.0, interval * rng.uniform(0.75, 1.25) - (time.monotonic() - tick))
            )
    except Exception as exc:  # noqa: BLE001 - reported, the run goes on
        result.failures.append(f"session {n}: {type(exc).__name__}: {str(exc)[:200]}")
    finally:
        await ctx.close()


class _Gate:
    """Ramp-up: at most ``parallel`` page loads at once; then everybody starts together."""

    def __init__(self, sessions: int, parallel: int) -> None:
        self.loading = asyncio.Semaphore(parallel)
        self.all_loaded = asyncio.Event()
        self._left = sessions

    def arrived(self) -> None:
        self._left -= 1
        if self._left <= 0:
            self.all_loaded.set()


async def _save(page: object, name: str, result: LoadResult) -> None:
    sidebar = page.get_by_test_id("stSidebar")  # type: ignore[attr-defined]
    field_ = sidebar.get_by_label("Navn", exact=True)
    if not await field_.is_visible():
        await sidebar.get_by_text("Lagrede scenarioer", exact=True).click()
    await field_.fill(name)
    await sidebar.get_by_role("button", name="Lagre", exact=True).click()
    ok = sidebar.get_by_text(f"Lagret «{name}»", exact=False)
    err = sidebar.get_by_text("Kunne ikke lagre", exact=False)
    try:
        await ok.or_(err).first.wait_for(timeout=MOVE_TIMEOUT_MS)
    except Exception:  # noqa: BLE001
        result.save_errors.append(f"{name}: no answer")
        return
    if await ok.count():
        result.confirmed.append(name)
    else:
        result.save_errors.append(f"{name}: {(await err.first.inner_text())[:200]}")
    await _rerun_done(page)


async def _drive(
    url: str,
    sessions: int,
    seconds: float,
    interval: float,
    save_every: int,
    min_moves: int,
    result: LoadResult,
) -> None:
    from playwright.async_api import async_playwright

    run_id = secrets.token_hex(3)
    gate = _Gate(sessions, LOAD_PARALLEL)
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path=chromium_path(), args=list(CHROMIUM_ARGS), headless=True
        )
        try:
            tasks = [
                asyncio.ensure_future(
                    _session(
                        browser,
                        url,
                        n,
                        run_id,
                        seconds,
                        interval,
                        save_every,
                        min_moves,
                        result,
                        gate,
                    )
                )
                for n in range(sessions)
            ]
            limit = seconds + 120 + sessions * LOAD_TIMEOUT_MS / 1000 / LOAD_PARALLEL
            limit += min_moves * MOVE_TIMEOUT_MS / 1000
            _done, pending = await asyncio.wait(tasks, timeout=min(limit, MAX_SECONDS * 2))
            for t in pending:  # bounded: what was measured so far is still reported
                t.cancel()
                result.failures.append("a session was stopped at the run's time limit")
            if pending:
                await asyncio.gather(*pending, return_exceptions=True)
        finally:
            await browser.close()


def drive(
    url: str,
    db_url: str,
    *,
    processes: int,
    sessions: int,
    seconds: float,
    interval: float = 2.0,
    save_every: int = 5,
    min_moves: int = 0,
) -> LoadResult:
    """Drive ``sessions`` browsers against ``url`` for ``seconds`` (and at least
    ``min_moves`` moves each, at most 50); check the confirmed saves in ``db_url``."""
    min_moves = max(0, min(min_moves, 50))
    sessions = max(1, min(sessions, MAX_SESSIONS))
    seconds = max(1.0, min(seconds, MAX_SECONDS))
    result = LoadResult(processes, sessions, seconds)
    from deploy.stack import run_async

    run_async(_drive(url, sessions, seconds, interval, save_every, min_moves, result))
    from storage import open_store

    store = open_store(db_url)
    try:
        stored = {s.name for s in store.list_scenarios(include_deleted=True)}
    finally:
        store.close()
    result.lost = [n for n in result.confirmed if n not in stored]
    return result


def run(
    processes: int,
    sessions: int,
    seconds: float,
    interval: float,
    save_every: int,
    moves: int = 0,
) -> LoadResult:
    from deploy import stack as deploy_stack

    with tempfile.TemporaryDirectory(prefix="deploy-load-") as tmp:
        Path(tmp).chmod(0o755)
        with deploy_stack.running(processes, dir=Path(tmp)) as st:
            return drive(
                st.url, st.db_url, processes=processes, sessions=sessions, seconds=seconds,
                interval=interval, save_every=save_every, min_moves=moves,
            )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.deploy_load")
    ap.add_argument("--sessions", type=int, default=30)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--interval", type=float, default=2.0)
    ap.add_argument("--save-every", type=int, default=5)
    ap.add_argument(
        "--moves", type=int, default=6, help="at least this many moves per session (≤ 50)"
    )
    args = ap.parse_args(argv)
    # A plain `kill` ends the run through the finally blocks: servers, nginx and the
    # PostgreSQL cluster are stopped, never left behind.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if not all(1 <= p <= MAX_PROCESSES for p in args.processes):
        ap.error(f"--processes must be 1..{MAX_PROCESSES}")
    if not 1 <= args.sessions <= MAX_SESSIONS or not 1 <= args.seconds <= MAX_SECONDS:
        ap.error(f"--sessions 1..{MAX_SESSIONS}, --seconds 1..{MAX_SECONDS}")
    results = []
    for p in args.processes:
        r = run(p, args.sessions, args.seconds, args.interval, args.save_every, args.moves)
        results.append(r)
        print(r.line(), flush=True)
        for f in r.failures[:5]:
            print("   ", f)
        for e in r.save_errors[:5]:
            print("    save error:", e)
    lost = sum(len(r.lost) for r in results)
    print(f"saves lost in total: {lost} (must be 0)")
    return 1 if lost else 0


if __name__ == "__main__":
    raise SystemExit(main())
