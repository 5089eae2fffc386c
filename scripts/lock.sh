#!/usr/bin/env bash
# Refresh requirements/lock.txt: exact versions, with hashes, of everything setup.sh installs
# (the package's dependencies, every extra: test, browser, pandas, bench; and the build backend).
# Run after changing a dependency range in pyproject.toml; commit the lock with the change.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/uv ] || .venv/bin/python -m pip install --quiet uv
extras=()
for extra in $(.venv/bin/python -c 'import tomllib; print(" ".join(tomllib.load(open("pyproject.toml","rb"))["project"]["optional-dependencies"]))'); do
  extras+=(--extra "$extra")
done
.venv/bin/uv pip compile pyproject.toml requirements/build.in "${extras[@]}" \
  --python-version 3.11 --generate-hashes --no-header --quiet -o requirements/lock.txt
echo "requirements/lock.txt: $(grep -c '==' requirements/lock.txt) packages pinned"
