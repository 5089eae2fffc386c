"""Large answers of saved queries: one page at a time (with a cursor to the next), or a stream of rows.

A page runs the query in its total order (:mod:`nqgraph.graph.paging`) with LIMIT and OFFSET, asking
for one row more than the page holds to know whether another page follows. A stream reads the rows
from Oxigraph's iterator in chunks, each chunk labelled on its own, so that writing an answer of any
size holds one chunk at a time: the rows are the query's own, in its own order, and each chunk's
labels and symbols are those :func:`nqgraph.graph.queries.run` would give the same rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib.term import BNode, Literal, Node, URIRef

from nqgraph.errors import ParameterError, QueryError
from nqgraph.graph import paging
from nqgraph.graph.answer_files import open_answer, read_rows
from nqgraph.graph.queries import (
    LANGUAGES,
    SavedQuery,
    bindings_for,
    check_syntax,
    labelled,
    resource_columns,
    run,
)
from nqgraph.graph.sparql import bind_values
from nqgraph.graph.store import OxigraphStore, QueryResult, Store, names_dataset

DEFAULT_LIMIT = 100
CHUNK_ROWS = 2000
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True)
class Page(QueryResult):
    """One page of an answer: its rows, where it starts, and the cursor of the next page (None on
    the last page)."""

    offset: int = 0
    limit: int | None = None
    next_cursor: str | None = None


def store_identity(store: Store) -> str:
    """What a cursor checks when the caller names no build: this store object in this process.

    Counting the quads instead would cost a scan of the store (0.6 s at a million triples) on every
    page; ``nqgraph serve`` and the command line pass the build's or the inputs' digest, which also
    lets a cursor outlive the process.
    """
    return f"{store.name}-{os.getpid()}-{id(store):x}"


def run_page(
    store: Store,
    query: SavedQuery,
    params: Mapping[str, str] | None = None,
    *,
    limit: int | str | None = DEFAULT_LIMIT,
    offset: int | str | None = None,
    cursor: str | None = None,
    build: str | None = None,
    today: dt.date | None = None,
    lang: str | None = "vi",
    answers: Path | None = None,
) -> Page:
    """The page of ``query``'s answer that starts at ``offset`` (or where ``cursor`` says) and
    holds at most ``limit`` rows, in the total order of :func:`nqgraph.graph.paging.total_order`.

    ``build`` names the data the answer comes from (default: :func:`store_identity`); a cursor
    made on other data, or for another query or other parameters, is refused with
    :class:`ParameterError`, as are an offset given beside a cursor and a limit or offset that is
    not a whole number in range. ``answers``: the folder of a build's written answers
    (:mod:`nqgraph.graph.answer_files`); a query whose answer it holds is read from there.
    """
    if lang is not None and lang not in LANGUAGES:
        raise ParameterError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    bindings = bindings_for(query, params or {}, today=today)
    where = str(query.path) if query.path else query.name
    check_syntax(query.text, where=where)
    identity = build if build is not None else store_identity(store)
    digest = paging.query_digest(query.text, bindings)
    if cursor is not None:
        if offset is not None:
            raise ParameterError("give an offset or a cursor, not both")
        offset = paging.read_cursor(cursor, build=identity, query=digest).offset
    checked_limit, checked_offset = paging.check_page(limit, offset)
    wanted = None if checked_limit is None else checked_limit + 1
    written = open_answer(answers, query) if answers is not None and not bindings else None
    if written is not None:
        rows = read_rows(written, offset=checked_offset, limit=wanted)
        result = QueryResult("select", variables=written.variables, rows=rows)
    else:
        try:
            text = paging.paged(
                query.text, paging.projection(query.text), limit=wanted, offset=checked_offset
            )
            result = store.query(text, bindings=bindings)
        except QueryError as exc:
            raise QueryError(f"{where}: {exc}") from exc
    more = checked_limit is not None and len(result.rows) > checked_limit
    rows = result.rows[:checked_limit] if checked_limit is not None else result.rows
    result = replace(result, rows=rows)
    if lang is not None:
        holding = {i for i in range(len(result.variables)) if any(isinstance(r[i], URIRef) for r in rows)}
        result = labelled(
            store, result, resource_columns(result.variables, query.columns, holding), lang=lang
        )
    following = None
    if more and checked_limit is not None:
        following = paging.Cursor(checked_offset + checked_limit, identity, digest).encode()
    return Page(
        kind=result.kind,
        variables=result.variables,
        rows=result.rows,
        symbols=result.symbols,
        offset=checked_offset,
        limit=checked_limit,
        next_cursor=following,
    )


def files_digest(paths: Sequence[Path]) -> str:
    """A digest of the content of the input files (ontology and data): the identity of the data a
    page of the command line came from, so that a cursor outlives no edit of the inputs."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(f"{path.name}\x00".encode())
        try:
            with path.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
        except OSError as exc:
            raise QueryError(f"{path}: cannot read: {exc}") from exc
        digest.update(b"\x00")
    return "inputs-" + digest.hexdigest()[:16]


