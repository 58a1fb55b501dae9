#!/usr/bin/env bash
# The deployment recipe on this machine, on loopback: a PostgreSQL cluster (initdb in
# .data/deploy-local/pg), N Streamlit processes of the app on it, nginx in front with
# cookie-sticky sessions, WebSocket pass-through and health checks (docs/deploy.md).
#
#   bash deploy/run-local.sh                      # 2 processes; prints the URL; Ctrl+C stops
#   bash deploy/run-local.sh --processes 3 --port 8080
#   bash deploy/run-local.sh --check              # start, check end to end, stop
#   bash deploy/run-local.sh --secrets .streamlit/secrets.toml   # with sign-in ([auth])
#   bash deploy/run-local.sh --db postgresql://sim@127.0.0.1:5432/simulator   # own server
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/setup.sh --test >/dev/null
mkdir -p .data
chmod 755 .data  # the cluster runs as the postgres user and must reach its folder
exec .venv/bin/python -m deploy.stack "$@"
