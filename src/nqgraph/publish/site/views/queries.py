"""The pages of the saved queries, with their results as of the build day."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from markupsafe import Markup
from rdflib.term import Node, URIRef

from nqgraph.graph import query_facts
from nqgraph.graph.answer_files import FOLDER, first_lines
from nqgraph.graph.answer_lines import lines_of_rows, rows_of_lines
from nqgraph.graph.ntriples import NTriple
from nqgraph.graph.queries import SavedQuery, bindings_for, run
from nqgraph.graph.query_reads import touched
from nqgraph.graph.sparql import bind_values
from nqgraph.graph.store import OxigraphStore, RdflibStore
from nqgraph.publish import fragments
from nqgraph.publish.site import yasgui
from nqgraph.publish.site.context import Site
from nqgraph.publish.site.files import remove_file
from nqgraph.publish.site.index import LABEL
from nqgraph.publish.site.item_rows import Rows, RowsSession
from nqgraph.publish.site.store_index import NodeCache, PageReads, RecordingIndex, StoreIndex
from nqgraph.runtime.threads import thread_map

# A page of results stays small enough to read and to load; past the last page the CLI has them all.
PAGE_ROWS = 100
MAX_PAGES = 10


def query_page_path(name: str, number: int) -> str:
    """Page ``number`` (from 1) of a saved query's results."""
    return f"queries/{name}.html" if number == 1 else f"queries/{name}/page-{number}.html"


def reads_key(name: str) -> str:
    """The key of the reads of a saved query's pages among those a build keeps (a site path, which
    no resource IRI can be)."""
    return query_page_path(name, 1)


def query_pages(site: Site, store: OxigraphStore | RdflibStore, queries: Mapping[str, SavedQuery]) -> None:
    """Write the pages of the saved queries, their listing and the SPARQL editor's page."""
    write_query_pages(site, store, queries)


def write_query_pages(
    site: Site,
    store: OxigraphStore | RdflibStore,
    queries: Mapping[str, SavedQuery],
    *,
    change: tuple[Sequence[NTriple], Mapping[str, PageReads]] | None = None,
) -> dict[str, PageReads]:
    """Write the pages of the saved queries, their listing and the SPARQL editor's page; return
    what each query's pages read of the graph besides the query's answer (the labels and types of
    the resources they link), by :func:`reads_key`.

    ``change`` is an incremental build's: the triples it added or removed and the reads the
    previous build recorded. A query's pages are then written again only when the query reads a
    predicate of a changed triple (:mod:`nqgraph.graph.query_reads`), when a changed triple touches
    what its pages read, or when no reads were recorded for them; the others stay as they are.
    """
    listing = []
    reads: dict[str, PageReads] = {}
    due: list[tuple[str, SavedQuery]] = []
    for name, query in sorted(queries.items()):
        listing.append({"name": name, "summary": query.summary, "href": query_page_path(name, 1)})
        if change is not None:
            triples, previous = change
            before = previous.get(reads_key(name))
            unread = not touched(query_facts.predicates(query.text), triples)
            if before is not None and unread and not before.touched_by(triples):
                continue
        due.append((name, query))

    # An earlier build's pages go first (there may be fewer now), all before any is written: removing
    # a page prunes folders left empty, which must not race with another query's writing.
    for name, _ in due:
        _remove_pages(site.root, name)

    # The queries' rows name the same resources (a target in several answers): their labels are
    # fetched once for all the pages (the store does not change meanwhile); each page still
    # records its own reads.
    shared = NodeCache()

    def write(item: tuple[str, SavedQuery]) -> Site:
        name, query = item
        recording = _recording(site, store, shared)
        _one_query(recording, store, name, query)
        return recording

    # A query with parameters is asked live, and Oxigraph answers without the interpreter lock:
    # two queries' pages are made side by side (each writes files of its own).
    workers = 2 if isinstance(store, OxigraphStore) and site.sink is None else 1
    for (name, _), recording in zip(
        due, thread_map(write, due, workers=workers, name="queries"), strict=True
    ):
        site.pages += recording.pages
        assert isinstance(recording.idx, StoreIndex)
        reads[reads_key(name)] = recording.idx.reads()
    site.write_listing("queries.html", "queries.html", vi="Truy vấn", en="Queries", queries=listing)
    # Each saved query as the editor offers it: its parameters bound to their examples (or
    # defaults) by a VALUES block, so that it runs as it is and shows where to change them.
    ready = []
    for q in sorted(queries.values(), key=lambda q: q.name):
        examples = {p.name: p.example for p in q.params if p.example is not None}
        ready.append(
            {"name": q.name, "text": bind_values(q.text, bindings_for(q, examples, today=site.today))}
        )
    site.write_listing(
        "sparql.html",
        "sparql.html",
        vi="Truy vấn SPARQL",
        en="SPARQL query",
        queries=ready,
        yasgui=yasgui.FOLDER if yasgui.vendor(site.root) else None,
    )
    return reads


