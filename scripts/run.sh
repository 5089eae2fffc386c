#!/usr/bin/env bash
# Set up, build the bundled data into build/, and show what was built.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/setup-yasgui.sh || echo "YASGUI not installed: sparql.html keeps its plain editor"
status=0
.venv/bin/nqgraph build --out build || status=$?
if [ "$status" -ge 2 ]; then exit "$status"; fi
echo
cat build/summary.txt | head -40
echo
echo "Saved queries (run one with: .venv/bin/nqgraph query NAME):"
.venv/bin/nqgraph queries
if [ -z "${NQGRAPH_NO_SERVE:-}" ] && [ -t 0 ]; then
  echo
  .venv/bin/nqgraph serve --out build || true
fi
exit "$status"
