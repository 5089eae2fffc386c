"""``nqgraph push``: load the built graph into a SPARQL 1.1 store and prove that it holds it.

Each named graph of ``build/nqgraph.trig`` is replaced as a whole, first through the SPARQL 1.1
Graph Store HTTP Protocol (one ``PUT`` per graph) and, where the server has no graph store, through
SPARQL 1.1 Update (``DROP SILENT GRAPH`` then ``INSERT DATA`` in chunks). After each graph the
server is asked ``SELECT (COUNT(*) …)`` for it; only a graph whose count equals the dump's is
reported as loaded. Replacing whole graphs makes a second push leave the same state (idempotent),
and repairs a graph an interrupted push left half-loaded.

Terms in the update text come from the RDF parser's N-Triples output and graph names pass
:func:`nqgraph.graph.sparql.term_n3`, so no text given by a user becomes SPARQL syntax.

A push that finds a record of the last push to a graph (:mod:`nqgraph.remote.record`) and a
server that still holds what the record says (same triple count, same marker in the push-log
graph) sends only the difference (:mod:`nqgraph.remote.delta`); otherwise it replaces the graph
whole and says why. With ``bulk``, whole graphs go through Virtuoso's bulk loader
(:mod:`nqgraph.remote.bulk`) instead of HTTP.
"""

from __future__ import annotations

import re
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from nqgraph.errors import DataError, QueryError, StoreError
from nqgraph.graph.sparql import term_n3
from nqgraph.graph.store import COUNT_GRAPH, RemoteStore
from nqgraph.namespaces import GRAPH
from nqgraph.remote.bulk import Isql, bulk_load, dump_writer, triples_writer
from nqgraph.remote.delta import Delta, Snapshot, diff, snapshot, updates
from nqgraph.remote.dumpdiff import DumpText, NotComparable, graph_delta, section_names
from nqgraph.remote.record import (
    GraphRecord,
    Record,
    default_record_dir,
    forget_record,
    read_record,
    write_record,
)
from nqgraph.remote.report import GraphLoad, PushReport
from nqgraph.remote.transport import (
    Http,
    NotHere,
    Response,
    graph_store_candidates,
    server_message,
    update_candidates,
)
from nqgraph.runtime.threads import on_thread

METHODS = ("auto", "graph-store", "update")
# Statuses with which a URL says "no graph store / no update service here": try the next one.
_NOT_HERE = {400, 404, 405, 406, 415, 501}
# Where each push leaves its marker: one triple per pushed graph, <graph> PUSHED "token". The
# record of the push holds the same token, so a push from elsewhere (which writes another) is seen.
PUSH_LOG = GRAPH + "push-log"
PUSHED = "https://w3id.org/nqgraph/push#marker"


# ---------------------------------------------------------------- the dump


def read_dump(path: Path, *, graph_base: str | None = None) -> dict[str, list[ox.Triple]]:
    """The named graphs of a TriG dump as ``{server graph IRI: distinct triples}``, in dump order.

    With ``graph_base``, a graph named ``…/graph/asserted`` is pushed as ``{graph_base}asserted``.
    """
    read_dump_checks(path, graph_base)
    graphs: dict[str, dict[ox.Triple, None]] = {}
    try:
        for q in ox.parse(path=str(path), format=ox.RdfFormat.TRIG):
            if isinstance(q.graph_name, ox.DefaultGraph):
                raise DataError(f"{path}: has triples outside a named graph; push loads named graphs only")
            name = q.graph_name.value
            graphs.setdefault(name, {})[ox.Triple(q.subject, q.predicate, q.object)] = None
    except SyntaxError as exc:
        raise DataError(f"{path}: not valid TriG: {exc}") from exc
    return {server_graph(name, graph_base): list(triples) for name, triples in graphs.items()}


def read_dump_checks(path: Path, graph_base: str | None) -> None:
    """A dump that is there and a graph base that is an absolute IRI, or :class:`DataError`."""
    if not path.is_file():
        raise DataError(f"{path}: not found; run `nqgraph build` first (or give --out BUILD_DIR)")
    if graph_base is not None:
        if not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", graph_base):
            raise DataError(f"--graph-base: {graph_base!r} is not an absolute IRI")
        term_n3(URIRef(graph_base + "x"))  # refuses characters that are not allowed in an IRI


