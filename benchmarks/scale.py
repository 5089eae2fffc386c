"""Scale benchmark: nqgraph's pipeline beside the reference pipeline on synthetic corpora.

Run from the repository root:

    python benchmarks/scale.py [--sizes 10000 100000] [--big] [--cap 300] [--runs 5] [--seed 1]

For each size it writes a corpus with ``nqgraph synth`` and times, each phase in its own process
(peak memory is that process's ``ru_maxrss``):

- nqgraph: load (``nqgraph.graph.loader.load``, with its checks), reasoning
  (``nqgraph.graph.knowledge.open_graph``:
  load + targeted rules on Oxigraph; the reasoning time alone is reported), validation
  (``nqgraph.graph.validation.validate_store``: the shapes compiled to SPARQL), every saved query on
  Oxigraph (median of ``--runs``), the core site (pages of documents, agencies, indicators) and the
  whole ``nqgraph build --site core`` as a user runs it;
- the reference, used plainly: rdflib parses every file, ``owlrl.DeductiveClosure(OWLRL_Semantics)``
  expands the graph, ``pyshacl.validate`` checks it with the same shapes, and rdflib answers the
  same saved queries with the same parameters. It writes no site; its "build" is the sum of its
  load, reasoning and validation.

A process that needs the previous phase's result starts from it untimed (the reference's closed
graph is passed on as a pickle), so a phase's peak memory is that of a process holding the
phase's input and running the phase. A reference phase is skipped when the growth measured at the
smaller sizes predicts it would exceed ``--cap`` seconds (and stopped if it does); ``--big`` adds
1M and 5M triples. The table gives each phase's time, peak memory and the ratio reference/nqgraph,
then the growth exponent b of t ∝ n^b between consecutive sizes and from the smallest size to the
largest one each phase (and each saved query) finished at. Results go to
``benchmarks/results/scale.json`` with the machine's facts.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import pickle
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import machine  # noqa: E402

AS_OF = "2026-11-23"  # a fixed "today" so that every run asks the same questions
PHASES = ("load", "reason", "validate", "queries", "site", "build")
# The reference pipeline has no site; its "build" is the sum of its load, reasoning and validation.
REF_ONLY_SUMMED = ("load", "reason", "validate")
NQ_PHASES = {p: f"nq-{p}" for p in PHASES}
REF_PHASES = {p: f"ref-{p}" for p in PHASES}
SETUP_ALLOWANCE = 2.0  # a phase's process may take this many times the cap, setup included


def peak_mb() -> float:
    """This process's peak resident memory so far (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Timeout(Exception):
    """A query ran past the cap."""


@contextmanager
def alarm(seconds: float) -> Iterator[None]:
    """Interrupt the (pure Python) work inside after ``seconds``."""

    def fire(_signum: int, _frame: object) -> None:
        raise Timeout

    previous = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# ---------------------------------------------------------------------------------------------
# Phases, each run in its own process (``--phase NAME``); each prints one JSON line.


def _inputs(data: Path) -> Any:
    from nqgraph.paths import Inputs

    return Inputs.default(data=data, root=ROOT)


def phase_synth(args: argparse.Namespace) -> dict[str, Any]:
    from nqgraph.corpora.synth import synthesize

    t0 = time.perf_counter()
    result = synthesize(triples=args.triples, seed=args.seed, out=args.data)
    return {
        "seconds": time.perf_counter() - t0,
        "triples": result.triples,
        "documents": result.documents,
        "provinces": result.provinces,
        "files": result.files,
        "defects": len(result.defects),
    }


def phase_nq_load(args: argparse.Namespace) -> dict[str, Any]:
    from nqgraph.graph import loader

    inp = _inputs(args.data)
    # Where the load's time goes (its parts timed in place; the rest is the wait for the forked
    # per-file scan and the counts), to explain the gap to a bare bulk load.
    parts: dict[str, float] = {}
    for name in ("parse_file", "_load_files", "check"):
        if hasattr(loader, name):
            setattr(loader, name, _timed(getattr(loader, name), parts, name))
    t0 = time.perf_counter()
    loaded = loader.load(data_dir=inp.data, ontology_path=inp.ontology)
    seconds = time.perf_counter() - t0
    breakdown = dict(
        zip(LOAD_PARTS, (parts.get(n, 0.0) for n in ("parse_file", "_load_files", "check")), strict=False)
    )
    breakdown[LOAD_PARTS[-1]] = seconds - sum(breakdown.values())
    return {"seconds": seconds, "asserted": loaded.asserted_triples, "breakdown": breakdown}


LOAD_PARTS = (
    "parse ontology",
    "Oxigraph load of the data files",
    "loader checks (store queries, duplicate IRIs)",
    "wait for the per-file scan, counts",
)


def _timed(func: Callable[..., Any], into: dict[str, float], name: str) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            into[name] = into.get(name, 0.0) + time.perf_counter() - t0

    return timed


def phase_nq_reason(args: argparse.Namespace) -> dict[str, Any]:
    from nqgraph.graph.knowledge import open_graph

    kg = open_graph(inputs=_inputs(args.data))
    return {
        "seconds": kg.timings["reason"],
        "load_seconds": kg.timings["load"],
        "inferred": kg.reasoning.inferred,
    }


def phase_nq_validate(args: argparse.Namespace) -> dict[str, Any]:
    from nqgraph.graph.knowledge import open_graph
    from nqgraph.graph.validation import load_shapes, validate_store

    kg = open_graph(inputs=_inputs(args.data))
    t0 = time.perf_counter()
    result = validate_store(kg.store, load_shapes(kg.inputs.shapes), defined_in=kg.loaded.defined_in)
    seconds = time.perf_counter() - t0
    # Untimed: the findings, for the comparison with pyrudof's (phase stack-validate).
    findings = sorted({_finding_key(f.severity, f.focus, f.path, f.component) for f in result.findings})
    (args.cache / "nq-findings.json").write_text(json.dumps(findings), encoding="utf-8")
    return {"seconds": seconds, "results": len(result.findings)}


def _children_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


class TreeMemory:
    """Peak memory of this process and every process it forked, sampled every second.

    The build forks helpers (the dumps writer, the page workers) that share most of their pages
    with it; adding up their resident sizes would count the shared pages several times, so each
    process's proportional set size (Pss, shared pages divided among their users) is summed.
    """

    def __init__(self) -> None:
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @staticmethod
    def _tree() -> list[int]:
        parents: dict[int, int] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            parents[int(stat.parent.name)] = int(fields[1])
        tree, todo = [], [os.getpid()]
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo.extend(child for child, parent in parents.items() if parent == pid)
        return tree

    @staticmethod
    def _pss_kb(pid: int) -> int:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    return int(line.split()[1])
        except OSError:
            pass
        return 0

    def _sample(self) -> None:
        while not self._stop.wait(1.0):
            total = sum(self._pss_kb(pid) for pid in self._tree()) / 1024
            self.peak_mb = max(self.peak_mb, total)


