"""Memory and time of the worst hostile link cases (issue 10), each in its own process.

    python -m benchmarks.hostile

Prints, per case, whether the scenario was accepted, the time to evaluate it and the
process's peak memory above what loading the app's model took. The floor is an empty
scenario evaluated the same way. The upload bomb has its own command
(``python -m benchmarks.import_bomb``).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CASES: dict[str, dict[str, object]] = {
    "floor: empty scenario": {},
    "Monte Carlo at the cap (20 000 draws)": {"uncertainty": {"draws": 20_000}},
    "Monte Carlo above the cap (200 000 draws)": {"uncertainty": {"draws": 200_000}},
    "one unknown site repeated 1 999 times": {
        "night": {
            "overrides": {},
            "rules": [{"selector": {"sites": ["x"] * 1999}, "arrangement": {"awake": 1}}],
        }
    },
    "one unknown site repeated 39 000 times": {
        "night": {"rules": [{"selector": {"sites": ["x"] * 39_000}, "arrangement": {"awake": 1}}]}
    },
}

_CHILD = r"""
import json, resource, sys, time
from pydantic import ValidationError
from model import Scenario, evaluate
from model.loader import load_baseline
from model.uncertainty import simulate
b = load_baseline("demo")
evaluate(b, Scenario())
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
data = json.loads(sys.stdin.read())
t = time.perf_counter()
try:
    s = Scenario.model_validate(data)
except ValidationError as e:
    print(json.dumps({"accepted": False, "why": e.errors()[0]["msg"], "s": time.perf_counter() - t, "mb": 0.0}))
    raise SystemExit(0)
r = evaluate(b, s)
if "uncertainty" in data:
    simulate(b, s)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"accepted": True, "warnings": len(r.warnings), "s": time.perf_counter() - t,
                  "mb": (peak - before) / 1024}))
"""


def run(case: dict[str, object]) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD],
        input=json.dumps(case),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> None:
    print(f"{'case':45} {'accepted':>8} {'seconds':>8} {'+MB':>7}  note")
    for name, case in CASES.items():
        r = run(case)
        note = f"{r['warnings']} warning(s)" if r["accepted"] else str(r["why"])[:60]
        print(
            f"{name:45} {str(r['accepted']):>8} {float(r['s']):8.3f} {float(r['mb']):7.1f}  {note}"
        )


if __name__ == "__main__":
    main()
