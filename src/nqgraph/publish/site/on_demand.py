"""Pages rendered from the store one resource at a time: for ``nqgraph serve`` (a resource the build
wrote no page for) and for the incremental build (the pages a change touched).

A page rendered here is byte for byte the page ``build_site`` writes for the same resource in a
``--site all`` build: the same views, templates and links, read through a :class:`StoreIndex`
instead of the whole-graph :class:`Index`.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import pyoxigraph as ox
from rdflib.term import URIRef

from nqgraph.errors import StoreError
from nqgraph.graph.ntriples import NTriple
from nqgraph.graph.queries import SavedQuery
from nqgraph.graph.store import OxigraphStore
from nqgraph.namespaces import GRAPH_ASSERTED, GRAPH_INFERRED, GRAPH_ONTOLOGY, ID, NQ, RDF_TYPE
from nqgraph.publish.site.addresses import data_path, page_path
from nqgraph.publish.site.context import Site
from nqgraph.publish.site.environment import shared_env
from nqgraph.publish.site.files import remove_file, replace_file
from nqgraph.publish.site.index import Index
from nqgraph.publish.site.item_rows import RowsSession
from nqgraph.publish.site.site_wide import SiteChange, write_site_wide
from nqgraph.publish.site.store_index import NodeCache, PageReads, RecordingIndex, StoreIndex
from nqgraph.publish.site.views.agency import agency_page
from nqgraph.publish.site.views.document import document_page
from nqgraph.publish.site.views.indicator import indicator_page
from nqgraph.publish.site.views.resource import resource_page
from nqgraph.publish.site.views.source import source_page

# The classes whose resources have a page in the core site (build_site's "special" resources).
CORE_CLASSES = ("Document", "Agency", "Indicator", "Expression")

# Text variants whose statement places a renderer keeps: finding them reads and marks the whole
# source text, which every page quoting that text needs.
PLACES_KEPT = 256

Places = dict[tuple[str, str], tuple[str, str]]


@dataclass(frozen=True)
class RenderedResource:
    """The files of one resource (site path -> bytes), whether the core site holds them, and the
    nodes read to render them."""

    files: dict[str, bytes]
    core: bool
    reads: PageReads


class PageRenderer:
    """Renders the files of any resource of ``store`` (its page, ``.ttl`` and ``.jsonld``) as the
    static ``--site all`` build writes them on ``today`` with the source texts under
    ``sources_root``. Templates are compiled once; each resource is read afresh from the store,
    or from ``index`` (the whole in-memory index, when the caller has one). With ``shared`` the
    edges fetched from the store are kept for every later render (the store must not change).
    Safe to call from several threads (each render has its own index and site)."""

    def __init__(
        self,
        store: ox.Store,
        *,
        today: dt.date,
        sources_root: Path,
        index: Index | None = None,
        shared: bool = False,
        item_rows: RowsSession | None = None,
    ) -> None:
        self.store = store
        self.index = index
        # An incremental build's: its listing pages reuse the rows of their items a change left.
        self.item_rows = item_rows
        # Fetched edges kept across renders only when the store cannot change meanwhile.
        self._cache = NodeCache() if shared else None
        self.today = today
        self.sources_root = sources_root
        self._env: jinja2.Environment = shared_env()
        prototype = Site(Index(), root=Path("."), today=today, sources_root=sources_root, env=self._env)
        prototype.compile_templates()
        self._templates = dict(prototype._templates)
        self._places: OrderedDict[str, tuple[Places, PageReads]] = OrderedDict()
        self._lock = threading.Lock()

    def places(self, expr: URIRef) -> tuple[Places, PageReads]:
        """Where each statement quoted in the text variant ``expr`` is marked on its source page,
        and the nodes read to find out (kept for the last :data:`PLACES_KEPT` variants)."""
        with self._lock:
            known = self._places.get(str(expr))
            if known is not None:
                self._places.move_to_end(str(expr))
                return known
        idx = self.reader()
        site = self.site(idx)
        source_page(site, expr, write=False)
        known = (site.quotes, idx.reads())
        with self._lock:
            self._places[str(expr)] = known
            while len(self._places) > PLACES_KEPT:
                self._places.popitem(last=False)
        return known

    def reader(self) -> StoreIndex:
        """A fresh index for one render: over the whole in-memory index when the renderer was given
        one, else over the store."""
        return StoreIndex(self.store, self._cache) if self.index is None else RecordingIndex(self.index)

    def site(self, idx: Index) -> Site:
        """A site over ``idx`` that keeps what it renders (``site.sink``) instead of writing it."""
        site = Site(
            idx,
            root=Path("."),
            today=self.today,
            sources_root=self.sources_root,
            env=self._env,
            templates=dict(self._templates),
        )
        site.sink = {}
        site.item_rows = self.item_rows
        return site

    def render(self, iri: str) -> RenderedResource | None:
        """The files of the resource ``iri``, or None when the site has none for it (an IRI outside
        ``id/``, or one that is the subject of no triple)."""
        if not iri.startswith(ID):
            return None
        node = URIRef(iri)
        idx = self.reader()
        site = self.site(idx)
        if idx.out.get(node) is None:
            return None
        core, read_too = write_resource(site, node, self._variant)
        assert site.sink is not None
        reads = idx.reads()  # its own and those merged into it, with no property of a node read whole
        if read_too:
            reads = reads.union(*read_too)
        return RenderedResource(files=site.sink, core=core, reads=reads)

    def _variant(self, site: Site, expr: URIRef, own: bool) -> PageReads:
        if own:
            source_page(site, expr)
            return NO_READS  # read through the page's own index
        places, reads = self.places(expr)
        site.quotes.update(places)
        return reads


NO_READS = PageReads(subjects=frozenset(), objects=frozenset())

# How a resource's files learn of a text variant: (site, variant, own) -> the nodes read for it.
# ``own``: the resource is that variant and its source page is written (or was) into ``site``;
# else the variant is one its statements are stated in, whose places go into ``site.quotes``.
Variant = Callable[[Site, URIRef, bool], PageReads]


def write_resource(site: Site, node: URIRef, variant: Variant) -> tuple[bool, list[PageReads]]:
    """Write the files of the resource ``node`` (a subject of ``site``'s index) into ``site``, as
    the static build writes them: its pages (a text variant's through ``variant``), then its data
    files. Returns whether the core site holds them, and the reads of the text variants it used
    (beside what ``site.idx`` recorded). The clean build and :class:`PageRenderer` both write
    resources through this, so that the reads a clean build saves are those a rerender records."""
    idx = site.idx
    kinds = [cls for cls in CORE_CLASSES if idx.is_a(node, cls)]
    read_too: list[PageReads] = []
    if kinds:
        # In the order build_site writes them, the last one written wins (a resource that is
        # both a document and an agency, say).
        if "Expression" in kinds:
            read_too.append(variant(site, node, True))
        views: dict[str, Callable[[Site, URIRef], None]] = {
            "Document": document_page,
            "Agency": agency_page,
            "Indicator": indicator_page,
        }
        for cls in ("Document", "Agency", "Indicator"):
            if cls in kinds:
                views[cls](site, node)
    else:
        # The places of the resource's statements in the source texts (its links to them).
        for expr in idx.objects(node, NQ + "statedIn"):
            if isinstance(expr, URIRef) and idx.is_a(expr, "Expression"):
                read_too.append(variant(site, expr, False))
        resource_page(site, node)
    site.resource_files(node)
    return bool(kinds), read_too


def page_dependencies(renderer: PageRenderer, iris: Iterable[str]) -> dict[str, PageReads]:
    """For each resource IRI, the nodes its files read (see :class:`PageReads`); a resource that
    has no files is left out. The incremental build keeps these to know which pages a change
    touches: page ``i`` is rendered again when ``result[i].touched_by(changed_triples)``."""
    found: dict[str, PageReads] = {}
    for iri in iris:
        rendered = renderer.render(iri)
        if rendered is not None:
            found[iri] = rendered.reads
    return found


def touched_resources(reads: Mapping[str, PageReads], changed: Iterable[NTriple]) -> set[str]:
    """The resources (IRIs) whose files a change of the triples ``changed`` (added or removed) may
    change: those whose recorded reads it touches, and the resources under ``id/`` it names (new
    ones, removed ones, and any whose reads were not recorded). Pass them to :func:`rerender_site`.
    A page also depends on the build day and the source texts, which this does not see."""
    triples = list(changed)
    found = {iri for iri, read in reads.items() if read.touched_by(triples)}
    for s, _, o in triples:
        for term in (s, o):
            if term.startswith("<" + ID):
                found.add(term[1:-1])
    return found


def resource_paths(iri: str) -> list[str]:
    """The site paths of every file a resource may have: its page and its data files."""
    return [p for p in (page_path(iri), data_path(iri, "ttl"), data_path(iri, "jsonld")) if p]


_CORE_TYPES = [ox.NamedNode(NQ + cls) for cls in CORE_CLASSES]
_RDF_TYPE = ox.NamedNode(RDF_TYPE)
_GRAPHS = [ox.NamedNode(g) for g in (GRAPH_ONTOLOGY, GRAPH_ASSERTED, GRAPH_INFERRED)]


def _is_core(store: ox.Store, iri: str) -> bool:
    """Whether the resource ``iri`` is typed (asserted or inferred) with a class of the core site."""
    if not iri.startswith(ID):
        return False
    node = ox.NamedNode(iri)
    return any(
        next(store.quads_for_pattern(node, _RDF_TYPE, cls, graph), None) is not None
        for cls in _CORE_TYPES
        for graph in _GRAPHS
    )


def rerender_site(
    store: OxigraphStore,
    *,
    site_root: Path,
    iris: Iterable[str],
    today: dt.date,
    sources_root: Path,
    queries: Mapping[str, SavedQuery],
    downloads: Mapping[str, Path],
    findings: Iterable[Any] = (),
    scope: str = "all",
    index: Index | None = None,
    change: SiteChange | None = None,
    answers_ready: Callable[[], object] | None = None,
    item_rows: RowsSession | None = None,
    counts: Mapping[str, int] | None = None,
) -> dict[str, PageReads]:
    """Bring the existing site folder ``site_root`` up to date with ``store`` for a change that
    touched the resources ``iris`` (IRIs; added, changed or removed), and write the site-wide pages
    (home, lists, saved queries, SPARQL editor, search, downloads and exports, ontology) again.

    Each file is written anew (unlinked, then written: never truncated in place, since the folder
    may be a hard-linked copy of the previous output); the files of a resource that no longer has
    any (or, in a ``"core"`` site, no longer is a document, agency, indicator or text variant) are
    deleted. ``downloads`` are the dumps to copy, already written. ``index`` is the whole-graph
    index when the caller has one (the resource pages are read from it, faster than from the
    store); without it they are read from the store, node by node. ``change`` (the changed triples
    and what each site-wide file read before) lets the site-wide files that the change cannot touch
    stay as they are; without it they are all written again. Returns the dependencies of each
    resource rendered and of each site-wide file written (keyed as
    :func:`~nqgraph.publish.site.site_wide.write_site_wide` says). ``answers_ready`` is called
    before the saved queries' pages are written (see ``write_site_wide``). ``item_rows`` holds the
    rows of the listing pages' items (an indicator's, a saved query's pages) kept from the previous
    build, and gets those made now. ``counts`` are the build's counts of instances by class name
    (``nqgraph.graph.stats``), for the home page.
    """
    # Without the whole index, each page reads only its own nodes from the store; nodes several
    # pages share are fetched once (the store does not change during the rerender).
    renderer = PageRenderer(
        store.native, today=today, sources_root=sources_root, index=index, shared=True, item_rows=item_rows
    )
    reads: dict[str, PageReads] = {}
    for iri in sorted(set(iris)):
        # A core site has no files for the other resources (a change names hundreds of them: the
        # parts of a document): asked of the store, they are not rendered only to be left out.
        if scope != "all" and not _is_core(store.native, iri):
            for path in resource_paths(iri):
                remove_file(site_root, path)
            continue
        rendered = renderer.render(iri)
        keep = rendered is not None and (scope == "all" or rendered.core)
        written = rendered.files if rendered is not None and keep else {}
        for path, body in sorted(written.items()):
            replace_file(site_root, path, body)
        for path in resource_paths(iri):
            if path not in written:
                remove_file(site_root, path)
        if rendered is not None and keep:
            reads[iri] = rendered.reads
    reads |= write_site_wide(
        store,
        site_root=site_root,
        today=today,
        sources_root=sources_root,
        queries=queries,
        downloads=downloads,
        findings=findings,
        scope=scope,
        index=index,
        change=change,
        answers_ready=answers_ready,
        item_rows=item_rows,
        counts=counts,
    )
    return reads


# ---------------------------------------------------------------- the store of a served build


def store_from_trig(trig: Path, path: Path | None = None) -> OxigraphStore:
    """A store holding the build's TriG (its three graphs), bulk-loaded: on disk at ``path`` (which
    must not exist yet) or in memory. For builds written before the build kept its own store."""
    store = OxigraphStore(path) if path is not None else OxigraphStore()
    try:
        store.native.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
    except (OSError, SyntaxError, ValueError) as exc:
        if path is not None:
            shutil.rmtree(path, ignore_errors=True)
        raise StoreError(f"{trig}: cannot load the built graph: {exc}") from exc
    return store


_MODIFIED = re.compile(r'dcterms:modified "(\d{4}-\d{2}-\d{2})"')


def build_day(out: Path) -> dt.date:
    """The day the build in ``out`` was made (its pages show it and date task statuses by it):
    the dataset's ``dcterms:modified`` in ``void.ttl``, else today."""
    try:
        found = _MODIFIED.search((out / "void.ttl").read_text(encoding="utf-8"))
    except OSError:
        found = None
    return dt.date.fromisoformat(found.group(1)) if found else dt.date.today()
