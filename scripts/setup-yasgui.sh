#!/usr/bin/env bash
# Install YASGUI, the SPARQL editor of the site's sparql.html, from the npm registry into .tools/yasgui/
# (pinned). `nqgraph build` copies its files into the site: no CDN, nothing fetched when the page runs.
# Without it the page keeps its plain editor. Safe to run again: when it is there it only checks.
#
# Exit codes: 0 installed (or already there), 2 cannot install (npm missing or failed).
set -euo pipefail
cd "$(dirname "$0")/.."

YASGUI_VERSION=4.6.2
PREFIX=.tools/yasgui
BUILD=$PREFIX/node_modules/@zazuko/yasgui/build
LOG=/tmp/setup-yasgui.log
wanted="@zazuko/yasgui@$YASGUI_VERSION"

if [ "$(cat "$PREFIX/.installed" 2>/dev/null || true)" = "$wanted" ] \
  && [ -f "$BUILD/yasgui.min.js" ] && [ -f "$BUILD/yasgui.min.css" ]; then
  exit 0
fi
command -v npm >/dev/null 2>&1 || { echo "setup-yasgui: npm not found (Node.js 18 or newer is needed)" >&2; exit 2; }
mkdir -p "$PREFIX"
# --ignore-scripts: the package's files are all that is used; nothing of it runs at install time.
npm install --prefix "$PREFIX" --no-audit --no-fund --ignore-scripts --loglevel=error "$wanted" >"$LOG" 2>&1 \
  || { tail -20 "$LOG" >&2; echo "setup-yasgui: npm install $wanted failed (log: $LOG)" >&2; exit 2; }
[ -f "$BUILD/yasgui.min.js" ] || { echo "setup-yasgui: $BUILD/yasgui.min.js missing after install" >&2; exit 2; }
echo "$wanted" >"$PREFIX/.installed"
