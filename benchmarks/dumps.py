"""Benchmark the dumps (nqgraph.trig, nqgraph.ttl) written whole and updated after a change.

Run from the repository root, on a corpus written by ``nqgraph synth``:

    python benchmarks/dumps.py CORPUS [--out FOLDER] [--runs 3] [--check]

The corpus is loaded and reasoned in memory, as a clean build does. Then:

- **clean**: ``write_dumps`` writes both dumps and counts the description's tally (the work of the
  build's dumps process), timed in CPU seconds of this process and wall seconds, ``--runs`` times.
- **incremental**: one document file of the corpus (the one of median size) goes through three
  changes applied to the store with ``apply_change`` (every asserted triple of the file removed,
  added back, one target value edited), and after each ``update_dumps`` writes the new dumps from
  the previous ones (hard links of them in a new folder, as the incremental build does).
  ``--check`` also writes the dumps whole after each change and compares the bytes and tallies.

The load average before and after is printed: timings taken beside other work are noisy.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from nqgraph.graph.knowledge import open_graph
from nqgraph.graph.ntriples import NTriple
from nqgraph.graph.rederive import apply_change
from nqgraph.graph.store import OxigraphStore
from nqgraph.namespaces import GRAPH_ASSERTED, GRAPH_INFERRED, NQ
from nqgraph.publish.dumps import GRAPHS, TRIG, TURTLE, Change, update_dumps, write_dumps
from nqgraph.publish.tally import Tally

VALUE = f"<{NQ}value>"


def load_average() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


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
    stored = next(t for t in store.nt_triples(URIRef(GRAPH_ASSERTED)) if t[0] == s and t[1] == p)
    lexical, _, datatype = stored[2][1:].partition('"')
    return stored, (s, p, f'"{lexical}1"{datatype}')


def timed_clean(store: OxigraphStore, folder: Path) -> tuple[Tally, float, float]:
    folder.mkdir()
    parts = [(g, store.nt_triples(URIRef(g))) for g in GRAPHS]
    cpu, wall = time.process_time(), time.perf_counter()
    tally = write_dumps(parts, folder)
    return tally, time.process_time() - cpu, time.perf_counter() - wall


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--out", type=Path, help="a folder for the dumps (default: a temporary one)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--check", action="store_true", help="compare each update with the dumps written whole"
    )
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="nqgraph-dumps-", dir=args.out))
    try:
        run(args, root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def run(args: argparse.Namespace, root: Path) -> None:
    print(f"load average {load_average()}")
    kg = open_graph(data=args.corpus)
    store = kg.store
    assert isinstance(store, OxigraphStore)
    print(
        f"corpus {args.corpus}: {kg.loaded.asserted_triples:,} asserted, {kg.reasoning.inferred:,} inferred"
    )

    cpus, walls = [], []
    for n in range(args.runs):
        tally, cpu, wall = timed_clean(store, root / f"clean-{n}")
        cpus.append(cpu)
        walls.append(wall)
    sizes = {name: (root / "clean-0" / name).stat().st_size for name in (TRIG, TURTLE)}
    print(
        f"clean write_dumps: median {statistics.median(cpus):.2f} s CPU,"
        f" {statistics.median(walls):.2f} s wall"
        f" (runs: {', '.join(f'{c:.2f}' for c in cpus)} s CPU); "
        + ", ".join(f"{name} {size / 1e6:.1f} MB" for name, size in sizes.items())
    )

    document = median_document(args.corpus)
    triples = file_triples(document)
    print(f"document {document.relative_to(args.corpus)}: {len(triples):,} triples")
    previous = root / "clean-0"
    old, new = edited_value(store, triples)
    steps = [("remove the file", [], triples), ("add it back", triples, []), ("edit one value", [new], [old])]
    for step, (name, added, removed) in enumerate(steps):
        change = apply_change(store, added=added, removed=removed)
        changes = {
            GRAPH_ASSERTED: Change(added=change.asserted_added, removed=change.asserted_removed),
            GRAPH_INFERRED: Change(added=change.inferred_added, removed=change.inferred_removed),
        }
        folder = root / f"step-{step}"
        folder.mkdir()
        for dump in (TRIG, TURTLE):
            os.link(previous / dump, folder / dump)
        cpu, wall = time.process_time(), time.perf_counter()
        updated = update_dumps(folder=folder, store=store, changes=changes, tally=tally)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        print(
            f"  {name}: asserted +{len(change.asserted_added)} -{len(change.asserted_removed)},"
            f" inferred +{len(change.inferred_added)} -{len(change.inferred_removed)};"
            f" update_dumps {cpu:.2f} s CPU, {wall:.2f} s wall, {updated.subjects} subjects written again"
            + (" (whole)" if updated.whole else "")
        )
        if args.check:
            clean_tally, _, _ = timed_clean(store, root / f"check-{step}")
            same = all(
                (folder / dump).read_bytes() == (root / f"check-{step}" / dump).read_bytes()
                for dump in (TRIG, TURTLE)
            )
            print(f"    same bytes as written whole: {same}; same tally: {updated.tally == clean_tally}")
            shutil.rmtree(root / f"check-{step}")
        if previous.name.startswith("step-"):
            shutil.rmtree(previous)
        previous, tally = folder, updated.tally
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident {peak:,.0f} MB; load average {load_average()}")


if __name__ == "__main__":
    main()
