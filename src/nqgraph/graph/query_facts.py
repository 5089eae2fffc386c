"""What parsing a saved query with rdflib tells, remembered within a process and kept between builds.

An incremental build asks of each saved query which predicates it reads
(:func:`nqgraph.graph.query_reads.predicates_read`) and how its rows are keyed
(:func:`nqgraph.graph.answer_keys.key_plan`). Both parse the query with rdflib, 50-120 ms a query:
half a second of a one-value edit's build, on the two threads that make the pages and the answers.
Both depend on the query's text and on this code only, so the build keeps them in its state
(``query-facts.pickle``, :mod:`nqgraph.pipeline.state`) by text, with a digest of the code that
found them (:func:`code_digest`): facts found by other code teach nothing.
"""

from __future__ import annotations

import functools
import hashlib
import re
import sys
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from nqgraph.errors import QueryError
from nqgraph.graph import answer_keys, paging, query_reads
from nqgraph.graph.answer_keys import KeyPlan, key_plan
from nqgraph.graph.query_reads import predicates_read


@functools.cache
def code_digest() -> str:
    """A digest of the modules whose code decides the facts: a change to them makes kept facts stale."""
    digest = hashlib.sha256()
    for module in (answer_keys, paging, query_reads, sys.modules[__name__]):
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class QueryFacts:
    """The predicates a query reads (None: any), the keys of its rows (None: not keyed) and the
    variable its rows are sorted by first with a plan keyed by it alone (see :func:`block_plan`)."""

    predicates: frozenset[str] | None
    plan: KeyPlan | None
    block: tuple[str, KeyPlan] | None = None


# A first ORDER BY condition that is a variable, ascending.
_FIRST_CONDITION = re.compile(r"\s*(?:ASC\s*\(\s*)?[?$]([A-Za-z0-9_]+)\s*\)?(?:\s|$)", re.IGNORECASE)


def block_plan(text: str) -> tuple[str, KeyPlan] | None:
    """The projected variable the rows of ``text`` are sorted by first, ascending, and a plan of
    the query's rows keyed by it alone (:func:`key_plan` with ``only``); None when there is none.
    The rows of each of its values are then one run of the answer.

    >>> block_plan("SELECT ?p ?t WHERE { ?t <urn:in> ?p } ORDER BY ?p ?t")[0]
    'p'
    >>> block_plan("SELECT ?p ?t WHERE { ?t <urn:in> ?p } ORDER BY DESC(?p)") is None
    True
    """
    try:
        variables = paging.projection(text)
        _, conditions = paging.order_clause(paging.total_order(text, variables))
    except QueryError:
        return None
    first = _FIRST_CONDITION.match(conditions)
    if first is None or first.group(1) not in variables:
        return None
    plan = key_plan(text, only=first.group(1))
    return None if plan is None else (first.group(1), plan)


_known: dict[str, QueryFacts] = {}
_lock = threading.Lock()


def facts(text: str) -> QueryFacts:
    """The facts of the SPARQL query ``text``: remembered, or found now."""
    with _lock:
        found = _known.get(text)
    if found is None:
        found = QueryFacts(predicates_read(text), key_plan(text), block_plan(text))
        with _lock:
            _known[text] = found
    return found


def predicates(text: str) -> frozenset[str] | None:
    """The predicates ``text`` reads (see :func:`predicates_read`)."""
    return facts(text).predicates


def plan(text: str) -> KeyPlan | None:
    """The keys of the rows of ``text`` (see :func:`key_plan`)."""
    return facts(text).plan


def block(text: str) -> tuple[str, KeyPlan] | None:
    """The first sort key of the rows of ``text`` and its plan (see :func:`block_plan`)."""
    return facts(text).block


def find(texts: Iterable[str]) -> dict[str, QueryFacts]:
    """The facts of each of ``texts`` (a query whose text cannot be read has none)."""
    found = {}
    for text in sorted(set(texts)):
        try:
            found[text] = facts(text)
        except QueryError:
            continue  # the build reports an unreadable query where it runs it
    return found


def learn(known: Mapping[str, QueryFacts]) -> None:
    """Remember ``known`` (facts a build of this version found), for texts not known yet."""
    with _lock:
        for text, found in known.items():
            _known.setdefault(text, found)


def known(texts: set[str]) -> dict[str, QueryFacts]:
    """The facts remembered for those of ``texts`` that have them."""
    with _lock:
        return {t: _known[t] for t in sorted(texts) if t in _known}
