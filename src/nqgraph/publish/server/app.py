"""The WSGI application of ``nqgraph serve``: the built site, content negotiation on resource IRIs, the
SPARQL endpoint at ``/sparql`` and the VoID description, over the build it currently serves.

Every answer says which build it comes from (``X-Nqgraph-Build``, a digest of the build's TriG). The
build's identity (the TriG's inode, size and modification time) is checked on every request; when a
rebuild has replaced it, the new graph and new query workers are loaded before the request is
answered, so HTML, RDF and ``/sparql`` always answer from the same build.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from nqgraph.errors import StoreError
from nqgraph.graph.store import from_ox
from nqgraph.paths import project_root, state_store
from nqgraph.publish.server import saved
from nqgraph.publish.server.classify import Refused, classify
from nqgraph.publish.server.negotiation import preferred, result_format
from nqgraph.publish.server.pages import PageCache
from nqgraph.publish.server.protocol import Operation, from_get, from_post
from nqgraph.publish.server.results import GRAPH_TYPES, TEXT, Answer, Job, serialize_graph
from nqgraph.publish.server.workers import Busy, QueryPool, load_store
from nqgraph.publish.site import expanded_jsonld, iri_for_path, make_env, page_path
from nqgraph.publish.site.on_demand import build_day

PAGE_TYPES = ("text/html", "text/turtle", "application/ld+json", "application/n-triples")
STATIC_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".ttl": "text/turtle; charset=utf-8",
    ".jsonld": "application/ld+json",
    ".json": "application/json",
    ".csv": "text/csv; charset=utf-8",
    ".nt": "application/n-triples",
    ".trig": "application/trig",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8",
}
ALLOW_SPARQL = "GET, HEAD, POST, OPTIONS"
ALLOW_OTHER = "GET, HEAD, OPTIONS"
MAX_PATH_BYTES = 2048
MAX_SEGMENT_BYTES = 255

StartResponse = Callable[[str, list[tuple[str, str]]], Any]


@dataclass(frozen=True)
class Limits:
    """What one request may cost. The HTTP limits (threads, idle connections, header and body sizes)
    are the server's (``nqgraph.publish.server.serve``)."""

    timeout: float = 10.0
    row_cap: int = 10_000
    byte_cap: int = 16 * 1024 * 1024
    workers: int = 2
    queue: int = 8
    memory: int = 2 * 1024**3  # bytes a query may add to its worker's graph; 0 for no limit
    max_query_chars: int = 64 * 1024
    max_depth: int = 64
    page_cache: int = 64 * 1024 * 1024  # bytes of pages rendered on demand kept per build


@dataclass
class Response:
    status: int
    media_type: str
    body: bytes | Path = b""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Build:
    """One build as served: its identity on disk, its label, the graph for resource pages, the workers,
    and the pages rendered on demand (a new build starts with none)."""

    identity: tuple[int, int, int, int]
    label: str
    store: ox.Store
    pool: QueryPool
    private: Path | None  # a folder holding a hard link to the TriG the workers load, removed on close
    pages: PageCache | None = None

    def close(self) -> None:
        self.pool.close()
        if self.private is not None:
            shutil.rmtree(self.private, ignore_errors=True)


