"""Benchmark incremental reasoning (nqgraph.graph.rederive) against a full reason() on one corpus.

Run from the repository root, on a corpus written by ``nqgraph synth``:

    python benchmarks/rederive.py CORPUS [--runs 3] [--check] [--on-disk FOLDER]

The corpus is loaded and reasoned in memory, as a clean build does (the time reason() took is the
figure to beat). Then one document file of the corpus (the one of median size, or ``--document``)
goes through three changes, each applied with apply_change and timed: every asserted triple of the
file removed, the same triples added back, and one target's value edited (its triple removed,
another value added). ``--runs`` repeats the three and prints the median of each; ``--check``
finally compares the inferred graph with reason() from scratch (it needs a second copy of the
dataset in memory). ``--on-disk`` copies the reasoned dataset into a new on-disk store in FOLDER
(as the state of an incremental build is kept) and changes that one instead.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from nqgraph.graph.knowledge import open_graph
from nqgraph.graph.ntriples import NTriple
from nqgraph.graph.reasoner import reason
from nqgraph.graph.rederive import ClosureChange, apply_change
from nqgraph.graph.store import OxigraphStore
from nqgraph.namespaces import GRAPH_ASSERTED, GRAPH_INFERRED, GRAPH_ONTOLOGY, NQ

VALUE = f"<{NQ}value>"


def file_triples(path: Path) -> list[NTriple]:
    return [(str(t.subject), str(t.predicate), str(t.object)) for t in ox.parse(path=str(path))]


def median_document(corpus: Path) -> Path:
    documents = sorted((corpus / "documents").glob("*.ttl"), key=lambda p: (p.stat().st_size, p.name))
    if not documents:
        sys.exit(f"{corpus}: no documents/*.ttl files")
    return documents[len(documents) // 2]


def edited_value(store: OxigraphStore, triples: list[NTriple]) -> tuple[NTriple, NTriple]:
    """One target value of the document, as stored, and the same triple with another value."""
    values = sorted(t for t in triples if t[1] == VALUE and "/target/" in t[0])
    if not values:
        sys.exit("the document has no target value to edit")
    s, p, _ = values[0]
    subject, predicate = ox.NamedNode(s[1:-1]), ox.NamedNode(p[1:-1])
    quad = next(store.native.quads_for_pattern(subject, predicate, None, ox.NamedNode(GRAPH_ASSERTED)))
    stored = (s, p, str(quad.object))  # as the store spells it
    lexical, _, datatype = stored[2][1:].partition('"')
    return stored, (s, p, f'"{lexical}1"{datatype}')


def timed(
    store: OxigraphStore, *, added: list[NTriple], removed: list[NTriple]
) -> tuple[float, ClosureChange]:
    t0 = time.perf_counter()
    change = apply_change(store, added=added, removed=removed)
    return time.perf_counter() - t0, change


def describe(change: ClosureChange) -> str:
    return (
        f"asserted +{len(change.asserted_added)} -{len(change.asserted_removed)}, "
        f"inferred +{len(change.inferred_added)} -{len(change.inferred_removed)}, "
        f"{len(change.nodes())} nodes"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--document", type=Path, help="the document file to change (default: median size)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--check", action="store_true", help="compare with reason() from scratch at the end")
    parser.add_argument(
        "--on-disk", type=Path, help="a new folder for an on-disk copy of the store to change"
    )
    args = parser.parse_args()

    kg = open_graph(data=args.corpus)
    store = kg.store
    assert isinstance(store, OxigraphStore)
    if args.on_disk is not None:
        if args.on_disk.exists():
            sys.exit(f"{args.on_disk} exists; give a new folder")
        t0 = time.perf_counter()
        disk = OxigraphStore(args.on_disk)
        disk.native.bulk_extend(store.native.quads_for_pattern(None, None, None, None))
        disk.native.flush()
        print(f"copied into an on-disk store in {time.perf_counter() - t0:.2f} s")
        kg.store = store = disk
    document = args.document or median_document(args.corpus)
    triples = file_triples(document)
    print(
        f"corpus {args.corpus}: {kg.loaded.asserted_triples:,} asserted, {kg.reasoning.inferred:,} inferred"
    )
    print(f"load {kg.timings['load']:.2f} s, full reason() {kg.timings['reason']:.2f} s")
    print(f"document {document.relative_to(args.corpus)}: {len(triples):,} triples")

    times: dict[str, list[float]] = {"remove the file": [], "add it back": [], "edit one value": []}
    for run in range(args.runs):
        gone, change = timed(store, added=[], removed=triples)
        times["remove the file"].append(gone)
        if run == 0:
            print(f"  remove the file: {describe(change)}")
        back, change = timed(store, added=triples, removed=[])
        times["add it back"].append(back)
        if run == 0:
            print(f"  add it back: {describe(change)}")
        old, new = edited_value(store, triples)
        edit, change = timed(store, added=[new], removed=[old])
        times["edit one value"].append(edit)
        if run == 0:
            print(f"  edit one value: {describe(change)}")
        apply_change(store, added=[old], removed=[new])  # undone, so that every run starts alike

    full = kg.timings["reason"]
    print(f"\n{'change':<18} {'median':>9} {'runs':>24} {'vs full reason()':>17}")
    for name, values in times.items():
        median = statistics.median(values)
        runs = ", ".join(f"{v:.3f}" for v in values)
        print(f"{name:<18} {median:>7.3f} s {runs:>24} {full / median:>15.0f}×")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak resident {peak:,.0f} MB; load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}")

    if args.check:
        fresh = OxigraphStore()
        for graph in (GRAPH_ONTOLOGY, GRAPH_ASSERTED):
            fresh.native.extend(store.native.quads_for_pattern(None, None, None, ox.NamedNode(graph)))
        reason(fresh)
        same = set(fresh.nt_triples(URIRef(GRAPH_INFERRED))) == set(store.nt_triples(URIRef(GRAPH_INFERRED)))
        print(f"inferred graph equals reason() from scratch: {same}")
        if not same:
            sys.exit(1)


if __name__ == "__main__":
    main()
