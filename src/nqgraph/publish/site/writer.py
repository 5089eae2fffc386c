"""Writing the whole site: which pages, in which worker, in what order."""

from __future__ import annotations

import datetime as dt
import os
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
from nqgraph.publish.site.views.agency import agency_page
from nqgraph.publish.site.views.document import document_page
from nqgraph.publish.site.views.downloads import downloads_page, write_exports
from nqgraph.publish.site.views.home import home_page
from nqgraph.publish.site.views.indicator import indicator_page
from nqgraph.publish.site.views.lists import list_pages
from nqgraph.publish.site.views.ontology import ontology_page
from nqgraph.publish.site.views.queries import query_pages
from nqgraph.publish.site.views.resource import resource_page
from nqgraph.publish.site.views.search import search_index
from nqgraph.publish.site.views.source import source_pages
from nqgraph.runtime.forking import fork_map
from nqgraph.runtime.progress import NULL, Progress


@dataclass(frozen=True)
class SiteResult:
    """What the site build wrote, and how long each part took (seconds, for the benchmarks)."""

    pages: int
    files: int
    timings: dict[str, float] = field(default_factory=dict, compare=False)


def _resource_files(site: Site, node: URIRef) -> None:
    site.resource_files(node)


Job = Callable[[Site], None]


# Pages rendered per unit of work handed to a worker: small enough to balance two cores.
PAGES_PER_CHUNK = 25


def _run_jobs(site: Site, chunks: list[list[Job]], *, workers: int, progress: Progress = NULL) -> int:
    """Run the chunks on ``workers`` processes forked after the index is built (jobs are independent:
    each writes its own files), the first chunks first; return the number of pages written.

    ``progress`` counts jobs, advanced here as each chunk's page count comes back from its worker.
    """

    def run_chunk(number: int) -> int:
        before = site.pages
        for job in chunks[number]:
            job(site)
        return site.pages - before

    written = 0

    def tell(number: int, pages: int) -> None:
        nonlocal written
        written += pages
        progress.advance(len(chunks[number]))
        progress.note(f"{written:,} pages")

    return fork_map(run_chunk, len(chunks), workers=workers, on_result=tell)


def _node_job(func: Callable[[Site, URIRef], None], node: URIRef) -> Job:
    return lambda site: func(site, node)


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
    progress: Progress = NULL,
) -> SiteResult:
    """Write the site into ``out`` (which must not exist yet or be empty).

    ``scope`` is ``"all"`` (a page and data files for every resource) or ``"core"`` (the pages of
    documents, agencies and indicators, the lists, queries, search and dumps: what a national
    corpus of millions of triples needs, in seconds rather than an hour; other resources are
    linked to by their IRIs). Pages are rendered on ``workers`` processes (default: one per core,
    at most 4). ``index`` is the store's :class:`Index` when the caller has built it already.
    ``downloads_ready``, when given, is called before the files in ``downloads`` are copied: the
    pages are rendered while another process is still writing them. ``progress`` is told of the
    pages phase, counted in jobs (a page, or a resource's data files).
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
    out.mkdir(parents=True, exist_ok=True)
    static = resources.files("nqgraph.publish") / "static"
    (out / "static").mkdir(exist_ok=True)
    for name in ("site.css", "site.js"):
        site.put(f"static/{name}", static.joinpath(name).read_text(encoding="utf-8"))

    docs = idx.instances("Document")
    special = set(docs) | set(idx.instances("Agency")) | set(idx.instances("Indicator"))
    special |= set(idx.instances("Expression"))
    site.full = scope == "all"
    source_pages(site)
    others = sorted(
        {s for s in idx.out if isinstance(s, URIRef) and str(s).startswith(ID) and s not in special}, key=str
    )
    per_node: list[tuple[Callable[[Site, URIRef], None], URIRef]] = [(document_page, d) for d in docs]
    per_node += [(agency_page, a) for a in idx.instances("Agency")]
    per_node += [(indicator_page, i) for i in idx.instances("Indicator")]
    if scope == "all":
        per_node += [(resource_page, n) for n in others]
        per_node += [(_resource_files, n) for n in sorted(special | set(others), key=str)]
    else:
        per_node += [(_resource_files, n) for n in sorted(special, key=str)]
    # The site-wide pages go first, one chunk each, so that the longest (the saved queries run
    # on the whole graph) start at once and the page chunks fill in around them.
    whole: list[Job] = [
        lambda site: query_pages(site, store, queries),
        search_index,
        lambda site: write_exports(site, full=scope == "all"),
        lambda site: list_pages(site, docs),
        ontology_page,
        lambda site: home_page(site, docs, findings),
    ]
    node_jobs = [_node_job(func, node) for func, node in per_node]
    chunks = [[job] for job in whole]
    chunks += [node_jobs[i : i + PAGES_PER_CHUNK] for i in range(0, len(node_jobs), PAGES_PER_CHUNK)]
    site.compile_templates()
    lap("sources")
    progress.phase("pages", sum(len(chunk) for chunk in chunks), unit="jobs")
    site.pages += _run_jobs(site, chunks, workers=workers, progress=progress)
    progress.done()
    lap("pages")
    if downloads_ready is not None:
        downloads_ready()
        lap("downloads.wait")
    downloads_page(site, downloads)
    files = sum(1 for p in out.rglob("*") if p.is_file())
    return SiteResult(pages=site.pages, files=files, timings=timings)
