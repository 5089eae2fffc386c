"""Benchmark nqgraph on the bundled data: build time and memory, and every saved query.

Run from the repository root:  python benchmarks/bench.py [--runs 5] [--out benchmarks/results/latest.json]

Prints a table and writes JSON with the machine's facts. The budgets of the core issue are
printed beside each figure: build at most 10 s wall, peak memory at most 500 MB, each saved query
at most 200 ms median.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PARAMS = {
    "overdue-tasks": {"asOf": "2027-01-01"},
    "agencies-leading-every-overdue-task": {"asOf": "2026-11-23"},
    "supersession-chain": {"document": "eli/dien-bien/tu/2025/19-nq-tu"},
    "indicator-timeline": {"indicator": "indicator/trained-labour-rate"},
    "documents-citing": {"document": "eli/dien-bien/tu/2012/06-nq-tu"},
}


def machine() -> dict[str, object]:
    versions = {}
    for pkg in ("rdflib", "pyshacl", "owlrl", "pyoxigraph", "SPARQLWrapper", "Jinja2"):
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = None
    mem = None
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            mem = fh.readline().split(":")[1].strip()
    except OSError:
        pass
    return {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "memory": mem,
        "packages": versions,
    }


def time_build(runs: int) -> dict[str, object]:
    """Run `nqgraph build` as a separate process: wall time and peak memory as a user sees them."""
    walls = []
    peak_kb = 0
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(runs):
            start = time.perf_counter()
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            proc = subprocess.run(
                [sys.executable, "-m", "nqgraph.cli", "build", "--out", str(Path(tmp) / "out")],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=False,
            )
            walls.append(time.perf_counter() - start)
            if proc.returncode not in (0, 1):
                raise SystemExit(f"build failed: {proc.stderr}")
            peak_kb = max(peak_kb, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)
    import nqgraph

    with tempfile.TemporaryDirectory() as tmp:
        phases = nqgraph.build(out=Path(tmp) / "out").timings
    return {
        "wall_median_s": statistics.median(walls),
        "wall_runs_s": walls,
        "peak_rss_mb": peak_kb / 1024,
        "phases_s": phases,
    }


def time_queries(runs: int) -> dict[str, dict[str, float]]:
    import nqgraph

    out: dict[str, dict[str, float]] = {}
    graphs = {engine: nqgraph.open_graph(engine=engine) for engine in ("oxigraph", "rdflib")}
    for name in sorted(nqgraph.load_queries(ROOT / "queries")):
        out[name] = {}
        for engine, kg in graphs.items():
            samples = []
            for _ in range(runs):
                start = time.perf_counter()
                result = nqgraph.run_query(kg.store, name, PARAMS.get(name, {}))
                samples.append(time.perf_counter() - start)
            out[name][engine + "_median_ms"] = statistics.median(samples) * 1000
            out[name]["rows"] = len(result.rows)
    return out


def time_endpoint(runs: int) -> dict[str, object]:
    """Start `nqgraph serve` on loopback and time every saved query through /sparql (SPARQLWrapper)."""
    import socket
    import urllib.request

    import nqgraph
    from nqgraph.graph.store import RemoteStore

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        result = nqgraph.build(out=out)
        pages = sorted((out / "site").rglob("*.html"))
        biggest = max(
            (p for p in pages if "/text" not in str(p.relative_to(out / "site"))),
            key=lambda p: p.stat().st_size,
        )
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = subprocess.Popen(
            [sys.executable, "-m", "nqgraph.cli", "serve", "--out", str(out), "--port", str(port)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(200):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html", timeout=1).read()
                    break
                except OSError:
                    time.sleep(0.1)
            store = RemoteStore(f"http://127.0.0.1:{port}/sparql")
            medians = {}
            for name in sorted(nqgraph.load_queries(ROOT / "queries")):
                samples = []
                for _ in range(runs):
                    start = time.perf_counter()
                    nqgraph.run_query(store, name, PARAMS.get(name, {}))
                    samples.append(time.perf_counter() - start)
                medians[name] = statistics.median(samples) * 1000
        finally:
            server.terminate()
            server.wait(10)
        return {
            "site_generation_s": result.timings.get("site"),
            "pages": len(pages),
            "largest_page": str(biggest.relative_to(out / "site")),
            "largest_page_kb": biggest.stat().st_size / 1000,
            "sparql_median_ms": medians,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "latest.json")
    args = parser.parse_args()
    build = time_build(args.runs)
    queries = time_queries(args.runs)
    endpoint = time_endpoint(args.runs)
    report = {
        "machine": machine(),
        "build": build,
        "queries": queries,
        "endpoint": endpoint,
        "runs": args.runs,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1, sort_keys=True) + "\n", encoding="utf-8")

    wall, peak = build["wall_median_s"], build["peak_rss_mb"]
    print(f"build (nqgraph build, separate process, median of {args.runs}): {wall:.2f} s wall (budget 10 s)")
    print(f"  peak memory {peak:.0f} MB (budget 500 MB)")
    phases = build["phases_s"]
    assert isinstance(phases, dict)
    print("  phases: " + ", ".join(f"{k} {v:.2f} s" for k, v in phases.items()))
    print(f"{'query':<40} {'rows':>5} {'oxigraph ms':>12} {'rdflib ms':>10}  (budget 200 ms)")
    for name, q in queries.items():
        print(
            f"{name:<40} {int(q['rows']):>5} {q['oxigraph_median_ms']:>12.1f} {q['rdflib_median_ms']:>10.1f}"
        )
    print(
        f"site: {endpoint['pages']} pages in {endpoint['site_generation_s']:.2f} s (budget 5 s); "
        f"largest page {endpoint['largest_page']} {endpoint['largest_page_kb']:.0f} kB (budget 200 kB)"
    )
    medians = endpoint["sparql_median_ms"]
    assert isinstance(medians, dict)
    print(f"{'query through /sparql (SPARQLWrapper)':<40} {'ms':>8}  (budget 300 ms)")
    for name, ms in medians.items():
        print(f"{name:<40} {ms:>8.1f}")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
