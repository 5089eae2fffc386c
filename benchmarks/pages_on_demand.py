"""How long a page takes to render on demand from a build's on-disk store (what ``nqgraph serve``
does for a resource the build wrote no page for).

For a sample of each page type (documents, agencies, indicators, text variants, targets, tasks,
sections, citations, other resources) it renders every file of the resource (page, Turtle,
JSON-LD) from the store and reports the median and 95th percentile per type and overall.

    .venv/bin/python benchmarks/pages_on_demand.py --build BUILD [--store STORE] [--sample 40]

``BUILD`` is a build folder. Its state store is opened read-only; a build without one has its TriG
bulk-loaded into a new on-disk store at ``STORE`` first (timed and reported apart). Run it on a
quiet machine: the figures are wall-clock times of one process.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import pyoxigraph as ox

from nqgraph.namespaces import ID, NQ, RDF_TYPE
from nqgraph.paths import state_store
from nqgraph.publish.site.on_demand import PageRenderer, build_day, store_from_trig

KINDS = ("Document", "Agency", "Indicator", "Expression", "Target", "Task", "Section", "Citation")


def sample_of(store: ox.Store, cls: str, size: int) -> list[str]:
    """``size`` instances of ``cls`` spread evenly over their sorted IRIs (the same every run)."""
    found = sorted(
        {
            q.subject.value
            for q in store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), ox.NamedNode(NQ + cls))
            if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(ID)
        }
    )
    step = max(1, len(found) // size)
    return found[::step][:size]


def others_of(store: ox.Store, size: int, typed: set[str]) -> list[str]:
    """Resources of none of :data:`KINDS` (periods, events, provinces…), as many as ``size``."""
    found: list[str] = []
    for q in store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), None):
        iri = q.subject.value if isinstance(q.subject, ox.NamedNode) else ""
        if iri.startswith(ID) and iri not in typed and iri not in found:
            kinds = {str(t.object) for t in store.quads_for_pattern(q.subject, ox.NamedNode(RDF_TYPE), None)}
            if not kinds & {f"<{NQ}{k}>" for k in KINDS}:
                found.append(iri)
                if len(found) >= size:
                    break
    return sorted(found)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", type=Path, required=True, help="a build folder")
    parser.add_argument("--store", type=Path, help="where to bulk-load the TriG of a build without a store")
    parser.add_argument("--sample", type=int, default=40, help="resources per page type")
    parser.add_argument("--sources", type=Path, default=Path.cwd(), help="the folder the source texts are in")
    parser.add_argument("--out", type=Path, help="write the figures as JSON here")
    parser.add_argument(
        "--memory",
        action="store_true",
        help="render from the TriG loaded in memory instead of a store on disk",
    )
    args = parser.parse_args(argv)
    report: dict[str, object] = {"build": str(args.build)}
    path = state_store(args.build)
    store: ox.Store
    if args.memory:
        t0 = time.perf_counter()
        store = store_from_trig(args.build / "nqgraph.trig").native
        report["bulk_load_seconds"] = round(time.perf_counter() - t0, 2)
    elif not path.is_dir():
        if args.store is None:
            parser.error(f"{args.build} has no state store: give --store for the TriG's")
        path = args.store
        if not path.is_dir():
            t0 = time.perf_counter()
            store_from_trig(args.build / "nqgraph.trig", path).native.flush()
            report["bulk_load_seconds"] = round(time.perf_counter() - t0, 2)
    t0 = time.perf_counter()
    if not args.memory:
        store = ox.Store.read_only(str(path))
    report["store"] = "memory" if args.memory else "disk"
    renderer = PageRenderer(store, today=build_day(args.build), sources_root=args.sources)
    report["open_seconds"] = round(time.perf_counter() - t0, 3)
    samples = {kind: sample_of(store, kind, args.sample) for kind in KINDS}
    typed = {iri for iris in samples.values() for iri in iris}
    samples["other"] = others_of(store, args.sample, typed)
    timings: dict[str, list[float]] = {}
    for kind, iris in samples.items():
        for iri in iris:
            t0 = time.perf_counter()
            rendered = renderer.render(iri)
            seconds = time.perf_counter() - t0
            if rendered is not None:
                timings.setdefault(kind, []).append(seconds)
    every = [s for values in timings.values() for s in values]
    rows = {kind: values for kind, values in timings.items() if values}
    rows["all"] = every
    table = {
        kind: {
            "pages": len(values),
            "median_ms": round(statistics.median(values) * 1000, 1),
            "p95_ms": round(percentile(values, 0.95) * 1000, 1),
        }
        for kind, values in rows.items()
    }
    report["pages"] = table
    print(f"{'type':<12} {'pages':>6} {'median ms':>10} {'p95 ms':>8}")
    for kind, row in table.items():
        print(f"{kind:<12} {row['pages']:>6} {row['median_ms']:>10} {row['p95_ms']:>8}")
    if args.out is not None:
        args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
