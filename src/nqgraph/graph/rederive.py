"""Keep the inferred graph the closure of the asserted graph when a few asserted triples change.

:func:`nqgraph.graph.reasoner.reason` computes the inferred graph from scratch, which at national
scale takes seconds; an incremental build changes a few hundred asserted triples. Here the change
is applied by delete-and-rederive (DRed; Gupta, Mumick and Subrahmanian, 1993) with the same rules
as the reasoner, as SPARQL updates over temporary named graphs of the same store:

1. *overdelete*: every inferred triple with some derivation that uses a removed triple (or a
   triple overdeleted before it), evaluated against the graph as it was;
2. the removed triples leave the asserted graph, the overdeleted ones the inferred graph, and the
   added triples join the asserted graph (leaving the inferred graph if they were there);
3. *rederive*: of the overdeleted and removed triples, those that one rule still derives from what
   remains go back to the inferred graph;
4. *insert*: semi-naive rounds, as in the reasoner, from the added and rederived triples.

What remains after step 2 has a derivation free of removed triples, and every consequence of it
alone is either in it or rederived in step 3, so step 4 reaches the closure of the new asserted
graph. Overdeletion may be wide (removing the middle link of a supersession chain overdeletes every
transitive link across it, each rederived from the two halves), but it stays within the change's
neighbourhood, which is what makes a one-document change cost a fraction of a full reasoning.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib.term import Node, URIRef

from nqgraph.errors import StoreError
from nqgraph.graph.ntriples import NTriple
from nqgraph.graph.reasoner import Pattern, Schema, patterns, schema_of
from nqgraph.graph.sparql import bind_rows
from nqgraph.graph.store import OxigraphStore
from nqgraph.namespaces import GRAPH_ASSERTED, GRAPH_INFERRED, GRAPH_ONTOLOGY, RDF_TYPE
from nqgraph.runtime.progress import NULL, Progress

# The temporary graphs live under the inferred graph's IRI, as the reasoner's round graphs do, and
# are removed before apply_change returns (and at its start, should a killed run have left some).
_TEMP = GRAPH_INFERRED + "/rederive/"
_REMOVED = URIRef(_TEMP + "removed")
_OVERDELETED = URIRef(_TEMP + "overdeleted")
_REDERIVED = URIRef(_TEMP + "rederived")
# Far more rounds than any chain of these rules needs; a guard, as in reason(), not a limit.
MAX_ROUNDS = 200


class ChangeError(StoreError):
    """A change cannot be applied: it removes a triple that is not asserted, adds one that already
    is, or holds a triple that is not N-Triples."""


@dataclass(frozen=True)
class ClosureChange:
    """What :func:`apply_change` changed: sorted lists of N-Triples term triples."""

    asserted_added: list[NTriple]
    asserted_removed: list[NTriple]
    inferred_added: list[NTriple]
    inferred_removed: list[NTriple]

    def nodes(self) -> set[str]:
        """Every subject and every IRI or blank-node object of the four lists (literals are left out)."""
        out: set[str] = set()
        for triples in (
            self.asserted_added,
            self.asserted_removed,
            self.inferred_added,
            self.inferred_removed,
        ):
            for s, _, o in triples:
                out.add(s)
                if o[0] != '"':
                    out.add(o)
        return out


def _overdelete_text(pattern: Pattern) -> str:
    """Heads of the inferred graph ?inf, not yet in ?acc, derived with one premise in the delta ?d."""
    head = pattern.head
    return (
        # The head is tested in a filter rather than joined, so that evaluation starts from the
        # small delta instead of, say, every resource of a class.
        f"INSERT {{ GRAPH ?out {{ {head} }} }} WHERE {{ {pattern.body} "
        f"FILTER EXISTS {{ GRAPH ?inf {{ {head} }} }} FILTER NOT EXISTS {{ GRAPH ?acc {{ {head} }} }} }}"
    )


def _insert_text(pattern: Pattern) -> str:
    """Heads no graph holds yet, derived with one premise in the delta ?d (the reasoner's own rule)."""
    head = pattern.head
    missing = f"FILTER NOT EXISTS {{ GRAPH ?any {{ {head} }} }}"
    return f"INSERT {{ GRAPH ?out {{ {head} }} }} WHERE {{ {pattern.body} {missing} }}"


def _rederive_text(pattern: Pattern) -> str:
    """Candidates of ?cand that one rule derives from the other graphs and that are not asserted."""
    head = pattern.head
    # The premises may come from any graph but the candidates' own: the ontology, the asserted and
    # the inferred graph are then what remains, the other temporary graphs being gone by now. One
    # derivation is enough (EXISTS), where a join would list every subject typing a shared agency.
    outside = "FILTER(?d != ?cand && ?g != ?cand)" if "?g" in pattern.body else "FILTER(?d != ?cand)"
    return (
        f"INSERT {{ GRAPH ?out {{ {head} }} }} WHERE {{ GRAPH ?cand {{ {head} }} "
        f"FILTER EXISTS {{ {pattern.body} {outside} }} "
        f"FILTER NOT EXISTS {{ GRAPH ?asserted {{ {head} }} }} "
        f"FILTER NOT EXISTS {{ GRAPH ?onto {{ {head} }} }} }}"
    )


# The reasoner's delta chain body, with the delta's premise written first in both branches: the
# engine then starts from the few delta triples rather than from every triple of the other
# premise's property (what its later rounds, over large deltas, can afford).
_CHAIN_DELTA = (
    "{ GRAPH ?d { ?s ?a ?x } GRAPH ?g { ?x ?b ?o } } UNION { GRAPH ?d { ?x ?b ?o } GRAPH ?g { ?s ?a ?x } }"
)


def _delta_patterns(schema: Schema) -> list[Pattern]:
    """The reasoner's rules for a round after the first (one premise in the delta ?d)."""
    return [
        Pattern(p.head, _CHAIN_DELTA, p.names, p.rows) if "?g" in p.body else p
        for p in patterns(schema, first=False)
    ]


@dataclass(frozen=True)
class _Terms:
    """The predicates of some triples and the classes their rdf:type triples name (IRIs, no brackets)."""

    predicates: frozenset[str]
    classes: frozenset[str]

    @classmethod
    def of(cls, triples: Iterable[NTriple]) -> _Terms:
        predicates, classes = set(), set()
        for _, p, o in triples:
            predicates.add(p[1:-1])
            if p == _RDF_TYPE and o[0] == "<":
                classes.add(o[1:-1])
        return cls(frozenset(predicates), frozenset(classes))


_RDF_TYPE = f"<{RDF_TYPE}>"


def _rows_for_premises(pattern: Pattern, terms: _Terms) -> Rows:
    """The schema rows of ``pattern`` whose premise in ?d can be one of the triples ``terms`` sums up.

    A rule with no such row need not run at all: most of a change's rounds touch a few properties.
    """
    return tuple(row for row in pattern.rows if _premise_fits(pattern.names, row, terms))


def _rows_for_heads(pattern: Pattern, terms: _Terms) -> Rows:
    """The schema rows of ``pattern`` whose head can be one of the triples ``terms`` sums up."""
    return tuple(row for row in pattern.rows if _head_fits(pattern.names, row, terms))


def _premise_fits(names: tuple[str, ...], row: tuple[Node, ...], terms: _Terms) -> bool:
    if names == ("p", "a", "b"):  # chains: either premise may be the delta's
        return str(row[1]) in terms.predicates or str(row[2]) in terms.predicates
    if names == ("c", "e", "type"):  # sub-class
        return str(row[0]) in terms.classes
    return str(row[0]) in terms.predicates  # sub-property, inverse, domain, range: ?p


def _head_fits(names: tuple[str, ...], row: tuple[Node, ...], terms: _Terms) -> bool:
    if names == ("p", "q"):  # sub-property, inverse
        return str(row[1]) in terms.predicates
    if names == ("p", "a", "b"):
        return str(row[0]) in terms.predicates
    if names == ("p", "c", "type"):  # domain, range
        return str(row[1]) in terms.classes
    return str(row[1]) in terms.classes  # sub-class


_COPY = "INSERT { GRAPH ?out { ?s ?p ?o } } WHERE { GRAPH ?d { ?s ?p ?o } }"
_MOVE_OUT = "DELETE { GRAPH ?from { ?s ?p ?o } } WHERE { GRAPH ?d { ?s ?p ?o } }"
Rows = tuple[tuple[Node, ...], ...]


def _run(
    store: OxigraphStore,
    text: str,
    graphs: Mapping[str, URIRef],
    *,
    names: tuple[str, ...] = (),
    rows: Rows = ((),),
) -> None:
    """Run one update with the schema ``rows`` and the ``graphs`` bound as VALUES."""
    store.update(_bound(text, names, rows, tuple(sorted(graphs.items()))))


@functools.lru_cache(maxsize=256)
def _bound(text: str, names: tuple[str, ...], rows: Rows, graphs: tuple[tuple[str, URIRef], ...]) -> str:
    # Writing a few hundred schema rows as VALUES costs more than running most of these updates;
    # the same rule meets the same graphs in every change (the round graphs are reused by name).
    keys = [k for k, _ in graphs]
    values = tuple(g for _, g in graphs)
    return bind_rows(text, [*names, *keys], [(*row, *values) for row in rows])


def _is_empty(store: OxigraphStore, graph: URIRef) -> bool:
    return not any(True for _ in store.native.quads_for_pattern(None, None, None, ox.NamedNode(str(graph))))


def _drop(store: OxigraphStore, graphs: Iterable[URIRef]) -> None:
    for graph in graphs:
        store.remove_graph(graph)


def _leftovers(store: OxigraphStore) -> list[URIRef]:
    return [URIRef(g.value) for g in store.native.named_graphs() if str(g.value).startswith(_TEMP)]


def _quads(triples: Iterable[NTriple], graph: str, what: str) -> list[ox.Quad]:
    """The distinct triples as Oxigraph quads in ``graph``, spelled as the store spells them.

    Oxigraph keeps numbers, booleans and dates in canonical form (``"2.70"^^xsd:decimal`` is
    stored and written ``"2.7"``), so a triple as parsed from a file is the same stored triple as
    its canonical spelling; the lists of a :class:`ClosureChange` must use the store's spelling,
    that of every other triple leaving the store. Blank-node labels are kept as they are spelled.
    """
    listed = list(dict.fromkeys(triples))
    if not listed:
        return []
    text = "".join(f"{s} {p} {o} .\n" for s, p, o in listed)
    try:
        parsed = list(ox.parse(text, format=ox.RdfFormat.N_TRIPLES))
    except SyntaxError:
        # Name the faulty triple rather than a line of a document the caller never saw.
        for s, p, o in listed:
            try:
                list(ox.parse(f"{s} {p} {o} .\n", format=ox.RdfFormat.N_TRIPLES))
            except SyntaxError as exc:
                raise ChangeError(f"{what} triple is not N-Triples: {s} {p} {o} ({exc})") from exc
        raise
    if len(parsed) != len(listed):
        raise ChangeError(f"{what} triples hold {len(parsed)} N-Triples statements for {len(listed)} triples")
    scratch = ox.Store()
    scratch.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in parsed)
    name = ox.NamedNode(graph)
    canonical = ox.parse(
        scratch.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()),
        format=ox.RdfFormat.N_TRIPLES,
    )
    return [ox.Quad(t.subject, t.predicate, t.object, name) for t in canonical]


