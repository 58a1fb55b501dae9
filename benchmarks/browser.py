"""Browser benchmark: ``python -m benchmarks.browser [--moves 30] [--strict]``.

What it measures: in a real browser (Debian Chromium via Playwright), the time from a
slider key press until the headline ``st.metric`` shows a new text. It starts two
Streamlit servers on free loopback ports:

* the real app (``app.py``, page Oversikt, slider "Kutt i overtid (%)"), with its own
  temporary ``SIMULATOR_DB``;
* the floor (``benchmarks/floor_app.py``): one slider and one ``st.metric``, i.e. what a
  Streamlit rerun costs on this machine with nothing else on the page.

Each move is a key press on the focused slider thumb; a keyboard change commits at once
(a drag only commits on release). ``ArrowRight`` moves the overtime slider by 0.5 pp,
worth about 18 000 NOK, which usually rounds away in "0,4 mill. kr", so the moves
alternate ``PageUp``/``PageDown`` (10 pp, 0,35 mill. kr) between 10 % and 20 %: every
press changes the headline. Before the press the page gets a one-shot ``keydown``
listener (capture phase) and a ``MutationObserver`` that stamps ``performance.now()``
when the first ``stMetricValue`` text differs from the old one, and again when the next
frame has been painted; the driver waits (``page.wait_for_function``) for the stamps.
Three figures per app:

* *keydown → text changed* (in the page; this is the budgeted figure);
* *keydown → next frame painted* (in the page; what the eye can see at the earliest: it
  includes rendering everything else the same update changed, e.g. charts);
* the driver's ``time.perf_counter`` around press + wait (adds Playwright round trips).

Between moves the run waits until the rerun has finished.

Budget (the workshop use case: numbers move while the question is in the air):
the real app's p95 ≤ 300 ms and ≤ 1.5 × the floor's p95. The run prints OK/OVER for
both and exits 0 unless ``--strict`` is given. ``tests/browser/test_benchmark_smoke.py``
runs :func:`run_benchmark` with 3 moves (numbers only, no timing assertions).

The server, browser and page helpers here are shared with ``tests/browser/``.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page, Playwright

REPO_ROOT = Path(__file__).resolve().parent.parent
APP_SCRIPT = REPO_ROOT / "app.py"
FLOOR_SCRIPT = Path(__file__).resolve().with_name("floor_app.py")
APP_SLIDER = "Kutt i overtid (%)"
FLOOR_SLIDER = "Floor slider (%)"

CHROMIUM_PATH = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
VIEWPORT = {"width": 1400, "height": 1000}

_T = TypeVar("_T")

BUDGET_P95_MS = 300.0
BUDGET_RATIO = 1.5


# ------------------------------------------------------------------------ browser
class ChromiumMissingError(RuntimeError):
    """Debian Chromium is not installed where the tests and benchmark expect it."""


def chromium_path() -> str:
    """The Chromium binary to use (``CHROMIUM_PATH``); raises if it is not there."""
    path = os.environ.get("SIMULATOR_CHROMIUM", CHROMIUM_PATH)
    if not (Path(path).is_file() and os.access(path, os.X_OK)):
        raise ChromiumMissingError(
            f"Chromium not found at {path}. The browser tests and benchmark need Debian's "
            "Chromium (apt-get install chromium); Playwright's own browser download does not "
            "work on this machine. Set SIMULATOR_CHROMIUM to use another binary."
        )
    return path


def launch_args() -> dict[str, object]:
    """Keyword arguments for ``BrowserType.launch`` (also pytest-playwright's launch args)."""
    return {"executable_path": chromium_path(), "args": list(CHROMIUM_ARGS), "headless": True}


def launch_chromium(pw: Playwright) -> Browser:
    return pw.chromium.launch(**launch_args())  # type: ignore[arg-type]


# ------------------------------------------------------------------------- server
def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class StreamlitServer:
    url: str
    proc: subprocess.Popen[bytes]
    log_path: Path

    def log_tail(self, n: int = 40) -> str:
        try:
            lines = self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return "(no log)"
        return "\n".join(lines[-n:])


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Terminate the server's own process group (it was started in a new session)."""
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as resp:
            return resp.status == 200 and resp.read().strip() == b"ok"
    except (urllib.error.URLError, OSError):
        return False


def streamlit_command(script: Path, port: int, *extra: str) -> list[str]:
    """``streamlit run script`` headless on 127.0.0.1:``port`` (no file watcher, no
    usage statistics), followed by ``extra`` options."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        *extra,
    ]


def _start_once(
    script: Path, env: Mapping[str, str], log_path: Path, timeout: float
) -> StreamlitServer:
    port = free_port()
    cmd = streamlit_command(script, port)
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            cmd,
            cwd=REPO_ROOT,
            env=dict(env),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = StreamlitServer(f"http://127.0.0.1:{port}", proc, log_path)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(
                f"streamlit ({script.name}) exited with code {proc.returncode} before it was "
                f"healthy:\n{server.log_tail()}"
            )
        if _healthy(server.url):
            return server
        time.sleep(0.1)
    _stop(proc)
    raise RuntimeError(
        f"streamlit ({script.name}) not healthy after {timeout:.0f} s:\n{server.log_tail()}"
    )


@contextlib.contextmanager
def streamlit_server(
    script: Path,
    *,
    db_path: Path | None = None,
    log_dir: Path | None = None,
    timeout: float = 90.0,
    attempts: int = 3,
) -> Iterator[StreamlitServer]:
    """Run ``streamlit run script`` on a free loopback port until the block ends.

    ``db_path`` becomes ``SIMULATOR_DB`` (each server needs its own file: DuckDB locks it
    per process). Waits for ``GET /_stcore/health`` → 200 "ok"; retries on a new port if
    the server dies early (e.g. the port was taken in between).
    """
    env = dict(os.environ)
    env["PYTHONUNBUFFERED"] = "1"
    if db_path is not None:
        env["SIMULATOR_DB"] = str(db_path)
    with contextlib.ExitStack() as stack:
        if log_dir is None:
            log_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="st-log-")))
        log_dir.mkdir(parents=True, exist_ok=True)
        error: RuntimeError | None = None
        server: StreamlitServer | None = None
        for i in range(attempts):
            try:
                server = _start_once(script, env, log_dir / f"{script.stem}-{i}.log", timeout)
                break
            except RuntimeError as e:
                error = e
        if server is None:
            assert error is not None
            raise error
        try:
            yield server
        finally:
            _stop(server.proc)


@contextlib.contextmanager
def app_and_floor(
    prefix: str, *, browser: Browser | None = None, log_dir: Path | None = None
) -> Iterator[tuple[StreamlitServer, StreamlitServer, Browser]]:
    """The real app (own temporary ``SIMULATOR_DB``), the floor app and a browser.

    ``browser`` is used as given (Playwright's sync API cannot be started twice in one
    thread, so the tests hand theirs in); without it Chromium is launched here and
    closed at the end. Server logs go to ``log_dir`` (default: the temporary folder).
    """
    with contextlib.ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix=prefix)))
        logs = log_dir or tmp
        app = stack.enter_context(
            streamlit_server(APP_SCRIPT, db_path=tmp / "sim.duckdb", log_dir=logs)
        )
        floor = stack.enter_context(streamlit_server(FLOOR_SCRIPT, log_dir=logs))
        if browser is None:
            from playwright.sync_api import sync_playwright

            pw = stack.enter_context(sync_playwright())
            browser = launch_chromium(pw)
            stack.callback(browser.close)
        yield app, floor, browser


# -------------------------------------------------------------------- page helpers
_RERUN_DONE_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app
    && app.getAttribute('data-test-connection-state') === 'CONNECTED'
    && app.getAttribute('data-test-script-state') === 'notRunning'
    && document.querySelector('[data-testid="stSkeleton"]') === null;
}"""


def wait_rerun(page: Page, *, timeout_ms: float = 30_000, settle_ms: float = 100) -> None:
    """Wait until the app is connected, its script is not running and no skeleton is left.

    This is what Streamlit's own e2e helpers wait for. The check is repeated after
    ``settle_ms`` so that a rerun that had not started yet when the first check passed
    (the widget message is still on its way) is waited for too. For a specific result,
    wait for that result (e.g. ``expect(...).to_have_text``) and then call this.
    """
    page.wait_for_function(_RERUN_DONE_JS, timeout=timeout_ms)
    if settle_ms > 0:
        page.wait_for_timeout(settle_ms)
        page.wait_for_function(_RERUN_DONE_JS, timeout=timeout_ms)


def open_app(page: Page, url: str, *, timeout_ms: float = 60_000) -> None:
    """Navigate to ``url`` and wait until the first run has rendered and finished."""
    page.goto(url, wait_until="domcontentloaded", timeout=timeout_ms)
    page.locator('[data-testid="stApp"]').wait_for(state="attached", timeout=timeout_ms)
    page.locator('[data-testid="stMain"] [data-testid="stElementContainer"]').first.wait_for(
        timeout=timeout_ms
    )
    wait_rerun(page, timeout_ms=timeout_ms)


def in_new_page(browser: Browser, url: str, fn: Callable[[Page], _T]) -> _T:
    """``fn(page)`` on ``url`` opened in a fresh browser context (closed afterwards)."""
    context = browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
    try:
        page = context.new_page()
        open_app(page, url)
        return fn(page)
    finally:
        context.close()


def choose_option(page: Page, combo: Locator, text: str, *, attempts: int = 8) -> None:
    """Pick the option containing ``text`` in a Streamlit selectbox (react-aria combobox).

    Waits for the app to be idle first, since a rerun re-renders the list under the
    pointer ("element is not stable", "detached"). The first click on a freshly
    rendered combobox sometimes only focuses it, so it is clicked until
    ``aria-expanded`` is true (never when open: that closes it). Every step has a
    short timeout and is retried, and the pick counts only once the combobox shows it.
    """
    from playwright.sync_api import Error as PlaywrightError

    option = page.get_by_role("option").filter(has_text=text).first
    for _ in range(attempts):
        wait_rerun(page)
        try:
            if combo.get_attribute("aria-expanded", timeout=3_000) != "true":
                combo.click(timeout=3_000)
            option.wait_for(state="visible", timeout=2_000)
            option.click(timeout=3_000)
            page.wait_for_function(
                "([el, want]) => (el.value || '').includes(want)",
                arg=[combo.element_handle(timeout=3_000), text],
                timeout=3_000,
            )
        except PlaywrightError:
            continue
        wait_rerun(page)
        return
    raise AssertionError(f"selectbox option {text!r} could not be picked")


def headline_locator(page: Page) -> Locator:
    """The first headline figure ("Netto besparelse")."""
    return page.get_by_test_id("stMetricValue").first


def headline_value(page: Page) -> str:
    """Text of the first ``stMetricValue`` (e.g. ``'0,4\\xa0mill.\\xa0kr'``)."""
    return headline_locator(page).inner_text()


def headline_values(page: Page) -> list[str]:
    """Texts of all ``stMetricValue`` elements, in page order."""
    return [t.strip() for t in page.get_by_test_id("stMetricValue").all_inner_texts()]


def slider_thumb(page: Page, label: str) -> Locator:
    """The focusable thumb of the slider labelled ``label``.

    Streamlit 1.67's slider is a react-aria group (``aria-label`` = the label) with a
    visually hidden ``<input type=range>`` as thumb (implicit role ``slider``); older
    versions use a ``div[role=slider]``. Both are found by role.
    """
    widget = page.get_by_test_id("stSlider").filter(has=page.get_by_text(label, exact=True))
    return widget.get_by_role("slider").first


_NUMBER_RE = re.compile(r"[-\u2212]?\d[\d\u00a0\u202f ]*(?:[.,]\d+)?")


def parse_number(text: str) -> float:
    """The first number in a slider's text, in either UI language: "4,5 %" → 4.5,
    "4.5 %" → 4.5, "-0,3 %" → -0.3, "1 234,5" → 1234.5, "8,5 t" → 8.5."""
    m = _NUMBER_RE.search(text)
    if m is None:
        raise ValueError(f"no number in slider text {text!r}")
    digits = re.sub(r"[\s\u00a0\u202f]", "", m.group()).replace("\u2212", "-")
    return float(digits.replace(",", "."))


def thumb_text(thumb: Locator) -> str:
    """What the slider shows for its value (``aria-valuetext``: "4,5 %")."""
    return thumb.get_attribute("aria-valuetext") or thumb.input_value()


def thumb_value(thumb: Locator) -> float:
    """The value of a slider thumb, for both kinds of slider.

    An ``st.slider``'s hidden ``<input type=range>`` holds the value itself (10.5) and its
    ``aria-valuetext`` the printf text ("10.5 %"). An ``st.select_slider`` (the app's
    decimal levers, ui/widgets.py) holds the option's *index* there and its label in
    ``aria-valuetext`` ("10,5 %"), so the value is read from the text. The input's own
    value is used when it agrees with the text to the text's last decimal (exact for an
    ``st.slider`` whose format rounds)."""
    text = thumb_text(thumb)
    shown = parse_number(text)
    raw = thumb.get_attribute("aria-valuenow") or thumb.input_value()
    try:
        v = float(raw)
    except (TypeError, ValueError):
        return shown
    m = re.search(r"[.,](\d+)", _NUMBER_RE.search(text).group())  # type: ignore[union-attr]
    half_unit = 0.5 * 10.0 ** -(len(m.group(1)) if m else 0)
    return v if abs(v - shown) <= half_unit + 1e-12 else shown


def slider_text(page: Page, label: str) -> str:
    return thumb_text(slider_thumb(page, label))


def slider_value(page: Page, label: str) -> float:
    return thumb_value(slider_thumb(page, label))


def press_slider(page: Page, label: str, key: str, times: int = 1) -> float:
    """Focus the slider thumb and press ``key`` (ArrowRight, PageUp, End, ...).

    A keyboard change commits at once (a drag commits on release). The thumb is
    focused again before every press: a rerun can re-mount the widget (the app does
    when the page layout above it changes) and the focus is then lost. Waits for
    each rerun to finish; returns the slider's value at the end.
    """
    for _ in range(times):
        thumb = slider_thumb(page, label)
        before = slider_value(page, label)
        thumb.focus()
        page.keyboard.press(key)
        deadline = time.monotonic() + 10
        while slider_value(page, label) == before and time.monotonic() < deadline:
            page.wait_for_timeout(20)
        wait_rerun(page)
    return slider_value(page, label)


# ---------------------------------------------------------------------- measurement
_PROBE_JS = """(old) => {
  const probe = { t0: null, t1: null, t2: null, text: null };
  window.__stBench = probe;
  window.addEventListener('keydown', () => {
    if (probe.t0 === null) probe.t0 = performance.now();
  }, { capture: true, once: true });
  const read = () => {
    const el = document.querySelector('[data-testid="stMetricValue"]');
    return el ? el.textContent.trim() : null;
  };
  const obs = new MutationObserver(() => {
    const t = read();
    if (probe.t0 !== null && t !== null && t !== old) {
      probe.t1 = performance.now();
      probe.text = t;
      obs.disconnect();
      // next frame painted: a task queued from the next animation frame runs after it
      requestAnimationFrame(() => setTimeout(() => { probe.t2 = performance.now(); }, 0));
    }
  });
  obs.observe(document.body, { subtree: true, childList: true, characterData: true });
}"""

_PROBE_DONE_JS = "() => window.__stBench && window.__stBench.t2 !== null"


@dataclass
class Series:
    """Latencies of one app (milliseconds)."""

    name: str
    in_page_ms: list[float] = field(default_factory=list)
    painted_ms: list[float] = field(default_factory=list)
    wall_ms: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.in_page_ms)

    @property
    def p95(self) -> float:
        return percentile(self.in_page_ms, 95)

    @property
    def wall_median(self) -> float:
        return statistics.median(self.wall_ms)

    @property
    def wall_p95(self) -> float:
        return percentile(self.wall_ms, 95)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (p95 of 30 values is the 29th smallest)."""
    if not values:
        raise ValueError("no values")
    s = sorted(values)
    k = max(1, math.ceil(q / 100 * len(s)))
    return s[k - 1]


def measure_moves(
    page: Page, label: str, moves: int, *, name: str, warmup: int = 2, timeout_ms: float = 30_000
) -> Series:
    """Alternate PageUp/PageDown on the slider ``label``; time keydown → headline changed.

    The slider is first moved from 0 to 10 % (in the real app that first change also
    changes the page layout), then ``warmup`` unmeasured moves, then ``moves`` measured.
    """
    press_slider(page, label, "PageUp")
    series = Series(name)
    for i in range(warmup + moves):
        key = "PageUp" if i % 2 == 0 else "PageDown"
        old = headline_value(page).strip()
        slider_thumb(page, label).focus()
        page.evaluate(_PROBE_JS, old)
        t0 = time.perf_counter()
        page.keyboard.press(key)
        page.wait_for_function(_PROBE_DONE_JS, timeout=timeout_ms, polling="raf")
        wall = (time.perf_counter() - t0) * 1000
        probe = page.evaluate("() => window.__stBench")
        wait_rerun(page, timeout_ms=timeout_ms, settle_ms=50)
        if i >= warmup:
            series.in_page_ms.append(float(probe["t1"]) - float(probe["t0"]))
            series.painted_ms.append(float(probe["t2"]) - float(probe["t0"]))
            series.wall_ms.append(wall)
    return series


@dataclass
class BenchmarkReport:
    floor: Series
    app: Series
    moves: int

    @property
    def ratio_p95(self) -> float:
        return self.app.p95 / self.floor.p95 if self.floor.p95 > 0 else math.inf

    @property
    def ratio_median(self) -> float:
        return self.app.median / self.floor.median if self.floor.median > 0 else math.inf

    @property
    def within_absolute_budget(self) -> bool:
        return self.app.p95 <= BUDGET_P95_MS

    @property
    def within_relative_budget(self) -> bool:
        return self.app.p95 <= BUDGET_RATIO * self.floor.p95

    @property
    def ok(self) -> bool:
        return self.within_absolute_budget and self.within_relative_budget

    def lines(self) -> list[str]:
        def ok(flag: bool) -> str:
            return "OK" if flag else "OVER"

        w = max(len(self.floor.name), len(self.app.name)) + 2
        out = [
            "Browser benchmark: slider key press → headline st.metric text changed",
            f"  Chromium {CHROMIUM_PATH}, servers on 127.0.0.1, {self.moves} moves per app "
            "(PageUp/PageDown on the focused slider thumb)",
        ]
        for title, attr in (
            ("in-page: keydown → metric text changed (budgeted)", "in_page_ms"),
            ("in-page: keydown → next frame painted after the change", "painted_ms"),
            ("driver wall clock: press + wait_for_function", "wall_ms"),
        ):
            out += ["", f"  {title}", f"    {'':<{w}} {'median':>9} {'p95':>9} {'max':>9}"]
            for s in (self.floor, self.app):
                xs: list[float] = getattr(s, attr)
                out.append(
                    f"    {s.name:<{w}} {statistics.median(xs):6.1f} ms "
                    f"{percentile(xs, 95):6.1f} ms {max(xs):6.1f} ms"
                )
        out += [
            "",
            f"  ratio app / floor: median {self.ratio_median:.2f}×, p95 {self.ratio_p95:.2f}×",
            f"  budget app p95 ≤ {BUDGET_P95_MS:.0f} ms: {self.app.p95:.1f} ms → "
            f"{ok(self.within_absolute_budget)}",
            f"  budget app p95 ≤ {BUDGET_RATIO} × floor p95 = {BUDGET_RATIO * self.floor.p95:.1f} ms:"
            f" {self.app.p95:.1f} ms → {ok(self.within_relative_budget)}",
            f"  overall: {ok(self.ok)}",
        ]
        return out


def _measure(browser: Browser, url: str, label: str, moves: int, name: str) -> Series:
    return in_new_page(browser, url, lambda page: measure_moves(page, label, moves, name=name))


def run_benchmark(
    moves: int = 30, *, browser: Browser | None = None, log_dir: Path | None = None
) -> BenchmarkReport:
    """Start both servers, measure ``moves`` slider moves in each, return the figures.

    Pass ``browser`` to reuse an open Playwright browser (Playwright's sync API cannot
    be started twice in one thread, so the tests hand theirs in).
    """
    if moves < 1:
        raise ValueError("moves must be >= 1")
    with app_and_floor("bench-browser-", browser=browser, log_dir=log_dir) as (app, floor, br):
        floor_series = _measure(br, floor.url, FLOOR_SLIDER, moves, "floor (1 slider + metric)")
        app_series = _measure(br, app.url, APP_SLIDER, moves, "real app (Oversikt)")
    return BenchmarkReport(floor=floor_series, app=app_series, moves=moves)


class Report(Protocol):
    """What a benchmark returns: printable lines and whether every budget was met."""

    @property
    def ok(self) -> bool: ...
    def lines(self) -> list[str]: ...


def print_report(run: Callable[[], Report], *, strict: bool) -> int:
    """A benchmark's ``main``: run it, print its lines; exit code 2 without Chromium,
    1 if ``strict`` and a budget was missed, else 0."""
    try:
        report = run()
    except ChromiumMissingError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print("\n".join(report.lines()))
    return 1 if (strict and not report.ok) else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.browser", description=__doc__)
    ap.add_argument("--moves", type=int, default=30, help="measured moves per app (>= 30)")
    ap.add_argument("--strict", action="store_true", help="exit 1 if a budget is exceeded")
    args = ap.parse_args(argv)
    return print_report(lambda: run_benchmark(args.moves), strict=args.strict)


if __name__ == "__main__":
    raise SystemExit(main())
