"""One interface over the places a graph can live: Oxigraph, rdflib, or a remote endpoint.

Every operation nqgraph performs on a graph (adding quads, reasoning updates, queries)
goes through :class:`Store`, so the engine is chosen by option. Terms crossing the interface
are rdflib terms; rows are tuples in the query's variable order.
"""

from __future__ import annotations

import functools
import itertools
import json
import logging
import re
import urllib.error
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph as ox
import rdflib.plugins.sparql
from rdflib import Dataset, Graph
from rdflib.term import BNode, Literal, Node, URIRef

from nqgraph.errors import QueryError, StoreError
from nqgraph.graph import ntriples
from nqgraph.graph.ntriples import NTriple, nt
from nqgraph.graph.sparql import bind_values
from nqgraph.runtime.forking import threads_started

Quad = tuple[Node, Node, Node, Node | None]

ENGINES = ("oxigraph", "rdflib")


@dataclass(frozen=True)
class QueryResult:
    """What a query returns: rows of a SELECT, the answer of an ASK, or a CONSTRUCT graph."""

    kind: str  # "select", "ask" or "graph"
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Node | None, ...], ...] = ()
    boolean: bool | None = None
    graph: Graph | None = field(default=None, compare=False)
    total: int | None = None  # rows in the whole answer, when ``rows`` holds only the first ones
    # How people write some of the answer's IRIs (nq:symbol of comparators and units: "≥", "%"),
    # for the table and CSV formats; filled by nqgraph.graph.queries.with_labels.
    symbols: Mapping[str, str] = field(default_factory=dict, compare=False)

    @property
    def row_count(self) -> int:
        """How many rows the query answered (``rows`` may hold fewer, see ``max_rows``)."""
        return len(self.rows) if self.total is None else self.total

    def to_dataframe(self) -> Any:
        """The answer as a pandas ``DataFrame`` with typed columns (``pip install 'nqgraph[pandas]'``).

        See :func:`nqgraph.graph.frames.to_dataframe`.
        """
        from nqgraph.graph.frames import to_dataframe

        return to_dataframe(self)


class Store(Protocol):
    """The operations every backend offers."""

    name: str
    # Whether bound VALUES go in a sub-SELECT (``nqgraph.graph.sparql.bind_rows``): what the
    # embedded engines need, and what some servers (Virtuoso 7) cannot compile.
    values_in_subselect: bool

    def add(self, quads: Iterable[Quad]) -> None: ...

    def quads(self, graph: URIRef | None = None) -> Iterator[Quad]: ...

    def query(
        self, sparql: str, *, bindings: Mapping[str, Node] | None = None, max_rows: int | None = None
    ) -> QueryResult: ...

    def update(self, sparql: str) -> None: ...

    def __len__(self) -> int: ...


# ---------------------------------------------------------------- the dataset of a query

# The embedded stores answer a query on the union of their graphs (what nqgraph's queries are
# written for) unless the query names its own dataset: then its FROM graphs merged are the default
# graph and its FROM NAMED graphs the named ones, as SPARQL 1.1 says (a FROM NAMED alone leaves the
# default graph empty). A FROM names a graph of the store, never a document to download: rdflib
# would otherwise fetch from the network an IRI it does not hold.
rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False

# What may hide the keyword FROM (comments, strings, IRIs), braces, and the keyword itself; a
# variable (?from), a prefixed name (ex:from, from:x) or a longer word is not the keyword.
_DATASET_TOKENS = re.compile(
    r"#[^\n]*"
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\s]*>'
    r"|[{}]"
    r"|(?<![\w:?$.-])FROM(?![\w:-])",
    re.IGNORECASE,
)


def names_dataset(sparql: str) -> bool:
    """Whether ``sparql`` has a dataset clause (FROM or FROM NAMED) of its own.

    >>> names_dataset("SELECT * FROM <urn:g> WHERE { ?s ?p ?o }")
    True
    >>> names_dataset('SELECT ?from WHERE { ?s <urn:from> "FROM" } # FROM')
    False
    """
    depth = 0
    for match in _DATASET_TOKENS.finditer(sparql):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth == 0 and token.upper() == "FROM":
            return True
    return False


# ---------------------------------------------------------------- term conversion


