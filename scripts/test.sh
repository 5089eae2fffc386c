#!/usr/bin/env bash
# Set up and run every check: lint, types, and the whole pytest suite.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 2
bash scripts/setup-virtuoso.sh || exit 2
bash scripts/setup-browser.sh || exit 2
bash scripts/setup-yasgui.sh || exit 2
bash scripts/setup-ocr.sh || exit 2
# Other people's reference files and test suites, read from a local mirror when there is one.
source scripts/mirror.sh
# Other people's reference files, copied from the mirror or downloaded; one that cannot be had fails
# the tests that need it in CI (CI=true) and skips them elsewhere, saying so.
bash scripts/fetch-reference.sh || echo "reference files missing: the tests that need them fail in CI, are skipped elsewhere"
.venv/bin/ruff check src tests benchmarks || exit 1
.venv/bin/ruff format --check src tests benchmarks || exit 1
.venv/bin/mypy || exit 1
.venv/bin/python -m pytest "$@"
status=$?
# pytest exits 5 when it collected no test: that is a broken suite here, not a pass.
if [ "$status" -eq 5 ]; then
  echo "0 passed, 1 failed: pytest collected no tests"
  exit 1
fi
exit "$status"
