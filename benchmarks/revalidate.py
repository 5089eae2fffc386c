"""Re-validation after a one-document change against a full validation, on one corpus in memory.

    python benchmarks/revalidate.py CORPUS [--document N]

CORPUS is a folder written by ``nqgraph synth`` (for example ``nqgraph synth --triples 1000000
--seed 7``). The corpus is loaded and reasoned once; the full validation is timed; then one
document file is edited (a target's value changed), deleted, and added back. After each change
the inferred graph is reasoned again from scratch (not timed here: that is the incremental
reasoner's part), the changed triples are taken from the differences of the asserted and inferred
graphs, and both ``revalidate`` and ``validate_store`` run; their findings must be equal. Printed:
the seconds of each, how many focus nodes were checked again, and the load average.
"""

from __future__ import annotations

import argparse
import os
import time
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from nqgraph.graph import shacl
from nqgraph.graph.knowledge import open_graph
from nqgraph.graph.loader import parse_file
from nqgraph.graph.reasoner import reason
from nqgraph.graph.revalidate import revalidate, shapes_reach
from nqgraph.graph.shacl.identity import blank_keys
from nqgraph.graph.store import OxigraphStore
from nqgraph.graph.validation import load_shapes, validate_store
from nqgraph.namespaces import GRAPH_ASSERTED, GRAPH_INFERRED
from nqgraph.paths import Inputs

NTriple = tuple[str, str, str]


def _graph(store: OxigraphStore, iri: str) -> set[NTriple]:
    return {
        (str(q.subject), str(q.predicate), str(q.object))
        for q in store.native.quads_for_pattern(None, None, None, ox.NamedNode(iri))
    }


def _edited(quads: list[ox.Quad]) -> tuple[list[ox.Quad], list[ox.Quad]] | None:
    """One target's nq:value made a percentage above 100: (removed, added); None without one."""
    value = ox.NamedNode("https://w3id.org/nqgraph/ontology#value")
    for q in sorted(quads, key=str):
        if q.predicate == value:
            decimal = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")
            return [q], [ox.Quad(q.subject, q.predicate, ox.Literal("250.5", datatype=decimal), q.graph_name)]
    return None


class _Counter:
    """How many focus nodes each re-validation checked again (the shapes run on the whole graph apart)."""

    def __init__(self) -> None:
        self.nodes = 0
        self.whole: list[str] = []
        self._run = shacl.run_by_shape

        def spy(store, shapes, *, among=None, checked=False, progress=None):  # type: ignore[no-untyped-def]
            if among is not None:
                self.nodes = sum(len(v) for v in among.values() if v is not None)
                self.whole = sorted(str(k).rsplit("#", 1)[-1] for k, v in among.items() if v is None)
                return self._run(store, shapes, among=among, checked=checked)
            return self._run(store, shapes)

        shacl.run_by_shape = spy


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--document", type=int, default=0, help="which document file, in sorted order")
    args = parser.parse_args()
    inputs = Inputs.default(data=args.corpus)
    t0 = time.perf_counter()
    kg = open_graph(inputs=inputs)
    print(f"load and reasoning: {time.perf_counter() - t0:.1f} s ({len(kg.store):,} quads)", flush=True)
    store = kg.store
    assert isinstance(store, OxigraphStore)
    shapes = load_shapes(inputs.shapes)
    defined_in = kg.loaded.defined_in
    t0 = time.perf_counter()
    previous = validate_store(store, shapes, defined_in=defined_in)
    print(f"full validation: {time.perf_counter() - t0:.2f} s, {len(previous.findings)} findings", flush=True)
    t0 = time.perf_counter()
    reach = shapes_reach(shapes, blank_keys(shapes))
    print(f"the shapes' reach worked out once: {time.perf_counter() - t0:.2f} s", flush=True)
    previous = replace(previous, reach=reach)
    counter = _Counter()

    documents = sorted((args.corpus / "documents").rglob("*.ttl"))
    graph = ox.NamedNode(GRAPH_ASSERTED)
    # The first document file from the chosen one on that has a target value to edit.
    for i in range(len(documents)):
        path = documents[(args.document + i) % len(documents)]
        quads = parse_file(path, graph)
        edit = _edited(quads)
        if edit is not None:
            break
    else:
        raise SystemExit("no document has a target value to edit")
    removed, added = edit
    print(f"document {path.relative_to(args.corpus)}: {len(quads)} triples", flush=True)
    for name, remove, add in (
        ("edit", removed, added),
        ("deletion", [q for q in quads if q not in removed] + added, []),
        ("addition", [], quads),
    ):
        asserted_before = {(str(q.subject), str(q.predicate), str(q.object)) for q in remove}
        asserted_after = {(str(q.subject), str(q.predicate), str(q.object)) for q in add}
        inferred_before = _graph(store, GRAPH_INFERRED)
        for q in remove:
            store.native.remove(q)
        for q in add:
            store.native.add(q)
        store.remove_graph(URIRef(GRAPH_INFERRED))
        t0 = time.perf_counter()
        reason(store)
        reasoning = time.perf_counter() - t0
        inferred_after = _graph(store, GRAPH_INFERRED)
        triples = (asserted_before ^ asserted_after) | (inferred_before ^ inferred_after)
        changed = {n for s, _, o in triples for n in (s, o) if not n.startswith('"')}
        t0 = time.perf_counter()
        got = revalidate(
            store, shapes, previous=previous, changed=changed, defined_in=defined_in, triples=triples
        )
        fast = time.perf_counter() - t0
        t0 = time.perf_counter()
        want = validate_store(store, shapes, defined_in=defined_in)
        full = time.perf_counter() - t0
        assert got.findings == want.findings, f"{name}: re-validation differs from validation"
        print(
            f"{name}: {len(triples):,} changed triples, {len(changed):,} nodes; "
            f"reasoning again {reasoning:.1f} s; "
            f"revalidate {fast:.3f} s ({counter.nodes:,} focus nodes checked again; whole graph: "
            f"{', '.join(counter.whole) or 'none'}); full validation {full:.2f} s; "
            f"{len(got.findings)} findings, equal",
            flush=True,
        )
        previous = got
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