class _IllTypedLiterals(logging.Filter):
    """Drops rdflib's warning, with a traceback, for each literal whose text does not fit its datatype.

    Validation reports each such literal with its file and line (sh:datatype); a national corpus
    would print hundreds of tracebacks besides. And the traceback's frames reach back into the
    query whose answer was being read, keeping that answer alive in the log record, to be freed
    later on another thread, which Oxigraph forbids (see :mod:`nqgraph.runtime.threads`).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Failed to convert Literal lexical form")


logging.getLogger("rdflib.term").addFilter(_IllTypedLiterals())


def to_ox(term: Node) -> Any:
    """Convert an rdflib term to Oxigraph (typed ``Any``: each position accepts a subset)."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise StoreError(f"cannot store term {term!r}")


@functools.lru_cache(maxsize=1 << 18)
def _iri(value: str) -> URIRef:
    # The same IRIs (predicates, classes, shared resources) come back again and again; rdflib
    # validates each new URIRef, which dominates reading a large store back.
    return URIRef(value)


@functools.lru_cache(maxsize=1 << 18)
def _literal(value: str, language: str | None, datatype: str) -> Literal:
    # rdflib parses a typed literal's value on creation (10-20 µs); answers repeat the same years,
    # dates and numbers many times.
    if language:
        return Literal(value, lang=language)
    if datatype == "http://www.w3.org/2001/XMLSchema#string":
        return Literal(value)
    return Literal(value, datatype=_iri(datatype))


def from_ox(term: object) -> Node:
    if isinstance(term, ox.NamedNode):
        return _iri(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        return _literal(term.value, term.language, term.datatype.value)
    raise StoreError(f"unsupported term from Oxigraph: {term!r}")


# ---------------------------------------------------------------- Oxigraph


class OxigraphStore:
    """An Oxigraph store, in memory unless ``path`` names an on-disk one; the default engine (see
    docs/decisions.md). ``read_only`` opens an on-disk store that another process may be writing."""

    values_in_subselect = True

    name = "oxigraph"

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        if path is None:
            self._store = ox.Store()
        else:
            threads_started("an on-disk Oxigraph store was opened")
            self._store = ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))

    @property
    def native(self) -> ox.Store:
        return self._store

    def add(self, quads: Iterable[Quad]) -> None:
        self._store.extend(
            ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(g) if g is not None else ox.DefaultGraph())
            for s, p, o, g in quads
        )

    def add_native(self, quads: Iterable[ox.Quad]) -> None:
        self._store.extend(quads)

    def remove_graph(self, graph: URIRef) -> None:
        """Remove a named graph and its triples."""
        self._store.remove_graph(ox.NamedNode(str(graph)))

    def nt_triples(self, graph: URIRef | None = None) -> list[NTriple]:
        """The triples of ``graph`` (of every graph by default) as N-Triples term strings, written
        by Oxigraph."""
        if graph is not None:
            names: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = [ox.NamedNode(str(graph))]
        else:
            names = [ox.DefaultGraph(), *self._store.named_graphs()]
        out: list[NTriple] = []
        for name in names:
            text = self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name)
            out += ntriples.lines((text or b"").decode("utf-8"))
        return out

    def quads(self, graph: URIRef | None = None) -> Iterator[Quad]:
        g = ox.NamedNode(str(graph)) if graph is not None else None
        for q in self._store.quads_for_pattern(None, None, None, g):
            gn = q.graph_name
            yield (
                from_ox(q.subject),
                from_ox(q.predicate),
                from_ox(q.object),
                None if isinstance(gn, ox.DefaultGraph) else from_ox(gn),
            )

    def query(
        self, sparql: str, *, bindings: Mapping[str, Node] | None = None, max_rows: int | None = None
    ) -> QueryResult:
        """Run a query; with ``max_rows``, only the first rows become rdflib terms (the rest are counted)."""
        text = bind_values(sparql, bindings)
        try:
            res = self._store.query(text, use_default_graph_as_union=not names_dataset(text))
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from exc
        except (OSError, RuntimeError) as exc:
            raise QueryError(str(exc)) from exc
        if isinstance(res, ox.QueryBoolean):
            return QueryResult("ask", boolean=bool(res))
        if isinstance(res, ox.QuerySolutions):
            variables = tuple(v.value for v in res.variables)
            solutions = iter(res)
            # A solution unpacked in order (reading cells by name costs twice as much), and each
            # distinct Oxigraph term converted once per answer.
            known: dict[object, Node] = {}

            def cell(term: object) -> Node | None:
                if term is None:
                    return None
                node = known.get(term)
                if node is None:
                    node = known[term] = from_ox(term)
                return node

            rows = tuple(
                tuple(map(cell, sol))
                for sol in (solutions if max_rows is None else itertools.islice(solutions, max_rows))
            )
            if max_rows is None:
                return QueryResult("select", variables=variables, rows=rows)
            return QueryResult(
                "select", variables=variables, rows=rows, total=len(rows) + sum(1 for _ in solutions)
            )
        graph = Graph()
        for t in res:
            graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
        return QueryResult("graph", graph=graph)

    def update(self, sparql: str) -> None:
        try:
            self._store.update(sparql)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL update syntax error: {exc}") from exc

    def __len__(self) -> int:
        return len(self._store)


