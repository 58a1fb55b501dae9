#!/usr/bin/env bash
# Set up (if needed) and start the simulator on the demo data.
#
#   bash scripts/run-app.sh                      # http://localhost:8501
#   PORT=8600 bash scripts/run-app.sh            # another port
#   bash scripts/run-app.sh --logger.level=info  # extra args go to `streamlit run`
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/setup.sh

PORT="${PORT:-8501}"
echo "[run-app] Starting the simulator at http://localhost:${PORT}  (stop with Ctrl+C)"
exec .venv/bin/python -m streamlit run app.py \
    --server.port "$PORT" \
    --server.headless true \
    "$@"
