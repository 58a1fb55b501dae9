"""Sign-in and workspaces end to end: Chromium, a real OpenID Connect provider
(``oidc-provider-mock`` on a free loopback port) and the app started with a secrets file
that has an ``[auth]`` section and a membership file (``SIMULATOR_WORKSPACES``).

The database is prepared before the server starts (DuckDB lets one process hold it):
Alver and Bergen each have an imported baseline, and Alver has a saved scenario
"Alver hemmelig" whose ``?id=`` link a Bergen user tries.

(This module lives in tests/browser/ to share the one Playwright instance and Chromium
of tests/browser/conftest.py; the rest of the sign-in tests are in tests/auth/.)
"""

from __future__ import annotations

import contextlib
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from benchmarks.browser import (
    APP_SCRIPT,
    REPO_ROOT,
    _healthy,
    _stop,
    choose_option,
    free_port,
    streamlit_command,
    wait_rerun,
)
from model import MODEL_VERSION, Baseline, Scenario
from model.loader import load_baseline
from storage.store import Store
from storage.workspaces import Principal, ScopedStore

pytestmark = pytest.mark.browser

EXAMPLE = REPO_ROOT / "deploy" / "workspaces.example.toml"
LOGS = REPO_ROOT / "test-artifacts" / "browser" / "logs" / "auth"
ALVER_EDITOR = "ola@alver.kommune.no"
ALVER_ADMIN = "radgiver@alver.kommune.no"
BERGEN_EDITOR = "okonomi@bergen.kommune.no"
BERGEN_VIEWER = "kari@bergen.kommune.no"


@dataclass
class SignInApp:
    url: str
    provider_url: str
    secret_version_id: str