# ---------------------------------------------------------------- rdflib


class RdflibStore:
    """rdflib's in-memory dataset, queried with rdflib's SPARQL engine."""

    values_in_subselect = True

    name = "rdflib"

    def __init__(self) -> None:
        self._ds = Dataset(default_union=True)

    @property
    def native(self) -> Dataset:
        return self._ds

    def add(self, quads: Iterable[Quad]) -> None:
        for s, p, o, g in quads:
            target = self._ds.graph(g) if isinstance(g, URIRef) else self._ds.default_graph
            target.add((s, p, o))

    def remove_graph(self, graph: URIRef) -> None:
        """Remove a named graph and its triples."""
        self._ds.remove_graph(graph)

    def nt_triples(self, graph: URIRef | None = None) -> list[NTriple]:
        """The triples of ``graph`` (of every graph by default) as N-Triples term strings."""
        return [(nt(s), nt(p), nt(o)) for s, p, o, _ in self.quads(graph)]

    def quads(self, graph: URIRef | None = None) -> Iterator[Quad]:
        context = self._ds.graph(graph) if graph is not None else None
        for s, p, o, g in self._ds.quads((None, None, None, context)):
            gid = g.identifier if isinstance(g, Graph) else g
            yield (s, p, o, None if gid == self._ds.default_graph.identifier else gid)

    def query(
        self, sparql: str, *, bindings: Mapping[str, Node] | None = None, max_rows: int | None = None
    ) -> QueryResult:
        text = bind_values(sparql, bindings)
        try:
            res = self._ds.query(text)
        except Exception as exc:  # rdflib raises pyparsing and assorted errors
            raise QueryError(f"SPARQL error: {exc}") from exc
        if res.type == "ASK":
            return QueryResult("ask", boolean=bool(res.askAnswer))
        if res.type == "SELECT":
            variables = tuple(str(v) for v in (res.vars or []))
            rows = tuple(tuple(row[i] for i in range(len(variables))) for row in res)  # type: ignore[index]
            return _first(QueryResult("select", variables=variables, rows=rows), max_rows)
        graph = Graph()
        for t in res:
            graph.add(t)  # type: ignore[arg-type]
        return QueryResult("graph", graph=graph)

    def update(self, sparql: str) -> None:
        try:
            self._ds.update(sparql)
        except Exception as exc:
            raise QueryError(f"SPARQL update error: {exc}") from exc

    def __len__(self) -> int:
        return sum(1 for _ in self._ds.quads((None, None, None, None)))


# ---------------------------------------------------------------- remote endpoint