def _show(quad: ox.Quad) -> str:
    return f"{quad.subject} {quad.predicate} {quad.object}"


def _checked(
    store: OxigraphStore, added: Iterable[NTriple], removed: Iterable[NTriple]
) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """The change as quads of the asserted graph, refused unless it is net."""
    adds = _quads(added, GRAPH_ASSERTED, "an added")
    drops = _quads(removed, GRAPH_ASSERTED, "a removed")
    native = store.native
    both = set(adds) & set(drops)
    if both:
        raise ChangeError(f"a triple is both added and removed: {_show(min(both, key=str))}")
    missing = [q for q in drops if q not in native]
    if missing:
        raise ChangeError(
            f"{len(missing)} removed triple(s) are not in the asserted graph, first: {_show(missing[0])}"
        )
    present = [q for q in adds if q in native]
    if present:
        raise ChangeError(
            f"{len(present)} added triple(s) are already in the asserted graph, first: {_show(present[0])}"
        )
    return adds, drops


def _triples(store: OxigraphStore, graph: URIRef) -> set[NTriple]:
    return set(store.nt_triples(graph))


def apply_change(
    store: OxigraphStore,
    *,
    added: Iterable[NTriple],
    removed: Iterable[NTriple],
    progress: Progress = NULL,
) -> ClosureChange:
    """Apply a change of the asserted graph and bring the inferred graph to its new closure.

    ``store`` holds the ontology, asserted and inferred graphs as ``reason()`` left them.
    ``removed`` must be asserted triples and ``added`` triples not yet asserted (the caller nets
    them: a triple removed from one file and added to another is no change at all); anything else
    raises :class:`ChangeError` before the store is touched. Afterwards the inferred graph is the one
    ``reason()`` would compute on the new asserted graph. A failure part-way leaves the store
    inconsistent: the caller works on a copy. ``progress`` is advanced by one a round, with the step
    as its detail; its phase is the caller's to open and close.
    """
    adds, drops = _checked(store, added, removed)
    _drop(store, _leftovers(store))
    if not adds and not drops:
        return ClosureChange([], [], [], [])
    schema = schema_of(store)
    try:
        overdeleted = _overdelete(store, schema, drops, progress)
        moved = _change_asserted(store, adds, drops)
        rederived = _rederive(store, schema, progress)
        _copy(adds, store, _REDERIVED)
        inserted = _insert(store, schema, _REDERIVED, progress)
    finally:
        _drop(store, _leftovers(store))
    lost = overdeleted | moved
    gained = rederived | inserted
    return ClosureChange(
        asserted_added=sorted(_triple_of(q) for q in adds),
        asserted_removed=sorted(_triple_of(q) for q in drops),
        inferred_added=sorted(gained - lost),
        inferred_removed=sorted(lost - gained),
    )


