"""Levers show their parameter's source in the UI's language: the help text (ⓘ) and the
caption under a parameter lever give ``source``/``note`` in bokmål and the data's
``source_en``/``note_en`` in English (issue 9, item 4)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.helpers import assert_ok, page_opener, page_path, slider


@pytest.fixture
def open_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    def _open(name: str) -> AppTest:
        return page_opener(page_path(name), tmp_path, monkeypatch)()

    return _open


def _english(at: AppTest) -> AppTest:
    at.session_state["lang"] = "en"
    at.run()
    assert_ok(at)
    return at


def _plain(text: str) -> str:
    """Markdown-escaped text back to plain (``4\\.5`` → ``4.5``, no word joiners)."""
    return text.replace("\\", "").replace("\u2060", "")


def test_percentage_lever_help_names_the_source_in_the_ui_language(open_page) -> None:
    at = open_page("oversikt")
    key = "lv:levers.overtime_cut_pct"
    assert "PwC 2021: overtid om lag 4,5 mill. kr" in _plain(slider(at, key).help)
    at = _english(at)
    help_en = _plain(slider(at, key).help)
    assert "PwC 2021: overtime about NOK 4.5 million" in help_en
    assert "overtid" not in help_en


def test_parameter_lever_help_and_caption_in_the_ui_language(open_page) -> None:
    at = open_page("samlokalisering")
    key = "lv:params.interest_rate"
    assert "Antakelse for demo (kommunal lånerente)" in _plain(slider(at, key).help)
    assert any("Antakelse for demo (kommunal lånerente)" in _plain(c.value) for c in at.caption)
    at = _english(at)
    help_en = _plain(slider(at, key).help)
    assert "Source: Demo assumption (municipal loan rate)" in help_en
    assert "Antakelse" not in help_en
    captions = " ".join(_plain(c.value) for c in at.caption)
    assert "Demo assumption (municipal loan rate)" in captions
    assert "Antakelse for demo" not in captions
