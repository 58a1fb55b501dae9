"""«Økonomiplan og handlingsrom» in a real browser at a laptop size (1366×768): the figures
fit (no truncated metric), the charts are drawn at a readable size, the three datasets and
an upload with errors. Screenshots: ``test-artifacts/browser/<test>/``.

(Owned by the economy page, issue 11; it lives here to share this folder's one Playwright
instance and app server.)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.numbers import format_decimal
from playwright.sync_api import Browser, Locator, Page, expect

from benchmarks.browser import choose_option, open_app, wait_rerun
from model import Scenario, evaluate
from model.codec import encode
from model.economy import GapSettings, budget_gap, effects_from_result, headline
from model.economy.loader import load_economy
from model.loader import load_baseline

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}
NB = "\u00a0"

#: metric values (and everything inside them) whose content is wider than their box
_TRUNCATED_JS = """(labels) => {
  const bad = [];
  for (const el of document.querySelectorAll('[data-testid="stMain"] [data-testid="stMetricValue"]')) {
    const box = el.closest('[data-testid="stMetric"]');
    const name = box ? box.querySelector('[data-testid="stMetricLabel"]').innerText.trim() : '';
    if (!labels.includes(name)) continue;
    for (const e of [el, ...el.querySelectorAll('*')]) {
      if (e.scrollWidth > e.clientWidth) {
        const m = el.closest('[data-testid="stMetric"]');
        const label = m ? m.querySelector('[data-testid="stMetricLabel"]').innerText : '';
        bad.push(label + ': ' + el.innerText + ' (' + e.scrollWidth + ' > ' + e.clientWidth + ')');
        break;
      }
    }
  }
  return bad;
}"""


def mnok(x: float) -> str:
    return format_decimal(x / 1e6, "#,##0.0", locale="nb_NO").replace("\u202f", NB) + (
        f"{NB}mill.{NB}kr"
    )


def laptop_page(chromium: Browser) -> Page:
    ctx = chromium.new_context(viewport=LAPTOP)  # type: ignore[arg-type]
    ctx.set_default_timeout(20_000)
    return ctx.new_page()


def assert_figures_fit(page: Page, labels: list[str]) -> None:
    """This page's metrics show their whole value (the frame's headline above the page
    belongs to the frame and is tested with it)."""
    shown = [
        t.strip()
        for t in page.get_by_test_id("stMain").get_by_test_id("stMetricLabel").all_inner_texts()
    ]
    assert set(labels) <= set(shown), (labels, shown)
    assert page.evaluate(_TRUNCATED_JS, labels) == []
    # nothing makes the page scroll sideways
    assert page.evaluate("() => document.documentElement.scrollWidth") <= LAPTOP["width"]


def assert_chart_readable(page: Page, index: int = 0) -> None:
    chart = page.get_by_test_id("stVegaLiteChart").nth(index)
    chart.scroll_into_view_if_needed()
    expect(chart.locator("canvas, svg").first).to_be_visible()
    box = chart.bounding_box()
    assert box is not None
    # wide and tall enough to read on a laptop, and inside the window
    assert box["width"] >= 600 and box["height"] >= 240, box
    assert box["x"] >= 0 and box["x"] + box["width"] <= LAPTOP["width"], box


def metric_value(page: Page, label: str) -> Locator:
    m = page.get_by_test_id("stMetric").filter(
        has=page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True)
    )
    return m.get_by_test_id("stMetricValue")


def metric(page: Page, label: str) -> str:
    return metric_value(page, label).inner_text().strip()


def choose_set(page: Page, text: str) -> None:
    choose_option(page, page.get_by_role("combobox", name="Økonomidata for"), text)


def test_economy_page_at_laptop_size(
    chromium: Browser, app_url: str, shot: Callable[..., Path]
) -> None:
    s = Scenario.model_validate(
        {
            "levers": {"overtime_cut_pct": 30, "substitute_cut_pct": 5},
            "custom": [{"id": "journal", "label": "Postjournal", "savings_nok_per_year": 4e6}],
        }
    )
    r = evaluate(load_baseline("demo"), s)
    g = budget_gap(
        load_economy("alver-2020").budget, effects_from_result(r), r.plan_years, GapSettings()
    )
    h = headline(g)
    assert h is not None

    page = laptop_page(chromium)
    open_app(page, f"{app_url}/okonomi?s={encode(s)}")
    expect(page.get_by_role("heading", name="Økonomiplan og handlingsrom")).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    # the gap: the page shows the model's figures, and they fit
    assert metric(page, f"Krav {h.year}") == mnok(h.requirement_nok)
    assert metric(page, "Dekket av tiltakene") == mnok(h.closed_nok)
    assert metric(page, "Gjenstår") == mnok(h.gap_nok)
    expect(page.get_by_text(f"Tiltakene dekker {mnok(h.closed_nok)} av")).to_be_visible()
    shot(page, "alver-gap-top")
    assert_figures_fit(page, [f"Krav {h.year}", "Dekket av tiltakene", "Gjenstår", "Andel dekket"])
    assert_chart_readable(page, 0)
    page.get_by_test_id("stVegaLiteChart").nth(0).screenshot(
        path=str(shot(page, "alver-gap-full", top=False).with_name("alver-gap-chart.png"))
    )

    # Sogndal: handlingsrom 95.7 with the unitemised rest, demography to 2050
    choose_set(page, "Sogndal")
    expect(page.get_by_test_id("stException")).to_have_count(0)
    assert metric(page, "Handlingsrom 2021") == mnok(95.7e6)
    assert metric(page, "Ikke spesifisert") == mnok(4.3e6)
    assert_figures_fit(
        page,
        ["80+ i 2021 → 2050", "Kostnad ved dagens dekning 2050", "Behov, ganger dagens"]
        + ["Handlingsrom 2021", "Sum av områdene", "Ikke spesifisert"],
    )
    shot(page, "sogndal")
    charts = page.get_by_test_id("stVegaLiteChart")
    assert charts.count() == 2  # no budget in this set: the need chart and the benchmark
    for i in range(charts.count()):
        assert_chart_readable(page, i)
    page.get_by_text("Demografi og behov fram mot 2050").scroll_into_view_if_needed()
    shot(page, "sogndal-demography", top=False)
    charts.nth(0).screenshot(path=str(shot(page, "sogndal-need", top=False)))
    charts.nth(1).screenshot(path=str(shot(page, "sogndal-bench", top=False)))

    # Ålesund: 247.4 as published; the negative row is drawn
    choose_set(page, "Ålesund")
    assert metric(page, "Handlingsrom 2020") == mnok(247.4e6)
    assert_figures_fit(
        page, ["Handlingsrom 2020", "Egen kostnad per innbygger", "Referansen per innbygger"]
    )
    bench = page.get_by_test_id("stVegaLiteChart").last
    assert_chart_readable(page, page.get_by_test_id("stVegaLiteChart").count() - 1)
    bench.screenshot(path=str(shot(page, "alesund-bench", top=False)))
    page.get_by_text("Handlingsrom mot sammenlignbare kommuner").scroll_into_view_if_needed()
    shot(page, "alesund-section", top=False)
    page.context.close()


def test_upload_with_errors_is_refused_then_a_good_one_is_used(
    chromium: Browser, app_url: str, shot: Callable[..., Path], tmp_path: Path
) -> None:
    page = laptop_page(chromium)
    open_app(page, f"{app_url}/okonomi")
    page.get_by_text("Last opp egne tall (CSV)").click()
    bad = tmp_path / "budsjett.csv"
    bad.write_text("år;ramme;innsparingskrav\n2027;100;fem\n", encoding="utf-8")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(bad))
    wait_rerun(page)
    expect(page.get_by_text(re.compile(r"Filen ble ikke brukt \(1 feil\)"))).to_be_visible()
    err = page.get_by_test_id("stDataFrame").filter(has_text="Feil")
    expect(err).to_be_visible()
    err.scroll_into_view_if_needed()
    shot(page, "upload-refused", top=False)
    # the demo's requirement is still in use (nothing taken from the bad file)
    assert metric(page, "Krav 2030") == mnok(20e6)

    good = tmp_path / "budsjett2.csv"
    good.write_text(
        "år;ramme;innsparingskrav;regnskap\n2026;100 000 000;;113 300 000\n"
        "2030;100 000 000;7 500 000;\n",
        encoding="utf-8",
    )
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(good))
    wait_rerun(page)
    expect(metric_value(page, "Krav 2030")).to_have_text(mnok(7.5e6))
    expect(page.get_by_text(re.compile("Filen ble ikke brukt"))).to_have_count(0)
    expect(page.get_by_text("Merforbruk mot ramme", exact=True)).to_be_visible()
    # the user's own figures are not called a demo assumption
    expect(page.get_by_text("Budsjett fra opplastet fil: budsjett2.csv")).to_be_visible()
    expect(page.get_by_text(re.compile("er en antakelse \\(demo\\)"))).to_have_count(0)
    assert_figures_fit(page, ["Krav 2030", "Dekket av tiltakene", "Gjenstår", "Andel dekket"])
    page.get_by_text("Budsjettgap: krav mot tiltak per år").scroll_into_view_if_needed()
    shot(page, "upload-used", top=False)
    page.context.close()
