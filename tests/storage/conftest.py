"""Fixtures for the storage tests: every store lives in ``tmp_path`` or in a throwaway
PostgreSQL cluster, never the default path.

``store`` and ``db`` are parametrised over both engines (``[duckdb]`` / ``[postgres]``): the
same tests run against a DuckDB file and a PostgreSQL database. The cluster is started once
per test process from Debian's ``postgresql`` package (``storage.pgcluster``: ``initdb`` +
``pg_ctl`` in a temp folder, a free loopback port); each test gets its own database.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from model.baseline import Baseline
from model.loader import load_baseline
from storage import pgcluster
from storage.store import Store, open_store

BACKENDS = ("duckdb", "postgres")
_numbers = itertools.count()


@pytest.fixture(scope="session")
def demo() -> Baseline:
    return load_baseline("demo")


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[pgcluster.Cluster]:
    with pgcluster.running() as cluster:
        yield cluster


@pytest.fixture
def pg_url(pg_cluster: pgcluster.Cluster) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test (dropped afterwards)."""
    name = f"t{os.getpid()}_{next(_numbers)}"
    url = pg_cluster.create_database(name)
    yield url
    pg_cluster.drop_database(name)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "store.duckdb"


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def db(backend: str, request: pytest.FixtureRequest) -> Path | str:
    """Where a store lives: a DuckDB file path or a PostgreSQL URL (one per test)."""
    if backend == "duckdb":
        return Path(request.getfixturevalue("db_path"))
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def store(db: Path | str) -> Iterator[Store]:
    s = open_store(db)
    yield s
    s.close()
