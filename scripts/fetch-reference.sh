#!/usr/bin/env bash
# Download the public reference files some tests compare against into reference/ (not committed:
# they are other people's data). Needs network access; the tests that read them are skipped,
# naming this script, where the files are absent. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p reference
missing=0
fetch() {  # name url
  if [ -s "reference/$1" ]; then return; fi
  if curl --fail --silent --show-error --location --connect-timeout 10 --max-time 120 \
      -o "reference/$1.part" "$2"; then
    mv "reference/$1.part" "reference/$1"
  else
    rm -f "reference/$1.part"
    echo "could not download $1 from $2" >&2
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
