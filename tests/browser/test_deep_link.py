"""A shared link to a sub-page, opened as the very first request of a fresh server."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.numbers import format_decimal
from playwright.sync_api import Browser

from benchmarks.browser import APP_SCRIPT, headline_values, open_app, streamlit_server
from model import Scenario, evaluate
from model.codec import encode
from model.loader import load_baseline

pytestmark = pytest.mark.browser


def test_deep_link_to_subpage_on_fresh_server(chromium: Browser, tmp_path: Path) -> None:
    # Streamlit runs a fresh process in its legacy pages/ mode until st.navigation has been
    # called once; the page must still render inside the frame with the link's scenario.
    s = Scenario(levers={"overtime_cut_pct": 50}, colocation={"day_evening_synergy_pct": 5})
    net = evaluate(load_baseline("demo"), s).totals.net_savings_nok_per_year
    expected = format_decimal(net / 1e6, "#,##0.0", locale="nb_NO") + "\u00a0mill.\u00a0kr"
    with streamlit_server(APP_SCRIPT, db_path=tmp_path / "sim.duckdb") as srv:
        ctx = chromium.new_context(viewport={"width": 1400, "height": 900})
        page = ctx.new_page()
        open_app(page, f"{srv.url}/samlokalisering?s={encode(s)}")
        assert headline_values(page)[0] == expected
        assert page.get_by_role("heading", name="Samlokalisering").first.is_visible()
        assert page.get_by_test_id("stException").count() == 0
        ctx.close()
