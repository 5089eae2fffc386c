"""``nqgraph push``: load the built graph into a SPARQL 1.1 store and prove that it holds it.

Each named graph of ``build/nqgraph.trig`` is replaced as a whole, first through the SPARQL 1.1
Graph Store HTTP Protocol (one ``PUT`` per graph) and, where the server has no graph store, through
SPARQL 1.1 Update (``DROP SILENT GRAPH`` then ``INSERT DATA`` in chunks). After each graph the
server is asked ``SELECT (COUNT(*) …)`` for it; only a graph whose count equals the dump's is
reported as loaded. Replacing whole graphs makes a second push leave the same state (idempotent),
and repairs a graph an interrupted push left half-loaded.

Terms in the update text come from the RDF parser's N-Triples output and graph names pass
:func:`nqgraph.graph.sparql.term_n3`, so no text given by a user becomes SPARQL syntax.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from nqgraph.errors import DataError, QueryError, StoreError
from nqgraph.graph.sparql import term_n3
from nqgraph.graph.store import COUNT_GRAPH, RemoteStore
from nqgraph.namespaces import GRAPH

METHODS = ("auto", "graph-store", "update")
# Statuses with which a URL says "no graph store / no update service here": try the next one.
_NOT_HERE = {400, 404, 405, 406, 415, 501}
USER_AGENT = "nqgraph-push/0.1 (https://w3id.org/nqgraph)"


@dataclass(frozen=True)
class GraphLoad:
    """What one named graph held before and after the push."""

    graph: str
    expected: int
    before: int
    after: int
    method: str
    url: str
    seconds: float

    @property
    def repaired(self) -> bool:
        """The server held a different number of triples in this graph before the push."""
        return self.before not in (0, self.expected)


@dataclass(frozen=True)
class PushReport:
    """The graphs loaded and verified, in dump order."""

    endpoint: str
    dump: Path
    graphs: tuple[GraphLoad, ...]
    seconds: float

    @property
    def triples(self) -> int:
        return sum(g.after for g in self.graphs)

    def lines(self) -> list[str]:
        methods = sorted({f"{g.method} at {g.url}" for g in self.graphs})
        out = [f"pushed {self.dump} to {self.endpoint} ({'; '.join(methods)})"]
        width = max((len(g.graph) for g in self.graphs), default=0)
        for g in self.graphs:
            note = "repaired" if g.repaired else ("new" if g.before == 0 else "replaced")
            out.append(
                f"  {g.graph:<{width}}  {g.after:>7} triples, verified "
                f"(server held {g.before} before: {note})"
            )
        out.append(
            f"{self.triples} triples in {len(self.graphs)} graph(s), each count verified on the server, "
            f"in {self.seconds:.1f} s"
        )
        return out


# ---------------------------------------------------------------- the dump


def read_dump(path: Path, *, graph_base: str | None = None) -> dict[str, list[ox.Triple]]:
    """The named graphs of a TriG dump as ``{server graph IRI: distinct triples}``, in dump order.

    With ``graph_base``, a graph named ``…/graph/asserted`` is pushed as ``{graph_base}asserted``.
    """
    if not path.is_file():
        raise DataError(f"{path}: not found; run `nqgraph build` first (or give --out BUILD_DIR)")
    if graph_base is not None:
        if not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", graph_base):
            raise DataError(f"--graph-base: {graph_base!r} is not an absolute IRI")
        term_n3(URIRef(graph_base + "x"))  # refuses characters that are not allowed in an IRI
    graphs: dict[str, dict[ox.Triple, None]] = {}
    try:
        for q in ox.parse(path=str(path), format=ox.RdfFormat.TRIG):
            if isinstance(q.graph_name, ox.DefaultGraph):
                raise DataError(f"{path}: has triples outside a named graph; push loads named graphs only")
            name = q.graph_name.value
            graphs.setdefault(name, {})[ox.Triple(q.subject, q.predicate, q.object)] = None
    except SyntaxError as exc:
        raise DataError(f"{path}: not valid TriG: {exc}") from exc
    out: dict[str, list[ox.Triple]] = {}
    for name, triples in graphs.items():
        target = name
        if graph_base is not None:
            local = name[len(GRAPH) :] if name.startswith(GRAPH) else name.rsplit("/", 1)[-1]
            target = graph_base + local
        out[target] = list(triples)
    return out


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


# ---------------------------------------------------------------- HTTP


@dataclass(frozen=True)
class Response:
    status: int
    body: str
    headers: dict[str, str] = field(default_factory=dict)


class Http:
    """HTTP with the credentials and timeout of one push.

    Authentication is done here rather than by urllib's handlers: those send the request body
    first without credentials, and Virtuoso closes the connection on its 401 while a large
    graph is still being sent ("broken pipe"). A bodiless HEAD fetches the challenge (Digest or
    Basic); every request after it carries the answer.
    """

    def __init__(self, *, user: str | None, password: str | None, timeout: float) -> None:
        self.user = user
        self.password = password
        self.timeout = timeout
        self._challenges: dict[str, dict[str, str]] = {}
        self._nonce_count: dict[str, int] = defaultdict(int)

    def send(
        self, method: str, url: str, *, body: bytes | None = None, content_type: str | None = None
    ) -> Response:
        """One request; transport failures and refused credentials raise :class:`StoreError`."""
        return _send(self, method, url, body=body, content_type=content_type)

    def raw(self, method: str, url: str, body: bytes | None, headers: dict[str, str]) -> Response:
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as resp:
                return Response(
                    resp.status, resp.read().decode("utf-8", errors="replace"), dict(resp.headers)
                )
        except urllib.error.HTTPError as exc:
            text = exc.read().decode("utf-8", errors="replace") if exc.fp is not None else ""
            return Response(exc.code, text, dict(exc.headers or {}))
        except TimeoutError as exc:
            raise StoreError(f"{url} did not answer within {self.timeout:g} s") from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise StoreError(f"{url} did not answer within {self.timeout:g} s") from exc
            raise StoreError(f"cannot reach {url}: {exc.reason}") from exc
        except OSError as exc:
            raise StoreError(f"cannot reach {url}: {exc}") from exc

    def learn(self, url: str, response: Response) -> bool:
        """Remember the challenge of a 401 answer; False if it has none this client can answer."""
        header = next((v for k, v in response.headers.items() if k.lower() == "www-authenticate"), "")
        scheme, _, rest = header.strip().partition(" ")
        if scheme.lower() not in ("digest", "basic"):
            return False
        params = urllib.request.parse_keqv_list(urllib.request.parse_http_list(rest)) if rest else {}
        params["scheme"] = scheme.lower()
        self._challenges[_key(url)] = params
        return True

    def knows(self, url: str) -> bool:
        """Whether a challenge for this URL has been seen."""
        return _key(url) in self._challenges

    def authorization(self, method: str, url: str) -> str | None:
        chal = self._challenges.get(_key(url))
        if chal is None or self.user is None:
            return None
        password = self.password or ""
        if chal["scheme"] == "basic":
            return "Basic " + base64.b64encode(f"{self.user}:{password}".encode()).decode("ascii")
        parts = urllib.parse.urlsplit(url)
        uri = parts.path + ("?" + parts.query if parts.query else "")
        realm, nonce = chal.get("realm", ""), chal.get("nonce", "")

        def md5(text: str) -> str:
            return hashlib.md5(text.encode("utf-8"), usedforsecurity=False).hexdigest()

        ha1 = md5(f"{self.user}:{realm}:{password}")
        ha2 = md5(f"{method}:{uri}")
        fields = {"username": self.user, "realm": realm, "nonce": nonce, "uri": uri}
        if "auth" in chal.get("qop", "").split(","):
            self._nonce_count[nonce] += 1
            nc = f"{self._nonce_count[nonce]:08x}"
            cnonce = secrets.token_hex(8)
            fields["response"] = md5(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")
            extra = f', qop=auth, nc={nc}, cnonce="{cnonce}"'
        else:
            fields["response"] = md5(f"{ha1}:{nonce}:{ha2}")
            extra = ""
        if "opaque" in chal:
            fields["opaque"] = chal["opaque"]
        quoted = ", ".join(f'{k}="{v}"' for k, v in fields.items())
        return f"Digest {quoted}, algorithm=MD5{extra}"


def _key(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


def _send(http: Http, method: str, url: str, *, body: bytes | None, content_type: str | None) -> Response:
    headers = {"User-Agent": USER_AGENT, "Accept": "*/*"}
    if content_type:
        headers["Content-Type"] = content_type
    if http.user is not None and not http.knows(url):
        # HEAD: the challenge without a body (a graph store would send the whole graph to a GET).
        probe = http.raw("HEAD", url, None, {"User-Agent": USER_AGENT})
        if probe.status == 401:
            http.learn(url, probe)
    for attempt in (1, 2):
        auth = http.authorization(method, url)
        resp = http.raw(method, url, body, {**headers, **({"Authorization": auth} if auth else {})})
        if resp.status != 401:
            break
        if http.user is None:
            raise StoreError(f"{url} requires authentication (HTTP 401): give --user and --password")
        # One retry: a first challenge seen only now, or a nonce the server has let go stale.
        if (
            attempt == 1
            and http.learn(url, resp)
            and (auth is None or "stale=true" in str(resp.headers).lower())
        ):
            continue
        raise StoreError(
            f"{url} refused the credentials of user {http.user!r} (HTTP 401): wrong user name or password"
        )
    if resp.status == 403:
        who = f"user {http.user!r}" if http.user else "anonymous users"
        raise StoreError(f"{url} forbids {method} for {who} (HTTP 403): {server_message(resp.body)}")
    return resp


def server_message(body: str, *, limit: int = 600) -> str:
    """The readable part of an error page (Virtuoso puts its message in ``<xmp>``)."""
    m = re.search(r"<xmp>(.*?)</xmp>", body, re.DOTALL | re.IGNORECASE)
    text = m.group(1) if m else re.sub(r"<[^>]+>", " ", body)
    text = re.sub(r"\s+", " ", html.unescape(text)).strip()
    return (text[:limit] + "…") if len(text) > limit else (text or "(empty answer)")


# ---------------------------------------------------------------- where to send what


def _split(endpoint: str) -> tuple[str, str]:
    parts = urllib.parse.urlsplit(endpoint)
    return f"{parts.scheme}://{parts.netloc}", parts.path.rstrip("/")


def graph_store_candidates(endpoint: str, *, authenticated: bool) -> list[str]:
    """Graph Store Protocol URLs to try for a query endpoint, by the servers' conventions.

    Virtuoso ``/sparql`` → ``/sparql-graph-crud-auth`` (``/sparql-graph-crud`` without a user);
    Fuseki ``/ds/sparql`` or ``/ds/query`` → ``/ds/data``; Oxigraph ``/query`` → ``/store``;
    GraphDB and RDF4J ``/repositories/ID`` → ``/repositories/ID/rdf-graphs/service``.
    """
    origin, path = _split(endpoint)
    head = path.rsplit("/", 1)[0]
    out: list[str] = []
    if path.endswith("/sparql"):
        out.append(origin + path + ("-graph-crud-auth" if authenticated else "-graph-crud"))
        out.append(origin + head + "/data")
    elif path.endswith("/query"):
        out += [origin + head + "/store", origin + head + "/data"]
    elif re.search(r"/repositories/[^/]+$", path):
        out.append(origin + path + "/rdf-graphs/service")
    out.append(endpoint)
    return list(dict.fromkeys(out))


def update_candidates(endpoint: str, *, authenticated: bool) -> list[str]:
    """SPARQL Update URLs to try: Virtuoso ``/sparql-auth``, Fuseki/Oxigraph ``…/update``, GraphDB
    ``/repositories/ID/statements``, then the endpoint itself."""
    origin, path = _split(endpoint)
    head = path.rsplit("/", 1)[0]
    out: list[str] = []
    if path.endswith("/sparql"):
        if authenticated:
            out.append(origin + path + "-auth")
        out.append(origin + head + "/update")
    elif path.endswith("/query"):
        out.append(origin + head + "/update")
    elif re.search(r"/repositories/[^/]+$", path):
        out.append(origin + path + "/statements")
    out.append(endpoint)
    return list(dict.fromkeys(out))


class NotHere(Exception):
    """The URL has no service of that kind (404, 405, …): try the next candidate."""


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

    def _held(self, graph: str) -> str:
        try:
            return f"the server now holds {self.count(graph)} triples in it"
        except StoreError:
            return "what the server now holds in it is unknown"


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
) -> PushReport:
    """Replace every named graph of ``build_dir/nqgraph.trig`` on the store and verify its count.

    ``endpoint`` is the store's SPARQL query endpoint (counts are asked there); the graph store
    and update URLs default to the server conventions in :func:`graph_store_candidates` and
    :func:`update_candidates`. Raises :class:`~nqgraph.errors.StoreError` when the store cannot
    be reached, refuses the credentials, answers an error, or holds other than the dump's count
    after loading; :class:`~nqgraph.errors.DataError` when the dump is missing or malformed.
    """
    if not re.match(r"https?://", endpoint):
        raise StoreError(f"--endpoint: {endpoint!r} is not an http(s) URL")
    t0 = time.perf_counter()
    dump = build_dir / "nqgraph.trig"
    graphs = read_dump(dump, graph_base=graph_base)
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
    # Counting first proves the endpoint answers before anything is written.
    before = {name: pusher.count(name) for name in graphs}
    loads: list[GraphLoad] = []
    for name, triples in graphs.items():
        g0 = time.perf_counter()
        used_method, url = pusher.load(name, triples)
        after = pusher.count(name)
        if after != len(triples):
            raise StoreError(
                f"<{name}>: the server holds {after} triples after loading, the dump has {len(triples)}; "
                f"nothing of this graph is reported as loaded (loaded and verified before it: "
                f"{', '.join(g.graph for g in loads) or 'none'})"
            )
        loads.append(
            GraphLoad(
                graph=name,
                expected=len(triples),
                before=before[name],
                after=after,
                method=used_method,
                url=url,
                seconds=time.perf_counter() - g0,
            )
        )
        pusher.progress(f"  <{name}>: {after} triples verified")
    return PushReport(endpoint=endpoint, dump=dump, graphs=tuple(loads), seconds=time.perf_counter() - t0)
