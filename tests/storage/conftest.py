"""Fixtures for the storage tests: every store lives in ``tmp_path``, never the default path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from model.baseline import Baseline
from model.loader import load_baseline
from storage.store import Store, open_store


@pytest.fixture(scope="session")
def demo() -> Baseline:
    return load_baseline("demo")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "store.duckdb"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    s = open_store(db_path)
    yield s
    s.close()
