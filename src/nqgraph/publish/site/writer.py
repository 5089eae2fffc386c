"""Writing the whole site: which pages, in which worker, in what order."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from rdflib.term import URIRef

from nqgraph.graph.queries import SavedQuery
from nqgraph.graph.store import OxigraphStore, RdflibStore
from nqgraph.namespaces import ID
from nqgraph.publish.site.context import Site
from nqgraph.publish.site.index import Index
from nqgraph.publish.site.item_rows import ItemRows, RowsSession
from nqgraph.publish.site.on_demand import write_resource
from nqgraph.publish.site.store_index import PageReads, RecordingIndex
from nqgraph.publish.site.views.downloads import downloads_page, write_exports
from nqgraph.publish.site.views.home import findings_marker
from nqgraph.publish.site.views.overviews import HOME, overview_pages
from nqgraph.publish.site.views.queries import write_query_pages
from nqgraph.publish.site.views.search import search_index
from nqgraph.publish.site.views.source import source_page
from nqgraph.runtime.forking import fork_map
from nqgraph.runtime.progress import NULL, Progress


@dataclass(frozen=True)
class SiteResult:
    """What the site build wrote, and how long each part took (seconds, for the benchmarks)."""

    pages: int
    files: int
    timings: dict[str, float] = field(default_factory=dict, compare=False)
    # What each resource's files read (resource IRI -> reads), as a rerender would record them.
    reads: Mapping[str, PageReads] = field(default_factory=dict, compare=False, repr=False)
    # The rows of the listing pages' items, for the next build to reuse.
    item_rows: ItemRows = field(default_factory=ItemRows, compare=False, repr=False)


Job = Callable[[Site], None]


def _recording(site: Site) -> tuple[Site, RecordingIndex]:
    """A site like ``site`` (same folder, templates and places) over a fresh recording index of its
    index: what one resource reads is what it records. Its own link cache too, or a link made for
    an earlier resource would hide what this one reads."""
    record = RecordingIndex(site.idx)
    own = site.over(record)
    own.quotes = site.quotes
    own.item_rows = site.item_rows
    return own, record


# Per text variant: what writing its source page read, and what finding its places alone read
# (the part of it that the page of a resource stated in it reads; only known in a full site).
Variants = dict[URIRef, tuple[PageReads, PageReads | None]]


def _source_pages(site: Site) -> Variants:
    """One page per text variant, each statement's place in ``site.quotes``, and what each read."""
    found: Variants = {}
    for expr in site.idx.instances("Expression"):
        own, record = _recording(site)
        source_page(own, expr)
        site.pages += own.pages
        places: PageReads | None = None
        if site.full:
            alone, record_alone = _recording(site)
            source_page(alone, expr, write=False)
            places = record_alone.reads()
        found[expr] = (record.reads(), places)
    return found


def _resource_job(node: URIRef, variants: Variants, found: dict[str, PageReads]) -> Job:
    def variant(site: Site, expr: URIRef, own: bool) -> PageReads:
        written, places = variants.get(expr, (None, None))
        if own and written is not None:
            return written
        if places is None:  # a variant outside the site's own (no page of its own)
            alone, record = _recording(site)
            source_page(alone, expr, write=False)
            return record.reads()
        return places

    def job(site: Site) -> None:
        own, record = _recording(site)
        record.out.get(node)  # as a rerender asks first whether the resource has triples
        _, read_too = write_resource(own, node, variant)
        site.pages += own.pages
        found[str(node)] = record.reads().union(*read_too)

    return job


def _site_wide_job(
    key: str, write: Callable[[Site], None], found: dict[str, PageReads], *, marker: str | None = None
) -> Job:
    """Write a site-wide page through a recording index and keep what it read under ``key`` (with
    ``marker`` among the subjects: what the page shows that the graph does not hold)."""

    def job(site: Site) -> None:
        own, record = _recording(site)
        write(own)
        site.pages += own.pages
        read = record.reads()
        found[key] = read if marker is None else PageReads(read.subjects | {marker}, read.objects)

    return job


# Pages rendered per unit of work handed to a worker: small enough to balance two cores.
PAGES_PER_CHUNK = 25


def _run_jobs(
    site: Site,
    chunks: list[list[Job]],
    *,
    workers: int,
    found: dict[str, PageReads] | None = None,
    rows: RowsSession | None = None,
    progress: Progress = NULL,
) -> int:
    """Run the chunks on ``workers`` processes forked after the index is built (jobs are independent:
    each writes its own files), the first chunks first; return the number of pages written.

    The jobs put the reads of the resources they write into ``found``; each chunk's come back
    through a file (a worker answers only its page count), and ``found`` holds them all at the end;
    so do the items' rows the jobs make into ``rows``, the session of ``site.item_rows``.
    ``progress`` counts jobs, advanced here as each chunk's page count comes back from its worker.
    """
    found = found if found is not None else {}
    # Each chunk's reads and rows, read back as its worker answers (while the others still run).
    parts: dict[int, tuple[dict[str, PageReads], set[str], dict[str, Any]]] = {}
    with tempfile.TemporaryDirectory(prefix="nqgraph-reads-") as folder:
        spool = Path(folder)

        def run_chunk(number: int) -> int:
            before = site.pages
            found.clear()
            if rows is not None:
                rows.pages.clear()
                rows.new.clear()
            for job in chunks[number]:
                job(site)
            made = (rows.pages, rows.new) if rows is not None else (set(), {})
            if found or made[0]:
                part = pickle.dumps((found, *made), protocol=pickle.HIGHEST_PROTOCOL)
                (spool / str(number)).write_bytes(part)
            return site.pages - before

        def read_back(number: int) -> None:
            part = spool / str(number)
            if part.is_file():
                parts[number] = pickle.loads(part.read_bytes())

        written = _fork_jobs(run_chunk, chunks, workers=workers, progress=progress, on_chunk=read_back)
    found.clear()
    # In the order of the chunks, whichever worker answered first: the state is the same each build.
    for number in sorted(parts):
        reads, pages, new = parts.pop(number)
        found.update(reads)
        if rows is not None:
            rows.absorb(pages, new)
    return written


