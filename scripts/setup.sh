#!/usr/bin/env bash
# Create .venv and install nqgraph with its test tools. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
# Exactly the versions of requirements/lock.txt, checked by hash (refresh it with scripts/lock.sh);
# then nqgraph itself, built with the locked setuptools.
.venv/bin/python -m pip install --quiet --require-hashes --no-deps -r requirements/lock.txt
.venv/bin/python -m pip install --quiet --no-deps --no-build-isolation -e .
