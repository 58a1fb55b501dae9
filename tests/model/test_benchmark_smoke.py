"""The benchmark functions run (tiny sizes, once); no timing is asserted here."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from benchmarks import model as bench
from model import evaluate, validate_against
from model.baseline import Baseline


def test_every_lever_scenario_fits_the_benchmark_baseline() -> None:
    b = bench.full_baseline()
    s = bench.every_lever_scenario()
    assert validate_against(b, s) == []
    r = evaluate(b, s, strict=True)
    inactive = [m.id for m in r.measures if not m.active]
    assert inactive == [], f"levers not moved: {inactive}"


def test_every_lever_on_alver_leaves_only_nursing_measures_idle(demo: Baseline) -> None:
    """Alver's baseline has no nursing-home data: those measures are idle and say why."""
    r = evaluate(demo, bench.every_lever_scenario())
    idle = {m.id for m in r.measures if not m.active}
    assert idle == {"coverage_rate", "close_homes", "staffing_norm", "hdo_ratio"}
    for m in r.measures:
        if m.id in idle:
            assert not m.available and m.missing, m.id
            assert m.net_savings_nok_per_year == 0


def test_synthetic_baseline(demo: Baseline) -> None:
    b = bench.synthetic_baseline(60, demo)
    assert len(b.sites) == 60
    assert len(set(b.site_names())) == 60
    # 60 = 2 × 27 + 6: twice every demo site plus the first six
    first_six = demo.sites[:6]
    expected_staff = 2 * 45 + sum(s.awake + s.resting for s in first_six)
    r = evaluate(b)
    assert r.totals.night_baseline.staff_per_night == expected_staff
    assert r.totals.sites_baseline == 60
    assert len(b.refund_users) == len(demo.refund_users)
    assert {u.site for u in b.refund_users} <= set(b.site_names())


@pytest.mark.parametrize(
    ("fn", "kwargs"),
    [
        (bench.bench_evaluate, {"repeats": 1, "warmup": 0}),
        (bench.bench_monte_carlo, {"draws": 20, "repeats": 1, "warmup": 0}),
        (bench.bench_large, {"n_sites": 60, "repeats": 1, "warmup": 0}),
    ],
)
def test_benchmark_functions_run(fn: Callable[..., bench.Timed], kwargs: dict[str, int]) -> None:
    t = fn(**kwargs)
    assert t.median_s >= 0
    assert t.repeats == 1
    assert t.budget_s > 0
    assert t.line().endswith(("OK", "OVER"))


def test_run_and_report(capsys: pytest.CaptureFixture[str]) -> None:
    results = bench.run(
        evaluate_repeats=1, mc_draws=10, mc_repeats=1, n_sites=30, large_repeats=1, warmup=0
    )
    assert len(results) == 3
    for r in results:
        print(r.line())
    out = capsys.readouterr().out
    assert out.count("budget") == 3


def test_main_prints_budget_lines_structure_and_machine_reference(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real_run = bench.run

    def tiny_run(**_: int) -> list[bench.Timed]:
        return real_run(
            evaluate_repeats=1, mc_draws=10, mc_repeats=1, n_sites=30, large_repeats=1, warmup=0
        )

    monkeypatch.setattr(bench, "run", tiny_run)
    monkeypatch.setattr(bench, "bench_reference", lambda: 0.007)
    monkeypatch.setattr(bench, "bench_structure", lambda: (0.0005, 0.03))
    assert bench.main(["--quick"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 5
    assert all("budget" in line for line in lines[:3])
    assert "structure build" in lines[3] and "0.500 ms" in lines[3] and "30.0 ms" in lines[3]
    assert lines[4].startswith("machine reference") and "7.000 ms" in lines[4]
    assert bench.reference_work() == bench.reference_work() > 0


def test_bench_structure_runs() -> None:
    small, big = bench.bench_structure(n_sites=60, repeats=1, warmup=0)
    assert small > 0 and big > 0