# ---------------------------------------------------------------- streams


@dataclass
class Stream:
    """The rows of a SELECT answer, arriving in labelled chunks (each a :class:`QueryResult`);
    ``variables`` are the columns of the labelled rows."""

    variables: tuple[str, ...]
    chunks: Iterator[QueryResult]


def stream(
    store: Store,
    query: SavedQuery,
    params: Mapping[str, str] | None = None,
    *,
    today: dt.date | None = None,
    lang: str | None = "vi",
    chunk: int = CHUNK_ROWS,
) -> Stream | QueryResult:
    """``query``'s whole answer as a :class:`Stream` read from Oxigraph's iterator, or, for an ASK or
    a graph answer or another store, the :class:`QueryResult` of :func:`nqgraph.graph.queries.run`.

    Which columns get labels must be known before the first row is written: for a column the
    query's header does not document, the answer is read once more beforehand to see whether the
    column holds an IRI anywhere (what :func:`nqgraph.graph.queries.with_labels` looks at).
    """
    if not isinstance(store, OxigraphStore):
        return run(store, query, params, today=today, lang=lang)
    if lang is not None and lang not in LANGUAGES:
        raise ParameterError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    bindings = bindings_for(query, params or {}, today=today)
    where = str(query.path) if query.path else query.name
    check_syntax(query.text, where=where)
    text = bind_values(query.text, bindings)

    def solutions() -> Any:
        try:
            return store.native.query(text, use_default_graph_as_union=not names_dataset(text))
        except SyntaxError as exc:
            raise QueryError(f"{where}: SPARQL syntax error: {exc}") from exc
        except (OSError, RuntimeError) as exc:
            raise QueryError(f"{where}: {exc}") from exc

    answer = solutions()
    if not isinstance(answer, ox.QuerySolutions):
        del answer
        return run(store, query, params, today=today, lang=lang)
    variables = tuple(v.value for v in answer.variables)
    resource: list[int] = []
    if lang is not None:
        documented = {c.name for c in query.columns}
        unknown = {i for i, name in enumerate(variables) if name not in documented}
        holding = _iri_columns(solutions(), unknown) if unknown else set()
        resource = resource_columns(variables, query.columns, holding)

    def chunks() -> Iterator[QueryResult]:
        while True:
            block = list(itertools.islice(answer, chunk))
            if not block:
                return
            part = QueryResult("select", variables=variables, rows=_converted(block))
            del block
            yield part if lang is None else labelled(store, part, resource, lang=lang)

    shown = tuple(
        v for i, name in enumerate(variables) for v in ((name, f"{name}Label") if i in resource else (name,))
    )
    return Stream(shown, chunks())


def _iri_columns(answer: Any, columns: set[int]) -> set[int]:
    """Which of ``columns`` hold an IRI in some row of ``answer`` (read until all of them do)."""
    found: set[int] = set()
    for solution in answer:
        for i in columns - found:
            if isinstance(solution[i], ox.NamedNode):
                found.add(i)
        if found == columns:
            break
    return found


def _converted(block: list[Any]) -> tuple[tuple[Node | None, ...], ...]:
    """Oxigraph solutions as rows of rdflib terms, each distinct term converted once per chunk.

    Not through :func:`nqgraph.graph.store.from_ox`, whose caches would keep up to a quarter of a
    million terms of a long answer alive after it is written.
    """
    known: dict[Any, Node] = {}

    def cell(term: Any) -> Node | None:
        if term is None:
            return None
        node = known.get(term)
        if node is None:
            node = known[term] = _term(term)
        return node

    return tuple(tuple(map(cell, solution)) for solution in block)


def _term(term: Any) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise QueryError(f"unsupported term in an answer: {term!r}")
