"""Model benchmarks: ``python -m benchmarks.model``.

Prints the median time of three operations against their budgets (OK/OVER); it never
fails on a slow machine. The budgets come from the workshop use case: sliders must move
the numbers "while the question is still in the air".

1. evaluate the Alver demo with every lever moved ............ <= 2 ms   (median of >= 20)
2. 10 000 Monte Carlo draws of that scenario .................. <= 150 ms (median of >= 5)
3. evaluate a synthetic baseline of 10 000 sites .............. <= 100 ms (median of >= 5)

Evaluations keep a baseline's structures (which sites get which arrangement), and (1) and
(3) repeat one scenario, so they time a move of any lever that leaves the structure as it
is. Then it prints what building the structure adds when a structural lever moves (night
rules, co-location, ambulant team, digital supervision). Last, it prints the median time
of a fixed amount of numpy and Python work that no model change affects, measured first
in the same run: on a shared machine, compare runs by it.

``tests/model/test_benchmark_smoke.py`` runs the same functions once with tiny sizes.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from model.baseline import Baseline, RefundUser, Service, Site
from model.engine import evaluate
from model.loader import load_baseline
from model.scenario import (
    AmbulantTeam,
    Arrangement,
    CapacityRule,
    Colocation,
    CoverageLevers,
    CustomMeasure,
    DigitalSupervision,
    MergeGroup,
    NightLevers,
    NightRule,
    PercentLevers,
    PlanSettings,
    Scenario,
    SiteSelector,
    Timing,
)
from model.structure import build
from model.uncertainty import simulate

BUDGET_EVALUATE_S = 0.002
BUDGET_MONTE_CARLO_S = 0.150
BUDGET_LARGE_S = 0.100

RESOURCE_INTENSIVE_HOMES = [f"Bolig {i} (ressurskrevende)" for i in range(1, 7)]


def every_lever_scenario() -> Scenario:
    """One scenario on the Alver demo that moves every lever the model has."""
    return Scenario(
        params={"cost_per_gross_fte_nok": 790_000},
        supplement_regime="ks2023",
        night=NightLevers(
            rules=[
                NightRule(
                    label="Avvikle døgnturnus i habilitering: 1 våken + 1 hvilende",
                    selector=SiteSelector(services=[Service.HABILITATION], dognturnus=True),
                    arrangement=Arrangement(awake=1, resting=1, dognturnus=False),
                ),
                NightRule(
                    label="Psykisk helse i Lindås/Knarvik: 1 våken",
                    selector=SiteSelector(
                        services=[Service.MENTAL_HEALTH], areas=["Lindås/Knarvik"]
                    ),
                    arrangement=Arrangement(awake=1),
                ),
            ],
            overrides={"Krossleitet": Arrangement(awake=2, shift_hours=8.0)},
        ),
        colocation=Colocation(
            capacity_rules=[
                CapacityRule(
                    service=Service.RESPITE, max_residents=15, arrangement=Arrangement(awake=2)
                )
            ],
            merges=[
                MergeGroup(
                    name="Ressurskrevende samlokalisert",
                    sites=RESOURCE_INTENSIVE_HOMES,
                    arrangement=Arrangement(awake=2),
                )
            ],
            day_evening_synergy_pct=5.0,
        ),
        ambulant=AmbulantTeam(
            enabled=True,
            staff_per_night=2,
            sites=["Storhaugen", "Stallanemarka", "Prestbrekka", "Bjørkhaugen"],
            reduce_resting=1,
        ),
        digital=DigitalSupervision(
            enabled=True, sites=["Radøy IB (interkommunal)", "Tømmerdalen"], reduce_resting=1
        ),
        coverage=CoverageLevers(
            target_rate=0.145,
            target_year=2030,
            norm_closure_share=0.5,
            norms={"langtid_somatikk": 0.78},
            hdo_target_fte_per_resident=0.6,
            close_homes=["Svingen (SHOS)"],
        ),
        levers=PercentLevers(
            overtime_cut_pct=100 / 3,
            substitute_cut_pct=5,
            competence_level_cut_pct=2,
            rota_hours_cut_pct=2,
            decided_hours_cut_pct=2,
        ),
        custom=[
            CustomMeasure(
                id="koordinering",
                label="Koordinering på tvers av boliger",
                savings_nok_per_year=400_000,
                fte_change=-0.5,
                refund_share=0.2,
            )
        ],
        plan=PlanSettings(
            timing={
                "colocation": Timing(start_year=2028, ramp_years=2),
                "overtime": Timing(ramp_years=2),
                "custom:koordinering": Timing(start_year=2029),
            }
        ),
    )


def full_baseline() -> Baseline:
    """Alver's sites and departments plus Sogndal's nursing-home tables, for benchmarks only.

    No shipped baseline has data for every lever (each is one municipality); timing every
    lever at once needs both kinds of data in one object. Never shown to a user.
    """
    alver = load_baseline("demo")
    sogndal = load_baseline("Sogndal 2021 (Agenda Kaupang)")
    nursing_keys = (
        "cost_per_nursing_place_nok",
        "cost_per_fte_nursing_nok",
        "population_80_growth",
        "nursing_fte_in_use",
        "hdo_residents",
        "hdo_fte_per_resident",
    )
    params = dict(alver.parameters) | {k: sogndal.parameters[k] for k in nursing_keys}
    return alver.model_copy(
        update={
            "name": "benchmark",
            "parameters": params,
            "population": sogndal.population,
            "nursing_home_rows": sogndal.nursing_home_rows,
            "nursing_place_types": sogndal.nursing_place_types,
            "nursing_homes": None,
        }
    )


def structural_scenario() -> Scenario:
    """Levers that do not name sites, so they apply to any (e.g. synthetic) baseline."""
    return Scenario(
        night=NightLevers(
            rules=[
                NightRule(
                    selector=SiteSelector(dognturnus=True),
                    arrangement=Arrangement(awake=1, resting=1, dognturnus=False),
                )
            ]
        ),
        colocation=Colocation(
            capacity_rules=[
                CapacityRule(service=Service.RESPITE, by_area=True, max_residents=8),
                CapacityRule(service=Service.RESOURCE_INTENSIVE, by_area=True, max_residents=6),
            ],
            day_evening_synergy_pct=5.0,
        ),
        levers=PercentLevers(overtime_cut_pct=100 / 3, substitute_cut_pct=5),
        coverage=CoverageLevers(target_rate=0.145, norm_closure_share=0.5),
    )


def synthetic_baseline(n_sites: int, base: Baseline | None = None) -> Baseline:
    """`n_sites` sites copied round-robin from `base` (the demo) under new unique names.

    Every copy keeps its service, department and staffing; areas get a block number so
    that area-wise capacity rules make many groups. Refund users are copied with the
    sites they live at (the first copy of each demo site).
    """
    b = base or load_baseline("demo")
    sites: list[Site] = []
    first_copy: dict[str, str] = {}
    for i in range(n_sites):
        src = b.sites[i % len(b.sites)]
        block = i // (len(b.sites) * 10)
        name = f"{src.name} #{i}"
        first_copy.setdefault(src.name, name)
        sites.append(src.model_copy(update={"name": name, "area": f"{src.area} {block}"}))
    users = [
        RefundUser.model_validate({**u.model_dump(), "site": first_copy[u.site]})
        for u in b.refund_users
        if u.site in first_copy
    ]
    data = b.model_dump()
    data.update(
        name=f"synthetic-{n_sites}",
        sites=[s.model_dump() for s in sites],
        refund_users=[u.model_dump() for u in users],
    )
    return Baseline.model_validate(data)


@dataclass
class Timed:
    label: str
    median_s: float
    budget_s: float
    repeats: int

    @property
    def ok(self) -> bool:
        return self.median_s <= self.budget_s

    def line(self) -> str:
        verdict = "OK" if self.ok else "OVER"
        return (
            f"{self.label:52s} median {self.median_s * 1e3:9.3f} ms  "
            f"budget {self.budget_s * 1e3:7.1f} ms  (n={self.repeats})  {verdict}"
        )


def median_time(fn: Callable[[], object], repeats: int, warmup: int = 2) -> float:
    """Median wall time of `fn()` over `repeats` calls, after `warmup` untimed calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def bench_evaluate(repeats: int = 50, warmup: int = 3) -> Timed:
    b = full_baseline()
    s = every_lever_scenario()
    # A copy per call: every slider move makes a new Scenario, whose canonical JSON and
    # hash the model has not computed yet (a Scenario keeps them once computed).
    t = median_time(lambda: evaluate(b, s.model_copy(), strict=True), repeats, warmup)
    return Timed(
        "evaluate Alver + Sogndal nursing tables, every lever moved", t, BUDGET_EVALUATE_S, repeats
    )