def server_graph(name: str, graph_base: str | None) -> str:
    """The server's name of a dump's graph: ``{graph_base}asserted`` for ``…/graph/asserted``."""
    if graph_base is None:
        return name
    local = name[len(GRAPH) :] if name.startswith(GRAPH) else name.rsplit("/", 1)[-1]
    return graph_base + local


def chunks(triples: Sequence[ox.Triple], size: int) -> list[list[ox.Triple]]:
    """Split triples into chunks of about ``size``, never splitting a blank-node structure.

    A blank node means the same node only within one INSERT DATA request, so every triple that
    touches a blank node travels with the whole structure it belongs to (an OWL list, a
    restriction), found by joining nodes that share a blank node.
    """
    parent: dict[object, object] = {}

    def find(x: object) -> object:
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while x != root:  # path compression
            parent[x], x = root, parent[x]
        return root

    for t in triples:
        if isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode):
            ra, rb = find(t.subject), find(t.object)
            if ra != rb:
                parent[ra] = rb
    groups: dict[object, list[ox.Triple]] = defaultdict(list)
    plain: list[list[ox.Triple]] = []
    for t in triples:
        if isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode):
            groups[find(t.subject)].append(t)
        else:
            plain.append([t])
    out: list[list[ox.Triple]] = []
    current: list[ox.Triple] = []
    for group in [*groups.values(), *plain]:
        if current and len(current) + len(group) > size:
            out.append(current)
            current = []
        current.extend(group)
    if current:
        out.append(current)
    return out


def ntriples(triples: Iterable[ox.Triple]) -> bytes:
    return ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES) or b""


# ---------------------------------------------------------------- loading


