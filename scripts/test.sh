#!/usr/bin/env bash
# Installs everything the test suite needs on a fresh Debian machine, then runs it.
# Used as-is by README's quick start and by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

# The review screen's browser test drives Debian's Chromium; nothing downloads a browser of its own.
if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

python3 -m pip install --quiet --disable-pip-version-check -e ".[dev]"
python3 -m ruff check .
python3 -m pytest "$@"