def _triple_of(quad: ox.Quad) -> NTriple:
    return (str(quad.subject), str(quad.predicate), str(quad.object))


def _copy(quads: Iterable[ox.Quad], store: OxigraphStore, graph: URIRef) -> None:
    name = ox.NamedNode(str(graph))
    store.native.extend(ox.Quad(q.subject, q.predicate, q.object, name) for q in quads)


def _overdelete(
    store: OxigraphStore, schema: Schema, drops: Sequence[ox.Quad], progress: Progress
) -> set[NTriple]:
    """Fill the overdeleted graph: inferred triples with a derivation through a removed one.

    Semi-naive, against the graph as it was: each round's delta is what the round before
    overdeleted (the removed triples in the first round).
    """
    delta = URIRef(_TEMP + "overdelete-0")
    _copy(drops, store, delta)
    terms = _Terms.of(_triple_of(q) for q in drops)
    later = _delta_patterns(schema)
    for number in range(1, MAX_ROUNDS + 1):
        fresh = URIRef(f"{_TEMP}overdelete-{number % 2}")
        progress.note(f"overdelete, round {number}")
        graphs = {"out": fresh, "d": delta, "inf": URIRef(GRAPH_INFERRED), "acc": _OVERDELETED}
        for pattern in later:
            rows = _rows_for_premises(pattern, terms)
            if rows:
                _run(store, _overdelete_text(pattern), graphs, names=pattern.names, rows=rows)
        progress.advance()
        store.remove_graph(delta)
        found = _triples(store, fresh)
        if not found:
            return _triples(store, _OVERDELETED)
        _run(store, _COPY, {"out": _OVERDELETED, "d": fresh})
        delta, terms = fresh, _Terms.of(found)
    raise StoreError(f"overdeletion did not end within {MAX_ROUNDS} rounds")