def identity_of(trig: Path) -> tuple[int, int, int, int]:
    st = trig.stat()
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def load_build(out: Path, limits: Limits, *, sources_root: Path | None = None) -> Build:
    """Load the build in ``out``: the graph, a digest of the TriG and the query workers.

    The workers load a hard link to the TriG (where the file system allows one), so a rebuild that
    replaces the folder meanwhile cannot hand a replacement worker the new graph. Resource pages
    and data are read from the build's on-disk state store (opened read-only through hard links of
    its files, for the same reason) when it has one, else from the TriG loaded in memory; pages
    the build did not write are rendered from it with the source texts under ``sources_root``.
    """
    trig = out / "nqgraph.trig"
    if not (out / "site" / "index.html").is_file() or not trig.is_file():
        raise StoreError(f"{out}: no built site; run `nqgraph build --out {out}` first")
    identity = identity_of(trig)
    private: Path | None = None
    source = trig
    for parent in (None, out.parent):
        try:
            folder = Path(tempfile.mkdtemp(prefix=".nqgraph-serve-", dir=parent))
        except OSError:
            continue
        try:
            os.link(trig, folder / "nqgraph.trig")
        except OSError:
            shutil.rmtree(folder, ignore_errors=True)
            continue
        private, source = folder, folder / "nqgraph.trig"
        break
    try:
        digest = hashlib.sha256()
        with source.open("rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                digest.update(chunk)
        store = _open_state_store(out, private) or load_store(source)
        pool = QueryPool(
            source, workers=limits.workers, queue=limits.queue, timeout=limits.timeout, memory=limits.memory
        )
    except (OSError, StoreError) as exc:
        if private is not None:
            shutil.rmtree(private, ignore_errors=True)
        raise StoreError(f"{out}: cannot serve this build: {exc}") from exc
    except BaseException:  # Ctrl-C or SIGTERM while loading: leave no private folder behind
        if private is not None:
            shutil.rmtree(private, ignore_errors=True)
        raise
    pages = PageCache(
        store, today=build_day(out), sources_root=sources_root or project_root(), max_bytes=limits.page_cache
    )
    return Build(identity, digest.hexdigest()[:16], store, pool, private, pages)


def _open_state_store(out: Path, private: Path | None) -> ox.Store | None:
    """The build's state store, read-only, through hard links in ``private`` when there is one (its
    files are never rewritten, only replaced, so the links keep this build's version)."""
    state = state_store(out)
    if not state.is_dir():
        return None
    path = state
    if private is not None:
        path = private / "store"
        try:
            for file in state.rglob("*"):
                target = path / file.relative_to(state)
                if file.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                else:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    os.link(file, target)
        except OSError:
            path = state
    try:
        return ox.Store.read_only(str(path))
    except (OSError, RuntimeError):
        return None  # an unreadable state store: the TriG is the build's graph too


class Endpoint:
    """The WSGI application over the build folder ``out``."""

    def __init__(self, out: Path, limits: Limits) -> None:
        self.out = out
        self.site = out / "site"
        self.limits = limits
        self._reload_lock = threading.Lock()
        self._failed: tuple[tuple[int, int, int, int], float] | None = None
        self.build = load_build(out, limits)

    def close(self) -> None:
        self.build.close()

    # ------------------------------------------------------------ the build

    def current(self) -> Build:
        """The build to answer from, reloaded first when a rebuild has replaced the TriG."""
        build = self.build
        try:
            identity = identity_of(self.out / "nqgraph.trig")
        except OSError:
            return build  # mid-swap or removed: go on with the build loaded
        if identity == build.identity:
            return build
        with self._reload_lock:
            if self.build.identity == identity:
                return self.build
            if self._failed and self._failed[0] == identity and time.monotonic() - self._failed[1] < 5:
                return self.build
            try:
                fresh = load_build(self.out, self.limits)
            except StoreError as exc:
                print(
                    f"nqgraph serve: the new build could not be loaded, serving the old one: {exc}",
                    file=sys.stderr,
                )
                self._failed = (identity, time.monotonic())
                return self.build
            old, self.build = self.build, fresh
        old.close()
        return fresh

    # ------------------------------------------------------------ WSGI

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        arrived = float(environ.get("nqgraph.arrived") or time.monotonic())
        method = str(environ.get("REQUEST_METHOD", "GET")).upper()
        build: Build | None = None
        try:
            path = _decoded_path(environ)
            build = self.current()
            response = self.route(method, path, environ, build, arrived)
        except Refused as exc:
            response = Response(exc.status, TEXT, exc.message.encode())
        except Exception:  # an answer, never a dropped connection; the details go to the log
            traceback.print_exc(file=sys.stderr)
            response = Response(500, TEXT, b"internal error; the server's log has the details")
        return self.respond(response, method, build, environ, start_response)

    def respond(
        self,
        response: Response,
        method: str,
        build: Build | None,
        environ: dict[str, Any],
        start_response: StartResponse,
    ) -> Iterable[bytes]:
        headers = {"Access-Control-Allow-Origin": "*", **response.headers}
        if build is not None:
            headers["X-Nqgraph-Build"] = build.label
        if response.status == 503 and "Retry-After" not in headers:
            headers["Retry-After"] = "1"
        body: Iterable[bytes]
        if isinstance(response.body, Path):
            try:
                handle = response.body.open("rb")
                size = os.fstat(handle.fileno()).st_size
            except OSError:  # the file went away (a rebuild swapping the folder) since it was found
                return self.respond(
                    Response(503, TEXT, b"the build is being replaced; retry", {"Retry-After": "1"}),
                    method,
                    build,
                    environ,
                    start_response,
                )
            if method == "HEAD":
                handle.close()
                body = []
            else:
                wrapper = environ.get("wsgi.file_wrapper")
                body = wrapper(handle, 1 << 16) if wrapper else iter(lambda: handle.read(1 << 16), b"")
        else:
            size = len(response.body)
            body = [] if method == "HEAD" else [response.body]
        headers["Content-Type"] = response.media_type
        headers["Content-Length"] = str(size)
        start_response(f"{response.status} {_reason(response.status)}", list(headers.items()))
        return body

    # ------------------------------------------------------------ routes

    def route(
        self, method: str, path: str, environ: dict[str, Any], build: Build, arrived: float
    ) -> Response:
        sparql = path in ("/sparql", "/sparql/")
        allow = ALLOW_SPARQL if sparql else ALLOW_OTHER
        if method == "OPTIONS":
            return Response(
                204,
                TEXT,
                headers={
                    "Allow": allow,
                    "Access-Control-Allow-Methods": allow,
                    "Access-Control-Allow-Headers": "Accept, Content-Type",
                    "Access-Control-Max-Age": "86400",
                },
            )
        if method not in allow.split(", "):
            return Response(
                405, TEXT, f"{method} is not served here; allowed: {allow}".encode(), {"Allow": allow}
            )
        if sparql:
            return self.sparql(method, environ, build, arrived)
        if path == "/.well-known/void":
            void = self.out / "void.ttl"
            return (
                Response(200, "text/turtle; charset=utf-8", void) if void.is_file() else self.not_found(path)
            )
        if path.startswith("/id/"):
            return self.resource(path, environ, build)
        if path.startswith(saved.PREFIX) and (name := saved.saved_name(path, project_root() / "queries")):
            page = saved.answer_page(
                name,
                environ,
                folder=project_root() / "queries",
                label=build.label,
                pool=build.pool,
                row_cap=self.limits.row_cap,
                deadline=arrived + self.limits.timeout,
                answers=saved.answers_folder(self.out),
            )
            return Response(page.status, page.media_type, page.body, page.headers)
        return self.static(path.lstrip("/") or "index.html") or self.not_found(path)

    def not_found(self, path: str) -> Response:
        words = path.strip("/").rsplit("/", 1)[-1].replace("-", " ")
        html = (
            make_env()
            .get_template("not_found.html")
            .render(path=path, words=words, root="/", today="", crumbs=[], backlinks=[], jsonld=None)
        )
        return Response(404, "text/html; charset=utf-8", html.encode("utf-8"))

    def static(self, relative: str) -> Response | None:
        site = self.site.resolve()
        try:
            target = (site / relative).resolve()
            if site not in target.parents and target != site:
                return None
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                return None
        except (OSError, ValueError):
            return None
        return Response(200, STATIC_TYPES.get(target.suffix, "application/octet-stream"), target)

    def resource(self, path: str, environ: dict[str, Any], build: Build) -> Response:
        ext = next((e for e in ("ttl", "nt", "jsonld") if path.endswith("." + e)), None)
        iri = iri_for_path(path)
        try:
            subject = ox.NamedNode(iri) if iri else None
        except ValueError:
            subject = None
        quads = list(build.store.quads_for_pattern(subject, None, None)) if subject else []
        if not quads:
            return self.not_found(path)
        if ext is None and not path.endswith((".html", "/")):
            chosen = preferred(str(environ.get("HTTP_ACCEPT", "")), PAGE_TYPES)
            if chosen is None:
                return Response(406, TEXT, ", ".join(PAGE_TYPES).encode(), {"Vary": "Accept"})
            ext = {"text/turtle": "ttl", "application/n-triples": "nt", "application/ld+json": "jsonld"}.get(
                chosen
            )
        if ext is None:
            relative = path.lstrip("/")
            if relative.endswith(".html") and not relative.endswith("index.html"):
                relative = relative[:-5] + "/index.html"
            found = self.static(relative)
            if found is None and build.pages is not None:
                body = build.pages.file(page_path(iri) or "") if iri else None
                if body is not None:
                    found = Response(200, STATIC_TYPES[".html"], body)
            if found is not None:
                found.headers["Vary"] = "Accept"
            return found or self.not_found(path)
        location = path if path.endswith("." + ext) else f"{path}.{ext}"
        headers = {"Vary": "Accept", "Content-Location": location}
        if ext == "jsonld":
            rows = sorted(
                {(from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)) for q in quads}, key=str
            )
            body = json.dumps(expanded_jsonld(rows), ensure_ascii=False, indent=1).encode("utf-8")
            return Response(200, GRAPH_TYPES["jsonld"], body, headers)
        triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=str)
        return Response(200, GRAPH_TYPES[ext], serialize_graph(triples, ext), headers)

    # ------------------------------------------------------------ SPARQL

    def sparql(self, method: str, environ: dict[str, Any], build: Build, arrived: float) -> Response:
        query_string = str(environ.get("QUERY_STRING", ""))
        accept = str(environ.get("HTTP_ACCEPT", ""))
        operation: Operation | None
        if method == "POST":
            body = _read_body(environ)
            operation = from_post(query_string, str(environ.get("CONTENT_TYPE", "")), body)
        else:
            operation = from_get(query_string)
        if operation is None:
            if preferred(accept, ("text/html", "application/sparql-results+json")) == "text/html":
                return Response(303, TEXT, b"", {"Location": "/sparql.html"})
            raise Refused(400, "missing query: the request has no 'query' parameter")
        classified = classify(
            operation.query, max_chars=self.limits.max_query_chars, max_depth=self.limits.max_depth
        )
        solutions, graph = result_format(classified.form, list(operation.formats), accept)
        job = Job(
            query=operation.query,
            solutions_format=solutions,
            graph_format=graph,
            base_iri=_base_iri(environ),
            default_graphs=operation.default_graphs,
            named_graphs=operation.named_graphs,
            union_default_graph=not (operation.names_dataset or classified.has_dataset),
            row_cap=self.limits.row_cap,
            byte_cap=self.limits.byte_cap,
        )
        try:
            answer = build.pool.run(job, arrived + self.limits.timeout)
        except Busy as exc:
            return Response(
                503, TEXT, str(exc).encode(), {"Retry-After": str(max(1, round(exc.retry_after)))}
            )
        return _from_answer(answer, self.limits)


