"""Which triples a SPARQL query can read: the predicates of its patterns.

A query's patterns (triple patterns and property paths, in its WHERE clause, sub-queries and
EXISTS filters alike) match triples by their predicate whenever the predicate is written as an IRI.
If every pattern names its predicate, the query's answer is a function of the triples with those
predicates only: adding or removing a triple with any other predicate cannot change it. The
incremental build asks this of each saved query to know whether its written answer and its pages
must be made again (docs/decisions.md).

A pattern with a variable predicate, a negated property set (``!p``, which matches every other
predicate) or a SERVICE call reads the whole graph: :func:`predicates_read` returns None.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from rdflib.paths import AlternativePath, InvPath, MulPath, NegatedPath, Path, SequencePath
from rdflib.plugins.sparql.algebra import translateGroupGraphPattern, translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import URIRef

from nqgraph.errors import QueryError
from nqgraph.graph.ntriples import NTriple


class _Unbounded(Exception):
    """The query has a pattern that can match any predicate."""


def _path_predicates(path: Any, into: set[str]) -> None:
    if isinstance(path, URIRef):
        into.add(str(path))
    elif isinstance(path, (SequencePath, AlternativePath)):
        for part in path.args:
            _path_predicates(part, into)
    elif isinstance(path, MulPath):
        _path_predicates(path.path, into)
    elif isinstance(path, InvPath):
        _path_predicates(path.arg, into)
    elif isinstance(path, NegatedPath) or not isinstance(path, Path):
        raise _Unbounded  # a variable, or every predicate but some
    else:
        raise _Unbounded  # a kind of path this walk does not know: assume the worst


def _walk(node: Any, into: set[str]) -> None:
    if isinstance(node, CompValue):
        if node.name == "ServiceGraphPattern":
            raise _Unbounded
        if node.name == "GroupGraphPatternSub":
            # The pattern of an EXISTS filter is left as parsed: translated here to be walked.
            _walk(translateGroupGraphPattern(node), into)
            return
        if node.name == "BGP":
            for _, predicate, _ in node.triples:
                _path_predicates(predicate, into)
        for value in node.values():
            _walk(value, into)
    elif isinstance(node, (list, tuple)):
        for value in node:
            _walk(value, into)


@functools.lru_cache(maxsize=256)
def query_algebra(text: str) -> Any:
    """rdflib's algebra of the SPARQL query ``text`` (:class:`QueryError` when it cannot be read).

    Remembered by text, and shared by :func:`predicates_read` and
    :func:`nqgraph.graph.answer_keys.key_plan`: parsing a query with rdflib takes tens of
    milliseconds. The algebra is not to be changed by its users."""
    try:
        return translateQuery(parseQuery(text)).algebra
    except Exception as exc:  # rdflib's parser raises pyparsing's and its own errors alike
        raise QueryError(f"cannot read the query's patterns: {exc}") from exc


@functools.lru_cache(maxsize=256)
def predicates_read(text: str) -> frozenset[str] | None:
    """The IRIs of the predicates the patterns of the SPARQL query ``text`` match, or None when a
    pattern can match any predicate (so the query can read every triple).

    >>> sorted(predicates_read("SELECT ?s WHERE { ?s a ?c ; <urn:p>/^<urn:q> ?o }"))
    ['http://www.w3.org/1999/02/22-rdf-syntax-ns#type', 'urn:p', 'urn:q']
    >>> predicates_read("SELECT * WHERE { ?s ?p ?o }") is None
    True

    Remembered by text: parsing a query with rdflib takes tens of milliseconds, and an incremental
    build asks it of each saved query twice (its answer, its pages).
    """
    algebra = query_algebra(text)
    found: set[str] = set()
    try:
        _walk(algebra, found)
    except _Unbounded:
        return None
    return frozenset(found)


def touched(predicates: frozenset[str] | None, triples: Iterable[NTriple]) -> bool:
    """Whether adding or removing any of ``triples`` (N-Triples terms) can change the answer of a
    query that reads ``predicates`` (None: every predicate)."""
    if predicates is None:
        return True
    wanted = {f"<{p}>" for p in predicates}
    return any(p in wanted for _, p, _ in triples)
