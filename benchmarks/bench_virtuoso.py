"""Benchmark nqgraph against a local Virtuoso: push and verify, the differential suite, and every
saved query on Virtuoso beside the embedded engine.

Run from the repository root (after `bash scripts/setup-virtuoso.sh`):

    python benchmarks/bench_virtuoso.py [--runs 5] [--out benchmarks/results/virtuoso-latest.json]

Budgets (issue 5): push and verify the bundled graph in at most 30 s; the whole differential suite
(`pytest tests/test_virtuoso.py -k same_rows`, server start and build included) in at most 2 min.
The server is the tests' own (tests/virtuoso_server.py): loopback, temporary folder, stopped by pid.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from virtuoso_server import VirtuosoServer  # noqa: E402

PARAMS = {
    "overdue-tasks": {"asOf": "2027-01-01"},
    "agencies-leading-every-overdue-task": {"asOf": "2026-11-23"},
    "supersession-chain": {"document": "eli/dien-bien/tu/2025/19-nq-tu"},
    "indicator-timeline": {"indicator": "indicator/trained-labour-rate"},
    "documents-citing": {"document": "eli/dien-bien/tu/2012/06-nq-tu"},
}
PUSH_BUDGET_S = 30.0
SUITE_BUDGET_S = 120.0


def time_push(server: VirtuosoServer, build_dir: Path) -> dict[str, float]:
    from nqgraph.remote.push import push

    out: dict[str, float] = {}
    for label, method in (
        ("first (graph store)", "auto"),
        ("again (graph store)", "auto"),
        ("update", "update"),
    ):
        t0 = time.perf_counter()
        report = push(
            endpoint=server.sparql, build_dir=build_dir, user="dba", password=server.password, method=method
        )
        out[label] = time.perf_counter() - t0
        assert report.triples > 0
    return out


def time_queries(server: VirtuosoServer, runs: int) -> dict[str, dict[str, float]]:
    import nqgraph
    from nqgraph.graph.store import RemoteStore

    embedded = nqgraph.open_graph()
    remote = RemoteStore(server.sparql, timeout=60)
    out: dict[str, dict[str, float]] = {}
    for name in sorted(nqgraph.load_queries(ROOT / "queries")):
        row: dict[str, float] = {}
        for label, store in (("embedded", embedded.store), ("virtuoso", remote)):
            samples = []
            for _ in range(runs):
                t0 = time.perf_counter()
                result = nqgraph.run_query(store, name, PARAMS.get(name, {}))
                samples.append(time.perf_counter() - t0)
            row[label + "_median_ms"] = statistics.median(samples) * 1000
            row[label + "_rows"] = len(result.rows)
        out[name] = row
    return out


def time_suite() -> dict[str, object]:
    t0 = time.perf_counter()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/test_virtuoso.py",
            "-k",
            "same_rows",
            "-q",
            "-p",
            "no:cacheprovider",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - t0
    last = (proc.stdout.strip().splitlines() or [""])[-1]
    return {"wall_s": wall, "exit_code": proc.returncode, "summary": last}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "virtuoso-latest.json")
    args = parser.parse_args()

    import nqgraph

    with tempfile.TemporaryDirectory() as tmp:
        build_dir = Path(tmp) / "build"
        nqgraph.build(out=build_dir)
        server = VirtuosoServer(Path(tmp) / "virtuoso")
        try:
            server.start()
            push_s = time_push(server, build_dir)
            queries = time_queries(server, args.runs)
            started = server.started_in
        finally:
            server.stop()
    suite = time_suite()
    report = {
        "virtuoso_start_s": started,
        "push_and_verify_s": push_s,
        "differential_suite": suite,
        "queries": queries,
        "runs": args.runs,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1, sort_keys=True) + "\n", encoding="utf-8")

    print(f"Virtuoso started (fresh database, password set) in {started:.1f} s")
    for label, secs in push_s.items():
        print(f"push and verify, {label:<20} {secs:6.2f} s (budget {PUSH_BUDGET_S:.0f} s)")
    print(
        f"differential suite (pytest -k same_rows, server start and build included): {suite['wall_s']:.1f} s "
        f"(budget {SUITE_BUDGET_S:.0f} s): {suite['summary']}"
    )
    print(f"{'query':<40} {'rows':>5} {'embedded ms':>12} {'virtuoso ms':>12}  (median of {args.runs})")
    for name, q in queries.items():
        rows, emb, virt = int(q["embedded_rows"]), q["embedded_median_ms"], q["virtuoso_median_ms"]
        print(f"{name:<40} {rows:>5} {emb:>12.1f} {virt:>12.1f}")
    print(f"wrote {args.out}")
    if push_s["first (graph store)"] > PUSH_BUDGET_S or float(str(suite["wall_s"])) > SUITE_BUDGET_S:
        sys.exit(1)


if __name__ == "__main__":
    main()
