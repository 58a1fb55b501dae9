"""User and data text shows as plain text in a real browser: no link, image, colour or
LaTeX made from Markdown in a saved description, a custom-measure label or a site override
key from a link (issue 10 item 4)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from benchmarks.browser import APP_SCRIPT, open_app, streamlit_server, wait_rerun
from model import Scenario
from model.codec import encode

pytestmark = pytest.mark.browser

LINK = "[x](https://example.invalid)"
IMAGE = "![](http://127.0.0.1:9/x.png)"
COLOUR = ":red[x]"
LATEX = "$x^2$"
BARE = "https://example.invalid/bare"
PAYLOADS = (LINK, IMAGE, COLOUR, LATEX)
ALL = " ".join((*PAYLOADS, BARE))
WORD_JOINER = "\u2060"


def _scenario() -> Scenario:
    return Scenario.model_validate(
        {
            "night": {"overrides": {f"Site {ALL}": {"awake": 1, "resting": 0}}},
            "custom": [{"id": "evil", "label": f"Tiltak {ALL}", "savings_nok_per_year": 1_000_000}],
        }
    )


def _text(page: Page) -> str:
    return page.locator("[data-testid=stApp]").inner_text().replace(WORD_JOINER, "")


def _assert_plain(page: Page, where: str) -> None:
    """Nothing active was made from the payloads, and they show as their characters."""
    links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    assert not [h for h in links if "example.invalid" in h], (where, links)
    assert page.locator("img[src*='127.0.0.1:9']").count() == 0, where
    assert page.locator(".katex, .katex-display, math").count() == 0, where
    text = _text(page)  # a colour directive would leave only "x", LaTeX no dollars
    for p in (*PAYLOADS, BARE):
        assert p in text, (where, p)


def test_markdown_payloads_render_as_text(chromium: Browser, tmp_path: Path) -> None:
    token = encode(_scenario())
    with streamlit_server(APP_SCRIPT, db_path=tmp_path / "sim.duckdb") as srv:
        ctx = chromium.new_context(viewport={"width": 1400, "height": 1000})
        requests: list[str] = []
        ctx.on("request", lambda r: requests.append(r.url))
        page = ctx.new_page()

        # 1. The override key from the link, on the night-watch page: the warning about an
        #    unknown site and the "changed for" caption.
        open_app(page, f"{srv.url}/nattevakt?s={token}")
        expect(page.get_by_text("Endret for:", exact=False).first).to_be_visible()
        _assert_plain(page, "nattevakt")

        # 2. The custom measure's label on the overview: the start-year input's label.
        open_app(page, f"{srv.url}/?s={token}")  # the overview is the default page
        page.get_by_text("Start og innfasing per tiltak").click()
        wait_rerun(page)
        label = page.get_by_test_id("stNumberInput").filter(has_text="startår")
        expect(label.filter(has_text="Tiltak [x]")).to_be_visible()
        _assert_plain(page, "oversikt")

        # 3. A saved scenario's name and description, seen by another session's sidebar.
        sb = page.get_by_test_id("stSidebar")
        sb.locator("details summary").filter(has_text="Lagrede scenarioer").click()
        sb.get_by_label("Navn", exact=True).fill(f"Navn {LINK}")
        sb.get_by_label("Beskrivelse", exact=True).fill(f"Beskrivelse {ALL}")
        sb.get_by_role("button", name="Lagre", exact=True).click()
        expect(sb.get_by_test_id("stAlert").filter(has_text="Lagret")).to_be_visible()
        wait_rerun(page)

        other = ctx.new_page()
        open_app(other, srv.url)
        osb = other.get_by_test_id("stSidebar")
        osb.locator("details summary").filter(has_text="Lagrede scenarioer").click()
        expect(osb.get_by_text("Beskrivelse", exact=False).last).to_be_visible()
        wait_rerun(other)
        assert f"Beskrivelse {ALL}" in _text(other)
        _assert_plain(other, "sidebar")
        other.screenshot(path=str(tmp_path / "sidebar.png"))

        assert not [u for u in requests if "127.0.0.1:9" in u or "example.invalid" in u]
        assert page.get_by_test_id("stException").count() == 0
        assert other.get_by_test_id("stException").count() == 0
        ctx.close()