def bench_monte_carlo(draws: int = 10_000, repeats: int = 7, warmup: int = 1) -> Timed:
    b = full_baseline()
    s = every_lever_scenario()
    t = median_time(lambda: simulate(b, s, draws=draws), repeats, warmup)
    return Timed(f"Monte Carlo, {draws} draws, every lever", t, BUDGET_MONTE_CARLO_S, repeats)


def bench_large(n_sites: int = 10_000, repeats: int = 7, warmup: int = 1) -> Timed:
    b = synthetic_baseline(n_sites)
    s = structural_scenario()
    t = median_time(lambda: evaluate(b, s), repeats, warmup)
    return Timed(f"evaluate synthetic baseline, {n_sites} sites", t, BUDGET_LARGE_S, repeats)


def bench_structure(
    n_sites: int = 10_000, repeats: int = 20, warmup: int = 2
) -> tuple[float, float]:
    """Median times of building the structure (which sites get which arrangement) of
    (1) and of (3). Evaluations keep it per baseline and (1) and (3) repeat one scenario,
    so they time a move of any other lever; a move of a night, co-location, ambulant or
    digital lever costs this much more."""
    b, s = full_baseline(), every_lever_scenario()
    big, s_big = synthetic_baseline(n_sites), structural_scenario()
    return (
        median_time(lambda: build(b, s), repeats, warmup),
        median_time(lambda: build(big, s_big), max(5, repeats // 4), 1),
    )


def reference_work() -> float:
    """A fixed amount of numpy and Python work that no model change affects."""
    x = np.arange(200_000, dtype=float)
    total = float(np.sqrt(x).sum())
    for i in range(100_000):
        total += i % 7
    return total


def bench_reference(repeats: int = 20, warmup: int = 2) -> float:
    """Median time of :func:`reference_work`: the machine's speed in this run (the
    machine is shared; compare runs by this line, not by the clock alone)."""
    return median_time(reference_work, repeats, warmup)


def run(
    *,
    evaluate_repeats: int = 50,
    mc_draws: int = 10_000,
    mc_repeats: int = 7,
    n_sites: int = 10_000,
    large_repeats: int = 7,
    warmup: int = 2,
) -> list[Timed]:
    return [
        bench_evaluate(evaluate_repeats, warmup),
        bench_monte_carlo(mc_draws, mc_repeats, warmup),
        bench_large(n_sites, large_repeats, warmup),
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.model", description=__doc__)
    ap.add_argument("--quick", action="store_true", help="fewer repeats (still >= 20 / >= 5)")
    args = ap.parse_args(argv)
    reps = (20, 5, 5) if args.quick else (50, 7, 7)
    ref = bench_reference()
    results = run(evaluate_repeats=reps[0], mc_repeats=reps[1], large_repeats=reps[2])
    for r in results:
        print(r.line())
    small, big = bench_structure()
    print(
        f"{'+ a night/co-location lever moved: structure build':52s} median "
        f"{small * 1e3:9.3f} ms  (add to line 1; {big * 1e3:.1f} ms to line 3)"
    )
    print(
        f"{'machine reference (fixed numpy + Python work)':52s} median {ref * 1e3:9.3f} ms"
        "  (measured first, same run: compare runs by it)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