class Pusher:
    """Loads named graphs over HTTP and counts them through the query endpoint."""

    def __init__(
        self,
        *,
        endpoint: str,
        http: Http,
        graph_store: str | None,
        update_endpoint: str | None,
        method: str,
        chunk_size: int,
        progress: Callable[[str], None] | None,
    ) -> None:
        if method not in METHODS:
            raise StoreError(f"unknown push method {method!r}; choose one of {', '.join(METHODS)}")
        if chunk_size < 1:
            raise StoreError("--chunk-size must be at least 1")
        self.endpoint = endpoint
        self.http = http
        self.method = method
        self.chunk_size = chunk_size
        self.progress = progress or (lambda _line: None)
        auth = http.user is not None
        self.gsp_urls = [graph_store] if graph_store else graph_store_candidates(endpoint, authenticated=auth)
        self.update_urls = (
            [update_endpoint] if update_endpoint else update_candidates(endpoint, authenticated=auth)
        )
        self.chosen: tuple[str, str] | None = None  # (method, url) that worked, reused for every graph
        self.update_url: str | None = None  # the update URL that worked for diffs and markers
        self._counter = RemoteStore(endpoint, timeout=http.timeout)

    # -- counting

    def count(self, graph: str) -> int:
        bindings = {"g": URIRef(graph)}
        try:
            result = self._counter.query(COUNT_GRAPH, bindings=bindings)
        except QueryError as exc:
            if "401" in str(exc) or "Unauthorized" in str(exc):
                # The query endpoint itself wants the credentials (a locked-down server).
                self._counter = RemoteStore(
                    self.endpoint, timeout=self.http.timeout, user=self.http.user, password=self.http.password
                )
                result = self._counter.query(COUNT_GRAPH, bindings=bindings)
            else:
                raise StoreError(f"counting the triples of <{graph}>: {exc}") from exc
        try:
            return int(str(result.rows[0][0]))
        except (IndexError, ValueError, TypeError) as exc:
            raise StoreError(f"{self.endpoint} gave no triple count for <{graph}>: {result.rows!r}") from exc

    # -- one graph

    def load(self, graph: str, triples: Sequence[ox.Triple]) -> tuple[str, str]:
        """Replace ``graph`` by ``triples``; return the (method, url) used."""
        if self.chosen is not None:
            method, url = self.chosen
            (self._put if method == "graph-store" else self._update)(url, graph, triples)
            return self.chosen
        tried: list[str] = []
        if self.method in ("auto", "graph-store"):
            for url in self.gsp_urls:
                try:
                    self._put(url, graph, triples)
                except NotHere as exc:
                    tried.append(str(exc))
                    continue
                self.chosen = ("graph-store", url)
                return self.chosen
        if self.method in ("auto", "update"):
            for url in self.update_urls:
                try:
                    self._update(url, graph, triples)
                except NotHere as exc:
                    tried.append(str(exc))
                    continue
                self.chosen = ("update", url)
                return self.chosen
        raise StoreError(
            f"found no way to write to the store: {'; '.join(tried)} "
            "(give --graph-store or --update-endpoint)"
        )

    def _put(self, url: str, graph: str, triples: Sequence[ox.Triple]) -> None:
        target = url + ("&" if "?" in url else "?") + urllib.parse.urlencode({"graph": graph})
        if triples:
            resp = self.http.send(
                "PUT", target, body=ntriples(triples), content_type="application/n-triples; charset=utf-8"
            )
            if resp.status == 415:
                # Older stores know N-Triples only as Turtle (which it is).
                resp = self.http.send(
                    "PUT", target, body=ntriples(triples), content_type="text/turtle; charset=utf-8"
                )
        else:
            resp = self.http.send("DELETE", target)
            if resp.status == 404:
                return
        if resp.status in _NOT_HERE:
            raise NotHere(f"{url}: graph store answered HTTP {resp.status}")
        if not 200 <= resp.status < 300:
            raise StoreError(
                f"{url} refused to store <{graph}> (HTTP {resp.status}): {server_message(resp.body)}"
            )

    def _post_update(self, url: str, text: str) -> Response:
        body = urllib.parse.urlencode({"update": text}).encode("utf-8")
        return self.http.send("POST", url, body=body, content_type="application/x-www-form-urlencoded")

    def _update(self, url: str, graph: str, triples: Sequence[ox.Triple]) -> None:
        name = term_n3(URIRef(graph))
        resp = self._post_update(url, f"DROP SILENT GRAPH {name}")
        if resp.status in _NOT_HERE:
            raise NotHere(f"{url}: update service answered HTTP {resp.status}")
        if not 200 <= resp.status < 300:
            raise StoreError(
                f"{url} refused to drop <{graph}> (HTTP {resp.status}): {server_message(resp.body)}"
            )
        parts = chunks(triples, self.chunk_size)
        sent = 0
        for i, part in enumerate(parts, 1):
            body = ntriples(part).decode("utf-8")
            if any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in part):
                # Virtuoso refuses blank nodes in INSERT DATA; a template with an empty WHERE
                # makes the same nodes (one solution, so one fresh node per label).
                text = f"INSERT {{ GRAPH {name} {{\n{body}}} }} WHERE {{}}"
            else:
                text = f"INSERT DATA {{ GRAPH {name} {{\n{body}}} }}"
            try:
                resp = self._post_update(url, text)
                if not 200 <= resp.status < 300:
                    raise StoreError(f"HTTP {resp.status}: {server_message(resp.body)}")
            except StoreError as exc:
                raise StoreError(
                    f"load of <{graph}> interrupted at chunk {i} of {len(parts)} "
                    f"({sent} of {len(triples)} triples sent) by {url}: {exc}; "
                    f"{self._held(graph)}; run `nqgraph push` again to replace the graph whole"
                ) from exc
            sent += len(part)
            self.progress(f"  <{graph}>: {sent}/{len(triples)} triples")

    # -- updates that are not a whole graph: diffs and markers

    def update(self, text: str) -> str:
        """Send one SPARQL Update request to the first update URL that has the service; its URL."""
        urls = [self.update_url] if self.update_url else self.update_urls
        for url in urls:
            resp = self._post_update(url, text)
            if resp.status in _NOT_HERE and self.update_url is None and "Error" not in resp.body[:200]:
                continue
            if not 200 <= resp.status < 300:
                raise StoreError(f"{url} answered HTTP {resp.status}: {server_message(resp.body)}")
            self.update_url = url
            return url
        raise NotHere(f"no SPARQL Update service at {', '.join(urls)}")

    def markers(self) -> dict[str, str]:
        """The marker of each graph in the push log, as the last push left it."""
        query = f"SELECT ?g ?m WHERE {{ GRAPH <{PUSH_LOG}> {{ ?g <{PUSHED}> ?m }} }}"
        try:
            result = self._counter.query(query)
        except QueryError:
            self.count(PUSH_LOG)  # retries with the credentials when the endpoint wants them
            result = self._counter.query(query)
        return {str(row[0]): str(row[1]) for row in result.rows}

    def set_marker(self, graph: str, marker: str) -> bool:
        """Write the graph's marker in the push log; False when the store has no update service."""
        log, g, p = (term_n3(URIRef(x)) for x in (PUSH_LOG, graph, PUSHED))
        text = (
            f"DELETE {{ GRAPH {log} {{ {g} {p} ?m }} }} WHERE {{ GRAPH {log} {{ {g} {p} ?m }} }};\n"
            f'INSERT DATA {{ GRAPH {log} {{ {g} {p} "{marker}" }} }}'
        )
        try:
            self.update(text)
        except NotHere:
            return False
        return True

    def _held(self, graph: str) -> str:
        try:
            return f"the server now holds {self.count(graph)} triples in it"
        except StoreError:
            return "what the server now holds in it is unknown"


