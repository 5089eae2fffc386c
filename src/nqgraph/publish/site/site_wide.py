"""The site-wide files of a site (home, lists, saved queries, SPARQL editor, search index, downloads
and exports, ontology) written again into an existing site folder: what an incremental build does
after re-rendering the resources a change touched."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from rdflib.term import URIRef

from nqgraph.graph.ntriples import NTriple
from nqgraph.graph.queries import SavedQuery
from nqgraph.graph.store import OxigraphStore
from nqgraph.namespaces import GRAPH_ASSERTED, GRAPH_INFERRED, GRAPH_ONTOLOGY, ID
from nqgraph.publish.site.context import Site
from nqgraph.publish.site.index import Index, IndexBuilder
from nqgraph.publish.site.item_rows import RowsSession
from nqgraph.publish.site.property_reader import PropertyReader, ReaderCache
from nqgraph.publish.site.splice import spliced_csv, spliced_search
from nqgraph.publish.site.store_index import PageReads, RecordingIndex, StoreIndex
from nqgraph.publish.site.views.downloads import (
    ROW_LINKS,
    TARGET_COLUMNS,
    TASK_COLUMNS,
    downloads_page,
    target_row,
    task_row,
    write_exports,
)
from nqgraph.publish.site.views.home import findings_marker
from nqgraph.publish.site.views.overviews import HOME, overview_pages
from nqgraph.publish.site.views.queries import write_query_pages
from nqgraph.publish.site.views.search import (
    SEARCH_INDEX,
    SEARCH_PREDICATES,
    entry_text,
    search_entry,
    search_index,
)


@dataclass(frozen=True)
class SiteChange:
    """What an incremental build changed, for the site-wide files: the triples added or removed
    (asserted and inferred, as N-Triples terms) and the reads recorded by the previous build (of
    resources and of site-wide files alike; see :func:`write_site_wide`)."""

    triples: Sequence[NTriple]
    previous: Mapping[str, PageReads]


def whole_index(store: OxigraphStore) -> Index:
    """The whole-graph :class:`Index` of a build's store (what the site-wide pages list)."""
    builder = IndexBuilder()
    for graph in (GRAPH_ONTOLOGY, GRAPH_ASSERTED, GRAPH_INFERRED):
        builder.add(store.nt_triples(URIRef(graph)))
    return builder.finish()


def write_site_wide(
    store: OxigraphStore,
    *,
    site_root: Path,
    today: dt.date,
    sources_root: Path,
    queries: Mapping[str, SavedQuery],
    downloads: Mapping[str, Path],
    findings: Iterable[Any],
    scope: str,
    index: Index | None,
    change: SiteChange | None = None,
    answers_ready: Callable[[], object] | None = None,
    item_rows: RowsSession | None = None,
    counts: Mapping[str, int] | None = None,
) -> dict[str, PageReads]:
    """Write the site-wide files of ``site_root`` again for ``store``. Without ``change``, each
    file anew from ``index`` (the whole-graph index of ``store``; built here when None). With
    ``change``, only those the change can touch, from ``store`` without the whole-graph index
    (unless a file needs the whole graph: the ``"all"`` site's N-Triples and JSON-LD copies):
    the search index and the tables of targets and tasks have the entries of the changed resources
    replaced; the lists, ontology and home pages are written when the change touches what they read
    before (or their reads were not kept).

    With ``change``, returns what the lists, ontology and home pages written read, keyed by their
    site paths (never an IRI: the resources' reads share the dictionary); files left as they were
    keep their earlier reads. Without it, returns nothing. ``answers_ready``, when given, is called
    before the saved queries' pages are written (they read the answers the build writes; the
    caller may still be writing them on another thread). ``item_rows`` holds the table rows of
    the saved queries' pages kept from the previous build (and gets those made now). ``counts`` are
    the build's counts of instances by class name (``nqgraph.graph.stats``), when it has them."""
    whole = _Whole(store, index)
    findings = list(findings)
    query_site = _site(
        index if index is not None else StoreIndex(store.native), site_root, today, sources_root, scope
    )
    query_site.item_rows = item_rows
    # A saved query's pages are written again when the change reaches its answer or what they
    # read of the resources they link (each query's old pages removed first: there may be fewer).
    if answers_ready is not None:
        answers_ready()
    query_reads = write_query_pages(
        query_site, store, queries, change=None if change is None else (change.triples, change.previous)
    )
    cache = ReaderCache(instances=counts)

    def reader() -> Index:
        return PropertyReader(store.native, cache) if index is None else RecordingIndex(index)

    def reads_of(idx: Index) -> PageReads:
        assert isinstance(idx, (PropertyReader, StoreIndex))
        return idx.reads()

    if change is None:
        full = _site(whole.index(), site_root, today, sources_root, scope)
        static = resources.files("nqgraph.publish") / "static"
        for name in ("site.css", "site.js"):
            full.put(f"static/{name}", static.joinpath(name).read_text(encoding="utf-8"))
        search_index(full)
        write_exports(full, full=scope == "all")
    else:
        triples = list(change.triples)
        subjects = {URIRef(s[1:-1]) for s, _, _ in triples if s.startswith("<")}
        # An entry of the search index reads its subject's labels, number and types only.
        named = {URIRef(s[1:-1]) for s, p, _ in triples if s.startswith("<") and p in SEARCH_PREDICATES}
        if named:
            _splice_search(whole, _site(reader(), site_root, today, sources_root, scope), named)
        _splice_exports(whole, _site(reader(), site_root, today, sources_root, scope), subjects)
    found: dict[str, PageReads] = dict(query_reads) if change is not None else {}
    marker = findings_marker(findings)
    for key, write in overview_pages(findings):
        if change is not None and not _stale(key, change, marker if key == HOME else None):
            continue
        site = _site(reader(), site_root, today, sources_root, scope)
        write(site)
        if change is not None:  # without one, nothing is kept: the caller rewrites everything each time
            read = reads_of(site.idx)
            found[key] = read if key != HOME else PageReads(read.subjects | {marker}, read.objects)
    downloads_page(_site(Index(), site_root, today, sources_root, scope), downloads)
    return found


