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

import shutil
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

import pyoxigraph as ox

from nqgraph.graph.loader import FileScan, check, file_triples, scan_file
from nqgraph.graph.ntriples import NTriple
from nqgraph.graph.reasoner import reason
from nqgraph.graph.store import OxigraphStore
from nqgraph.graph.validation import load_shapes
from nqgraph.namespaces import GRAPH_ASSERTED, GRAPH_INFERRED, GRAPH_ONTOLOGY
from nqgraph.paths import STATE_DIR, state_store
from nqgraph.pipeline.build import BuildResult, Settings, write_outputs
from nqgraph.pipeline.changes import Plan
from nqgraph.pipeline.state import (
    Manifest,
    StateError,
    copy_store,
    link_tree,
    read_scans,
    source_copy,
    write_state,
)
from nqgraph.runtime.atomic import atomic_folder
from nqgraph.runtime.progress import Progress


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


def _apply(store: OxigraphStore, change: _Change, progress: Progress) -> None:
    """Apply the asserted change to the store and bring its inferred graph up to date."""
    native = store.native
    for q in _native(change.removed, GRAPH_ASSERTED):
        native.remove(q)
    native.extend(_native(change.added, GRAPH_ASSERTED))
    progress.phase("reasoning", unit="rounds")
    native.remove_graph(ox.NamedNode(GRAPH_INFERRED))
    result = reason(store, progress=progress)
    progress.note(f"{result.inferred:,} triples inferred")
    progress.done()


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
        _apply(store, change, progress)
        timings["reason"] = time.perf_counter() - t0
        scans = {**previous_scans, **change.scans}
        for rel in plan.removed:
            del scans[rel]
        ordered = [scans[rel] for rel in current.files]  # the data files' order, as a clean build has it
        defined_in = check(store, ordered, _ontology_terms(store))
        result = _publish_in_full(
            folder,
            out=out,
            store=store,
            defined_in=defined_in,
            settings=settings,
            timings=timings,
            progress=progress,
        )
        write_state(folder, manifest=current, scans=ordered, data=data, validation=result.validation)
        store.native.flush()
        del store
    timings["total"] = time.perf_counter() - started
    return result


def _publish_in_full(
    folder: Path,
    *,
    out: Path,
    store: OxigraphStore,
    defined_in: dict[str, str],
    settings: Settings,
    timings: dict[str, float],
    progress: Progress,
) -> BuildResult:
    """Write every output again from the updated store (what each incremental piece replaces)."""
    for entry in folder.iterdir():
        if entry.name == STATE_DIR:
            continue
        if entry.is_dir():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    memory = OxigraphStore()
    memory.native.extend(store.native.quads_for_pattern(None, None, None, None))
    from nqgraph.publish.site.index import IndexBuilder

    return write_outputs(
        folder,
        out=out,
        store=memory,
        reasoned=memory,
        defined_in=defined_in,
        graphs={},
        builder=IndexBuilder() if settings.site else None,
        settings=settings,
        shapes=load_shapes(settings.inputs.shapes),
        timings=timings,
        save_state=False,
        progress=progress,
    )
