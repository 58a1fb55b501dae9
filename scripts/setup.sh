#!/usr/bin/env bash
# Idempotent set-up of the project's virtual environment.
#
#   bash scripts/setup.sh          # app dependencies (requirements.txt)
#   bash scripts/setup.sh --test   # app + test dependencies, Debian Chromium, PostgreSQL, nginx
#
# Re-running is cheap: pip is skipped while .venv holds a stamp with the sha256
# of the requirements files it was installed from.
#
# Environment:
#   PYTHON   interpreter used to create .venv (default: python3)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

MODE="app"
for arg in "$@"; do
    case "$arg" in
        --test) MODE="test" ;;
        -h | --help)
            sed -n '2,12p' "$0"
            exit 0
            ;;
        *)
            echo "setup.sh: unknown argument: $arg (use --test or nothing)" >&2
            exit 2
            ;;
    esac
done

PYTHON="${PYTHON:-python3}"
VENV="$ROOT/.venv"
VPY="$VENV/bin/python"

log() { printf '[setup] %s\n' "$*"; }

# Run a command as root: directly when we are root, through sudo when available.
# Returns 1 (without running anything) when neither is possible.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        return 1
    fi
}

can_apt() {
    command -v apt-get >/dev/null 2>&1 &&
        { [ "$(id -u)" -eq 0 ] || command -v sudo >/dev/null 2>&1; }
}

# --- 1. Python and the virtual environment -----------------------------------
if ! command -v "$PYTHON" >/dev/null 2>&1; then
    echo "setup.sh: '$PYTHON' not found. Install Python 3.11 or set PYTHON=/path/to/python3.11." >&2
    exit 1
fi

if ! "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
    echo "setup.sh: Python >= 3.11 is required; '$PYTHON' is $("$PYTHON" -V 2>&1)." >&2
    exit 1
fi

if [ ! -x "$VPY" ]; then
    # On Debian/Ubuntu the venv module (or its ensurepip) ships in python3-venv.
    if ! "$PYTHON" -c 'import venv, ensurepip' >/dev/null 2>&1; then
        if can_apt; then
            log "Python's venv module is missing; installing python3-venv with apt-get"
            as_root apt-get update
            as_root apt-get install -y python3-venv
        else
            echo "setup.sh: Python's venv module is missing and apt-get is not usable." >&2
            echo "          Install python3-venv (or an equivalent) and run this again." >&2
            exit 1
        fi
    fi
    if [ -d "$VENV" ]; then
        log "Recreating broken virtual environment in .venv"
        rm -rf "$VENV"
    else
        log "Creating virtual environment in .venv"
    fi
    "$PYTHON" -m venv "$VENV"
fi

# --- 2. Python packages --------------------------------------------------------
if [ "$MODE" = "test" ]; then
    REQ_FILES=(requirements.txt requirements-test.txt)
    REQ_ARG="requirements-test.txt"
else
    REQ_FILES=(requirements.txt)
    REQ_ARG="requirements.txt"
fi

for f in "${REQ_FILES[@]}"; do
    if [ ! -f "$f" ]; then
        echo "setup.sh: $f is missing." >&2
        exit 1
    fi
done

# The stamp includes the interpreter version so a rebuilt Python invalidates it.
digest() {
    {
        "$VPY" -c 'import sys; print(sys.version)'
        cat "$@"
    } | sha256sum | cut -d' ' -f1
}

STAMP="$VENV/.requirements-$MODE.sha256"
WANT="$(digest "${REQ_FILES[@]}")"

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT" ]; then
    log "Python packages are up to date ($MODE)"
else
    log "Installing Python packages from $REQ_ARG"
    "$VPY" -m pip install --quiet --upgrade pip
    "$VPY" -m pip install --quiet --disable-pip-version-check -r "$REQ_ARG"
    echo "$WANT" >"$STAMP"
    # The test set contains the app set, so it also satisfies a later app-only run.
    if [ "$MODE" = "test" ]; then
        digest requirements.txt >"$VENV/.requirements-app.sha256"
    fi
    log "Python packages installed ($MODE)"
fi

# --- 3. PostgreSQL server binaries and nginx (store tests, deployment recipe) ----
# The tests start a throwaway cluster with initdb/pg_ctl (no system service) and a
# loopback nginx for the deployment test; the packages' own services stay stopped.
if [ "$MODE" = "test" ]; then
    MISSING=()
    if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
        MISSING+=(postgresql)
    fi
    if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
        MISSING+=(nginx)
    fi
    if [ "${#MISSING[@]}" -eq 0 ]; then
        log "PostgreSQL and nginx found"
    elif can_apt; then
        log "Installing ${MISSING[*]} for the store and deployment tests"
        as_root apt-get update
        # policy-rc.d 101: do not start the packages' services during installation.
        if [ "$(id -u)" -eq 0 ] && [ ! -e /usr/sbin/policy-rc.d ]; then
            printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
            chmod +x /usr/sbin/policy-rc.d
            trap 'rm -f /usr/sbin/policy-rc.d' EXIT
        fi
        as_root env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y --no-install-recommends "${MISSING[@]}"
    else
        echo "[setup] WARNING: ${MISSING[*]} missing and apt-get cannot be used here." >&2
        echo "[setup]          Install Debian's 'postgresql' and 'nginx' packages to run the store" >&2
        echo "[setup]          and deployment tests (under CI=true skips count as failures)." >&2
    fi
fi

# --- 4. Browser for the browser tests (Debian Chromium; no Playwright download) -
if [ "$MODE" = "test" ]; then
    CHROMIUM=/usr/bin/chromium
    if [ -x "$CHROMIUM" ]; then
        log "Chromium found at $CHROMIUM"
    elif can_apt; then
        log "Installing Debian Chromium for the browser tests"
        as_root apt-get update
        as_root env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y --no-install-recommends chromium fonts-dejavu-core
    else
        echo "[setup] WARNING: $CHROMIUM is missing and apt-get cannot be used here." >&2
        echo "[setup]          Install Chromium (Debian package 'chromium') to run the browser tests;" >&2
        echo "[setup]          without it they will fail (under CI=true skips count as failures)." >&2
    fi
fi
