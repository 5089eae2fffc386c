"""Time to the first page (100 rows) of every saved query on a built corpus.

Loads a build's ``nqgraph.trig`` into an in-memory Oxigraph store (as ``nqgraph serve`` does) and
times, for each saved query with its example parameters:

- ``live``: :func:`nqgraph.graph.answers.run_page` on the store (the total order, LIMIT 101, labels);
- ``written``: the same page read from the answers the build writes for the queries without
  parameters (:mod:`nqgraph.graph.answer_files`; written here into a temporary folder when the build
  holds none), labels included.

Each figure is the median of ``--runs`` runs after one warm-up run. Usage::

    nqgraph synth --triples 1000000 --seed 7 --out /tmp/c1m
    nqgraph build --data /tmp/c1m --out /tmp/b1m --site none
    python benchmarks/first_page.py --out /tmp/b1m
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from nqgraph.graph.answer_files import FOLDER, materialised, write_answers
from nqgraph.graph.answers import Page, run_page
from nqgraph.graph.queries import SavedQuery, load_queries
from nqgraph.graph.store import OxigraphStore
from nqgraph.paths import Inputs

BUDGET_MS = 100.0
BUILD = "benchmark"  # the build a cursor names (what the server passes: the TriG's digest)


def median_ms(action: Callable[[], object], runs: int) -> float:
    action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, required=True, help="a build's output folder")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--limit", type=int, default=100)
    args = parser.parse_args()
    store = OxigraphStore()
    started = time.perf_counter()
    store.native.bulk_load(path=str(args.out / "nqgraph.trig"), format=ox.RdfFormat.TRIG)
    print(f"loaded {len(store.native):,} quads in {time.perf_counter() - started:.1f} s")
    queries = load_queries(Inputs.default().queries)
    answers = args.out / FOLDER
    with tempfile.TemporaryDirectory() as scratch:
        if not answers.is_dir():
            answers = Path(scratch)
            started = time.perf_counter()
            rows = write_answers(answers, store, queries)
            print(
                f"wrote the answers of {len(rows)} queries ({sum(rows.values()):,} rows) in "
                f"{time.perf_counter() - started:.2f} s"
            )
        print(f"{'query':40} {'rows':>7} {'live ms':>9} {'written ms':>11}")
        worst = 0.0
        for name, query in sorted(queries.items()):
            params = {p.name: p.example for p in query.params if p.example is not None}

            def live(query: SavedQuery = query, params: dict[str, str] = params) -> Page:
                return run_page(store, query, params, limit=args.limit, build=BUILD)

            def from_file(query: SavedQuery = query, params: dict[str, str] = params) -> Page:
                return run_page(store, query, params, limit=args.limit, build=BUILD, answers=answers)

            page = live()
            live_ms = median_ms(live, args.runs)
            written = None
            if materialised(query) and not params:
                written = median_ms(from_file, args.runs)
                assert from_file() == page, f"{name}: the written answer's first page differs"
            best = live_ms if written is None else written
            worst = max(worst, best)
            shown = "-" if written is None else f"{written:.1f}"
            print(f"{name:40} {len(page.rows):>7} {live_ms:>9.1f} {shown:>11}")
    load = os.getloadavg()[0]
    print(f"slowest first page: {worst:.1f} ms (budget {BUDGET_MS:.0f} ms); load average {load:.2f}")


if __name__ == "__main__":
    main()
