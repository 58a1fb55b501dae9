"""Command line for the economic plan (registered in :mod:`model.cli`).

    python -m model handlingsrom --data alesund-2020 [--reference R ...] [--weighting population]
    python -m model demography --data sogndal-2021 [--horizon 2050] [--milestones 2030,2040,2050]
                               [--scenario FILE.json] [--target-rate 0.163 --target-year 2035]
    python -m model gap --baseline demo [--data alver-2020] [--scenario FILE.json]
                        [--count cut,refund,avoided] [--carry-overspend]
    python -m model import-economy --kind kostra|areas|population|coverage|budget
                                   --file FILE.csv --into FOLDER

Invalid input exits with status 2 and a message naming the file, line, column and fix;
never a traceback. ``--format table`` prints a table for people, JSON is the default.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from model.economy.benchmark import BenchmarkError, handlingsrom
from model.economy.data import EconomyData
from model.economy.demography import DemographyError, DemographySettings, project
from model.economy.gap import GapSettings, budget_gap, effects_from_result, headline
from model.economy.loader import IMPORT_KINDS, for_baseline, import_file, load_economy
from model.economy.tables import ParseError

COMMANDS = ("handlingsrom", "demography", "gap", "import-economy")


def register(sub: Any) -> None:
    h = sub.add_parser("handlingsrom", help="need-adjusted gap against a reference group")
    h.add_argument("--data", required=True, help="shipped economy set or a folder")
    h.add_argument("--reference", action="append", help="reference region (repeatable)")
    h.add_argument("--weighting", choices=["mean", "population"])
    h.add_argument("--year", type=int)
    h.add_argument("--format", choices=["json", "table"], default="json")

    d = sub.add_parser("demography", help="need at constant coverage to the horizon")
    d.add_argument("--data", required=True)
    d.add_argument("--region")
    d.add_argument("--alternative")
    d.add_argument("--horizon", type=int, default=2050)
    d.add_argument("--milestones", default="2030,2040,2050")
    d.add_argument("--scenario", help="scenario JSON: its nursing-home coverage target")
    d.add_argument("--target-rate", type=float)
    d.add_argument("--target-year", type=int)
    d.add_argument("--hdo-target", type=float, help="FTE per resident in 24/7 care housing")
    d.add_argument("--format", choices=["json", "table"], default="json")

    g = sub.add_parser("gap", help="savings requirement vs the scenario's effect per year")
    g.add_argument("--baseline", default="demo", help="baseline for the scenario")
    g.add_argument("--data", help="economy set (default: the one of the baseline)")
    g.add_argument("--scenario", help="scenario JSON file (default: no change)")
    g.add_argument("--count", default="cut,refund", help="kinds of money counted")
    g.add_argument("--carry-overspend", action="store_true")
    g.add_argument("--format", choices=["json", "table"], default="json")

    i = sub.add_parser("import-economy", help="validate a CSV and write it into a set folder")
    i.add_argument("--kind", required=True, choices=IMPORT_KINDS)
    i.add_argument("--file", required=True)
    i.add_argument("--into", required=True)


def _fail(msg: str) -> int:
    print(f"error: {msg}", file=sys.stderr)
    return 2


def _dump(obj: BaseModel) -> None:
    print(json.dumps(obj.model_dump(mode="json"), indent=2, ensure_ascii=False))


def _load(name: str) -> EconomyData:
    return load_economy(name)


def _scenario(path: str | None) -> Any:
    from model.scenario import Scenario

    if not path:
        return Scenario()
    text = Path(path).read_text("utf-8")
    return Scenario.model_validate(json.loads(text) if text.strip() else {})


def run(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except ParseError as e:
        return _fail("; ".join(e.texts("en")))
    except (BenchmarkError, DemographyError) as e:
        return _fail("; ".join(en for _, en in e.problems))
    except FileNotFoundError as e:
        return _fail(str(e))
    except ValidationError as e:
        err = e.errors()[0]
        loc = ".".join(str(x) for x in err["loc"]) or "(top level)"
        return _fail(f"field '{loc}': {err['msg']}")
    except json.JSONDecodeError as e:
        return _fail(f"not valid JSON (line {e.lineno}, column {e.colno}): {e.msg}")
    except (OSError, ValueError) as e:
        return _fail(str(e))


def _run(args: argparse.Namespace) -> int:
    if args.cmd == "import-economy":
        n = import_file(args.kind, Path(args.file), Path(args.into))
        print(f"ok: {n} rows of {args.kind} written to {args.into}")
        return 0
    if args.cmd == "handlingsrom":
        data = _load(args.data)
        s = data.benchmark_settings(
            reference=args.reference, weighting=args.weighting, year=args.year
        )
        if s is None:
            return _fail(f"'{args.data}' has no benchmark areas (benchmark_areas.csv)")
        r = handlingsrom(data.kostra, data.areas, s)
        if args.format == "json":
            _dump(r)
        else:
            print(f"Handlingsrom {r.own_region} {r.year} vs {', '.join(r.reference_regions)}")
            print(f"{'area':50s}{'own':>9s}{'ref':>9s}{'MNOK':>9s}")
            for row in r.rows:
                own = (
                    f"{row.own_nok_per_inhabitant:9.0f}" if row.own_nok_per_inhabitant else " " * 9
                )
                ref = (
                    f"{row.reference_nok_per_inhabitant:9.0f}"
                    if row.reference_nok_per_inhabitant
                    else " " * 9
                )
                print(f"{row.label_en[:50]:50s}{own}{ref}{row.gap_nok / 1e6:9.1f}")
            print(f"{'TOTAL':50s}{'':18s}{r.total_nok / 1e6:9.1f}")
        return 0
    if args.cmd == "demography":
        data = _load(args.data)
        sc = _scenario(args.scenario)
        rate = args.target_rate if args.target_rate is not None else sc.coverage.target_rate
        year = args.target_year if args.target_year is not None else sc.coverage.target_year
        ds = DemographySettings(
            region=args.region,
            alternative=args.alternative,
            horizon=args.horizon,
            milestones=[int(x) for x in args.milestones.split(",") if x.strip()],
            nursing_target_rate=rate,
            nursing_target_year=year,
            hdo_target_fte_per_resident=(
                args.hdo_target
                if args.hdo_target is not None
                else sc.coverage.hdo_target_fte_per_resident
            ),
        )
        if not data.population:
            return _fail(f"'{args.data}' has no population projection (population_projection.csv)")
        dr = project(data.population, data.coverage, ds)
        if args.format == "json":
            _dump(dr)
        else:
            print(f"{dr.region}, {dr.alternative}, base year {dr.base_year}")
            print(f"{'year':6s}{'level':18s}{'users':>9s}{'FTE':>9s}{'MNOK':>9s}")
            for m in dr.milestones:
                print(f"{m.year:<6d}{m.level:18s}{m.users:9.1f}{m.fte:9.1f}{m.cost_nok / 1e6:9.1f}")
            if dr.nursing:
                print(
                    f"\nNursing homes vs target: {'year':6s}{'const.':>9s}{'target':>9s}"
                    f"{'avoided':>9s}{'FTE':>8s}{'MNOK':>8s}"
                )
                for ny in dr.nursing:
                    print(
                        f"{'':25s}{ny.year:<6d}{ny.places_constant:9.1f}{ny.places_scenario:9.1f}"
                        f"{ny.avoided_places:9.1f}{ny.avoided_fte:8.1f}{ny.avoided_cost_nok / 1e6:8.1f}"
                    )
        return 0
    # gap
    from model.engine import evaluate
    from model.loader import load_baseline

    name = args.data or for_baseline(args.baseline)
    if name is None:
        return _fail(
            f"baseline '{args.baseline}' has no economy set with a budget; pass --data or "
            "add budget.csv"
        )
    data = _load(name)
    if not data.budget:
        return _fail(f"'{name}' has no budget (budget.csv)")
    b = load_baseline(args.baseline)
    sc = _scenario(args.scenario)
    res = evaluate(b, sc)
    kinds = [k.strip() for k in args.count.split(",") if k.strip()]
    g = budget_gap(
        data.budget,
        effects_from_result(res),
        res.plan_years,
        GapSettings.model_validate({"count": kinds, "carry_overspend": args.carry_overspend}),
    )
    if args.format == "json":
        out = g.model_dump(mode="json")
        hl = headline(g)
        out["headline"] = hl.model_dump(mode="json") if hl else None
        print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        print(f"{'year':6s}{'required':>10s}{'closed':>10s}{'gap':>10s}  (MNOK)")
        for y in g.years:
            print(
                f"{y.year:<6d}{y.target_nok / 1e6:10.1f}{y.closed_nok / 1e6:10.1f}"
                f"{y.gap_nok / 1e6:10.1f}"
            )
    return 0
