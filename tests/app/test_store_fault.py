"""A damaged database file: the app still runs on the shipped baselines, read-only, and
says so in the user's language without the server path or the raw exception (issue 10)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import ENTRY


def _texts(at: AppTest) -> list[str]:
    out = [w.value for w in at.warning] + [i.value for i in at.info] + [e.value for e in at.error]
    return [str(t) for t in out]


def test_damaged_database_file_runs_read_only_with_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "damaged.duckdb"
    db.write_bytes(b"this is not a DuckDB database" * 4096)
    monkeypatch.setenv("SIMULATOR_DB", str(db))
    at = AppTest.from_file(ENTRY, default_timeout=60).run()
    assert not at.exception
    texts = _texts(at)
    fault = [t for t in texts if "Databasen kan ikke brukes nå" in t]
    assert fault, texts
    assert all(str(tmp_path) not in t and "damaged.duckdb" not in t for t in texts)
    assert all("Traceback" not in t and "IOException" not in t for t in texts)
    # the headline is there: the app computes on the shipped baseline
    assert len(at.metric) >= 3
    # the damaged file is left as it was, for recovery
    assert db.read_bytes().startswith(b"this is not a DuckDB database")