def _wait_http(url: str, proc: subprocess.Popen[bytes], log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{url}: the process exited:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer in {timeout:.0f} s")


@contextlib.contextmanager
def _process(cmd: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        proc = subprocess.Popen(
            cmd,
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield proc
    finally:
        _stop(proc)


def _own_baseline(demo: Baseline, name: str, municipality: str) -> Baseline:
    data = demo.model_dump()
    data.update({"name": name, "municipality": municipality, "year": 2024})
    return Baseline.model_validate(data)


def _prepare_db(path: Path) -> str:
    demo = load_baseline("demo")
    with Store(path) as store:
        alver = ScopedStore(
            store, Principal(actor=ALVER_EDITOR, roles={"alver": "editor"}, names={}), "alver"
        )
        bergen = ScopedStore(store, Principal(actor=BERGEN_EDITOR, roles={"bergen": "editor"}, names={}), "bergen")  # fmt: skip
        alver.save_baseline(_own_baseline(demo, "alver-data", "Alver"))
        bergen.save_baseline(_own_baseline(demo, "bergen-data", "Bergen"))
        saved = alver.save_scenario(
            name="Alver hemmelig",
            scenario=Scenario(levers={"overtime_cut_pct": 30.0}),
            description="Konfidensielt",
            baseline_name="demo",
            baseline_hash=demo.hash,
            model_version=MODEL_VERSION,
        )
        return str(saved.version_id)


@pytest.fixture(scope="module")
def signin_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SignInApp]:
    d = tmp_path_factory.mktemp("signin")
    version_id = _prepare_db(d / "sim.duckdb")
    shutil.copy(EXAMPLE, d / "workspaces.toml")
    env = {
        **{k: v for k, v in __import__("os").environ.items() if not k.startswith("STREAMLIT_")},
        "PYTHONUNBUFFERED": "1",
        "SIMULATOR_DB": str(d / "sim.duckdb"),
        "SIMULATOR_WORKSPACES": str(d / "workspaces.toml"),
    }
    with contextlib.ExitStack() as stack:
        # the identity provider
        op_port = free_port()
        op_url = f"http://127.0.0.1:{op_port}"
        op = stack.enter_context(
            _process(
                [sys.executable, "-m", "oidc_provider_mock", "-p", str(op_port), "-H", "127.0.0.1"],
                env,
                LOGS / "oidc-provider.log",
            )
        )
        _wait_http(op_url + "/.well-known/openid-configuration", op, LOGS / "oidc-provider.log")
        # the app, with a secrets file written here
        port = free_port()
        secrets_file = d / "secrets.toml"
        secrets_file.write_text(
            "[auth]\n"
            f'redirect_uri = "http://localhost:{port}/oauth2callback"\n'
            f'cookie_secret = "{secrets.token_hex(32)}"\n'
            'client_id = "simulator-test"\n'
            'client_secret = "not-checked-by-the-mock"\n'
            f'server_metadata_url = "{op_url}/.well-known/openid-configuration"\n',
            encoding="utf-8",
        )
        log = LOGS / "app.log"
        app = stack.enter_context(
            _process(
                streamlit_command(APP_SCRIPT, port, "--secrets.files", str(secrets_file)),
                env,
                log,
            )
        )
        url = f"http://localhost:{port}"
        deadline = time.monotonic() + 90
        while not _healthy(url):
            if app.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the app did not start:\n{log.read_text(errors='replace')}")
            time.sleep(0.1)
        yield SignInApp(url=url, provider_url=op_url, secret_version_id=version_id)


# ------------------------------------------------------------------------ helpers
def _app_ready(page: Page) -> None:
    page.locator('[data-testid="stMain"] [data-testid="stElementContainer"]').first.wait_for(
        timeout=60_000
    )
    wait_rerun(page, timeout_ms=60_000)


def sign_in(page: Page, app: SignInApp, email: str, path: str = "/") -> None:
    page.goto(app.url + path, wait_until="domcontentloaded")
    _app_ready(page)
    expect(page.get_by_test_id("stMetricValue")).to_have_count(0)  # nothing before sign-in
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(re.compile(re.escape(app.provider_url) + r"/oauth2/authorize"))
    page.locator("input[name=sub]").fill(email)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(re.compile(re.escape(app.url)))
    _app_ready(page)
    expect(page.get_by_test_id("stMetricValue").first).to_be_visible(timeout=30_000)


def sidebar(page: Page):  # type: ignore[no-untyped-def]
    return page.get_by_test_id("stSidebar")


def open_expander(page: Page, title: str) -> None:
    exp = sidebar(page).get_by_test_id("stExpander").filter(has_text=title)
    summary = exp.locator("summary")
    if exp.locator("details").get_attribute("open") is None:
        summary.click()
    wait_rerun(page)


def save(page: Page, name: str) -> None:
    open_expander(page, "Lagrede scenarioer")
    form = sidebar(page).get_by_test_id("stForm")
    form.get_by_label("Navn", exact=True).fill(name)
    form.get_by_role("button", name="Lagre").click()
    expect(sidebar(page).get_by_text(f"Lagret «{name}»")).to_be_visible(timeout=30_000)
    wait_rerun(page)


def read_options(page: Page, combo: Locator, attempts: int = 6) -> list[str]:
    """Every option text of a Streamlit selectbox (react-aria combobox), then close it.

    The first click on a freshly rendered combobox sometimes only focuses it, so click
    until ``aria-expanded`` is true (never click an open one: that closes it).
    """
    options = page.get_by_role("option")
    for _ in range(attempts):
        if combo.get_attribute("aria-expanded") != "true":
            combo.click()
        try:
            options.first.wait_for(state="visible", timeout=1_000)
        except PlaywrightTimeoutError:
            continue
        texts = options.all_inner_texts()
        page.keyboard.press("Escape")
        return texts
    raise AssertionError("the selectbox did not open")


def choose(page: Page, combo: Locator, text: str) -> None:
    """Pick the option containing ``text``."""
    choose_option(page, combo, text)


def saved_options(page: Page) -> list[str]:
    """The names in the 'Choose a scenario' list."""
    open_expander(page, "Lagrede scenarioer")
    combo = sidebar(page).get_by_role("combobox", name="Velg scenario")
    return [t.split(" (v")[0].strip() for t in read_options(page, combo)]


def baseline_options(page: Page) -> list[str]:
    page.get_by_test_id("stSidebarNav").get_by_text("Data", exact=True).click()
    _app_ready(page)
    combo = page.get_by_test_id("stMain").get_by_role("combobox", name="Bytt grunnlag")
    return [t.split(" – ")[0].strip() for t in read_options(page, combo)]


# ------------------------------------------------------------------------ tests
def test_two_workspaces_each_see_only_their_own(
    signin_app: SignInApp, new_page: Callable[[], Page], shot: Callable[..., Path]
) -> None:
    alver = new_page()
    sign_in(alver, signin_app, ALVER_EDITOR)
    expect(sidebar(alver).get_by_text(ALVER_EDITOR)).to_be_visible()
    save(alver, "Alver plan")
    shot(alver, "alver-saved")

    bergen = new_page()  # another browser context: another person
    sign_in(bergen, signin_app, BERGEN_EDITOR)
    save(bergen, "Bergen plan")
    shot(bergen, "bergen-saved")

    assert saved_options(alver) == ["Alver plan", "Alver hemmelig"]
    assert saved_options(bergen) == ["Bergen plan"]
    alver_sees, bergen_sees = baseline_options(alver), baseline_options(bergen)
    assert "alver-data" in alver_sees and "bergen-data" not in alver_sees
    assert "bergen-data" in bergen_sees and "alver-data" not in bergen_sees
    # the shipped baselines are visible to both
    assert set(alver_sees) - {"alver-data"} == set(bergen_sees) - {"bergen-data"} != set()
    shot(bergen, "bergen-baselines")
    for text in ("Alver plan", "Alver hemmelig", "alver-data"):  # the demo is "Alver (demo)"
        assert text not in bergen.get_by_test_id("stApp").inner_text()


def test_viewer_cannot_save(
    signin_app: SignInApp, new_page: Callable[[], Page], shot: Callable[..., Path]
) -> None:
    page = new_page()
    sign_in(page, signin_app, BERGEN_VIEWER)
    open_expander(page, "Lagrede scenarioer")
    button = sidebar(page).get_by_test_id("stForm").get_by_role("button", name="Lagre")
    expect(button).to_be_disabled()
    expect(sidebar(page).get_by_text("kan bare se", exact=False)).to_be_visible()
    shot(page, "viewer", top=False)


def test_link_into_another_workspace_says_no_access(
    signin_app: SignInApp, new_page: Callable[[], Page], shot: Callable[..., Path]
) -> None:
    page = new_page()
    sign_in(page, signin_app, BERGEN_EDITOR)
    page.goto(f"{signin_app.url}/?id={signin_app.secret_version_id}", wait_until="domcontentloaded")
    _app_ready(page)
    expect(page.get_by_test_id("stAlert").filter(has_text="Ingen tilgang")).to_be_visible()
    shot(page, "no-access")
    text = page.get_by_test_id("stApp").inner_text()
    for secret in ("Alver hemmelig", "Konfidensielt", "alver"):
        assert secret not in text
    # the link's levers were not applied: the headline is the baseline's
    assert page.get_by_test_id("stMetricValue").first.inner_text().startswith("0,0")


def test_audit_log_has_the_rows(
    signin_app: SignInApp, new_page: Callable[[], Page], shot: Callable[..., Path]
) -> None:
    editor = new_page()
    sign_in(editor, signin_app, ALVER_EDITOR)
    save(editor, "Til revisjon")

    admin = new_page()
    sign_in(admin, signin_app, ALVER_ADMIN)
    admin.get_by_test_id("stSidebarNav").get_by_text("Administrasjon", exact=True).click()
    _app_ready(admin)
    grid = admin.get_by_test_id("stMain").get_by_test_id("stDataFrame")
    expect(grid).to_be_visible()
    # the grid's accessible table fills in after the canvas: wait for its header
    expect(grid.locator("table thead th", has_text="Tid (UTC)")).to_have_count(1, timeout=30_000)
    shot(admin, "audit")
    # the grid is a canvas; its accessible table holds the visible cells
    rows = [
        [c.strip() for c in r.locator("td").all_text_contents()]
        for r in grid.locator("table tbody tr").all()
    ]
    header = [h.strip() for h in grid.locator("table thead th").all_text_contents()]
    assert header[:5] == ["Tid (UTC)", "Hvem", "Hva", "Objekt", "Navn"]
    got = {tuple(r[1:5]) for r in rows}
    assert (ALVER_EDITOR, "lagret", "scenario", "Til revisjon") in got
    assert (ALVER_EDITOR, "lagret", "scenario", "Alver hemmelig") in got
    assert (ALVER_EDITOR, "importerte", "grunnlag", "alver-data") in got
    assert all(r[1] != BERGEN_EDITOR and r[4] not in ("Bergen plan", "bergen-data") for r in rows)

    # an editor has no admin page
    expect(editor.get_by_test_id("stSidebarNav").get_by_text("Administrasjon")).to_have_count(0)


def test_deleted_link_and_restore_by_an_admin(
    signin_app: SignInApp, new_page: Callable[[], Page], shot: Callable[..., Path]
) -> None:
    editor = new_page()
    sign_in(editor, signin_app, ALVER_EDITOR)
    save(editor, "Skal slettes")
    # the short link shown under the success message (the first of the two "Kort lenke")
    link = re.search(r"\?id=(\w+)", sidebar(editor).get_by_text("Kort lenke:").first.inner_text())
    assert link, "no short link after saving"
    # choose it and delete it
    combo = sidebar(editor).get_by_role("combobox", name="Velg scenario")
    choose(editor, combo, "Skal slettes")
    expect(combo).to_have_value(re.compile("Skal slettes"))
    sidebar(editor).get_by_role("button", name="Slett …").click()
    wait_rerun(editor)
    sidebar(editor).get_by_role("button", name="Ja, slett").click()
    wait_rerun(editor)
    assert "Skal slettes" not in saved_options(editor)

    # its link no longer opens for the editor, and says why
    editor.goto(f"{signin_app.url}/?id={link.group(1)}", wait_until="domcontentloaded")
    _app_ready(editor)
    expect(editor.get_by_test_id("stAlert").filter(has_text="er slettet")).to_be_visible()
    shot(editor, "deleted-link")

    # an admin restores it on «Administrasjon»
    admin = new_page()
    sign_in(admin, signin_app, ALVER_ADMIN)
    admin.get_by_test_id("stSidebarNav").get_by_text("Administrasjon", exact=True).click()
    _app_ready(admin)
    main = admin.get_by_test_id("stMain")
    assert any(
        o.startswith("Skal slettes")
        for o in read_options(admin, main.get_by_role("combobox", name="Velg slettet scenario"))
    )
    main.get_by_role("button", name="Gjenopprett").click()
    wait_rerun(admin)
    expect(main.get_by_text("Ingen slettede scenarioer.")).to_be_visible()
    shot(admin, "restored")

    # the editor's link opens again; signing out ends the session
    editor.goto(f"{signin_app.url}/?id={link.group(1)}", wait_until="domcontentloaded")
    _app_ready(editor)
    expect(editor.get_by_test_id("stAlert").filter(has_text="er slettet")).to_have_count(0)
    sidebar(editor).get_by_role("button", name="Logg ut").click()
    # Streamlit ends the session at the provider too (RP-initiated logout); the mock asks
    editor.wait_for_url(re.compile(re.escape(signin_app.provider_url) + r"/oauth2/end_session"))
    editor.get_by_role("button", name="End session").click()
    editor.wait_for_url(re.compile(re.escape(signin_app.url)))
    _app_ready(editor)
    expect(editor.get_by_role("button", name="Logg inn")).to_be_visible(timeout=30_000)
    expect(editor.get_by_test_id("stMetricValue")).to_have_count(0)