@dataclass(frozen=True)
class Bulk:
    """A full push through Virtuoso's bulk loader: its SQL port, and a folder it may read."""

    isql: str
    folder: Path
    program: str | None = None


def push(
    *,
    endpoint: str,
    build_dir: Path = Path("build"),
    graph_base: str | None = None,
    user: str | None = None,
    password: str | None = None,
    graph_store: str | None = None,
    update_endpoint: str | None = None,
    method: str = "auto",
    timeout: float = 30.0,
    chunk_size: int = 250,
    progress: Callable[[str], None] | None = None,
    record_dir: Path | None = None,
    full: bool = False,
    bulk: Bulk | None = None,
    diff_batch: int = 250,
) -> PushReport:
    """Bring every named graph of ``build_dir/nqgraph.trig`` onto the store and verify its count.

    ``endpoint`` is the store's SPARQL query endpoint (counts are asked there); the graph store
    and update URLs default to the server conventions in :func:`graph_store_candidates` and
    :func:`update_candidates`. A graph with a usable record in ``record_dir`` (default
    :func:`~nqgraph.remote.record.default_record_dir`) gets only the difference, in SPARQL Update
    requests of about ``diff_batch`` triples (Virtuoso compiles one INSERT DATA of 1,200 triples in
    2.2 s and six of 200 in 0.3 s; a diff in several requests is seen half-applied by a reader
    while it is sent, removals first); ``full`` replaces every graph whole. Raises
    :class:`~nqgraph.errors.StoreError` when the store cannot be reached, refuses the
    credentials, answers an error, or holds other than the dump's count after loading;
    :class:`~nqgraph.errors.DataError` when the dump is missing or malformed.
    """
    if not re.match(r"https?://", endpoint):
        raise StoreError(f"--endpoint: {endpoint!r} is not an http(s) URL")
    t0 = time.perf_counter()
    dump = build_dir / "nqgraph.trig"
    folder = record_dir if record_dir is not None else default_record_dir()
    record, why_none = (None, "--full") if full else read_record(folder, endpoint, graph_base)
    new_text: DumpText | None = None
    old_text: DumpText | None = None
    names: list[str]
    if record is not None and dump.is_file():
        try:
            new_text, old_text = DumpText.read(dump), DumpText.read(record.dump)
        except (NotComparable, OSError, UnicodeDecodeError) as exc:
            record, why_none = None, f"the dumps cannot be compared ({exc})"
    graphs: dict[str, list[ox.Triple]] | None = None
    if new_text is not None and new_text.only_prefixes:
        read_dump_checks(dump, graph_base)
        in_dump = list(new_text.sections)
    elif bulk is not None:
        # The loader's files are streamed from the dump later: no graph is read into memory here.
        read_dump_checks(dump, graph_base)
        in_dump = section_names(dump)
    else:
        graphs = read_dump(dump, graph_base=graph_base)  # also checks the dump and --graph-base
        in_dump = list(graphs)
    names = [server_graph(n, graph_base) for n in in_dump] if graphs is None else list(graphs)
    dump_name = {server_graph(n, graph_base): n for n in in_dump}
    http = Http(user=user, password=password, timeout=timeout)
    pusher = Pusher(
        endpoint=endpoint,
        http=http,
        graph_store=graph_store,
        update_endpoint=update_endpoint,
        method=method,
        chunk_size=chunk_size,
        progress=progress,
    )
    isql: Isql | None = None
    if bulk is not None:
        if user is None or password is None:
            raise StoreError("--bulk needs --user and --password (Virtuoso's SQL account, e.g. dba)")
        isql = Isql.find(
            address=bulk.isql, user=user, password=password, timeout=timeout, program=bulk.program
        )
    # Counting first proves the endpoint answers before anything is written. The server counts
    # (seconds for millions of triples) while this process compares the dumps (seconds too).
    with on_thread(_held_now, pusher, names, with_markers=record is not None, name="count") as asked:
        candidates: dict[str, Delta | NotComparable] = {}
        for name in names:
            if record is not None and name in record.graphs and new_text is not None and old_text is not None:
                try:
                    candidates[name] = graph_delta(old_text, new_text, dump_name[name])
                except NotComparable as exc:
                    candidates[name] = exc
        before, markers = asked.result()
    pusher.progress(f"  counted the {len(names)} graph(s) on the server")
    why_whole: dict[str, str] = {}
    diffable: list[str] = []
    for name in names:
        kept = record.graphs.get(name) if record is not None else None
        if record is None:
            why_whole[name] = why_none
        elif kept is None:
            why_whole[name] = "the last push from here did not send this graph"
        elif kept.triples != before[name]:
            why_whole[name] = (
                f"the server holds {before[name]} triples in it and the last push left {kept.triples}: "
                "it changed since, so a diff could be wrong"
            )
        elif kept.marker is not None and markers.get(name) != kept.marker:
            why_whole[name] = "another push wrote to it since the last one from here (its marker differs)"
        else:
            diffable.append(name)
    forget_record(folder, endpoint, graph_base)

    def whole_graphs() -> dict[str, list[ox.Triple]]:
        nonlocal graphs
        if graphs is None:
            graphs = read_dump(dump, graph_base=graph_base)
        return graphs

    deltas: dict[str, Delta] = {}
    for name in diffable:
        assert record is not None
        found = candidates[name]
        if isinstance(found, NotComparable):
            # The whole graphs compared instead: slower, and exact.
            pusher.progress(f"  <{name}>: {found}; comparing the whole graphs")
            old = read_dump(record.dump, graph_base=graph_base).get(name, [])
            deltas[name] = diff(snapshot(old), snapshot(whole_graphs()[name]))
        else:
            deltas[name] = found

    if deltas:
        pusher.progress(f"  found the diffs of {len(deltas)} graph(s)")
    loads: list[GraphLoad] = []
    whole = [name for name in names if name not in deltas]
    bulk_url, bulk_seconds = "", 0.0
    bulk_counts: dict[str, int] = {}
    if isql is not None and bulk is not None and whole:
        g0 = time.perf_counter()
        pusher.progress(f"  bulk loading {len(whole)} graph(s) through {isql.program} at {isql.address}")
        if graphs is None:
            # Streamed from the dump to the loader's files: a 5M graph is never held in memory.
            writer = dump_writer(
                dump, rename=lambda n: server_graph(n, graph_base), wanted=set(whole), counts=bulk_counts
            )
        else:
            writer = triples_writer({n: graphs[n] for n in whole})
            bulk_counts.update({n: len(graphs[n]) for n in whole})
        bulk_load(isql, bulk.folder, whole, writer, progress=pusher.progress)
        bulk_url = f"isql {isql.address}"
        bulk_seconds = (time.perf_counter() - g0) / len(whole)
    kept_graphs: dict[str, GraphRecord] = {}
    for name in names:
        g0 = time.perf_counter()
        added: int | None = None
        removed: int | None = None
        delta = deltas.get(name)
        if delta is not None:
            assert record is not None
            expected = record.graphs[name].triples - delta.removed_triples + delta.added_triples
            used_method, url = "diff", _send_delta(pusher, name, delta, batch=diff_batch)
            added, removed = delta.added_triples, delta.removed_triples
            after = pusher.count(name)
            if after != expected:
                why_whole[name] = f"after the diff the server held {after} triples, the dump has {expected}"
                pusher.progress(f"  <{name}>: {why_whole[name]}; replacing it whole")
                used_method, url = pusher.load(name, whole_graphs()[name])
                added = removed = None
                expected = len(whole_graphs()[name])
        elif bulk_url:
            used_method, url = "bulk", bulk_url
            expected = bulk_counts[name]
        else:
            used_method, url = pusher.load(name, whole_graphs()[name])
            expected = len(whole_graphs()[name])
        after = pusher.count(name)
        if after != expected:
            raise StoreError(
                f"<{name}>: the server holds {after} triples after loading, the dump has {expected}; "
                f"nothing of this graph is reported as loaded (loaded and verified before it: "
                f"{', '.join(g.graph for g in loads) or 'none'})"
            )
        marker: str | None = secrets.token_hex(16)
        if not pusher.set_marker(name, marker or ""):
            marker = None
        kept_graphs[name] = GraphRecord(triples=after, marker=marker)
        loads.append(
            GraphLoad(
                graph=name,
                expected=expected,
                before=before[name],
                after=after,
                method=used_method,
                url=url,
                seconds=time.perf_counter() - g0 + (bulk_seconds if used_method == "bulk" else 0.0),
                added=added,
                removed=removed,
                why_whole=why_whole.get(name, ""),
            )
        )
        pusher.progress(f"  <{name}>: {after} triples verified")
    done = Record(endpoint=endpoint, graph_base=graph_base, dump=dump, graphs=kept_graphs)
    write_record(folder, done, dump)
    pusher.progress("  record of this push written")
    return PushReport(endpoint=endpoint, dump=dump, graphs=tuple(loads), seconds=time.perf_counter() - t0)


