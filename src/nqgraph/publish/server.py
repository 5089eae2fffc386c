"""``nqgraph serve``: the built site, content negotiation on resource IRIs, and a read-only
SPARQL 1.1 Protocol endpoint at ``/sparql``.

Queries run in worker processes that hold their own copy of the graph, so a query that exceeds
the timeout is stopped by ending its worker (a fresh one replaces it) while the server goes on
serving. SPARQL Update is refused. Results are capped at ``result_cap`` rows (the response then
carries ``X-NQGraph-Result-Cap``).
"""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import multiprocessing.connection
import queue
import threading
import urllib.parse
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

import pyoxigraph as ox

from nqgraph.errors import StoreError
from nqgraph.graph.store import from_ox
from nqgraph.publish.serialize import turtle
from nqgraph.publish.site import expanded_jsonld, iri_for_path, make_env

RESULT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_TYPES = {
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
}
PAGE_TYPES = ("text/html", "text/turtle", "application/ld+json", "application/n-triples")


def load_store(trig: Path) -> ox.Store:
    store = ox.Store()
    try:
        store.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
    except (OSError, SyntaxError) as exc:
        raise StoreError(f"{trig}: cannot load the built graph: {exc}") from exc
    return store


# ---------------------------------------------------------------- results


def _term_json(term: Any) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


def _term_text(term: Any) -> str:
    """A term in the SPARQL 1.1 TSV form (N-Triples syntax)."""
    if term is None:
        return ""
    return str(term)


