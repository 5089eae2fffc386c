"""Benchmark nqgraph against a local Virtuoso: push and verify, the differential suite, and every
saved query on Virtuoso beside the embedded engine.

Run from the repository root (after `bash scripts/setup-virtuoso.sh`):

    python benchmarks/bench_virtuoso.py [--runs 5] [--out benchmarks/results/virtuoso-latest.json]

Budgets (issue 5): push and verify the bundled graph in at most 30 s; the whole differential suite
(`pytest tests/test_virtuoso.py -k same_rows`, server start and build included) in at most 2 min.
The server is the tests' own (tests/virtuoso_server.py): loopback, temporary folder, stopped by pid.

At scale (issue 18), on a build and its corpus, each full push into a fresh server:

    nqgraph synth --triples 1000000 --seed 7 --out CORPUS
    python benchmarks/bench_virtuoso.py --scale CORPUS [--build BUILD] [--out FILE.json]

builds CORPUS (`nqgraph build --site none`, unless --build names that build), pushes it whole over
HTTP (Graph Store PUT) and through the bulk loader, then edits one document file, adds one and
removes it, rebuilding after each, and times the push of each change (a diff). Goals: the 5M build
reaches Virtuoso in at most 5 min; a one-file change is pushed in at most 10 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus_changes import add_renamed_copy  # noqa: E402

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


PUSH_5M_BUDGET_S = 300.0
CHANGE_BUDGET_S = 10.0


def build_corpus(data: Path, out: Path) -> float:
    """`nqgraph build --site none` as a user runs it (exit 1 only says the corpus has violations)."""
    t0 = time.perf_counter()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "nqgraph",
            "build",
            "--quiet",
            "--site",
            "none",
            "--data",
            str(data),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode not in (0, 1) or not (out / "nqgraph.trig").is_file():
        raise SystemExit(f"build failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return time.perf_counter() - t0


def timed_push(
    server: VirtuosoServer, build_dir: Path, records: Path, **options: object
) -> dict[str, object]:
    from nqgraph.remote.push import push

    t0 = time.perf_counter()
    notes: list[str] = []
    report = push(
        endpoint=server.sparql,
        build_dir=build_dir,
        user="dba",
        password=server.password,
        timeout=3600,
        record_dir=records,
        progress=lambda line: notes.append(f"{time.perf_counter() - t0:7.2f} s {line}"),
        **options,  # type: ignore[arg-type]
    )
    wall = time.perf_counter() - t0
    return {
        "wall_s": round(wall, 2),
        "triples": report.triples,
        "methods": sorted({g.method for g in report.graphs}),
        "added": sum(g.added or 0 for g in report.graphs),
        "removed": sum(g.removed or 0 for g in report.graphs),
        "lines": report.lines(),
        "progress": notes,
    }


def scale(corpus: Path, build: Path | None, out: Path, methods: list[str]) -> None:
    """Full pushes (HTTP, bulk) and one-file changes (diffs) of one corpus."""
    import shutil

    from nqgraph.remote.push import Bulk

    report: dict[str, object] = {"corpus": str(corpus), "load_average_start": os.getloadavg()}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        data = work / "data"
        shutil.copytree(corpus, data)
        if build is None:
            build = work / "build"
            report["build_s"] = round(build_corpus(data, build), 1)
            print(f"built {corpus} in {report['build_s']} s")
        for label in methods:
            server = VirtuosoServer(work / f"virtuoso-{label}")
            try:
                server.start()
                options: dict[str, object] = {"full": True}
                if label == "bulk":
                    folder = server.folder / "bulk"
                    folder.mkdir()
                    options["bulk"] = Bulk(isql=f"127.0.0.1:{server.sql_port}", folder=folder)
                result = timed_push(server, build, work / f"records-{label}", **options)
                report[f"full_push_{label}"] = result
                print(f"full push ({label}): {result['wall_s']} s, {result['triples']} triples")
                if label == methods[-1]:
                    report["changes"] = changes(server, data, build, work / "records-bulk", work)
            finally:
                server.stop()
    report["load_average_end"] = os.getloadavg()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=1, sort_keys=True, default=str) + "\n", encoding="utf-8")
    print(f"wrote {out}")


def changes(server: VirtuosoServer, data: Path, build: Path, records: Path, work: Path) -> dict[str, object]:
    """Edit one document file, add one, remove it; build after each and push the change."""
    import re
    import shutil

    docs = sorted((data / "documents").glob("*.ttl"))
    edited, template = docs[len(docs) // 2], docs[len(docs) // 3]
    out: dict[str, object] = {}
    new_build = work / "build-changed"
    if build != new_build:
        shutil.copytree(build, new_build)

    def step(label: str, change: Callable[[], None]) -> None:
        change()
        built_s = build_corpus(data, new_build)
        result = timed_push(server, new_build, records)
        result["build_s"] = round(built_s, 1)
        out[label] = result
        print(
            f"{label}: build {built_s:.1f} s, push {result['wall_s']} s "
            f"({result['added']} added, {result['removed']} removed)"
        )

    def edit() -> None:
        text = edited.read_text(encoding="utf-8")
        edited.write_text(re.sub(r'"@vi', ' (sửa)"@vi', text, count=1), encoding="utf-8")

    extra = data / "documents" / "zz-bench-extra.ttl"

    def add() -> None:
        add_renamed_copy(template, extra)

    step("edit one file", edit)
    step("add one file", add)
    step("remove that file", extra.unlink)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument(
        "--scale", type=Path, default=None, metavar="CORPUS", help="a synthetic corpus to push at scale"
    )
    parser.add_argument("--build", type=Path, default=None, help="with --scale: an existing build of CORPUS")
    parser.add_argument(
        "--methods",
        default="http,bulk",
        help="with --scale: full pushes to time (the changes follow the last)",
    )
    args = parser.parse_args()
    if args.scale is not None:
        out = args.out or ROOT / "benchmarks" / "results" / "virtuoso-scale.json"
        scale(args.scale, args.build, out, args.methods.split(","))
        return
    args.out = args.out or ROOT / "benchmarks" / "results" / "virtuoso-latest.json"

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