def _held_now(
    pusher: Pusher, names: list[str], *, with_markers: bool
) -> tuple[dict[str, int], dict[str, str]]:
    """What the server holds before the push: each graph's count and, to compare with a record,
    the markers of the last pushes."""
    counts = {name: pusher.count(name) for name in names}
    return counts, (pusher.markers() if with_markers else {})


def _send_delta(pusher: Pusher, graph: str, delta: Delta, *, batch: int) -> str:
    """Send a diff; the update URL used (the query endpoint when there was nothing to send)."""
    requests = updates(graph, delta, batch=batch)
    url = pusher.update_url or pusher.endpoint
    for i, text in enumerate(requests, 1):
        try:
            url = pusher.update(text)
        except (StoreError, NotHere) as exc:
            raise StoreError(
                f"diff of <{graph}> interrupted at request {i} of {len(requests)}: {exc}; "
                f"{pusher._held(graph)}; run `nqgraph push` again to replace the graph whole"
            ) from exc
        pusher.progress(f"  <{graph}>: diff request {i}/{len(requests)} sent")
    return url


__all__ = [
    "Bulk",
    "GraphLoad",
    "Http",
    "PushReport",
    "Pusher",
    "Response",
    "Snapshot",
    "graph_store_candidates",
    "push",
    "read_dump",
    "server_message",
    "update_candidates",
]
