#!/usr/bin/env bash
# Set up (if needed) and run every test, including the real-browser tests.
#
#   bash scripts/test.sh                    # everything
#   bash scripts/test.sh -k house_rules     # extra args go to pytest
#   bash scripts/test.sh -n 0               # no parallelism (later -n wins)
#
# The exit code is pytest's. With CI=true, skipped tests count as failures
# (see tests/conftest.py).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/setup.sh --test

exec .venv/bin/python -m pytest -n 2 --dist loadfile -rfEs "$@"
