"""AppTest fixtures: every test gets its own DuckDB file and a fresh app."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from babel.numbers import format_decimal
from streamlit.testing.v1 import AppTest

from ui.layout import SAVED_EXPANDER

ENTRY = str(Path(__file__).with_name("entry.py"))
PAGES = Path(__file__).resolve().parents[2] / "pages"


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., AppTest]:
    monkeypatch.setenv("SIMULATOR_DB", str(tmp_path / "sim.duckdb"))

    def make(query: dict[str, str] | None = None, *, saved_open: bool = True) -> AppTest:
        at = AppTest.from_file(ENTRY, default_timeout=60)
        if query:
            at.query_params.update(query)
        # «Lagrede scenarioer» is built only while open; most tests use it, so open it
        # (test_frame.py checks that a closed one sends nothing)
        at.session_state[SAVED_EXPANDER] = saved_open
        return at.run()

    return make


def page(name: str) -> str:
    return str(PAGES / f"{name}.py")


def mnok_nb(x: float) -> str:
    """How the app writes MNOK in bokmål, computed independently with babel."""
    return format_decimal(x / 1e6, format="#,##0.0", locale="nb_NO") + "\u00a0mill.\u00a0kr"


def headline(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.fixture
def demo():
    from model.loader import load_baseline

    return load_baseline("demo")
