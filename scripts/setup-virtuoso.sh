#!/usr/bin/env bash
# Install Virtuoso Open Source from Debian (package virtuoso-opensource) for the tests and the
# benchmark. Safe to run again: does nothing when virtuoso-t and isql-vt are already there.
#
# The tests start their own server (own virtuoso.ini and database in a temporary folder, on
# loopback, stopped by pid), so the package's system service must not be started here: a
# policy-rc.d that refuses service starts is put in place for the install only.
#
# Exit codes: 0 installed (or already there), 2 cannot install (not root and no sudo, or apt failed).
set -euo pipefail

if command -v virtuoso-t >/dev/null 2>&1 && command -v isql-vt >/dev/null 2>&1; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    echo "setup-virtuoso: need root (or password-less sudo) to apt-get install virtuoso-opensource" >&2
    exit 2
  fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-virtuoso: apt-get not found; install Virtuoso Open Source 7 by hand (virtuoso-t, isql-vt)" >&2
  exit 2
fi

policy=/usr/sbin/policy-rc.d
placed_policy=0
if [ ! -e "$policy" ]; then
  # 101 = "action forbidden": invoke-rc.d then leaves the system service stopped.
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
  $SUDO chmod 755 "$policy"
  placed_policy=1
fi
cleanup() {
  if [ "$placed_policy" -eq 1 ]; then $SUDO rm -f "$policy"; fi
}
trap cleanup EXIT

export DEBIAN_FRONTEND=noninteractive
# The package asks for a dba password through debconf; the tests set their own on their own
# database, so the system one is left unset.
if ! $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
  virtuoso-opensource >/tmp/setup-virtuoso.log 2>&1; then
  # A stale package list is the usual cause on a fresh machine: refresh once and retry.
  $SUDO apt-get update -q >>/tmp/setup-virtuoso.log 2>&1 || true
  if ! $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    virtuoso-opensource >>/tmp/setup-virtuoso.log 2>&1; then
    tail -20 /tmp/setup-virtuoso.log >&2
    echo "setup-virtuoso: apt-get install virtuoso-opensource failed (log: /tmp/setup-virtuoso.log)" >&2
    exit 2
  fi
fi

for tool in virtuoso-t isql-vt; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "setup-virtuoso: $tool is missing after installing virtuoso-opensource" >&2
    exit 2
  fi
done