def _fork_jobs(
    run_chunk: Callable[[int], int],
    chunks: list[list[Job]],
    *,
    workers: int,
    progress: Progress,
    on_chunk: Callable[[int], None],
) -> int:
    written = 0

    def tell(number: int, pages: int) -> None:
        nonlocal written
        written += pages
        on_chunk(number)
        progress.advance(len(chunks[number]))
        progress.note(f"{written:,} pages")

    return fork_map(run_chunk, len(chunks), workers=workers, on_result=tell)


SCOPES = ("all", "core")


def build_site(
    store: OxigraphStore | RdflibStore,
    *,
    out: Path,
    today: dt.date,
    queries: Mapping[str, SavedQuery],
    downloads: Mapping[str, Path],
    findings: Iterable[Any] = (),
    sources_root: Path,
    workers: int | None = None,
    scope: str = "all",
    index: Index | None = None,
    downloads_ready: Callable[[], object] | None = None,
    search: str | None = None,
    progress: Progress = NULL,
) -> SiteResult:
    """Write the site into ``out`` (which must not exist yet or be empty).

    ``scope`` is ``"all"`` (a page and data files for every resource) or ``"core"`` (the pages of
    documents, agencies and indicators, the lists, queries, search and dumps: what a national
    corpus of millions of triples needs, in seconds rather than an hour; other resources are
    linked to by their IRIs). Pages are rendered on ``workers`` processes (default: one per core,
    at most 4). ``index`` is the store's :class:`Index` when the caller has built it already.
    ``downloads_ready``, when given, is called before the files in ``downloads`` are copied: the
    pages are rendered while another process is still writing them. ``search``, when given, is the
    search index's file (:func:`~nqgraph.publish.site.views.search.search_file` of the same index),
    made by the caller beforehand. ``progress`` is told of the pages phase, counted in jobs (a page,
    or a resource's data files).
    """
    if scope not in SCOPES:
        raise ValueError(f"unknown site scope {scope!r}: choose one of {', '.join(SCOPES)}")
    workers = workers if workers is not None else min(4, os.cpu_count() or 1)
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = now - clock
        clock = now

    if index is None:
        index = Index.of_nt(store.nt_triples())
        lap("index")
    idx = index
    site = Site(idx, root=out, today=today, sources_root=sources_root)
    # The rows of each indicator's items, made alone with what each read, kept for the next build.
    rows = site.item_rows = ItemRows().session()
    out.mkdir(parents=True, exist_ok=True)
    static = resources.files("nqgraph.publish") / "static"
    (out / "static").mkdir(exist_ok=True)
    for name in ("site.css", "site.js"):
        site.put(f"static/{name}", static.joinpath(name).read_text(encoding="utf-8"))

    docs = idx.instances("Document")
    special = set(docs) | set(idx.instances("Agency")) | set(idx.instances("Indicator"))
    special |= set(idx.instances("Expression"))
    site.full = scope == "all"
    variants = _source_pages(site)
    described = set(special)
    if scope == "all":
        described |= {s for s in idx.out if isinstance(s, URIRef) and str(s).startswith(ID)}
    found: dict[str, PageReads] = {}
    # The site-wide pages go first, one chunk each, so that the longest (the saved queries run
    # on the whole graph) start at once and the page chunks fill in around them.
    # The reads of the site-wide pages are kept too, under their paths, so that an incremental
    # build writes again only those a change touches (publish/site/site_wide.py); each page asks
    # its own index for the documents, so that one added or removed touches it.
    findings = list(findings)
    whole: list[Job] = [
        lambda site: found.update(write_query_pages(site, store, queries)),
        lambda site: search_index(site, made=search),
        lambda site: write_exports(site, full=scope == "all"),
        *(
            _site_wide_job(key, write, found, marker=findings_marker(findings) if key == HOME else None)
            for key, write in overview_pages(findings)
        ),
    ]
    node_jobs = [_resource_job(node, variants, found) for node in sorted(described, key=str)]
    chunks = [[job] for job in whole]
    chunks += [node_jobs[i : i + PAGES_PER_CHUNK] for i in range(0, len(node_jobs), PAGES_PER_CHUNK)]
    site.compile_templates()
    lap("sources")
    progress.phase("pages", sum(len(chunk) for chunk in chunks), unit="jobs")
    site.pages += _run_jobs(site, chunks, workers=workers, found=found, rows=rows, progress=progress)
    progress.done()
    lap("pages")
    if downloads_ready is not None:
        downloads_ready()
        lap("downloads.wait")
    downloads_page(site, downloads)
    # os.walk tells files from folders by their entries, without a stat call each (15,700 files
    # at a million triples).
    files = sum(len(names) for _, _, names in os.walk(out))
    kept = rows.result(rendered=(), present=found)
    return SiteResult(pages=site.pages, files=files, timings=timings, reads=found, item_rows=kept)