class RemoteStore:
    """A SPARQL 1.1 endpoint reached through SPARQLWrapper (read operations)."""

    values_in_subselect = False

    name = "remote"

    def __init__(
        self,
        endpoint: str,
        *,
        timeout: float = 30.0,
        update_endpoint: str | None = None,
        user: str | None = None,
        password: str | None = None,
    ) -> None:
        self.endpoint = endpoint
        self.update_endpoint = update_endpoint or endpoint
        self.timeout = timeout
        self.user = user
        self.password = password

    def _wrapper(self, url: str) -> object:
        from SPARQLWrapper import SPARQLWrapper

        w = SPARQLWrapper(url)
        w.setTimeout(int(self.timeout))
        w.setMethod("POST")
        if self.user is not None:
            from SPARQLWrapper import DIGEST

            w.setHTTPAuth(DIGEST)
            w.setCredentials(self.user, self.password or "")
        return w

    def add(self, quads: Iterable[Quad]) -> None:
        raise StoreError("adding quads to a remote endpoint is done by `nqgraph push`")

    def quads(self, graph: URIRef | None = None) -> Iterator[Quad]:
        res = self.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        assert res.graph is not None
        for s, p, o in res.graph:
            yield (s, p, o, graph)

    def query(
        self, sparql: str, *, bindings: Mapping[str, Node] | None = None, max_rows: int | None = None
    ) -> QueryResult:
        from SPARQLWrapper import JSON, TURTLE
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        text = bind_values(sparql, bindings, subselect=self.values_in_subselect)
        w = self._wrapper(self.endpoint)
        w.setQuery(text)  # type: ignore[attr-defined]
        is_graph = w.queryType in ("CONSTRUCT", "DESCRIBE")  # type: ignore[attr-defined]
        w.setReturnFormat(TURTLE if is_graph else JSON)  # type: ignore[attr-defined]
        try:
            raw = w.query()  # type: ignore[attr-defined]
            body = raw.response.read()
        except SPARQLWrapperException as exc:
            raise QueryError(f"{self.endpoint} answered an error: {exc}") from exc
        except urllib.error.HTTPError as exc:
            raise QueryError(f"{self.endpoint} answered HTTP {exc.code}: {_body(exc)}") from exc
        except OSError as exc:
            raise StoreError(f"cannot reach {self.endpoint}: {exc}") from exc
        if is_graph:
            graph = Graph().parse(data=body, format="turtle")
            return QueryResult("graph", graph=graph)
        data = json.loads(body)
        if "boolean" in data:
            return QueryResult("ask", boolean=bool(data["boolean"]))
        variables = tuple(data["head"]["vars"])
        rows = tuple(tuple(_json_term(b.get(v)) for v in variables) for b in data["results"]["bindings"])
        return _first(QueryResult("select", variables=variables, rows=rows), max_rows)

    def update(self, sparql: str) -> None:
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        w = self._wrapper(self.update_endpoint)
        w.setQuery(sparql)  # type: ignore[attr-defined]
        try:
            w.query()  # type: ignore[attr-defined]
        except SPARQLWrapperException as exc:
            raise QueryError(f"{self.update_endpoint} refused the update: {exc}") from exc
        except urllib.error.HTTPError as exc:
            raise QueryError(
                f"{self.update_endpoint} refused the update: HTTP {exc.code}: {_body(exc)}"
            ) from exc
        except OSError as exc:
            raise StoreError(f"cannot reach {self.update_endpoint}: {exc}") from exc

    def __len__(self) -> int:
        res = self.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(str(res.rows[0][0]))


def _first(result: QueryResult, max_rows: int | None) -> QueryResult:
    if max_rows is None or len(result.rows) <= max_rows:
        return result
    return QueryResult(
        "select", variables=result.variables, rows=result.rows[:max_rows], total=len(result.rows)
    )


# How many triples the named graph ?g holds: bind g (embedded stores and remote endpoints alike).
COUNT_GRAPH = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def triples_in(store: OxigraphStore | RdflibStore, graph: URIRef) -> int:
    """The number of triples in ``graph``, counted by the store rather than read out."""
    return int(str(store.query(COUNT_GRAPH, bindings={"g": graph}).rows[0][0]))


def _body(exc: urllib.error.HTTPError) -> str:
    try:
        return exc.read().decode("utf-8", errors="replace").strip()[:500]
    except OSError:
        return exc.reason if isinstance(exc.reason, str) else ""


def _json_term(b: Mapping[str, str] | None) -> Node | None:
    if b is None:
        return None
    kind = b["type"]
    if kind == "uri":
        return URIRef(b["value"])
    if kind == "bnode":
        return BNode(b["value"])
    if "xml:lang" in b:
        return Literal(b["value"], lang=b["xml:lang"])
    if "datatype" in b and b["datatype"] != "http://www.w3.org/2001/XMLSchema#string":
        return Literal(b["value"], datatype=URIRef(b["datatype"]))
    return Literal(b["value"])


def new_store(engine: str = "oxigraph") -> OxigraphStore | RdflibStore:
    """Return an empty embedded store of the named engine (``oxigraph`` or ``rdflib``)."""
    if engine == "oxigraph":
        return OxigraphStore()
    if engine == "rdflib":
        return RdflibStore()
    raise StoreError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
