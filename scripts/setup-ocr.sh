#!/usr/bin/env bash
# Install what reading scanned documents and PDFs needs (nqgraph.ingest.formats), on Debian, as root:
#   - tesseract-ocr with its Vietnamese model (tesseract-ocr-vie) for scanned PDFs and images;
#   - poppler-utils (pdftotext, pdftoppm, pdfinfo) for PDFs;
#   - fonts-dejavu-core, the font the tests render their Vietnamese fixtures with.
# Safe to run again: when everything is there it only checks, in well under a second.
#
# Exit codes: 0 installed (or already there), 2 cannot install (not root and no sudo, or apt failed).
set -euo pipefail

LOG=/tmp/setup-ocr.log
DEJAVU=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf

fail() {
  echo "setup-ocr: $*" >&2
  exit 2
}

has_vie() {
  # Read the whole list before matching: grep -q would close the pipe early, and under pipefail
  # tesseract's broken pipe would read as "no model".
  local langs
  command -v tesseract >/dev/null 2>&1 || return 1
  langs=$(tesseract --list-langs 2>/dev/null) || return 1
  grep -qx vie <<<"$langs"
}

apt_packages=()
command -v tesseract >/dev/null 2>&1 || apt_packages+=(tesseract-ocr)
has_vie || apt_packages+=(tesseract-ocr-vie)
for tool in pdftotext pdftoppm pdfinfo; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    apt_packages+=(poppler-utils)
    break
  fi
done
[ -f "$DEJAVU" ] || apt_packages+=(fonts-dejavu-core)
[ "${#apt_packages[@]}" -eq 0 ] && exit 0

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

command -v tesseract >/dev/null 2>&1 || fail "tesseract is missing after installing tesseract-ocr"
has_vie || fail "tesseract has no 'vie' model after installing tesseract-ocr-vie"
for tool in pdftotext pdftoppm pdfinfo; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is missing after installing poppler-utils"
done
[ -f "$DEJAVU" ] || fail "$DEJAVU is missing after installing fonts-dejavu-core"