def _change_asserted(store: OxigraphStore, adds: Sequence[ox.Quad], drops: Sequence[ox.Quad]) -> set[NTriple]:
    """Remove the removed and the overdeleted triples, add the added ones; return the added triples
    that were inferred until now (they leave the inferred graph, as reason() keeps the two apart).

    The removed triples are kept in the overdeleted graph: both are the candidates of rederivation.
    """
    native = store.native
    _copy(drops, store, _OVERDELETED)
    _run(store, _MOVE_OUT, {"from": URIRef(GRAPH_INFERRED), "d": _OVERDELETED})
    for quad in drops:
        native.remove(quad)
    inferred = ox.NamedNode(GRAPH_INFERRED)
    moved: set[NTriple] = set()
    for quad in adds:
        was = ox.Quad(quad.subject, quad.predicate, quad.object, inferred)
        if was in native:
            native.remove(was)
            moved.add(_triple_of(quad))
    native.extend(adds)
    return moved


def _rederive(store: OxigraphStore, schema: Schema, progress: Progress) -> set[NTriple]:
    """Put back into the inferred graph the candidates one rule derives from what remains."""
    progress.note("rederive")
    terms = _Terms.of(_triples(store, _OVERDELETED))
    graphs = {
        "out": _REDERIVED,
        "cand": _OVERDELETED,
        "asserted": URIRef(GRAPH_ASSERTED),
        "onto": URIRef(GRAPH_ONTOLOGY),
    }
    for pattern in patterns(schema, first=True):
        rows = _rows_for_heads(pattern, terms)
        if rows:
            _run(store, _rederive_text(pattern), graphs, names=pattern.names, rows=rows)
    progress.advance()
    store.remove_graph(_OVERDELETED)
    _run(store, _COPY, {"out": URIRef(GRAPH_INFERRED), "d": _REDERIVED})
    return _triples(store, _REDERIVED)


def _insert(store: OxigraphStore, schema: Schema, seed: URIRef, progress: Progress) -> set[NTriple]:
    """Semi-naive rounds of the reasoner's own rules from the triples of ``seed`` (all of them
    already asserted or inferred); return what the rounds add to the inferred graph."""
    later = _delta_patterns(schema)
    delta, out = seed, set[NTriple]()
    terms = _Terms.of(_triples(store, seed))
    for number in range(1, MAX_ROUNDS + 1):
        fresh = URIRef(f"{_TEMP}insert-{number % 2}")
        progress.note(f"insert, round {number}")
        for pattern in later:
            rows = _rows_for_premises(pattern, terms)
            if rows:
                _run(store, _insert_text(pattern), {"out": fresh, "d": delta}, names=pattern.names, rows=rows)
        progress.advance()
        store.remove_graph(delta)
        found = _triples(store, fresh)
        if not found:
            return out
        out |= found
        _run(store, _COPY, {"out": URIRef(GRAPH_INFERRED), "d": fresh})
        delta, terms = fresh, _Terms.of(found)
    raise StoreError(f"reasoning did not reach its fixpoint within {MAX_ROUNDS} rounds")
