# Sourced by scripts/test.sh: names the local mirror of other people's reference files and test
# suites (never committed here) in NQGRAPH_MIRROR, unless the caller already set it.
# A mirror is a folder `external/` beside the checkout's folder, inside any sibling folder, that
# holds the conformance suites: CI lays one out that way, and a developer can point elsewhere.
if [ -z "${NQGRAPH_MIRROR:-}" ]; then
  for candidate in "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"/*/external; do
    if [ -f "$candidate/README.md" ] && [ -d "$candidate/conformance" ]; then
      NQGRAPH_MIRROR=$candidate
      break
    fi
  done
fi
if [ -n "${NQGRAPH_MIRROR:-}" ]; then
  export NQGRAPH_MIRROR
  echo "reference mirror: $NQGRAPH_MIRROR"
else
  echo "no reference mirror found (set NQGRAPH_MIRROR); the reference files must be downloaded" >&2
fi
