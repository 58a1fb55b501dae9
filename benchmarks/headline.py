"""The headline band's size and the budget-gap figure's cost: ``python -m benchmarks.headline
[--out DIR] [--no-browser]``.

1. Band height (issue 9 item 2): starts the real app on a free loopback port, opens
   Oversikt with the *every-lever* scenario in Debian Chromium at 1280×720, 1366×768 and
   1920×1080 (sidebar open, the default), bokmål and English, and prints the height of the
   sticky headline band (``.st-key-headline``) and its share of the screen; at 1366×768
   also in presenter mode. Screenshots go to ``--out`` (default
   ``test-artifacts/headline``). ``tests/browser/test_fit.py`` asserts the bound.
2. Gap cost (issue 11 item 1): the model's ``budget_gap`` + ``headline`` for one new
   result (what the frame computes when the scenario changes; a rerun that does not change
   the scenario reuses it), median of 200 runs, beside the model's own ``evaluate`` of the
   same scenario measured in the same run (the floor it is added to).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.browser import (
    APP_SCRIPT,
    REPO_ROOT,
    launch_chromium,
    open_app,
    streamlit_server,
    wait_rerun,
)
from benchmarks.model import every_lever_scenario
from model import evaluate
from model.codec import encode
from model.economy import GapSettings, budget_gap, effects_from_result, headline
from model.economy.loader import for_baseline, load_economy
from model.loader import load_baseline

SIZES = [(1280, 720), (1366, 768), (1920, 1080)]
PRESENTER = {"nb": "Presentasjonsmodus", "en": "Presenter mode"}
_BAND_JS = "() => document.querySelector('.st-key-headline').getBoundingClientRect().height"


def band_heights(out: Path) -> None:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    token = encode(every_lever_scenario())
    with (
        tempfile.TemporaryDirectory() as d,
        streamlit_server(APP_SCRIPT, db_path=Path(d) / "s.duckdb") as srv,
        sync_playwright() as pw,
    ):
        browser = launch_chromium(pw)
        for lang in ("nb", "en"):
            for w, h in SIZES:
                ctx = browser.new_context(viewport={"width": w, "height": h})
                page = ctx.new_page()
                query = f"?s={token}" + ("&lang=en" if lang == "en" else "")
                open_app(page, f"{srv.url}/{query}")
                page.wait_for_timeout(400)  # fonts and the grid settle
                band = page.evaluate(_BAND_JS)
                print(f"{lang} {w}x{h}: band {band:.0f} px ({band / h:.0%} of the screen)")
                page.screenshot(path=str(out / f"{lang}-{w}x{h}.png"))
                if (w, h) == (1366, 768):
                    page.get_by_text(PRESENTER[lang], exact=True).click()
                    wait_rerun(page)
                    page.wait_for_timeout(400)
                    band = page.evaluate(_BAND_JS)
                    print(f"{lang} {w}x{h} presenter mode: band {band:.0f} px")
                    page.screenshot(path=str(out / f"{lang}-{w}x{h}-presenter.png"))
                ctx.close()
        browser.close()


def gap_cost(runs: int = 200) -> None:
    b = load_baseline("Alver 2020 (PwC)")
    s = every_lever_scenario()
    r = evaluate(b, s)
    name = for_baseline(b.name, b.municipality)
    assert name is not None, "the Alver baseline has its own economy set"
    data = load_economy(name)
    gap_ms, eval_ms = [], []
    for _ in range(runs):
        t = time.perf_counter()
        h = headline(
            budget_gap(data.budget, effects_from_result(r), list(r.plan_years), GapSettings())
        )
        gap_ms.append((time.perf_counter() - t) * 1e3)
    for _ in range(runs // 4):
        t = time.perf_counter()
        evaluate(b, s)
        eval_ms.append((time.perf_counter() - t) * 1e3)
    print(
        f"gap figure per new result: median {statistics.median(gap_ms):.2f} ms "
        f"(model evaluate of the same scenario, floor: median {statistics.median(eval_ms):.2f} ms)"
    )
    print(f"  {h}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.headline", description=__doc__)
    ap.add_argument("--out", type=Path, default=REPO_ROOT / "test-artifacts" / "headline")
    ap.add_argument("--no-browser", action="store_true", help="only the gap's cost")
    a = ap.parse_args(argv)
    gap_cost()
    if not a.no_browser:
        band_heights(a.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