def _one_query(site: Site, store: OxigraphStore | RdflibStore, name: str, query: SavedQuery) -> None:
    """Write the pages of one saved query.

    Each page's table rows are made by an index of their own, so that what they read (the labels
    of the resources they link) is known apart; with the rows kept from the previous build
    (``site.item_rows``), a page whose rows are the same bytes as then, and whose reads the change
    does not touch, takes its table rows as they were. One document added at a million triples
    changes the total of every query it reaches but the rows of few of their pages."""
    params = {p.name: p.example for p in query.params if p.example is not None}
    # The page links each resource by its label, so the label columns of the CLI are left out.
    # Asked without parameters, the rows are those of the answer the build wrote (the same
    # order as /queries/<name> and `nqgraph query --out`), and the query is not run again.
    written = None if params else first_lines(site.root.parent / FOLDER, query, PAGE_ROWS * MAX_PAGES)
    if written is not None:
        variables, lines, total = written.variables, written.lines, written.total
        live: tuple[tuple[Node | None, ...], ...] | None = None
    else:
        result = run(store, query, params, today=site.today, max_rows=PAGE_ROWS * MAX_PAGES, lang=None)
        variables, live, total = result.variables, result.rows, result.row_count
        lines = lines_of_rows(result.rows)
    idx = site.idx
    assert isinstance(idx, StoreIndex)
    kept = site.item_rows if isinstance(site.item_rows, RowsSession) else None
    key = reads_key(name)
    if kept is not None:
        kept.begin(key)
    described = {c.name: c.description for c in query.columns}
    starts = range(0, max(len(lines), 1), PAGE_ROWS)
    paths = [query_page_path(name, n) for n in range(1, len(starts) + 1)]
    for number, (start, page) in enumerate(zip(starts, paths, strict=True), start=1):
        shown = lines[start : start + PAGE_ROWS]
        digest = hashlib.sha256(b"".join(shown)).hexdigest()
        reused = kept.reusable(key, str(number), fits=_made_from(digest)) if kept is not None else None
        if reused is not None:
            body = Markup(reused[1])
        else:
            rows = rows_of_lines(shown) if live is None else live[start : start + PAGE_ROWS]
            mine = idx.fresh()
            alone = site.over(mine)
            # Each IRI of the rows is shown by its label: the labels of a page's hundred rows are
            # fetched from a store together rather than each resource whole.
            mine.prefetch([t for row in rows for t in row if isinstance(t, URIRef)], [str(LABEL)])
            body = fragments.table_rows(
                [[alone.term(t, page) if t is not None else None for t in row] for row in rows]
            )
            read = mine.reads()
            if kept is not None:
                kept.keep(key, str(number), (digest, str(body)), read)
            idx.merge_reads(read)
        pager = {
            "number": number,
            "count": len(paths),
            "first": start + 1 if shown else 0,
            "last": start + len(shown),
            "previous": site.rel(paths[number - 2], page) if number > 1 else None,
            "next": site.rel(paths[number], page) if number < len(paths) else None,
            "shown": len(lines),
        }
        site.write_listing(
            page,
            "query.html",
            vi=name if number == 1 else f"{name} ({number})",
            en=name if number == 1 else f"{name} ({number})",
            query=query,
            params=params,
            variables=variables,
            columns=[{"name": v, "description": described.get(v, "")} for v in variables],
            table_rows=body,
            total=total,
            pager=pager,
        )
    if kept is not None:
        idx.merge_reads(kept.reused_reads(key))


def _made_from(digest: str) -> Callable[[Rows], bool]:
    """Whether rows kept for a page of results were made from the lines of digest ``digest``
    (and are a page's rows at all: kept rows of another shape are made again)."""
    return lambda rows: len(rows) == 2 and rows[0] == digest and isinstance(rows[1], str)


def _recording(site: Site, store: OxigraphStore | RdflibStore, cache: NodeCache) -> Site:
    """A site like ``site`` whose index records what is read: over the whole in-memory index when
    ``site`` has one, else over the store node by node."""
    if not isinstance(site.idx, StoreIndex):
        idx: StoreIndex = RecordingIndex(site.idx)
    elif isinstance(store, OxigraphStore):
        idx = StoreIndex(store.native, cache)
    else:
        raise TypeError("pages read from a store are read from an Oxigraph store")
    twin = site.over(idx)
    twin.sink = site.sink
    twin.item_rows = site.item_rows
    return twin


def _remove_pages(root: Path, name: str) -> None:
    """Delete the pages an earlier build wrote for the saved query ``name`` (there may be fewer now)."""
    remove_file(root, query_page_path(name, 1))
    folder = root / "queries" / name
    for old in sorted(folder.glob("page-*.html")) if folder.is_dir() else []:
        remove_file(root, old.relative_to(root).as_posix())