def _from_answer(answer: Answer, limits: Limits) -> Response:
    headers = {"Vary": "Accept"}
    if answer.capped == "rows":
        headers["X-NQGraph-Result-Cap"] = str(limits.row_cap)
    elif answer.capped == "bytes":
        headers["X-NQGraph-Byte-Cap"] = str(limits.byte_cap)
    return Response(answer.status, answer.media_type, answer.body, headers)


def _read_body(environ: dict[str, Any]) -> bytes:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError as exc:
        raise Refused(400, "Content-Length is not a number") from exc
    if length < 0:
        raise Refused(400, "Content-Length is negative")
    data: bytes = environ["wsgi.input"].read(length) if length else b""
    return data


def _decoded_path(environ: dict[str, Any]) -> str:
    """The request path as text, or :class:`Refused` for one that names no file a site could hold."""
    raw = str(environ.get("PATH_INFO", "/"))
    try:
        data = raw.encode("latin-1")
        path = data.decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError) as exc:
        raise Refused(400, "the path is not UTF-8") from exc
    if len(data) > MAX_PATH_BYTES:
        raise Refused(414, f"the path is {len(data):,} bytes long; at most {MAX_PATH_BYTES:,} are served")
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in path):
        raise Refused(400, "the path holds a control character (such as %00)")
    if any(len(segment.encode("utf-8")) > MAX_SEGMENT_BYTES for segment in path.split("/")):
        raise Refused(414, f"a segment of the path is longer than {MAX_SEGMENT_BYTES} bytes")
    return path or "/"


def _base_iri(environ: dict[str, Any]) -> str:
    """The endpoint's own URL, the base for relative IRIs in a query (SPARQL 1.1 Query, section 4.1.1.1)."""
    host = str(environ.get("HTTP_HOST") or "")
    if not host or not all(c.isalnum() or c in ".-:[]" for c in host):
        host = f"{environ.get('SERVER_NAME', 'localhost')}:{environ.get('SERVER_PORT', '80')}"
    return f"{environ.get('wsgi.url_scheme', 'http')}://{host}/sparql"


def _reason(status: int) -> str:
    with contextlib.suppress(ValueError):
        from http import HTTPStatus

        return HTTPStatus(status).phrase
    return "Unknown"
