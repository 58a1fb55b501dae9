"""Command line: ``python -m model evaluate --scenario FILE.json`` and ``python -m model schema``.

Invalid input exits with status 2 and a message naming the field and the problem;
never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from pydantic import ValidationError

from model.engine import ScenarioError, evaluate
from model.loader import DEFAULT_BASELINE, SHIPPED, load_baseline
from model.result import Result
from model.scenario import Scenario

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 20


def _read_scenario(path: str) -> tuple[str, str]:
    """The file's text (UTF-8, a byte-order mark allowed), or an error message.

    A file above 5 MB is refused before it is read whole."""
    try:
        if path == "-":
            raw = sys.stdin.buffer.read(MAX_BYTES + 1)
        else:
            with open(path, "rb") as fh:
                raw = fh.read(MAX_BYTES + 1)
    except OSError as e:
        return "", f"cannot read scenario file '{path}': {e.strerror or e}"
    if len(raw) > MAX_BYTES:
        return "", f"scenario file '{path}' is larger than 5 MB; a scenario is a few KB"
    try:
        return raw.decode("utf-8-sig"), ""
    except UnicodeDecodeError as e:
        return "", f"scenario file '{path}' is not UTF-8 text (byte {e.start})"


def _depth(x: Any) -> int:
    """Nesting depth of parsed JSON, without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(x, 1)]
    while stack:
        v, d = stack.pop()
        deepest = max(deepest, d)
        if d > MAX_DEPTH:
            return d
        if isinstance(v, dict):
            stack.extend((c, d + 1) for c in v.values())
        elif isinstance(v, list):
            stack.extend((c, d + 1) for c in v)
    return deepest


def _fail(msg: str) -> int:
    print(f"error: {msg}", file=sys.stderr)
    return 2


def _validation_message(e: ValidationError, what: str) -> str:
    parts = []
    for err in e.errors()[:10]:
        loc = ".".join(str(x) for x in err["loc"]) or "(top level)"
        parts.append(f"{what} field '{loc}': {err['msg']}")
    return "; ".join(parts)


def _table(r: Result) -> str:
    def mnok(x: float) -> str:
        return f"{x / 1e6:10.2f}"

    n, nb = r.totals.night, r.totals.night_baseline
    lines = [
        f"Baseline {r.baseline_name} ({r.baseline_hash}), model {r.model_version}, "
        f"NOK in {r.price_year} prices",
        "",
        f"{'Night watch':34s}{'today':>12s}{'scenario':>12s}",
        f"{'staff per night':34s}{nb.staff_per_night:12.1f}{n.staff_per_night:12.1f}",
        f"{'paid hours per night':34s}{nb.paid_hours_per_night:12.1f}{n.paid_hours_per_night:12.1f}",
        f"{'paid hours per year':34s}{nb.paid_hours_per_year:12.0f}{n.paid_hours_per_year:12.0f}",
        f"{'gross FTE':34s}{nb.gross_fte:12.2f}{n.gross_fte:12.2f}",
        f"{'cost (MNOK)':34s}{nb.cost_nok / 1e6:12.2f}{n.cost_nok / 1e6:12.2f}",
        f"{'supplements (MNOK)':34s}{nb.supplements_nok / 1e6:12.2f}{n.supplements_nok / 1e6:12.2f}",
        f"{'sites':34s}{r.totals.sites_baseline:12d}{r.totals.sites:12d}",
        "",
        f"{'Measure':40s}{'gross MNOK':>11s}{'net MNOK':>11s}{'FTE':>8s}",
    ]
    for m in r.measures:
        if m.active:
            lines.append(
                f"{m.label_en[:40]:40s}{mnok(m.gross_savings_nok_per_year):>11s}"
                f"{mnok(m.net_savings_nok_per_year):>11s}{m.fte_change:8.2f}"
            )
    t = r.totals
    lines.append(
        f"{'TOTAL':40s}{mnok(t.gross_savings_nok_per_year):>11s}"
        f"{mnok(t.net_savings_nok_per_year):>11s}{t.fte_change:8.2f}"
    )
    lines += [
        f"{'  (a) cut in today budget':40s}{mnok(t.cut_nok_per_year):>11s}",
        f"{'  (b) cost avoided (projection)':40s}{mnok(t.avoided_nok_per_year):>11s}",
        f"{'  (c) change in state refund':40s}{mnok(t.refund_change_nok_per_year):>11s}",
        f"  {t.headline_sums_en}",
    ]
    if t.today is not None and t.scenario is not None:
        lines += [
            "",
            f"{'Level':34s}{'today':>12s}{'scenario':>12s}",
            f"{'cost (MNOK/year)':34s}{t.today.cost_nok_per_year / 1e6:12.2f}"
            f"{t.scenario.cost_nok_per_year / 1e6:12.2f}",
            f"{'FTE':34s}{t.today.fte:12.2f}{t.scenario.fte:12.2f}",
            f"{'sites':34s}{t.today.sites:12d}{t.scenario.sites:12d}",
            f"{'places':34s}{t.today.places:12.1f}{t.scenario.places:12.1f}",
        ]
    for w in r.warnings:
        lines.append(f"note: {w.message_en}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m model", description=__doc__)
    sub = ap.add_subparsers(dest="cmd", required=True)
    ev = sub.add_parser("evaluate", help="evaluate a scenario JSON file on a baseline")
    ev.add_argument("--scenario", required=True, help="scenario JSON file ('-' for stdin)")
    ev.add_argument(
        "--baseline",
        default=DEFAULT_BASELINE,
        help="a shipped baseline (" + "; ".join(SHIPPED) + "; or its folder name, or 'demo') "
        "or a folder of CSV files",
    )
    ev.add_argument("--format", choices=["json", "table"], default="json")
    sub.add_parser("schema", help="print the Scenario JSON Schema")
    # --- economic plan (issue 11): handlingsrom, demography, gap, import-economy
    from model.economy import cli as economy_cli

    economy_cli.register(sub)
    args = ap.parse_args(argv)
    if args.cmd in economy_cli.COMMANDS:
        return economy_cli.run(args)
    # --- end economic plan

    if args.cmd == "schema":
        print(json.dumps(Scenario.model_json_schema(), indent=2, ensure_ascii=False))
        return 0

    text, err = _read_scenario(args.scenario)
    if err:
        return _fail(err)
    if not text.strip():
        return _fail(
            f"scenario file '{args.scenario}' is empty: give a JSON object ({{}} = no change)"
        )
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as e:
        return _fail(
            f"scenario file is not valid JSON (line {e.lineno}, column {e.colno}): {e.msg}"
        )
    except RecursionError:
        return _fail("scenario file is nested too deeply to be a scenario")
    if not isinstance(data, dict):
        return _fail("scenario file must contain a JSON object")
    if _depth(data) > MAX_DEPTH:
        return _fail(f"scenario file is nested deeper than {MAX_DEPTH} levels")
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as e:
        return _fail(_validation_message(e, "scenario"))
    except RecursionError:
        return _fail("scenario file is nested too deeply to be a scenario")
    try:
        baseline = load_baseline(args.baseline)
    except FileNotFoundError as e:
        return _fail(str(e))
    except ValidationError as e:
        return _fail(_validation_message(e, "baseline"))
    except (KeyError, ValueError, OSError, UnicodeDecodeError) as e:
        return _fail(f"baseline '{args.baseline}' could not be read: {e}")
    try:
        result = evaluate(baseline, scenario, strict=True)
    except ScenarioError as e:
        return _fail("; ".join(e.problems))
    if args.format == "table":
        print(_table(result))
    else:
        print(json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False))
    return 0