def _stale(key: str, change: SiteChange, marker: str | None) -> bool:
    before = change.previous.get(key)
    if before is None or before.touched_by(change.triples):
        return True
    return marker is not None and marker not in before.subjects


def _site(idx: Index, root: Path, today: dt.date, sources_root: Path, scope: str) -> Site:
    site = Site(idx, root=root, today=today, sources_root=sources_root)
    site.full = scope == "all"
    return site


class _Whole:
    """The whole-graph index, built on first use when the caller has none."""

    def __init__(self, store: OxigraphStore, index: Index | None) -> None:
        self._store, self._index = store, index

    def index(self) -> Index:
        if self._index is None:
            self._index = whole_index(self._store)
        return self._index


def _splice_search(whole: _Whole, site: Site, subjects: set[URIRef]) -> None:
    """The search index with the entries of ``subjects`` (the changed triples' subjects) made
    again: an entry reads its subject's own properties only."""
    path = site.root / SEARCH_INDEX
    previous = path.read_bytes() if path.is_file() else b""
    changed: dict[str, str | None] = {}
    for s in sorted(subjects, key=str):
        if str(s).startswith(ID):
            entry = search_entry(site, s)
            changed[str(s)] = entry_text(entry) if entry is not None else None
    body = spliced_search(previous, changed)
    if body is None:
        search_index(
            _site(whole.index(), site.root, site.today, site.sources_root, "all" if site.full else "core")
        )
        return
    if body != previous:
        site.put(SEARCH_INDEX, body)


def _splice_exports(whole: _Whole, site: Site, subjects: set[URIRef]) -> None:
    """The tables of targets and tasks with the rows of the targets and tasks the change touched
    made again: those among ``subjects`` and those that link to one of them as a row reads it."""
    if site.full:  # the whole graph's N-Triples and JSON-LD copies: from the whole index
        write_exports(_site(whole.index(), site.root, site.today, site.sources_root, "all"), full=True)
        return
    idx = site.idx
    rows_of = set(subjects)
    for s in subjects:
        for link in ROW_LINKS:
            rows_of.update(x for x in idx.subjects(link, s) if isinstance(x, URIRef))
    touched = sorted((t for t in rows_of if str(t).startswith(ID)), key=str)

    def target(t: URIRef) -> list[str]:
        return target_row(idx, t)

    def task(t: URIRef) -> list[str]:
        return task_row(idx, t, site.today)

    tables: list[tuple[str, list[str], str, Callable[[URIRef], list[str]]]] = [
        ("downloads/targets.csv", TARGET_COLUMNS, "Target", target),
        ("downloads/tasks.csv", TASK_COLUMNS, "Task", task),
    ]
    for name, header, cls, row in tables:
        path = site.root / name
        previous = path.read_text(encoding="utf-8") if path.is_file() else ""
        changed = {str(t): (row(t) if idx.is_a(t, cls) else None) for t in touched}
        body = spliced_csv(previous, header, changed)
        if body is None:
            write_exports(_site(whole.index(), site.root, site.today, site.sources_root, "core"), full=False)
            return
        if body != previous:
            site.put(name, body)