def serialize_solutions(variables: list[str], rows: list[list[Any]], fmt: str) -> bytes:
    """SELECT results in one of the four SPARQL 1.1 result formats."""
    if fmt == "json":
        bindings = [
            {v: _term_json(t) for v, t in zip(variables, row, strict=True) if t is not None} for row in rows
        ]
        return json.dumps(
            {"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False
        ).encode("utf-8")
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(variables)
        for row in rows:
            writer.writerow(["" if t is None else t.value for t in row])
        return buf.getvalue().encode("utf-8")
    if fmt == "tsv":
        lines = ["\t".join("?" + v for v in variables)]
        lines += ["\t".join(_term_text(t) for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    parts = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
    parts += [f"<variable name={quoteattr(v)}/>" for v in variables]
    parts.append("</head>\n<results>")
    for row in rows:
        parts.append("<result>")
        for v, t in zip(variables, row, strict=True):
            if t is None:
                continue
            if isinstance(t, ox.NamedNode):
                inner = f"<uri>{xml_escape(t.value)}</uri>"
            elif isinstance(t, ox.BlankNode):
                inner = f"<bnode>{xml_escape(t.value)}</bnode>"
            elif t.language:
                inner = f"<literal xml:lang={quoteattr(t.language)}>{xml_escape(t.value)}</literal>"
            else:
                inner = f"<literal datatype={quoteattr(t.datatype.value)}>{xml_escape(t.value)}</literal>"
            parts.append(f"<binding name={quoteattr(v)}>{inner}</binding>")
        parts.append("</result>")
    parts.append("</results>\n</sparql>\n")
    return "".join(parts).encode("utf-8")


def run_query(store: ox.Store, query: str, fmt: str, cap: int) -> tuple[int, str, bytes, bool]:
    """Evaluate ``query``: (status, media type, body, capped)."""
    try:
        result = store.query(query, use_default_graph_as_union=True)
    except SyntaxError as exc:
        return 400, "text/plain; charset=utf-8", f"SPARQL syntax error: {exc}".encode(), False
    except (OSError, RuntimeError, ValueError) as exc:
        return 400, "text/plain; charset=utf-8", f"query failed: {exc}".encode(), False
    if isinstance(result, ox.QueryBoolean):
        if fmt == "xml":
            body = (
                '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{'true' if result else 'false'}</boolean></sparql>\n"
            ).encode()
            return 200, RESULT_TYPES["xml"], body, False
        return 200, RESULT_TYPES["json"], json.dumps({"head": {}, "boolean": bool(result)}).encode(), False
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows: list[list[Any]] = []
        capped = False
        for solution in result:
            if len(rows) >= cap:
                capped = True
                break
            rows.append([solution[v] for v in variables])
        out_fmt = fmt if fmt in RESULT_TYPES else "json"
        return 200, RESULT_TYPES[out_fmt], serialize_solutions(variables, rows, out_fmt), capped
    triples: list[tuple[Any, Any, Any]] = []
    capped = False
    for t in result:
        if len(triples) >= cap:
            capped = True
            break
        triples.append((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    return 200, "text/turtle; charset=utf-8", _turtle(triples).encode("utf-8"), capped


def _turtle(triples: list[Any]) -> str:
    from nqgraph.namespaces import PREFIXES

    return turtle(triples, prefixes=PREFIXES)


# ---------------------------------------------------------------- workers


def _worker_main(trig: str, conn: multiprocessing.connection.Connection, cap: int) -> None:
    store = load_store(Path(trig))
    conn.send("ready")
    while True:
        try:
            query, fmt = conn.recv()
        except EOFError:
            return
        conn.send(run_query(store, query, fmt, cap))


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: multiprocessing.connection.Connection


class QueryPool:
    """Worker processes that answer queries; a worker past the timeout is ended and replaced."""

    def __init__(self, trig: Path, *, workers: int = 2, timeout: float = 10.0, cap: int = 10_000) -> None:
        self.trig = trig
        self.timeout = timeout
        self.cap = cap
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        for _ in range(workers):
            self._idle.put(self._start())

    def _start(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=_worker_main, args=(str(self.trig), child, self.cap), daemon=True
        )
        process.start()
        if not parent.poll(120) or parent.recv() != "ready":
            process.kill()
            raise StoreError(f"the query worker could not load {self.trig}")
        return _Worker(process, parent)

    def run(self, query: str, fmt: str) -> tuple[int, str, bytes, bool]:
        worker = self._idle.get()
        try:
            worker.conn.send((query, fmt))
            if worker.conn.poll(self.timeout):
                answer: tuple[int, str, bytes, bool] = worker.conn.recv()
                self._idle.put(worker)
                return answer
        except (EOFError, OSError):
            pass
        worker.process.kill()
        worker.process.join(5)
        threading.Thread(target=lambda: self._idle.put(self._start()), daemon=True).start()
        message = f"query timed out after {self.timeout:g} s; the endpoint stopped it and goes on serving"
        return 503, "text/plain; charset=utf-8", message.encode(), False

    def close(self) -> None:
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                return
            worker.process.kill()


# ---------------------------------------------------------------- negotiation


def preferred(accept: str, offered: tuple[str, ...]) -> str | None:
    """The offered media type the Accept header ranks highest (ties: order of ``offered``)."""
    if not accept.strip():
        return offered[0]
    best: tuple[float, int, str] | None = None
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        media, q = fields[0].lower(), 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        for rank, candidate in enumerate(offered):
            if q > 0 and (
                media == candidate
                or media == "*/*"
                or (media.endswith("/*") and candidate.startswith(media[:-1]))
            ):
                key = (q, -rank, candidate)
                if best is None or key > best:
                    best = key
    return best[2] if best else None


class NqgraphServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], *, out: Path, pool: QueryPool, store: ox.Store) -> None:
        super().__init__(address, Handler)
        self.out = out
        self.site = out / "site"
        self.pool = pool
        self.store = store


class Handler(BaseHTTPRequestHandler):
    server: NqgraphServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        return

    # ------------------------------------------------------------ helpers

    def send(self, status: int, media: str, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def not_found(self, path: str) -> None:
        words = path.strip("/").rsplit("/", 1)[-1].replace("-", " ")
        html = (
            make_env()
            .get_template("not_found.html")
            .render(path=path, words=words, root="/", today="", crumbs=[], backlinks=[], jsonld=None)
        )
        self.send(404, "text/html; charset=utf-8", html.encode("utf-8"))

    def static(self, relative: str) -> bool:
        target = (self.server.site / relative).resolve()
        site = self.server.site.resolve()
        if site not in target.parents and target != site:
            return False
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            return False
        media = {
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
        }.get(target.suffix, "application/octet-stream")
        self.send(200, media, target.read_bytes())
        return True

    # ------------------------------------------------------------ routes

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        path = urllib.parse.unquote(url.path)
        if path == "/sparql":
            params = urllib.parse.parse_qs(url.query)
            if "update" in params:
                self.refuse_update()
                return
            if "query" not in params:
                self.send(303, "text/plain", b"", {"Location": "/sparql.html"})
                return
            self.sparql(params["query"][0], params.get("format", [""])[0])
            return
        if path == "/.well-known/void":
            void = self.server.out / "void.ttl"
            if void.is_file():
                self.send(200, "text/turtle; charset=utf-8", void.read_bytes())
            else:
                self.not_found(path)
            return
        if path.startswith("/id/"):
            self.resource(path)
            return
        relative = path.lstrip("/") or "index.html"
        if not self.static(relative):
            self.not_found(path)

    def do_POST(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        if url.path != "/sparql":
            self.send(405, "text/plain", b"POST is only accepted at /sparql")
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if media == "application/sparql-update":
            self.refuse_update()
            return
        if media == "application/sparql-query":
            query = body
            fmt = urllib.parse.parse_qs(url.query).get("format", [""])[0]
        else:
            form = urllib.parse.parse_qs(body)
            if "update" in form:
                self.refuse_update()
                return
            if "query" not in form:
                self.send(400, "text/plain; charset=utf-8", b"missing 'query' parameter")
                return
            query = form["query"][0]
            fmt = form.get("format", [""])[0]
        self.sparql(query, fmt)

    def refuse_update(self) -> None:
        self.send(403, "text/plain; charset=utf-8", b"this endpoint is read-only: SPARQL Update is refused")

    def sparql(self, query: str, fmt: str) -> None:
        if not fmt:
            accept = self.headers.get("Accept") or ""
            chosen = preferred(accept, (*RESULT_TYPES.values(), "text/turtle", "application/json"))
            fmt = {v: k for k, v in RESULT_TYPES.items()}.get(chosen or "", "json")
        fmt = {
            "application/sparql-results+json": "json",
            "application/sparql-results+xml": "xml",
            "text/csv": "csv",
            "text/tab-separated-values": "tsv",
        }.get(fmt, fmt)
        if ox_is_update(query):
            self.refuse_update()
            return
        status, media, body, capped = self.server.pool.run(query, fmt)
        headers = {"X-NQGraph-Result-Cap": str(self.server.pool.cap)} if capped else {}
        self.send(status, media, body, headers)

    def resource(self, path: str) -> None:
        ext = next((e for e in ("ttl", "nt", "jsonld") if path.endswith("." + e)), None)
        iri = iri_for_path(path)
        subject = ox.NamedNode(iri) if iri else None
        triples = list(self.server.store.quads_for_pattern(subject, None, None)) if subject else []
        if not triples:
            self.not_found(path)
            return
        if ext is None and not path.endswith((".html", "/")):
            chosen = preferred(self.headers.get("Accept") or "", PAGE_TYPES)
            if chosen is None:
                self.send(406, "text/plain", ", ".join(PAGE_TYPES).encode())
                return
            ext = {"text/turtle": "ttl", "application/n-triples": "nt", "application/ld+json": "jsonld"}.get(
                chosen
            )
        if ext is None:
            relative = path.lstrip("/")
            if relative.endswith(".html"):
                relative = relative[:-5] + "/index.html" if not relative.endswith("index.html") else relative
            if not self.static(relative):
                self.not_found(path)
            return
        rows = sorted(
            {(from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)) for q in triples}, key=str
        )
        if ext == "ttl":
            body = _turtle(rows).encode("utf-8")
        elif ext == "nt":
            body = "".join(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in rows).encode("utf-8")
        else:
            body = json.dumps(expanded_jsonld(rows), ensure_ascii=False, indent=1).encode("utf-8")
        self.send(
            200,
            GRAPH_TYPES[ext] + ("; charset=utf-8" if ext == "ttl" else ""),
            body,
            {"Vary": "Accept", "Content-Location": path if path.endswith("." + ext) else f"{path}.{ext}"},
        )


def ox_is_update(query: str) -> bool:
    """Whether the text parses as SPARQL Update (and not as a query)."""
    try:
        ox.Store().query(query)
        return False
    except SyntaxError:
        pass
    except (OSError, RuntimeError, ValueError):
        return False
    try:
        ox.Store().update(query)
    except SyntaxError:
        return False
    except (OSError, RuntimeError, ValueError):
        return True
    return True


def serve(
    *,
    out: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    timeout: float = 10.0,
    cap: int = 10_000,
    workers: int = 2,
    ready: threading.Event | None = None,
) -> None:
    """Serve ``out`` (a build folder) until interrupted."""
    trig = out / "nqgraph.trig"
    if not (out / "site" / "index.html").is_file() or not trig.is_file():
        raise StoreError(f"{out}: no built site; run `nqgraph build --out {out}` first")
    store = load_store(trig)
    pool = QueryPool(trig, workers=workers, timeout=timeout, cap=cap)
    try:
        httpd = NqgraphServer((host, port), out=out, pool=pool, store=store)
    except OSError as exc:
        pool.close()
        raise StoreError(f"cannot listen on {host}:{port}: {exc}") from exc
    if ready is not None:
        ready.set()
    try:
        httpd.serve_forever()
    finally:
        httpd.server_close()
        pool.close()


__all__ = ["HTTPStatus", "QueryPool", "preferred", "serialize_solutions", "serve"]
