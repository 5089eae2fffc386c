"""Saved queries at scale: time every query on one reasoned corpus and keep its rows.

Run from the repository root:

    python benchmarks/query_scale.py --data CORPUS_DIR [--queries queries] [--runs 5] [--out rows.json]

The corpus (``nqgraph synth --triples N --seed S --out DIR``, or ``data/ttl``) is loaded and reasoned
once (``nqgraph.graph.knowledge.open_graph``, Oxigraph); then each saved query runs ``--runs`` times with the
parameters ``benchmarks/scale.py`` gives it (``nqgraph.graph.queries.run``, rows converted to rdflib
terms), and the median time is printed, with the median time of the engine alone in brackets (the
same text on the native store, every solution read but no value turned into a Python object).
Several ``--queries`` folders may be given (e.g. the queries before and after a rewrite): each is
timed on the same graph and the rows of same-named queries are compared as multisets. ``--out``
writes, per folder and query, the medians, the number of rows and the rows themselves (N3 terms,
sorted), so that two runs can be compared with ``--compare A.json B.json``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import _inputs, _query_params  # noqa: E402


def _n3(term: Any) -> str | None:
    return None if term is None else term.n3()


def _sorted_rows(rows: Any) -> list[list[str | None]]:
    out = [[_n3(t) for t in row] for row in rows]
    out.sort(key=lambda r: [("" if t is None else "\x01" + t) for t in r])
    return out


def time_folder(
    store: Any, folder: Path, params: dict[str, dict[str, str]], runs: int, only: set[str], cap: float
) -> dict[str, Any]:
    import nqgraph
    from nqgraph.graph.queries import bindings_for
    from nqgraph.graph.queries import run as run_saved
    from nqgraph.graph.sparql import bind_values

    saved = nqgraph.load_queries(folder)
    out: dict[str, Any] = {}
    for name in sorted(saved):
        if only and name not in only:
            continue
        samples: list[float] = []
        result = None
        for _ in range(runs):
            t0 = time.perf_counter()
            result = run_saved(store, saved[name], params.get(name, {}))
            samples.append(time.perf_counter() - t0)
            if sum(samples) > cap:  # a slow query gets fewer runs
                break
        assert result is not None
        # The engine alone: the same text on the native store, every solution read, no value turned
        # into a Python object (that and the conversion to rdflib terms grow with the size of the
        # answer, whatever the plan).
        text = bind_values(saved[name].text, bindings_for(saved[name], params.get(name, {})))
        native: Any = getattr(store, "native", None)
        engine: list[float] = []
        for _ in range(len(samples) if native is not None else 0):
            t0 = time.perf_counter()
            for _solution in native.query(text, use_default_graph_as_union=True):
                pass
            engine.append(time.perf_counter() - t0)
        out[name] = {
            "median_ms": statistics.median(samples) * 1000,
            "engine_ms": statistics.median(engine) * 1000 if engine else None,
            "runs": len(samples),
            "rows": len(result.rows),
            "variables": list(result.variables),
            "answer": _sorted_rows(result.rows),
        }
    return out


def compare(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    """Names of the queries whose rows differ between two folder results."""
    return sorted(
        name
        for name in set(a) & set(b)
        if a[name]["answer"] != b[name]["answer"] or a[name]["variables"] != b[name]["variables"]
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, help="corpus folder (nqgraph synth output or data/ttl)")
    ap.add_argument("--queries", type=Path, action="append", help="folder of .rq files (repeatable)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--cap", type=float, default=30.0, help="stop repeating a query after this many seconds")
    ap.add_argument("--only", action="append", default=[], help="time only this query (repeatable)")
    ap.add_argument("--out", type=Path, help="write timings and rows as JSON")
    ap.add_argument("--compare", type=Path, nargs=2, metavar=("A", "B"), help="compare two --out files")
    args = ap.parse_args()

    if args.compare:
        a, b = (json.loads(p.read_text()) for p in args.compare)
        bad = [f"{fa}/{fb}: {n}" for fa in a for fb in b for n in compare(a[fa], b[fb])]
        print("\n".join(bad) if bad else "rows identical")
        return 1 if bad else 0
    if args.data is None:
        ap.error("--data is required")

    from nqgraph.graph.knowledge import open_graph

    folders = args.queries or [ROOT / "queries"]
    kg = open_graph(inputs=_inputs(args.data))
    print(
        f"{args.data}: {len(kg.store):,} quads after reasoning "
        f"(load {kg.timings['load']:.1f} s, reason {kg.timings['reason']:.1f} s)",
        file=sys.stderr,
    )
    params = _query_params(kg.store)
    results = {str(f): time_folder(kg.store, f, params, args.runs, set(args.only), args.cap) for f in folders}

    names = sorted({n for r in results.values() for n in r})
    head = "query".ljust(40) + "".join(f"{Path(f).name[-20:]:>24}" for f in results) + "    rows"
    print(head + "\n" + " " * 40 + f"{'full ms (engine ms)':>24}" * len(results))
    for name in names:
        cells = [results[f].get(name) for f in results]
        times = "".join(
            f"{c['median_ms']:>12.1f} ({c['engine_ms'] or 0:>8.1f})" if c else f"{'-':>24}" for c in cells
        )
        rows = "/".join(str(c["rows"]) for c in cells if c)
        print(f"{name:<40}{times}    {rows}")
    first = list(results)
    for other in first[1:]:
        diff = compare(results[first[0]], results[other])
        verdict = f"rows differ for {', '.join(diff)}" if diff else "rows identical"
        print(f"{first[0]} vs {other}: {verdict}")
    if args.out:
        args.out.write_text(json.dumps(results, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
