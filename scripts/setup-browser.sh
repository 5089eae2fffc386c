#!/usr/bin/env bash
# Install what the browser tests (tests/test_browser.py) need, on Debian, as root:
#   - Debian's chromium (/usr/bin/chromium), driven by Playwright; Playwright never downloads a browser;
#   - the Nu HTML Checker (npm vnu-jar, run with the machine's `java -jar`) and axe-core (npm), in .tools/;
#   - the Python package playwright, in .venv, from the pyproject's optional group `browser`.
# Safe to run again: when everything is there it only checks, in about a second.
#
# Exit codes: 0 installed (or already there), 2 cannot install (not root and no sudo, apt, npm or pip failed).
set -euo pipefail
cd "$(dirname "$0")/.."

VNU_JAR_VERSION=26.9.27
AXE_CORE_VERSION=4.14.1
TOOLS=.tools
VENV=${VENV:-.venv}
LOG=/tmp/setup-browser.log

fail() {
  echo "setup-browser: $*" >&2
  exit 2
}

# --- Debian packages: chromium (and java, normally already on the machine) --------------------------------
apt_packages=()
[ -x /usr/bin/chromium ] || apt_packages+=(chromium fonts-dejavu-core)
command -v java >/dev/null 2>&1 || apt_packages+=(openjdk-17-jre-headless)
if [ "${#apt_packages[@]}" -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      SUDO="sudo -n"
    else
      fail "need root (or password-less sudo) to apt-get install ${apt_packages[*]}"
    fi
  fi
  command -v apt-get >/dev/null 2>&1 || fail "apt-get not found; install ${apt_packages[*]} by hand"
  : >"$LOG"
  # Refresh the package lists only when they do not know the packages yet (a fresh machine).
  if ! apt-cache show "${apt_packages[@]}" >/dev/null 2>&1; then
    $SUDO apt-get update -q >>"$LOG" 2>&1 || true
  fi
  apt_install() {
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
      "${apt_packages[@]}" >>"$LOG" 2>&1
  }
  if ! apt_install; then
    # Stale lists (a security update replaced the version they name): refresh once and retry.
    $SUDO apt-get update -q >>"$LOG" 2>&1 || true
    apt_install || { tail -20 "$LOG" >&2; fail "apt-get install ${apt_packages[*]} failed (log: $LOG)"; }
  fi
fi
[ -x /usr/bin/chromium ] || fail "/usr/bin/chromium is missing after installing chromium"
command -v java >/dev/null 2>&1 || fail "java is missing"

# --- npm packages: vnu-jar and axe-core, pinned, in .tools/ ----------------------------------------------
wanted="vnu-jar@$VNU_JAR_VERSION axe-core@$AXE_CORE_VERSION"
if [ "$(cat "$TOOLS/.installed" 2>/dev/null || true)" != "$wanted" ] \
  || [ ! -f "$TOOLS/node_modules/vnu-jar/build/dist/vnu.jar" ] \
  || [ ! -f "$TOOLS/node_modules/axe-core/axe.min.js" ]; then
  command -v npm >/dev/null 2>&1 || fail "npm not found (Node.js 18 or newer is needed)"
  mkdir -p "$TOOLS"
  # --ignore-scripts: vnu-jar's postinstall would download a Java runtime; the machine's Java runs the jar.
  # shellcheck disable=SC2086
  npm install --prefix "$TOOLS" --no-audit --no-fund --ignore-scripts --loglevel=error $wanted \
    >>"$LOG" 2>&1 || { tail -20 "$LOG" >&2; fail "npm install $wanted failed (log: $LOG)"; }
  echo "$wanted" >"$TOOLS/.installed"
fi

# --- Python: playwright in the project's virtual environment ----------------------------------------------
if [ ! -x "$VENV/bin/python" ]; then
  [ "$VENV" = .venv ] || fail "$VENV has no bin/python"
  bash scripts/setup.sh || fail "scripts/setup.sh failed"
fi
if ! "$VENV/bin/python" -c "import playwright.sync_api" >/dev/null 2>&1; then
  "$VENV/bin/python" -m pip install --quiet -e '.[test,browser]' >>"$LOG" 2>&1 \
    || { tail -20 "$LOG" >&2; fail "pip install -e '.[test,browser]' failed (log: $LOG)"; }
  "$VENV/bin/python" -c "import playwright.sync_api" >/dev/null 2>&1 \
    || fail "playwright is not installed: pyproject.toml needs the optional group browser = [\"playwright…\"]"
fi
