"""The store across processes: a writer killed with SIGKILL (both engines), several
processes writing to one PostgreSQL store, and a DuckDB file locked by another process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from model.scenario import PercentLevers, Scenario
from storage import StoreLockedError, open_store

WORKER = Path(__file__).with_name("_worker.py")
REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def spawn() -> Iterator[list[subprocess.Popen[str]]]:
    procs: list[subprocess.Popen[str]] = []
    yield procs
    for p in procs:
        if p.poll() is None:
            p.kill()
        p.wait(timeout=10)
        if p.stdout:
            p.stdout.close()


def start(
    procs: list[subprocess.Popen[str]], mode: str, db: Path | str, *extra: str
) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    env.pop("SIMULATOR_DB", None)
    p = subprocess.Popen(
        [sys.executable, str(WORKER), mode, str(db), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=REPO_ROOT,
        env=env,
    )
    procs.append(p)
    return p


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_writer_killed_mid_way_loses_no_committed_scenario(
    db: Path | str, spawn: list[subprocess.Popen[str]]
) -> None:
    committed: list[tuple[str, int]] = []
    for _round in range(3):  # kill, reopen, check; three times on the same file
        p = start(spawn, "save", db)
        assert p.stdout is not None
        reported = 0
        deadline = time.monotonic() + 30
        while reported < 80 and time.monotonic() < deadline:
            line = p.stdout.readline()
            if not line:
                break
            vid, i = line.split()
            committed.append((vid, int(i)))
            reported += 1
        assert reported >= 80, "worker did not report enough saves"
        os.kill(p.pid, signal.SIGKILL)  # mid-way: it is still saving
        p.wait(timeout=10)
        assert p.returncode == -signal.SIGKILL
        # Saves committed between our last read and the kill were printed too (after their
        # commit): they are still in the pipe. Count them, so that "at most one extra" below
        # means "at most the save that was in flight at the kill".
        for line in p.stdout.read().splitlines():
            parts = line.split()
            if len(parts) == 2:  # a line cut by the kill is not a report
                committed.append((parts[0], int(parts[1])))

        with open_store(db) as store:
            listed = {s.version_id: s for s in store.list_scenarios()}
            # Every id the worker printed (after commit) is there and intact; at most the
            # scenario being saved at the kill may be there too, but nothing half-written.
            assert {vid for vid, _ in committed} <= set(listed)
            assert len(listed) - len(committed) <= _round + 1
            for vid, i in committed:
                s = store.load_version(vid)
                if i < 0:
                    continue
                assert s.name == f"worker {i}"
                assert s.scenario == Scenario(levers=PercentLevers(overtime_cut_pct=i % 100))
                assert s.error is None
                assert s.summary == {"i": float(i)}
            # And the store still takes writes.
            after = store.save_scenario(
                name=f"etter {_round}",
                scenario=Scenario(),
                baseline_name="demo",
                baseline_hash="h",
                model_version="test",
            )
            assert store.load_version(after.version_id).name == f"etter {_round}"
            committed.append((after.version_id, -1))
            assert store.list_baselines()


def test_file_held_by_another_process_raises_store_locked_quickly(
    db_path: Path, spawn: list[subprocess.Popen[str]]
) -> None:
    p = start(spawn, "hold", db_path)
    assert p.stdout is not None
    assert p.stdout.readline().strip() == "ready"
    t0 = time.monotonic()
    with pytest.raises(StoreLockedError) as info:
        open_store(db_path)
    assert time.monotonic() - t0 < 2
    err = info.value
    # The path is for the log, not for the user.
    assert err.path == str(db_path.resolve())
    assert str(db_path.resolve()) not in err.message_nb + err.message_en
    assert "SIMULATOR_DB" in err.message_nb and "SIMULATOR_DB" in err.message_en
    assert "i bruk av en annen prosess" in err.message_nb
    assert "in use by another process" in err.message_en
    # Once the other process is gone, the file opens normally.
    p.kill()
    p.wait(timeout=10)
    with open_store(db_path) as store:
        assert store.list_baselines()


def test_several_processes_share_one_postgres_store(
    pg_url: str, spawn: list[subprocess.Popen[str]]
) -> None:
    """Three processes save at once, one of them also new versions of one shared scenario."""
    with open_store(pg_url) as store:
        shared = store.save_scenario(
            name="delt",
            scenario=Scenario(),
            baseline_name="demo",
            baseline_hash="h",
            model_version="test",
        )
    procs = [start(spawn, "burst", pg_url, str(n), "40", shared.id) for n in range(3)]
    printed: dict[str, tuple[int, int]] = {}
    for n, p in enumerate(procs):
        out, _ = p.communicate(timeout=120)
        assert p.returncode == 0
        for line in out.splitlines():
            vid, i = line.split()
            printed[vid] = (n, int(i))
    assert len(printed) == 3 * 40
    with open_store(pg_url) as store:
        for vid, (n, i) in printed.items():
            s = store.load_version(vid)
            assert s.summary == {"i": float(i)}
            if i % 2 == 0:
                assert s.name == f"p{n} {i}"
            else:
                assert s.id == shared.id
        # Versions of the shared scenario: 1 + 3 × 20, no gaps, no duplicates.
        assert [v.version for v in store.versions(shared.id)] == list(range(61, 0, -1))
        assert store.count_scenarios() == 1 + 3 * 20
        assert len(store.list_baselines(all_versions=True)) == len(store.list_baselines())