def phase_nq_site(args: argparse.Namespace) -> dict[str, Any]:
    import datetime as dt

    from nqgraph.graph.knowledge import open_graph
    from nqgraph.graph.queries import load_queries
    from nqgraph.publish.site import build_site

    kg = open_graph(inputs=_inputs(args.data))
    out = args.cache / "site"
    shutil.rmtree(out, ignore_errors=True)
    t0 = time.perf_counter()
    result = build_site(
        kg.store,
        out=out,
        today=dt.date.fromisoformat(AS_OF),
        queries=load_queries(kg.inputs.queries),
        downloads={},
        sources_root=kg.inputs.root,
        scope="core",
    )
    seconds = time.perf_counter() - t0
    shutil.rmtree(out, ignore_errors=True)
    return {"seconds": seconds, "pages": result.pages, "peak_mb": max(peak_mb(), _children_peak_mb())}


def phase_nq_build(args: argparse.Namespace) -> dict[str, Any]:
    """The whole `nqgraph build --site core`, as a user runs it."""
    import datetime as dt

    import nqgraph

    out = args.cache / "build"
    with TreeMemory() as memory:
        t0 = time.perf_counter()
        result = nqgraph.build(
            out=out, inputs=_inputs(args.data), today=dt.date.fromisoformat(AS_OF), site_scope="core"
        )
        seconds = time.perf_counter() - t0
    shutil.rmtree(out, ignore_errors=True)
    return {
        "seconds": seconds,
        "timings": result.timings,
        "findings": len(result.validation.findings),
        "peak_mb": max(peak_mb(), _children_peak_mb()),
        "peak_all_processes_mb": memory.peak_mb,
    }


def _query_params(store: Any) -> dict[str, dict[str, str]]:
    """Parameters that exist in this corpus: a document in a supersession chain, an indicator."""
    from nqgraph.namespaces import ID, NQ

    def first(sparql: str) -> str:
        rows = store.query(sparql).rows
        return str(rows[0][0])[len(ID) :] if rows else ""

    document = first(
        f"SELECT ?d WHERE {{ ?x <{NQ}supersedes> ?d . ?d <{NQ}supersedes> ?y }} ORDER BY ?d LIMIT 1"
    )
    document = document or first(f"SELECT ?d WHERE {{ ?x <{NQ}supersedes> ?d }} ORDER BY ?d LIMIT 1")
    indicator = first(
        f"SELECT ?i (COUNT(?t) AS ?n) WHERE {{ ?t <{NQ}indicator> ?i }} "
        "GROUP BY ?i ORDER BY DESC(?n) ?i LIMIT 1"
    )
    return {
        "overdue-tasks": {"asOf": AS_OF},
        "agencies-leading-every-overdue-task": {"asOf": AS_OF},
        "supersession-chain": {"document": document},
        "documents-citing": {"document": document},
        "indicator-timeline": {"indicator": indicator},
    }


