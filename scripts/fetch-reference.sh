#!/usr/bin/env bash
# Put the public reference files some tests compare against into reference/ (not committed: they
# are other people's data). Each file is copied from the local mirror named by NQGRAPH_MIRROR when
# it holds it (CI has no network; scripts/mirror.sh sets the variable), and downloaded otherwise.
# Where a file cannot be had the tests that read it are skipped naming it, except in CI (CI=true),
# where they fail. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p reference
missing=0
fetch() {  # name url
  if [ -s "reference/$1" ]; then return; fi
  if [ -n "${NQGRAPH_MIRROR:-}" ] && [ -s "$NQGRAPH_MIRROR/$1" ]; then
    cat "$NQGRAPH_MIRROR/$1" > "reference/$1.part"  # not cp: the mirror's files may be read-only
    mv "reference/$1.part" "reference/$1"
    return
  fi
  if curl --fail --silent --show-error --location --connect-timeout 10 --max-time 120 \
      -o "reference/$1.part" "$2"; then
    mv "reference/$1.part" "reference/$1"
  else
    rm -f "reference/$1.part"
    echo "could not copy $1 from NQGRAPH_MIRROR nor download it from $2" >&2
    missing=$((missing + 1))
  fi
}
# DCAT-AP 3.0.0 shapes, mandatory and recommended (SEMIC, CC BY 4.0).
fetch dcat-ap-3.0.0-shacl.ttl \
  https://semiceu.github.io/DCAT-AP/releases/3.0.0/shacl/dcat-ap-SHACL.ttl
fetch dcat-ap-3.0.0-shapes-recommended.ttl \
  https://semiceu.github.io/DCAT-AP/releases/3.0.0/html/shacl/shapes_recommended.ttl
# UN SDG goals, targets and indicators as SKOS (UNStats LOD4Stats, open use).
fetch un-sdg-goals-targets-indicators.ttl \
  https://raw.githubusercontent.com/UNStats/LOD4Stats/master/sdg-data/sdg-kos-goals-targets-indicators.ttl
if [ "$missing" -gt 0 ]; then exit 1; fi
echo "reference files in reference/: $(ls reference | tr '\n' ' ')"
