"""The incremental build: the previous output and state, changed only where data files changed.

The previous output's files are hard-linked into a new temporary sibling folder and its state
store is backed up there; only the changed data files are parsed (with the loader's checks and
messages); their net change of the asserted graph is applied to the store copy, and the outputs
are brought up to date; then the folder is swapped in atomically, as a clean build's is. A
failure at any point leaves the previous output and state as they were.

The asserted graph is the union of the files' triples, so a triple leaves it only when no file
asserts it any more: the old triples of an edited or removed file come from the copy the state
keeps of it, and a triple about a subject that an unchanged file also describes is checked against
that file before it is removed. A changed file holding blank nodes is built in full: its blank
nodes cannot be matched with those of the store (see docs/decisions.md).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from nqgraph.graph import query_facts
from nqgraph.graph.answer_files import FOLDER as ANSWERS
from nqgraph.graph.answer_files import write_answers
from nqgraph.graph.loader import FileScan, check_change, file_triples, scan_file
from nqgraph.graph.ntriples import NTriple
from nqgraph.graph.queries import load_queries
from nqgraph.graph.rederive import ClosureChange, apply_change
from nqgraph.graph.revalidate import StaleValidation, revalidate
from nqgraph.graph.stats import stats, stats_after
from nqgraph.graph.store import OxigraphStore
from nqgraph.graph.validation import ValidationResult, load_shapes, validate_store
from nqgraph.namespaces import GRAPH_ASSERTED, GRAPH_INFERRED, GRAPH_ONTOLOGY, ID
from nqgraph.paths import state_store
from nqgraph.pipeline.build import BuildResult, Settings, write_reports
from nqgraph.pipeline.changes import Plan
from nqgraph.pipeline.state import (
    Manifest,
    StateError,
    copy_store,
    link_tree,
    read_item_rows,
    read_pages,
    read_query_facts,
    read_scans,
    read_tally,
    read_validation,
    source_copy,
    source_texts,
    write_item_rows,
    write_query_facts,
    write_state,
)
from nqgraph.publish.describe import describe
from nqgraph.publish.dumps import Change, update_dumps
from nqgraph.publish.site.index import Index
from nqgraph.publish.site.item_rows import ItemRows
from nqgraph.publish.site.on_demand import rerender_site
from nqgraph.publish.site.reads_table import ReadsTable
from nqgraph.publish.site.site_wide import SiteChange, whole_index
from nqgraph.publish.tally import Tally
from nqgraph.runtime.atomic import atomic_folder
from nqgraph.runtime.progress import Progress
from nqgraph.runtime.threads import on_thread


def _has_blank_nodes(triples: Iterable[NTriple]) -> bool:
    return any(s.startswith("_:") or o.startswith("_:") for s, _, o in triples)


def _native(triples: Iterable[NTriple], graph: str) -> list[ox.Quad]:
    """The triples as Oxigraph quads in ``graph`` (term strings are N-Triples, parsed as such)."""
    text = "".join(f"{s} {p} {o} .\n" for s, p, o in triples)
    g = ox.NamedNode(graph)
    return [
        ox.Quad(t.subject, t.predicate, t.object, g) for t in ox.parse(text, format=ox.RdfFormat.N_TRIPLES)
    ]


class _Change:
    """The net change of the asserted graph from the changed files, and the scans of the new ones."""

    def __init__(self) -> None:
        self.added: list[NTriple] = []
        self.removed: list[NTriple] = []
        self.scans: dict[str, FileScan] = {}


def _net_change(
    out: Path,
    *,
    plan: Plan,
    previous: Manifest,
    data: Path,
    scans: Mapping[str, FileScan],
    asserted: ox.Store,
    progress: Progress,
) -> _Change:
    """Parse the changed files (new and old versions) and net their triples against the other files."""
    change = _Change()
    fresh = [*plan.added, *plan.changed]
    progress.phase("load", len(fresh), unit="files")
    new: set[NTriple] = set()
    for rel in fresh:
        triples = file_triples(data / rel)
        change.scans[rel] = scan_file(str(data / rel))
        if _has_blank_nodes(triples):
            raise StateError(f"{rel} holds blank nodes")
        new.update(triples)
        progress.advance()
    progress.done()
    old: set[NTriple] = set()
    for rel in (*plan.changed, *plan.removed):
        copy = source_copy(out, previous.files[rel])
        if not copy.is_file():
            raise StateError(f"the build state has no copy of {rel}")
        triples = file_triples(copy)
        if _has_blank_nodes(triples):
            raise StateError(f"{rel} held blank nodes")
        old.update(triples)
    touched = set(plan.touched)
    # Which unchanged files describe each subject: a triple one of them asserts stays.
    others: dict[str, list[str]] = {}
    for rel, scan in scans.items():
        if rel not in touched:
            for subject in scan.subjects:
                others.setdefault(subject, []).append(rel)
    parsed: dict[str, set[NTriple]] = {}

    def asserted_elsewhere(t: NTriple) -> bool:
        for rel in others.get(t[0][1:-1], ()):
            if rel not in parsed:
                parsed[rel] = set(file_triples(source_copy(out, previous.files[rel])))
            if t in parsed[rel]:
                return True
        return False

    change.removed = sorted(t for t in old - new if not asserted_elsewhere(t))
    # A new triple that an unchanged file asserts already is in the asserted graph.
    added = sorted(new - old)
    change.added = [
        t
        for t, q in zip(added, _native(added, GRAPH_ASSERTED), strict=True)
        if next(asserted.quads_for_pattern(q.subject, q.predicate, q.object, q.graph_name), None) is None
    ]
    return change


def _apply(store: OxigraphStore, change: _Change, progress: Progress) -> ClosureChange:
    """Apply the asserted change to the store and bring its inferred graph up to date (DRed)."""
    progress.phase("reasoning", unit="rounds")
    closure = apply_change(store, added=change.added, removed=change.removed, progress=progress)
    progress.note(f"{len(closure.inferred_added):,} inferred, {len(closure.inferred_removed):,} retracted")
    progress.done()
    return closure


def _ontology_terms(store: OxigraphStore) -> set[str]:
    return {
        q.subject.value
        for q in store.native.quads_for_pattern(None, None, None, ox.NamedNode(GRAPH_ONTOLOGY))
        if isinstance(q.subject, ox.NamedNode)
    }


def update(
    out: Path,
    *,
    previous: Manifest,
    current: Manifest,
    plan: Plan,
    settings: Settings,
    progress: Progress,
) -> BuildResult:
    """Bring the build in ``out`` up to date with the changed data files of ``plan``.

    Raises :class:`~nqgraph.pipeline.state.StateError` when the state cannot serve (the caller
    builds in full) and :class:`~nqgraph.errors.DataError` with a clean build's message when a
    changed file is broken; either way ``out`` is left as it was.
    """
    started = time.perf_counter()
    timings: dict[str, float] = {}
    data = settings.inputs.data
    previous_scans = {Path(s.path).relative_to(data).as_posix(): s for s in read_scans(out, data)}
    query_facts.learn(read_query_facts(out))
    with atomic_folder(out) as folder:
        t0 = time.perf_counter()
        link_tree(out, folder, skip=[state_store(out)])
        copy_store(out, folder)
        store = OxigraphStore(state_store(folder))
        timings["copy"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        change = _net_change(
            out,
            plan=plan,
            previous=previous,
            data=data,
            scans=previous_scans,
            asserted=store.native,
            progress=progress,
        )
        timings["load"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        closure = _apply(store, change, progress)
        timings["reason"] = time.perf_counter() - t0
        scans = {**previous_scans, **change.scans}
        for rel in plan.removed:
            del scans[rel]
        ordered = [scans[rel] for rel in current.files]  # the data files' order, as a clean build has it
        defined_in = check_change(
            store,
            ordered,
            _ontology_terms(store),
            added=closure.asserted_added,
            removed=closure.asserted_removed,
        )
        result = _publish(
            folder,
            out=out,
            store=store,
            closure=closure,
            defined_in=defined_in,
            settings=settings,
            timings=timings,
            progress=progress,
        )
        t0 = time.perf_counter()
        write_state(
            folder,
            manifest=replace(current, sources=source_texts(store, settings.inputs.root)),
            scans=ordered,
            data=data,
            validation=result.build.validation,
            tally=result.tally,
            pages=result.pages,
        )
        if result.item_rows is not None:
            write_item_rows(folder, result.item_rows)
        texts = {q.text for q in load_queries(settings.inputs.queries).values()}
        write_query_facts(folder, query_facts.known(texts))
        store.native.flush()
        del store
        timings["state"] = time.perf_counter() - t0
    timings["total"] = time.perf_counter() - started
    return result.build


@dataclass(frozen=True)
class _Published:
    build: BuildResult
    tally: Tally
    pages: ReadsTable | None
    item_rows: ItemRows | None


def _validated(
    store: OxigraphStore,
    previous: ValidationResult,
    *,
    closure: ClosureChange,
    defined_in: dict[str, str],
    settings: Settings,
    progress: Progress,
) -> ValidationResult:
    """The validation of the changed store: re-validated around the change, or in full when the
    previous result cannot serve."""
    shapes = load_shapes(settings.inputs.shapes)
    triples = [*closure.asserted_added, *closure.asserted_removed]
    triples += [*closure.inferred_added, *closure.inferred_removed]
    try:
        result = revalidate(
            store,
            shapes,
            previous=previous,
            changed=closure.nodes(),
            defined_in=defined_in,
            validator=settings.validator,
            progress=progress,
            triples=triples,
        )
    except StaleValidation:
        result = validate_store(
            store, shapes, defined_in=defined_in, validator=settings.validator, progress=progress
        )
    return result


def _pages_to_render(
    previous: ReadsTable | None,
    closure: ClosureChange,
    *,
    scope: str,
    index: Index | None,
) -> set[str]:
    """The resources whose files may have changed: those whose page read a changed node, and the
    resources of the change themselves (new, removed, or typed anew). Without the previous pages'
    reads (after a clean build), every resource the site has files for."""
    changed = _changed_triples(closure)
    own = {n[1:-1] for n in closure.nodes() if n.startswith("<") and n[1:-1].startswith(ID)}
    if previous is not None:
        # The previous reads also hold the site-wide files' (keyed by their paths, not IRIs).
        return own | {iri for iri in previous.touched(changed) if iri.startswith(ID)}
    assert index is not None
    if scope == "all":
        every = {str(s) for s in index.out if isinstance(s, URIRef) and str(s).startswith(ID)}
    else:
        every = {str(n) for cls in CORE for n in index.instances(cls)}
    return own | every


CORE = ("Document", "Agency", "Indicator", "Expression")


def _counts(out: Path, store: OxigraphStore, closure: ClosureChange) -> dict[str, int]:
    """The counts of the changed store: the previous build's, brought up to date by the change
    (counting a million triples again takes seconds), or counted when they cannot be read."""
    try:
        summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
        previous = {str(k): int(v) for k, v in summary["counts"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return stats(store)
    return stats_after(
        previous,
        store,
        asserted=(closure.asserted_added, closure.asserted_removed),
        inferred=(closure.inferred_added, closure.inferred_removed),
    )


def _changed_triples(closure: ClosureChange) -> list[NTriple]:
    """Every triple the change added or removed, asserted or inferred."""
    asserted = [*closure.asserted_added, *closure.asserted_removed]
    return [*asserted, *closure.inferred_added, *closure.inferred_removed]


def _publish(
    folder: Path,
    *,
    out: Path,
    store: OxigraphStore,
    closure: ClosureChange,
    defined_in: dict[str, str],
    settings: Settings,
    timings: dict[str, float],
    progress: Progress,
) -> _Published:
    """Bring every output in ``folder`` (hard links to the previous output) up to date with the
    changed store, writing each changed file anew."""
    inp, day = settings.inputs, settings.day
    t0 = time.perf_counter()
    validation = _validated(
        store,
        read_validation(out),
        closure=closure,
        defined_in=defined_in,
        settings=settings,
        progress=progress,
    )
    counts = _counts(out, store, closure)
    timings["validate"] = time.perf_counter() - t0
    result = BuildResult(out=out, validation=validation, counts=counts, timings=timings)
    write_reports(folder, result, inputs=inp, day=day)
    t0 = time.perf_counter()
    progress.phase("dumps", unit="subjects")
    updated = update_dumps(
        folder=folder,
        store=store,
        changes={
            GRAPH_ASSERTED: Change(added=closure.asserted_added, removed=closure.asserted_removed),
            GRAPH_INFERRED: Change(added=closure.inferred_added, removed=closure.inferred_removed),
        },
        tally=read_tally(out),
    )
    progress.advance(updated.subjects)
    progress.done()
    timings["dumps"] = time.perf_counter() - t0
    queries = load_queries(inp.queries)
    changed = _changed_triples(closure)
    pages: ReadsTable | None = None
    item_rows: ItemRows | None = None
    # The saved queries' answers are asked in Oxigraph's native code on threads while this one
    # renders the touched resources' pages; the queries' own pages, which read the answers, wait.
    answered = time.perf_counter()
    with on_thread(
        write_answers, folder / ANSWERS, store, queries, changed=changed, name="answers"
    ) as answering:

        def answers_ready() -> None:
            answering.result()
            timings.setdefault("answers", time.perf_counter() - answered)

        if settings.site:
            t0 = time.perf_counter()
            previous = read_pages(out)
            # With the previous pages' reads, the touched pages and site-wide files are read from
            # the store node by node; without them (a state that kept none) every page is rendered
            # again, which the whole-graph index does faster.
            index = whole_index(store) if previous is None else None
            timings["site.index"] = time.perf_counter() - t0
            iris = _pages_to_render(previous, closure, scope=settings.site_scope, index=index)
            # Without the previous pages' reads, the kept rows of their items cannot be trusted.
            kept_rows = read_item_rows(out) if previous is not None else ItemRows()
            rows = kept_rows.session(changed)
            progress.phase("pages", len(iris), unit="resources")
            reads = rerender_site(
                store,
                site_root=folder / "site",
                iris=iris,
                today=day,
                sources_root=inp.root,
                queries=queries,
                downloads={name: folder / name for name in ("nqgraph.ttl", "nqgraph.trig")},
                findings=[f for f in validation.findings if f.severity == "Warning"],
                scope=settings.site_scope,
                index=index,
                change=SiteChange(triples=changed, previous=previous or {}),
                answers_ready=answers_ready,
                item_rows=rows,
                counts=counts,
            )
            progress.advance(len(iris))
            progress.done()
            pages = (previous or ReadsTable.of({})).updated(iris, reads)
            item_rows = rows.result(rendered=iris, present=pages)
            if item_rows is kept_rows and previous is not None:
                item_rows = None  # unchanged: the state keeps its link to the previous file
            timings["site"] = time.perf_counter() - t0
        answers_ready()
    t0 = time.perf_counter()
    for name in ("dcat.ttl", "void.ttl"):
        (folder / name).unlink(missing_ok=True)  # hard links to the previous output's files
    describe(counts=counts, out_dir=folder, build_day=day, facts_of_graphs=updated.tally.facts())
    timings["describe"] = time.perf_counter() - t0
    return _Published(build=result, tally=updated.tally, pages=pages, item_rows=item_rows)
