"""Helper process for the storage tests (run as a script, not collected by pytest).

python _worker.py save <db>   save scenarios in a loop; print each version id after commit
python _worker.py hold <db>   open the store read-write, print "ready", then sleep
python _worker.py burst <db> <n> <count> <shared-id>
                              save <count> times at once: even i a new scenario "p<n> <i>",
                              odd i a new version of <shared-id>; print each version id

<db> is a DuckDB file path or a postgresql:// URL.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from model.scenario import PercentLevers, Scenario  # noqa: E402
from storage.store import Store, open_store  # noqa: E402


def _save(store: Store, name: str, i: int, scenario_id: str | None = None) -> None:
    """Save scenario number ``i`` and print its version id and ``i`` (one line)."""
    saved = store.save_scenario(
        name=name,
        scenario=Scenario(levers=PercentLevers(overtime_cut_pct=float(i % 100))),
        baseline_name="demo",
        baseline_hash="h",
        model_version="test",
        summary={"i": float(i)},
        scenario_id=scenario_id,
    )
    print(saved.version_id, i, flush=True)


def main() -> None:
    mode, path = sys.argv[1], sys.argv[2]
    store = open_store(path)
    if mode == "hold":
        print("ready", flush=True)
        time.sleep(120)
        return
    if mode == "burst":
        n, count, shared = int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
        for i in range(count):
            _save(store, f"p{n} {i}", i, shared if i % 2 else None)
        return
    i = 0
    while True:
        _save(store, f"worker {i}", i)
        i += 1


if __name__ == "__main__":
    main()
