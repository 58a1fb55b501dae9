"""Real-browser tests: the app in a real Streamlit server, driven by Playwright + Chromium.

Fixtures
--------
* ``app_server`` / ``app_url`` (session): ``streamlit run app.py`` on a free loopback port
  with its own temporary ``SIMULATOR_DB``; waits for ``/_stcore/health``; the server's
  process group is terminated at the end. Its log goes to
  ``test-artifacts/browser/logs/``.
* ``playwright`` / ``chromium`` (session): plain ``playwright.sync_api`` with Debian's
  Chromium (``/usr/bin/chromium``; Playwright's browser download does not work here).
  ``playwright`` overrides pytest-playwright's fixture of that name so that only one
  Playwright instance exists per session (the sync API cannot be started twice in one
  thread); ``browser_type_launch_args`` is overridden too, so pytest-playwright's own
  ``browser``/``page`` fixtures would also use Debian Chromium.
  If Chromium is missing, every browser test FAILS with a clear message (never skips).
* ``new_page`` (function): ``new_page()`` opens a page in a fresh browser context (a new
  Streamlit session); all are closed after the test, with a screenshot if it failed.
* ``shot`` (function): ``shot(page, "step")`` saves ``test-artifacts/browser/<test>/NN-step.png``.

Page helpers (``wait_rerun``, ``open_app``, ``headline_value``, ``slider_thumb``,
``press_slider`` ...) live in ``benchmarks/browser.py`` (the benchmark uses the same ones;
import them from there) and are re-exported here. Every test module in this folder sets
``pytestmark = pytest.mark.browser``. ``SIMULATOR_CHROMIUM`` overrides the Chromium path.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from benchmarks.browser import (
    APP_SCRIPT,
    REPO_ROOT,
    VIEWPORT,
    ChromiumMissingError,
    StreamlitServer,
    headline_value,
    headline_values,
    in_new_page,
    launch_args,
    open_app,
    press_slider,
    slider_thumb,
    slider_value,
    streamlit_server,
    wait_rerun,
)

__all__ = [
    "headline_value",
    "headline_values",
    "open_app",
    "press_slider",
    "slider_thumb",
    "slider_value",
    "wait_rerun",
]

ARTIFACTS = REPO_ROOT / "test-artifacts" / "browser"


_REPORTS = pytest.StashKey[dict[str, pytest.TestReport]]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Iterator[pytest.TestReport]:
    report = yield
    item.stash.setdefault(_REPORTS, {})[report.when] = report
    return report


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


# ------------------------------------------------------------------------ server
@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StreamlitServer]:
    db_dir = tmp_path_factory.mktemp("app-db")
    log_dir = ARTIFACTS / "logs" / _worker()
    with contextlib.ExitStack() as stack:
        try:
            srv = stack.enter_context(
                streamlit_server(APP_SCRIPT, db_path=db_dir / "sim.duckdb", log_dir=log_dir)
            )
        except RuntimeError as e:
            message = f"The app server did not start: {e}"
        else:
            yield srv
            return
    pytest.fail(message, pytrace=False)


@pytest.fixture(scope="session")
def app_url(app_server: StreamlitServer) -> str:
    return app_server.url


# ----------------------------------------------------------------------- browser
@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict[str, Any]:
    try:
        return launch_args()
    except ChromiumMissingError as e:
        message = str(e)
    pytest.fail(message, pytrace=False)  # a failure, never a skip


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def chromium(playwright: Playwright, browser_type_launch_args: dict[str, Any]) -> Iterator[Browser]:
    b = playwright.chromium.launch(**browser_type_launch_args)
    yield b
    b.close()


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-")[:80]


@pytest.fixture
def artifact_dir(request: pytest.FixtureRequest) -> Path:
    d = ARTIFACTS / _slug(request.node.name)
    d.mkdir(parents=True, exist_ok=True)
    for old in d.glob("*.png"):
        old.unlink()
    return d


_SCROLL_TOP_JS = """() => {
  for (const id of ['stMain', 'stSidebarContent']) {
    const el = document.querySelector(`[data-testid="${id}"]`);
    if (el) el.scrollTop = 0;
  }
}"""


@pytest.fixture
def shot(artifact_dir: Path) -> Callable[..., Path]:
    counter = iter(range(1, 1000))

    def _shot(page: Page, step: str, *, top: bool = True) -> Path:
        """Screenshot; with ``top`` the main area is scrolled up first so that the
        headline shows (widgets scroll into view when the tests use them)."""
        if top:
            page.evaluate(_SCROLL_TOP_JS)
        path = artifact_dir / f"{next(counter):02d}-{_slug(step)}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _shot


@pytest.fixture
def new_page(
    chromium: Browser, request: pytest.FixtureRequest, artifact_dir: Path
) -> Iterator[Callable[[], Page]]:
    contexts = []
    pages: list[Page] = []
    errors: list[str] = []

    def _new_page() -> Page:
        ctx = chromium.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
        ctx.set_default_timeout(20_000)
        contexts.append(ctx)
        page = ctx.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        pages.append(page)
        return page

    yield _new_page

    reports = request.node.stash.get(_REPORTS, {})
    failed = any(r.failed for r in reports.values())
    if failed:
        for i, page in enumerate(pages):
            with contextlib.suppress(Exception):  # best effort
                page.screenshot(path=str(artifact_dir / f"FAILED-page{i}.png"), full_page=True)
    if errors:
        (artifact_dir / "pageerrors.txt").write_text("\n".join(errors), encoding="utf-8")
    for ctx in contexts:
        ctx.close()


@pytest.fixture(scope="session")
def baseline_figures(chromium: Browser, app_url: str) -> list[str]:
    """The five headline figures of a fresh session (no levers moved)."""
    return in_new_page(chromium, app_url, headline_values)