def _time_queries(
    run: Callable[[str], int], names: list[str], runs: int, cap: float, skip: dict[str, float] | None = None
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in names:
        if skip and name in skip:
            out[name] = {"status": f"skipped: predicted {skip[name]:.0f} s > cap {cap:.0f} s", "runs": 0}
            continue
        samples: list[float] = []
        rows = 0
        try:
            for _ in range(runs):
                t0 = time.perf_counter()
                with alarm(cap):
                    rows = run(name)
                samples.append(time.perf_counter() - t0)
                if sum(samples) > cap:  # a slow query gets fewer runs rather than blowing the cap
                    break
        except Timeout:
            out[name] = {"status": f"over the cap of {cap:.0f} s", "runs": len(samples)}
            continue
        out[name] = {"median_ms": statistics.median(samples) * 1000, "runs": len(samples), "rows": rows}
    return out


def phase_nq_queries(args: argparse.Namespace) -> dict[str, Any]:
    import nqgraph
    from nqgraph.graph.knowledge import open_graph
    from nqgraph.graph.queries import run as run_saved

    kg = open_graph(inputs=_inputs(args.data))
    params = _query_params(kg.store)
    saved = nqgraph.load_queries(ROOT / "queries")

    def run(name: str) -> int:
        return len(run_saved(kg.store, saved[name], params.get(name, {})).rows)

    t0 = time.perf_counter()
    queries = _time_queries(run, sorted(saved), args.runs, args.cap)
    return {"seconds": time.perf_counter() - t0, "queries": queries, "params": params}


def _ref_graph(args: argparse.Namespace) -> Any:
    from rdflib import Graph

    graph = Graph()
    with open(args.cache / "closed.pickle", "rb") as fh:
        graph.addN((s, p, o, graph) for s, p, o in pickle.load(fh))
    return graph


def phase_ref_load(args: argparse.Namespace) -> dict[str, Any]:
    from rdflib import Graph

    from nqgraph.graph.loader import data_files

    inp = _inputs(args.data)
    t0 = time.perf_counter()
    graph = Graph()
    graph.parse(inp.ontology, format="turtle")
    for path in data_files(inp.data):
        graph.parse(path, format="turtle")
    return {"seconds": time.perf_counter() - t0, "triples": len(graph)}


def phase_ref_reason(args: argparse.Namespace) -> dict[str, Any]:
    import owlrl
    from rdflib import Graph

    from nqgraph.graph.loader import data_files

    inp = _inputs(args.data)
    graph = Graph()
    graph.parse(inp.ontology, format="turtle")
    for path in data_files(inp.data):
        graph.parse(path, format="turtle")
    before = len(graph)
    t0 = time.perf_counter()
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    seconds = time.perf_counter() - t0
    mb = peak_mb()
    # The closed graph (literal subjects included, which N-Triples cannot hold) for the next phases.
    with open(args.cache / "closed.pickle", "wb") as fh:
        pickle.dump(list(graph), fh, protocol=pickle.HIGHEST_PROTOCOL)
    return {"seconds": seconds, "inferred": len(graph) - before, "peak_mb": mb}


def phase_ref_validate(args: argparse.Namespace) -> dict[str, Any]:
    import pyshacl
    from rdflib import Graph

    graph = _ref_graph(args)
    shapes = Graph()
    for path in _inputs(args.data).shapes:
        shapes.parse(path, format="turtle")
    t0 = time.perf_counter()
    _conforms, report, _text = pyshacl.validate(
        graph, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    seconds = time.perf_counter() - t0
    sh = "http://www.w3.org/ns/shacl#"
    from rdflib import URIRef

    results = sum(1 for _ in report.subjects(URIRef(sh + "resultSeverity"), None))
    return {"seconds": seconds, "results": results}


def phase_ref_queries(args: argparse.Namespace) -> dict[str, Any]:
    import nqgraph
    from nqgraph.graph.queries import bindings_for
    from nqgraph.graph.sparql import bind_values

    graph = _ref_graph(args)
    given = json.loads(args.params)
    params, skip = given.get("params", {}), given.get("skip", {})
    saved = nqgraph.load_queries(ROOT / "queries")

    def run(name: str) -> int:
        query = saved[name]
        text = bind_values(query.text, bindings_for(query, params.get(name, {})))
        return len(list(graph.query(text)))

    t0 = time.perf_counter()
    queries = _time_queries(run, sorted(saved), args.runs, args.cap, skip)
    return {"seconds": time.perf_counter() - t0, "queries": queries}


# ---------------------------------------------------------------------------------------------
# The stack a performance-minded engineer would assemble: pyoxigraph's bulk loader, reasonable
# (OWL 2 RL in Rust) for the closure, pyrudof (SHACL in Rust) for the shapes it can run.

STACK_PHASES = ("load", "reason", "validate")
BENCH_GRAPH = "urn:x-nqgraph-bench:reasonable"
SH = "http://www.w3.org/ns/shacl#"


def _finding_key(severity: str, focus: str, path: str, component: str) -> tuple[str, str, str, str]:
    """A finding as both validators can name it: pyrudof names a property shape by a blank node
    where nqgraph names it by its path, so the shape is left out; the component by its local name."""
    return (severity.rsplit("#", 1)[-1], focus, path, component.rsplit("#", 1)[-1])


def _stack_files(data: Path) -> list[Path]:
    from nqgraph.graph.loader import data_files

    inp = _inputs(data)
    return [inp.ontology, *data_files(inp.data)]


def phase_stack_load(args: argparse.Namespace) -> dict[str, Any]:
    """pyoxigraph's ``Store.bulk_load`` of the ontology and every data file into an in-memory store."""
    import pyoxigraph as ox

    files = _stack_files(args.data)
    t0 = time.perf_counter()
    store = ox.Store()
    for path in files:
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    seconds = time.perf_counter() - t0
    triples = len(store)
    del store
    # Beside it, untimed for the ratio: the transactional ``Store.load`` nqgraph's loader uses.
    t0 = time.perf_counter()
    store = ox.Store()
    for path in files:
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    return {
        "seconds": seconds,
        "triples": triples,
        "files": len(files),
        "transactional_load_seconds": time.perf_counter() - t0,
    }


def phase_stack_reason(args: argparse.Namespace) -> dict[str, Any]:
    """reasonable's ``load_file`` of every file, then ``reason()`` (the closure, as rdflib terms)."""
    import reasonable  # type: ignore[import-untyped]

    files = _stack_files(args.data)
    reasoner = reasonable.PyReasoner()
    t0 = time.perf_counter()
    for path in files:
        reasoner.load_file(str(path))
    t1 = time.perf_counter()
    closure = reasoner.reason()
    t2 = time.perf_counter()
    mb = peak_mb()
    base = len(reasoner.get_base_triples())
    # Untimed: the closure as N-Triples, for the comparison with nqgraph's (phase stack-compare).
    with open(args.cache / "reasonable.nt", "w", encoding="utf-8") as fh:
        fh.writelines(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in closure)
    return {
        "seconds": t2 - t1,
        "load_seconds": t1 - t0,
        "closure": len(closure),
        "base": base,
        "inferred": len(closure) - base,
        "peak_mb": mb,
    }


_NO_BLANK = "FILTER(!isBlank(?s) && !isBlank(?o))"
# nqgraph's inferred triples that reasonable did not derive (blank nodes have other labels there).
_NQ_ONLY = "GRAPH ?inferred { ?s ?p ?o } " + _NO_BLANK + " FILTER NOT EXISTS { GRAPH ?bench { ?s ?p ?o } }"
# reasonable's triples found nowhere in nqgraph's dataset (ontology, asserted or inferred).
_REASONABLE_ONLY = (
    "GRAPH ?bench { ?s ?p ?o } "
    + _NO_BLANK
    + " FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } FILTER(?g != ?bench) }"
)


def phase_stack_compare(args: argparse.Namespace) -> dict[str, Any]:
    """Untimed: nqgraph's reasoned dataset as N-Triples for pyrudof, and its inferred graph
    compared with reasonable's closure (when phase stack-reason wrote one)."""
    import pyoxigraph as ox
    from rdflib import URIRef

    from nqgraph.graph.knowledge import open_graph
    from nqgraph.graph.sparql import bind_values
    from nqgraph.namespaces import GRAPH_INFERRED, RDF_TYPE

    kg = open_graph(inputs=_inputs(args.data))
    store = kg.loaded.store.native
    with open(args.cache / "closed.nt", "wb") as fh:
        for graph in sorted(store.named_graphs(), key=str):
            store.dump(fh, format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
    out: dict[str, Any] = {"seconds": 0.0, "nq_inferred": kg.reasoning.inferred}
    closure = args.cache / "reasonable.nt"
    if not closure.exists():
        return out
    store.bulk_load(path=str(closure), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(BENCH_GRAPH))

    terms = {"bench": URIRef(BENCH_GRAPH), "inferred": URIRef(GRAPH_INFERRED), "type": URIRef(RDF_TYPE)}

    def query(text: str) -> list[Any]:
        used = {name: term for name, term in terms.items() if f"?{name}" in text}
        solutions = store.query(bind_values(text, used, subselect=False))
        assert isinstance(solutions, ox.QuerySolutions)
        return list(solutions)

    def count(where: str) -> int:
        return int(query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")[0]["n"].value)

    def grouped(var: str, where: str) -> dict[str, int]:
        rows = query(
            f"SELECT ?{var} (COUNT(*) AS ?n) WHERE {{ {where} }} "
            f"GROUP BY ?{var} ORDER BY DESC(?n) ?{var} LIMIT 10"
        )
        return {row[var].value: int(row["n"].value) for row in rows}

    out.update(
        {
            "reasonable_triples": count("GRAPH ?bench { ?s ?p ?o }"),
            "nq_inferred_missing_in_reasonable": count(_NQ_ONLY),
            "nq_inferred_with_blank_nodes": count(
                "GRAPH ?inferred { ?s ?p ?o } FILTER(isBlank(?s) || isBlank(?o))"
            ),
            "nq_only_by_predicate": grouped("p", _NQ_ONLY),
            "nq_only_examples": [
                [row[v].value for v in ("s", "p", "o")]
                for row in query(f"SELECT ?s ?p ?o WHERE {{ {_NQ_ONLY} }} ORDER BY ?p ?s ?o LIMIT 3")
            ],
            "reasonable_only": count(_REASONABLE_ONLY),
            "reasonable_only_by_predicate": grouped("p", _REASONABLE_ONLY),
            "reasonable_only_types": grouped("o", _REASONABLE_ONLY + " FILTER(?p = ?type)"),
            "reasonable_only_literal_subject": count("GRAPH ?bench { ?s ?p ?o } FILTER(isLiteral(?s))"),
        }
    )
    return out


def phase_stack_validate(args: argparse.Namespace) -> dict[str, Any]:
    """pyrudof's native SHACL engine on nqgraph's reasoned dataset (the graph nqgraph validates),
    so that both validators see the same triples; its findings compared with nqgraph's."""
    import pyrudof

    closed = args.cache / "closed.nt"
    shapes = "\n".join(path.read_text(encoding="utf-8") for path in _inputs(args.data).shapes)
    rudof = pyrudof.Rudof()
    t0 = time.perf_counter()
    rudof.read_data(str(closed), format=pyrudof.RDFFormat.NTriples)
    t1 = time.perf_counter()
    rudof.read_shacl(shapes)
    report = rudof.validate_shacl()
    t2 = time.perf_counter()
    mb = peak_mb()
    found = {_finding_key(v.severity, v.focus_node, v.path or "", v.constraint_component) for v in report}
    out: dict[str, Any] = {"seconds": t2 - t1, "load_seconds": t1 - t0, "results": len(report), "peak_mb": mb}
    nq_file = args.cache / "nq-findings.json"
    if nq_file.exists():
        expected = {tuple(f) for f in json.loads(nq_file.read_text(encoding="utf-8"))}
        missed, extra = sorted(expected - found), sorted(found - expected)
        out.update(
            {
                "nq_results": len(expected),
                "same": len(expected & found),
                "missed_by_component": _by_component(missed),
                "extra_by_component": _by_component(extra),
                "missed_examples": [list(f) for f in missed[:5]],
                "extra_examples": [list(f) for f in extra[:5]],
            }
        )
    return out


def _by_component(findings: list[Any]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding[3]] = counts.get(finding[3], 0) + 1
    return dict(sorted(counts.items()))


def shapes_pyrudof_cannot_run(shapes: list[Path]) -> list[str]:
    """The project's shapes that use SHACL-SPARQL (``sh:sparql`` constraints, ``sh:SPARQLTarget``
    targets): pyrudof's native engine implements SHACL Core only."""
    from rdflib import Graph, Namespace

    sh = Namespace(SH)
    graph = Graph()
    for path in shapes:
        graph.parse(path, format="turtle")
    names = {s for s in graph.subjects(sh.sparql, None)} | {
        s for s, t in graph.subject_objects(sh.target) if (t, None, None) in graph
    }
    return sorted(str(s).rsplit("#", 1)[-1] for s in names)


PHASE_FUNCS: dict[str, Callable[[argparse.Namespace], dict[str, Any]]] = {
    "synth": phase_synth,
    "nq-load": phase_nq_load,
    "nq-reason": phase_nq_reason,
    "nq-validate": phase_nq_validate,
    "nq-queries": phase_nq_queries,
    "nq-site": phase_nq_site,
    "nq-build": phase_nq_build,
    "ref-load": phase_ref_load,
    "ref-reason": phase_ref_reason,
    "ref-validate": phase_ref_validate,
    "ref-queries": phase_ref_queries,
    "stack-load": phase_stack_load,
    "stack-reason": phase_stack_reason,
    "stack-compare": phase_stack_compare,
    "stack-validate": phase_stack_validate,
}


def run_phase_here(args: argparse.Namespace) -> None:
    import logging

    logging.disable(logging.WARNING)  # rdflib logs a traceback for the seeded invalid date
    result = PHASE_FUNCS[args.phase](args)
    result.setdefault("peak_mb", peak_mb())
    print(json.dumps(result))


# ---------------------------------------------------------------------------------------------
# The driver


def run_phase(
    phase: str,
    *,
    data: Path,
    cache: Path,
    cap: float,
    runs: int,
    triples: int = 0,
    seed: int = 0,
    params: dict[str, Any] | None = None,
    timeout: float,
) -> dict[str, Any]:
    cmd = [
        sys.executable, __file__, "--phase", phase, "--data", str(data), "--cache", str(cache),
        "--cap", str(cap), "--runs", str(runs), "--triples", str(triples), "--seed", str(seed),
        "--params", json.dumps(params or {}),
    ]  # fmt: skip
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"status": f"stopped: over the cap ({time.perf_counter() - t0:.0f} s)"}
    if proc.returncode != 0:
        tail = proc.stderr.strip().splitlines()[-3:]
        return {"status": "failed: " + " | ".join(tail)}
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    result["status"] = "ok"
    return result


def exponent(n1: float, t1: float, n2: float, t2: float) -> float | None:
    """b in t ∝ n^b between two measurements."""
    if min(n1, t1, n2, t2) <= 0 or n1 == n2:
        return None
    return math.log(t2 / t1) / math.log(n2 / n1)


def predicted(history: list[tuple[int, float]], n: int) -> float | None:
    """The time a phase would take at ``n``, from its growth at the smaller sizes (at least linear)."""
    if not history:
        return None
    n1, t1 = history[-1]
    b = 1.0
    if len(history) >= 2:
        n0, t0 = history[-2]
        b = max(1.0, exponent(n0, t0, n1, t1) or 1.0)
    return float(t1 * (n / n1) ** b)


def phase_seconds(entry: dict[str, Any]) -> float | None:
    if entry.get("status") != "ok":
        return None
    if "queries" in entry:  # the queries phase: the sum of the medians
        medians = [q.get("median_ms") for q in entry["queries"].values()]
        if any(m is None for m in medians):
            return None
        return float(sum(medians)) / 1000
    return float(entry["seconds"])


def benchmark(args: argparse.Namespace) -> dict[str, Any]:
    sizes: list[int | Path] = list(args.corpora or []) or (
        list(args.sizes) + ([1_000_000, 5_000_000] if args.big else [])
    )
    work = Path(args.work or tempfile.mkdtemp(prefix="nqgraph-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    history: dict[str, list[tuple[int, float]]] = {}
    stack_memory: dict[str, list[tuple[int, float]]] = {}
    report: dict[str, Any] = {
        "machine": machine(), "cap_s": args.cap, "runs": args.runs, "seed": args.seed, "sizes": [],
    }  # fmt: skip
    try:
        for size in sizes:
            if isinstance(size, Path):
                data, synth = size, given_corpus(size)
                n = int(synth["requested"])
                cache = work / f"cache-{n}"
                cache.mkdir(parents=True, exist_ok=True)
                print(f"\n== {data}: {synth['triples']:,} triples", flush=True)
            else:
                n = size
                data, cache = work / f"corpus-{n}", work / f"cache-{n}"
                cache.mkdir(parents=True, exist_ok=True)
                print(f"\n== {n:,} triples: generating …", flush=True)
                synth = run_phase(
                    "synth", data=data, cache=cache, cap=args.cap, runs=1, triples=n, seed=args.seed,
                    timeout=args.nq_cap,
                )  # fmt: skip
            if synth["status"] != "ok":
                raise SystemExit(f"synth failed: {synth['status']}")
            actual = int(synth["triples"])
            entry: dict[str, Any] = {
                "requested": n,
                "triples": actual,
                "synth": synth,
                "nqgraph": {},
                "reference": {},
                "stack": {},
            }
            params: dict[str, Any] = {}
            for phase in PHASES:
                if phase not in args.phases:
                    entry["nqgraph"][phase] = {"status": "not run (--phases)"}
                    continue
                print(f"   nqgraph {phase} …", flush=True)
                res = run_phase(
                    NQ_PHASES[phase],
                    data=data,
                    cache=cache,
                    cap=args.nq_cap,
                    runs=args.runs,
                    timeout=args.nq_cap,
                )
                entry["nqgraph"][phase] = res
                params = res.get("params", params)
            blocked = ""
            for phase in PHASES:
                key = f"ref-{phase}"
                if phase not in args.phases or args.no_reference:
                    entry["reference"][phase] = {"status": "not run (--phases / --no-reference)"}
                    continue
                guess = predicted(history.get(key, []), actual)
                given: dict[str, Any] = {}
                timeout = args.cap * SETUP_ALLOWANCE + 60
                if phase == "queries":
                    # Each saved query has its own cap, and is skipped where its growth predicts more.
                    names = list(entry["nqgraph"]["queries"].get("queries", {}))
                    guesses = {q: predicted(history.get(f"ref-query-{q}", []), actual) for q in names}
                    skip = {q: g for q, g in guesses.items() if g is not None and g > args.cap}
                    given = {"params": params, "skip": skip}
                    timeout = args.cap * (len(names) - len(skip) + 1) + 120
                    guess = None
                if phase == "site":
                    res = {"status": "n/a: the reference pipeline writes no site"}
                elif phase == "build":
                    parts = [phase_seconds(entry["reference"][p]) for p in REF_ONLY_SUMMED]
                    if all(s is not None for s in parts):
                        peaks = [float(entry["reference"][p]["peak_mb"]) for p in REF_ONLY_SUMMED]
                        res = {"status": "ok", "seconds": sum(s for s in parts if s), "peak_mb": max(peaks)}
                    else:
                        res = {"status": "skipped: a reference phase did not finish within the cap"}
                elif blocked:
                    res = {"status": f"skipped: {blocked}"}
                elif guess is not None and guess > args.cap:
                    res = {"status": f"skipped: predicted {guess:.0f} s > cap {args.cap:.0f} s"}
                else:
                    print(f"   reference {phase} …", flush=True)
                    res = run_phase(
                        REF_PHASES[phase], data=data, cache=cache, cap=args.cap, runs=args.runs,
                        params=given, timeout=timeout,
                    )  # fmt: skip
                entry["reference"][phase] = res
                if phase == "reason" and res["status"] != "ok":
                    blocked = "needs the reference's closed graph"
                seconds = phase_seconds(res)
                if seconds is not None:
                    history.setdefault(key, []).append((actual, seconds))
                for q, timing in res.get("queries", {}).items():
                    if timing.get("median_ms") is not None:
                        history.setdefault(f"ref-query-{q}", []).append((actual, timing["median_ms"] / 1000))
            for phase in PHASES:
                seconds = phase_seconds(entry["nqgraph"][phase])
                if seconds is not None:
                    history.setdefault(f"nq-{phase}", []).append((actual, seconds))
            entry["stack"] = run_stack(args, data=data, cache=cache, triples=actual, memory=stack_memory)
            report["sizes"].append(entry)
            shutil.rmtree(cache, ignore_errors=True)
            print_size(entry, args.cap)
    finally:
        if not args.keep and not args.work:
            shutil.rmtree(work, ignore_errors=True)
    report["growth"] = growth(report["sizes"])
    report["growth_overall"] = overall_growth(report["sizes"])
    return report


def given_corpus(data: Path) -> dict[str, Any]:
    """The facts of a corpus written earlier by ``nqgraph synth`` (its ``defects.json``)."""
    facts = json.loads((data / "defects.json").read_text(encoding="utf-8"))
    return {
        "status": "ok",
        "given": data.name,  # the folder's name only: the results name no path outside the repository
        "seed": facts["seed"],
        "requested": facts["requested_triples"],
        "triples": facts["asserted_triples"],
        "documents": facts["documents"],
        "provinces": facts["provinces"],
        "files": sum(1 for _ in data.rglob("*.ttl")),
        "defects": len(facts["defects"]),
        "seconds": 0.0,
        "peak_mb": 0.0,
    }


def run_stack(
    args: argparse.Namespace,
    *,
    data: Path,
    cache: Path,
    triples: int,
    memory: dict[str, list[tuple[int, float]]],
) -> dict[str, Any]:
    """The stack's phases (pyoxigraph's bulk load, reasonable, pyrudof), each in its own process;
    ``compare`` (untimed) writes nqgraph's reasoned dataset for pyrudof and compares the closures.

    A phase whose peak memory, grown linearly from the smaller sizes (``memory``), would pass
    ``--stack-memory-cap`` is skipped and says so: pyrudof needs about 5 GB at 1M triples."""
    stack: dict[str, Any] = {}
    wanted = set(args.phases) & set(STACK_PHASES)
    if "validate" in wanted or "reason" in wanted:
        wanted.add("compare")
    for phase in ("load", "reason", "compare", "validate"):
        if args.no_stack or phase not in wanted:
            stack[phase] = {"status": "not run (--phases / --no-stack)"}
            continue
        if phase == "validate" and stack["compare"].get("status") != "ok":
            stack[phase] = {"status": "skipped: needs nqgraph's reasoned dataset (phase compare)"}
            continue
        seen = memory.get(phase, [])
        guess = max(mb * triples / n for n, mb in seen[-1:]) if seen else None
        if guess is not None and guess > args.stack_memory_cap:
            stack[phase] = {
                "status": f"skipped: predicted {guess:,.0f} MB > cap {args.stack_memory_cap:,.0f} MB"
            }
            continue
        if phase == "compare" and not (
            stack["reason"].get("status") == "ok" or _validate_fate(args, memory, triples) == "run"
        ):
            stack[phase] = {"status": "skipped: neither reasonable's closure nor pyrudof needs it"}
            continue
        print(f"   stack {phase} …", flush=True)
        stack[phase] = run_phase(
            f"stack-{phase}", data=data, cache=cache, cap=args.cap, runs=1, timeout=args.nq_cap
        )
        if stack[phase].get("status") == "ok" and stack[phase].get("peak_mb"):
            memory.setdefault(phase, []).append((triples, float(stack[phase]["peak_mb"])))
    return stack


def _validate_fate(args: argparse.Namespace, memory: dict[str, list[tuple[int, float]]], triples: int) -> str:
    """Whether pyrudof will run at this size (its memory grown linearly from the last size)."""
    if args.no_stack or "validate" not in args.phases:
        return "skipped: not asked"
    seen = memory.get("validate", [])
    if seen and seen[-1][1] * triples / seen[-1][0] > args.stack_memory_cap:
        return "skipped: over the memory cap"
    return "run"


def growth(sizes: list[dict[str, Any]]) -> dict[str, dict[str, list[float | None]]]:
    """Growth exponents between consecutive sizes, per pipeline and phase."""
    out: dict[str, dict[str, list[float | None]]] = {"nqgraph": {}, "reference": {}}
    for pipeline in out:
        for phase in PHASES:
            values: list[float | None] = []
            for a, b in itertools.pairwise(sizes):
                ta, tb = phase_seconds(a[pipeline][phase]), phase_seconds(b[pipeline][phase])
                values.append(exponent(a["triples"], ta, b["triples"], tb) if ta and tb else None)
            out[pipeline][phase] = values
    return out


def overall_growth(sizes: list[dict[str, Any]]) -> dict[str, dict[str, dict[str, Any]]]:
    """Per pipeline and phase (and per saved query): the exponent from the smallest size to the
    largest one the phase finished at, with that span, so one figure sums up 10k to 5M."""
    out: dict[str, dict[str, dict[str, Any]]] = {"nqgraph": {}, "reference": {}}

    def span(pipeline: str, key: str, seconds: Any) -> None:
        done = [(e["triples"], t) for e in sizes if (t := seconds(e[pipeline])) is not None and t > 0]
        if len(done) >= 2:
            (n1, t1), (n2, t2) = done[0], done[-1]
            out[pipeline][key] = {"from": n1, "to": n2, "exponent": exponent(n1, t1, n2, t2)}

    for pipeline in out:
        for phase in PHASES:
            span(pipeline, phase, lambda p, phase=phase: phase_seconds(p[phase]))
        names = sorted({q for e in sizes for q in e[pipeline]["queries"].get("queries", {})})
        for name in names:

            def median(p: dict[str, Any], name: str = name) -> float | None:
                ms = p["queries"].get("queries", {}).get(name, {}).get("median_ms")
                return None if ms is None else float(ms) / 1000

            span(pipeline, f"query {name}", median)
    return out


def answered(entry: dict[str, Any]) -> tuple[float, int, int]:
    """For a queries phase: the sum of the medians answered within the cap, how many, of how many."""
    queries = entry.get("queries", {})
    medians = [q["median_ms"] for q in queries.values() if q.get("median_ms") is not None]
    return sum(medians) / 1000, len(medians), len(queries)


def _fmt_s(entry: dict[str, Any]) -> str:
    seconds = phase_seconds(entry)
    if seconds is None:
        total, done, of = answered(entry)
        return f"≥{total:.1f}" if 0 < done < of else "—"  # a lower bound: some queries over the cap
    return f"{seconds:.3f}" if seconds < 10 else f"{seconds:.1f}"


def _fmt_mb(entry: dict[str, Any]) -> str:
    return f"{entry['peak_mb']:.0f}" if entry.get("status") == "ok" else "—"


def _short_status(entry: dict[str, Any]) -> str:
    status = str(entry.get("status", "—"))
    return (
        "> cap" if "cap" in status and "skipped" not in status else "skipped" if "skipped" in status else "—"
    )


def print_size(entry: dict[str, Any], cap: float) -> None:
    synth = entry["synth"]
    made = (
        f"given: {synth['given']}"
        if "given" in synth
        else f"generated in {synth['seconds']:.1f} s, {synth['peak_mb']:.0f} MB"
    )
    print(
        f"\n{entry['triples']:,} asserted triples ({synth['documents']:,} documents, {synth['provinces']} "
        f"provinces); {made}"
    )
    print(f"  {'phase':<9} {'nqgraph s':>10} {'MB':>6} {'reference s':>12} {'MB':>6} {'ratio':>8}")
    for phase in PHASES:
        nq, ref = entry["nqgraph"][phase], entry["reference"][phase]
        a, b = phase_seconds(nq), phase_seconds(ref)
        ratio = f"{b / a:.1f}×" if a and b else "—"
        if phase == "queries" and a and b is None and answered(ref)[1]:
            ratio = f"≥{answered(ref)[0] / a:.0f}×"
        print(
            f"  {phase:<9} {_fmt_s(nq):>10} {_fmt_mb(nq):>6} {_fmt_s(ref):>12} {_fmt_mb(ref):>6} {ratio:>8}"
        )
        if ref.get("status", "ok") != "ok":
            print(f"  {'':<9} reference: {ref['status']}")
        elif b is not None and b > cap and phase != "queries":
            print(f"  {'':<9} reference: over the cap of {cap:.0f} s (let finish: the growth predicted less)")
    build = entry["nqgraph"]["build"]
    if build.get("peak_all_processes_mb"):
        print(f"  whole build, peak of all its processes (Pss): {build['peak_all_processes_mb']:.0f} MB")
        print("  build phases (s): " + ", ".join(f"{k} {v:.1f}" for k, v in build["timings"].items()))
    print_stack(entry)
    nq_q = entry["nqgraph"]["queries"].get("queries", {})
    ref_q = entry["reference"]["queries"].get("queries", {})
    print(f"  {'query (median ms)':<38} {'rows':>6} {'nqgraph':>9} {'reference':>10} {'ratio':>8}")
    for name, q in nq_q.items():
        r = ref_q.get(name, {})
        a, b = q.get("median_ms"), r.get("median_ms")
        ratio = f"{b / a:.0f}×" if a and b else "—"
        rows = q.get("rows", "—")
        ref_text = f"{b:.1f}" if b is not None else _short_status(r)
        mismatch = " (rows differ)" if r.get("rows") is not None and r.get("rows") != q.get("rows") else ""
        a_text = f"{a:.1f}" if a is not None else "—"
        print(f"  {name:<38} {rows!s:>6} {a_text:>9} {ref_text:>10} {ratio:>8}{mismatch}")


STACK_NAMES = {
    "load": "load: `Store.bulk_load` (pyoxigraph)",
    "reason": "reasoning: `reason()` (reasonable)",
    "validate": "validation: `validate_shacl()` (pyrudof)",
}


def stack_rows(entry: dict[str, Any]) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(phase, nqgraph's result, the stack's result) for each phase both ran."""
    stack = entry.get("stack", {})
    return [
        (phase, entry["nqgraph"].get(phase, {}), stack[phase])
        for phase in STACK_PHASES
        if stack.get(phase, {}).get("status") == "ok"
    ]


def print_stack(entry: dict[str, Any]) -> None:
    rows = stack_rows(entry)
    if not rows:
        return
    print(f"  {'stack phase':<44} {'stack s':>8} {'MB':>6} {'nqgraph s':>10} {'stack/nqgraph':>14}")
    for phase, nq, stack in rows:
        a, b = phase_seconds(nq), phase_seconds(stack)
        ratio = f"{b / a:.2f}" if a and b else "—"
        print(f"  {STACK_NAMES[phase]:<44} {b or 0:>8.2f} {_fmt_mb(stack):>6} {_fmt_s(nq):>10} {ratio:>14}")
        if stack.get("load_seconds") is not None:
            print(f"  {'':<44} its own load of the files: {stack['load_seconds']:.2f} s")
        if stack.get("transactional_load_seconds") is not None:
            print(f"  {'':<44} the same files with `Store.load`: {stack['transactional_load_seconds']:.2f} s")
    for line in stack_comparison(entry):
        print(f"  {line}")


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def stack_comparison(entry: dict[str, Any]) -> list[str]:
    """What the stack's results say beside nqgraph's: the closures, the findings."""
    stack, lines = entry.get("stack", {}), []
    compare, reason, validate = stack.get("compare", {}), stack.get("reason", {}), stack.get("validate", {})
    if reason.get("status") == "ok" and "reasonable_triples" in compare:
        extra = ", ".join(f"{_local(p)} {n:,}" for p, n in compare["reasonable_only_by_predicate"].items())
        types = ", ".join(f"{_local(c)} {n:,}" for c, n in compare["reasonable_only_types"].items())
        missing = ", ".join(f"{_local(p)} {n:,}" for p, n in compare["nq_only_by_predicate"].items())
        lines += [
            f"closure: reasonable {reason['closure']:,} triples ({reason['inferred']:,} beyond its input); "
            f"nqgraph inferred {compare['nq_inferred']:,}",
            f"  reasonable's triples nqgraph does not have: {compare['reasonable_only']:,} ({extra}; "
            f"types: {types})",
            f"  nqgraph's inferred triples reasonable does not have: "
            f"{compare['nq_inferred_missing_in_reasonable']:,} ({missing or 'none'})",
        ]
    if validate.get("status") == "ok" and "nq_results" in validate:
        missed = ", ".join(f"{c} {n}" for c, n in validate["missed_by_component"].items()) or "none"
        extra = ", ".join(f"{c} {n}" for c, n in validate["extra_by_component"].items()) or "none"
        lines += [
            f"findings: pyrudof {validate['results']:,}, nqgraph {validate['nq_results']:,}, "
            f"the same {validate['same']:,}; missed by pyrudof: {missed}; pyrudof's alone: {extra}"
        ]
    return lines


def _k(n: int) -> str:
    # The corpora fall a little short of the size asked for (999,8xx triples for 1M).
    return f"{n / 1e6:.0f}M" if n >= 950_000 else f"{round(n / 1000):,}k"


PHASE_NAMES = {
    "load": "load",
    "reason": "reasoning",
    "validate": "validation",
    "queries": "saved queries (sum of medians)",
    "site": "core site (its own process)",
    "build": "**whole build** (`--site core`)",
}


def _md_time(entry: dict[str, Any]) -> str:
    seconds = phase_seconds(entry)
    if seconds is None:
        total, done, of = answered(entry)
        if 0 < done < of:
            return f"≥{total:.1f} s ({of - done} over the cap)"
        return "—"
    text = f"{seconds:.2f} s" if seconds < 10 else f"{seconds:.1f} s"
    if entry.get("peak_mb"):
        text += f", {entry['peak_mb']:,.0f} MB"
    return text


def print_markdown(report: dict[str, Any]) -> None:
    """The README's tables, generated from a saved run so the figures are never copied by hand."""
    sizes = report["sizes"]
    heads = [_k(e["triples"]) for e in sizes]
    overall = overall_growth(sizes)

    def row(cells: list[str]) -> None:
        print("| " + " | ".join(cells) + " |")

    ran = {phase for e in sizes for phase in PHASES if e["nqgraph"][phase].get("status") == "ok"}
    print("nqgraph (time, peak memory of the process):\n")
    row(["phase", *heads, "b, smallest→largest"])
    row(["---"] * (len(heads) + 2))
    for phase in PHASES:
        if phase not in ran:
            continue
        cells = [_md_time(e["nqgraph"][phase]) for e in sizes]
        row([PHASE_NAMES[phase], *cells, _overall_cell(overall["nqgraph"].get(phase))])
    if "build" in ran:
        pss = [e["nqgraph"]["build"].get("peak_all_processes_mb") for e in sizes]
        row(
            ["whole build, peak of all its processes (Pss)", *(f"{v:,.0f} MB" if v else "—" for v in pss), ""]
        )
    if any(stack_rows(e) for e in sizes):
        print_markdown_stack(sizes, heads, row)
    if not any(e["reference"][p].get("status") == "ok" for e in sizes for p in PHASES):
        return

    print("\nreference (rdflib + owlrl + pySHACL used plainly; ratio = reference / nqgraph, same run):\n")
    row(["phase", *heads])
    row(["---"] * (len(heads) + 1))
    for phase in PHASES:
        if phase == "site":
            continue
        cells = []
        for e in sizes:
            ref, nq = e["reference"][phase], e["nqgraph"][phase]
            a, b = phase_seconds(nq), phase_seconds(ref)
            if b is not None and a:
                cells.append(f"{_md_time(ref)} ({b / a:.1f}×)")
            elif phase == "queries" and a and answered(ref)[1]:
                cells.append(f"{_md_time(ref)} (≥{answered(ref)[0] / a:.0f}×)")
            elif "predicted" in str(ref.get("status", "")):
                cells.append(str(ref["status"]).replace("skipped: ", "skipped, "))
            else:
                cells.append("—")
        label = "**whole build** (its load + reasoning + validation)" if phase == "build" else None
        row([label or PHASE_NAMES[phase], *cells])

    print("\nsaved queries on Oxigraph (median of the runs, ms; rows in brackets):\n")
    names = sorted({q for e in sizes for q in e["nqgraph"]["queries"].get("queries", {})})
    row(["query", *heads, "b, smallest→largest"])
    row(["---"] * (len(heads) + 2))
    for name in names:
        cells = []
        for e in sizes:
            q = e["nqgraph"]["queries"].get("queries", {}).get(name, {})
            ms, rows = q.get("median_ms"), q.get("rows")
            cells.append("—" if ms is None else f"{ms:,.1f} ({rows:,})")
        row([f"`{name}`", *cells, _overall_cell(overall["nqgraph"].get(f"query {name}"))])

    print(
        "\nthe whole build's own timings (s; validation runs on a thread beside the site index, "
        "and the dumps are written beside the pages):\n"
    )
    keys = ["load", "reason", "site.index", "validate", "validate.wait", "site.pages", "total"]
    row(["corpus", *keys])
    row(["---"] * (len(keys) + 1))
    for e, head in zip(sizes, heads, strict=True):
        timings = e["nqgraph"]["build"].get("timings", {})
        row([head, *(f"{timings[k]:.1f}" if k in timings else "—" for k in keys)])


def print_markdown_stack(
    sizes: list[dict[str, Any]], heads: list[str], row: Callable[[list[str]], None]
) -> None:
    """The stack beside nqgraph, phase by phase, and what their results say."""
    print(
        "\nthe stack beside nqgraph (time, peak memory of the process; ratio = stack / nqgraph, same run: "
        "below 1, the stack is faster):\n"
    )
    row(["phase", *heads])
    row(["---"] * (len(heads) + 1))
    for phase in STACK_PHASES:
        if not any(e.get("stack", {}).get(phase, {}).get("status") == "ok" for e in sizes):
            continue
        row([f"{PHASE_NAMES[phase]}, nqgraph", *(_md_time(e["nqgraph"][phase]) for e in sizes)])
        cells = []
        for e in sizes:
            stack, nq = e.get("stack", {}).get(phase, {}), e["nqgraph"][phase]
            a, b = phase_seconds(nq), phase_seconds(stack)
            if b is None:
                cells.append("—")
                continue
            own = f" (+ {stack['load_seconds']:.2f} s its own load)" if "load_seconds" in stack else ""
            if "transactional_load_seconds" in stack:
                own = f" (`Store.load`: {stack['transactional_load_seconds']:.2f} s)"
            cells.append(_md_time(stack) + own + (f", **{b / a:.2f}×**" if a else ""))
        row([STACK_NAMES[phase], *cells])

    print("\nresults side by side:\n")
    row(["result", *heads])
    row(["---"] * (len(heads) + 1))

    def values(value: Callable[[dict[str, Any], dict[str, Any], dict[str, Any]], str]) -> list[str]:
        out = []
        for e in sizes:
            stack = e.get("stack", {})
            try:
                out.append(
                    value(stack.get("reason", {}), stack.get("compare", {}), stack.get("validate", {}))
                )
            except (KeyError, TypeError):
                out.append("—")
        return out

    row(["triples nqgraph inferred", *values(lambda r, c, v: f"{c['nq_inferred']:,}")])
    row(
        [
            "closure of reasonable (beyond its input)",
            *values(lambda r, c, v: f"{r['closure']:,} ({r['inferred']:,})"),
        ]
    )
    row(["reasonable's alone (of which `rdf:type owl:Thing`)", *values(
        lambda r, c, v: f"{c['reasonable_only']:,} ({c['reasonable_only_types'].get(OWL_THING, 0):,})"
    )])  # fmt: skip
    row(["nqgraph's alone (by predicate)", *values(lambda r, c, v: _md_counts(c["nq_only_by_predicate"]))])
    row(["findings: nqgraph, pyrudof, the same", *values(
        lambda r, c, v: f"{v['nq_results']:,}, {v['results']:,}, {v['same']:,}"
    )])  # fmt: skip
    row(
        [
            "findings pyrudof misses (by component)",
            *values(lambda r, c, v: _md_counts(v["missed_by_component"])),
        ]
    )
    row(["findings pyrudof alone reports", *values(lambda r, c, v: _md_counts(v["extra_by_component"]))])

    print("\nwhere nqgraph's load goes (s; the rest: the wait for the forked per-file scan, the counts):\n")
    parts = [p for p in LOAD_PARTS if any(p in e["nqgraph"]["load"].get("breakdown", {}) for e in sizes)]
    row(["part", *heads])
    row(["---"] * (len(heads) + 1))
    for part in parts:
        row([part, *(f"{e['nqgraph']['load'].get('breakdown', {}).get(part, 0):.2f}" for e in sizes)])


OWL_THING = "http://www.w3.org/2002/07/owl#Thing"


def _md_counts(counts: dict[str, int]) -> str:
    return (
        ", ".join(f"{_local(k).removesuffix('ConstraintComponent')} {n:,}" for k, n in counts.items())
        or "none"
    )


def print_growth(report: dict[str, Any]) -> None:
    sizes = report["sizes"]
    if len(sizes) < 2:
        return
    spans = [f"{_k(a['triples'])}→{_k(b['triples'])}" for a, b in itertools.pairwise(sizes)]
    print("\ngrowth exponent b (t ∝ n^b) between sizes; last column: smallest to largest size measured")
    print(f"  {'pipeline':<10} {'phase':<9} " + " ".join(f"{s:>14}" for s in spans) + f" {'overall':>18}")
    overall = overall_growth(sizes)
    for pipeline in ("nqgraph", "reference"):
        for phase in PHASES:
            values = report["growth"][pipeline][phase]
            cells = " ".join(f"{v:>14.2f}" if v is not None else f"{'—':>14}" for v in values)
            print(f"  {pipeline:<10} {phase:<9} {cells} {_overall_cell(overall[pipeline].get(phase)):>18}")
    queries = {k: v for k, v in overall["nqgraph"].items() if k.startswith("query ")}
    if queries:
        print("  nqgraph saved queries, smallest to largest size:")
        for key, value in queries.items():
            print(f"    {key.removeprefix('query '):<38} {_overall_cell(value):>18}")


def _overall_cell(value: dict[str, Any] | None) -> str:
    if not value or value["exponent"] is None:
        return "—"
    return f"{value['exponent']:.2f} ({_k(value['from'])}→{_k(value['to'])})"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000], help="corpus sizes")
    parser.add_argument("--big", action="store_true", help="add 1M and 5M triples")
    parser.add_argument("--cap", type=float, default=300.0, help="seconds a reference phase may take")
    parser.add_argument("--nq-cap", type=float, default=3600.0, help="seconds an nqgraph phase may take")
    parser.add_argument("--runs", type=int, default=5, help="runs per saved query (the median is reported)")
    parser.add_argument(
        "--phases", nargs="+", choices=PHASES, default=list(PHASES), help="phases to run (default: all)"
    )
    parser.add_argument("--no-reference", action="store_true", help="leave out rdflib + owlrl + pySHACL")
    parser.add_argument(
        "--no-stack", action="store_true", help="leave out pyoxigraph's bulk load, reasonable and pyrudof"
    )
    parser.add_argument(
        "--stack-memory-cap",
        type=float,
        default=4000.0,
        help="MB a phase of the stack may be predicted to need",
    )
    parser.add_argument(
        "--corpora",
        type=Path,
        nargs="+",
        help="corpora written earlier by nqgraph synth (instead of --sizes)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "scale.json")
    parser.add_argument("--work", type=Path, default=None, help="folder for the corpora (kept)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary corpora")
    parser.add_argument("--show", type=Path, default=None, help="print the tables of a saved JSON and exit")
    parser.add_argument("--markdown", action="store_true", help="with --show: the README's Markdown tables")
    # Internal: run one phase in this process and print its JSON line.
    parser.add_argument("--phase", choices=sorted(PHASE_FUNCS), help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--triples", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--params", default="{}", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        run_phase_here(args)
        return
    if args.show:
        saved = json.loads(args.show.read_text(encoding="utf-8"))
        if args.markdown:
            print_markdown(saved)
            return
        for entry in saved["sizes"]:
            print_size(entry, saved["cap_s"])
        print_growth(saved)
        return
    report = benchmark(args)
    print_growth(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out}")


if __name__ == "__main__":
    main()
