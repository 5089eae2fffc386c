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

The sub-property, inverse and chain rules run as the reasoner's own patterns, each with only the
schema rows the round's triples can match. The type rules (domain, range, sub-class) fan out
(every property of a document gives it the same classes), so they are applied here node by node,
with each derived type tested once against the store rather than once per premise and schema row.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
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


@functools.lru_cache(maxsize=8)
def _property_rules(schema: Schema, *, first: bool) -> tuple[Pattern, ...]:
    """The reasoner's sub-property, inverse and chain rules (its patterns, the schema's IRIs made
    once: rdflib checks each one it makes); the type rules are _derive_types' and _rederive_types'.

    ``first`` gives chain bodies whose premises are both free; otherwise one is the delta's.
    """
    out = []
    for pattern in patterns(schema, first=first):
        if "type" in pattern.names:
            continue
        if not first and "?g" in pattern.body:
            pattern = Pattern(pattern.head, _CHAIN_DELTA, pattern.names, pattern.rows)
        out.append(pattern)
    return tuple(out)


def _predicates(triples: Iterable[NTriple]) -> frozenset[str]:
    """The predicate IRIs of ``triples``, without brackets."""
    return frozenset(p[1:-1] for _, p, _ in triples)


def _rows_for_premises(pattern: Pattern, predicates: frozenset[str]) -> Rows:
    """The schema rows of ``pattern`` whose premise in ?d can be a triple of one of ``predicates``.

    A rule with no such row need not run at all: most of a change's rounds touch a few properties.
    """
    if pattern.names == ("p", "a", "b"):  # chains: either premise may be the delta's
        return tuple(row for row in pattern.rows if str(row[1]) in predicates or str(row[2]) in predicates)
    return tuple(row for row in pattern.rows if str(row[0]) in predicates)  # sub-property, inverse: ?p


def _rows_for_heads(pattern: Pattern, predicates: frozenset[str]) -> Rows:
    """The schema rows of ``pattern`` whose head can be a triple of one of ``predicates``."""
    if pattern.names == ("p", "a", "b"):
        return tuple(row for row in pattern.rows if str(row[0]) in predicates)
    return tuple(row for row in pattern.rows if str(row[1]) in predicates)  # sub-property, inverse: ?q


_COPY = "INSERT { GRAPH ?out { ?s ?p ?o } } WHERE { GRAPH ?d { ?s ?p ?o } }"
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
    raises :class:`ChangeError` before the store is touched. Blank nodes are taken as spelled: a
    removed one is named as the store writes it, and the caller keeps the blank nodes of different
    files apart. Afterwards the inferred graph is the one ``reason()`` would compute on the new
    asserted graph. A failure part-way leaves the store inconsistent: the caller works on a copy.
    ``progress`` is advanced by one a round, with the step as its detail; its phase is the
    caller's to open and close.
    """
    adds, drops = _checked(store, added, removed)
    _drop(store, _leftovers(store))
    if not adds and not drops:
        return ClosureChange([], [], [], [])
    schema = schema_of(store)
    try:
        # The removed triples are overdeletion's first delta and, with what it overdeletes, the
        # candidates of rederivation: they are written once, into the overdeleted graph.
        _copy(drops, store, _OVERDELETED)
        overdeleted = _overdelete(store, schema, drops, progress)
        moved = _change_asserted(store, adds)
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
    """Add to the overdeleted graph the inferred triples with a derivation through a removed one;
    return them.

    Semi-naive, against the graph as it was: each round's delta is what the round before
    overdeleted (the removed triples, alone in the overdeleted graph, in the first round).
    """
    native = store.native
    inferred, acc = ox.NamedNode(GRAPH_INFERRED), ox.NamedNode(str(_OVERDELETED))

    def overdeletable(head: Head) -> bool:
        return ox.Quad(*head, inferred) in native and ox.Quad(*head, acc) not in native

    later = _property_rules(schema, first=False)
    delta, predicates = _OVERDELETED, _predicates(_triple_of(q) for q in drops)
    overdeleted: set[NTriple] = set()
    for number in range(1, MAX_ROUNDS + 1):
        fresh = URIRef(f"{_TEMP}overdelete-{number % 2}")
        progress.note(f"overdelete, round {number}")
        graphs = {"out": fresh, "d": delta, "inf": URIRef(GRAPH_INFERRED), "acc": _OVERDELETED}
        for pattern in later:
            rows = _rows_for_premises(pattern, predicates)
            if rows:
                _run(store, _overdelete_text(pattern), graphs, names=pattern.names, rows=rows)
        _derive_types(store, schema, delta=delta, out=fresh, keep=overdeletable)
        progress.advance()
        if delta != _OVERDELETED:
            store.remove_graph(delta)
        found = _triples(store, fresh)
        if not found:
            return overdeleted
        overdeleted |= found
        _run(store, _COPY, {"out": _OVERDELETED, "d": fresh})
        delta, predicates = fresh, _predicates(found)
    raise StoreError(f"overdeletion did not end within {MAX_ROUNDS} rounds")


# The overdeleted graph holds the removed (asserted) and the overdeleted (inferred) triples.
_TAKE_OUT = (
    "DELETE { GRAPH ?asserted { ?s ?p ?o } GRAPH ?inf { ?s ?p ?o } } WHERE { GRAPH ?cand { ?s ?p ?o } }"
)


def _change_asserted(store: OxigraphStore, adds: Sequence[ox.Quad]) -> set[NTriple]:
    """Take the removed and the overdeleted triples out, add the added ones; return the added triples
    that were inferred until now (they leave the inferred graph, as reason() keeps the two apart)."""
    asserted, inferred = URIRef(GRAPH_ASSERTED), URIRef(GRAPH_INFERRED)
    _run(store, _TAKE_OUT, {"asserted": asserted, "inf": inferred, "cand": _OVERDELETED})
    native = store.native
    inferred_node = ox.NamedNode(GRAPH_INFERRED)
    moved: set[NTriple] = set()
    for quad in adds:
        was = ox.Quad(quad.subject, quad.predicate, quad.object, inferred_node)
        if was in native:
            native.remove(was)
            moved.add(_triple_of(quad))
    native.extend(adds)
    return moved


def _rederive(store: OxigraphStore, schema: Schema, progress: Progress) -> set[NTriple]:
    """Put back into the inferred graph the candidates one rule derives from what remains."""
    progress.note("rederive")
    predicates = _predicates(_triples(store, _OVERDELETED))
    graphs = {
        "out": _REDERIVED,
        "cand": _OVERDELETED,
        "asserted": URIRef(GRAPH_ASSERTED),
        "onto": URIRef(GRAPH_ONTOLOGY),
    }
    for pattern in _property_rules(schema, first=True):
        rows = _rows_for_heads(pattern, predicates)
        if rows:
            _run(store, _rederive_text(pattern), graphs, names=pattern.names, rows=rows)
    _rederive_types(store, schema)
    progress.advance()
    store.remove_graph(_OVERDELETED)
    _run(store, _COPY, {"out": URIRef(GRAPH_INFERRED), "d": _REDERIVED})
    return _triples(store, _REDERIVED)


@dataclass(frozen=True)
class _TypeRules:
    """The schema of the rules that derive types: the classes each property's domain or range
    gives, and the super-classes of each class (IRIs)."""

    domain: Mapping[str, frozenset[str]]
    range: Mapping[str, frozenset[str]]
    supers: Mapping[str, frozenset[str]]


def _grouped(pairs: Iterable[tuple[str, str]]) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for key, value in pairs:
        out.setdefault(key, set()).add(value)
    return {key: frozenset(values) for key, values in out.items()}


@functools.lru_cache(maxsize=4)
def _type_rules(schema: Schema) -> _TypeRules:
    return _TypeRules(_grouped(schema.domain), _grouped(schema.range), _grouped(schema.sub_class))


def _rederive_types(store: OxigraphStore, schema: Schema) -> None:
    """Rederive the candidate types the domain, range and sub-class rules give, node by node.

    As rules, a candidate ``n a C`` would be tested against each property whose domain or range
    is C or under it and each sub-class of C: a document's classes have dozens of each, and each
    test is a seek (tens of microseconds in the on-disk store). Reading the node's own triples once
    gives every class the domain and sub-class rules derive for it; the range rule then looks up
    only the properties that could give a class still missing. Premises come from every named
    graph but the candidates' own, as in the other rules.
    """
    native = store.native
    cand = ox.NamedNode(str(_OVERDELETED))
    rdf_type = ox.NamedNode(RDF_TYPE)
    wanted: dict[ox.NamedNode | ox.BlankNode, set[str]] = {}
    for quad in native.quads_for_pattern(None, rdf_type, None, cand):
        if isinstance(quad.object, ox.NamedNode) and isinstance(quad.subject, ox.NamedNode | ox.BlankNode):
            wanted.setdefault(quad.subject, set()).add(quad.object.value)
    if not wanted:
        return
    rules = _type_rules(schema)
    none: frozenset[str] = frozenset()

    def outside(quad: ox.Quad) -> bool:
        return quad.graph_name != cand and not isinstance(quad.graph_name, ox.DefaultGraph)

    keep_out = (ox.NamedNode(GRAPH_ASSERTED), ox.NamedNode(GRAPH_ONTOLOGY))
    out = ox.NamedNode(str(_REDERIVED))
    found: list[ox.Quad] = []
    for node, classes in wanted.items():
        derived: set[str] = set()
        for quad in native.quads_for_pattern(node, None, None, None):
            if outside(quad):
                derived |= rules.domain.get(quad.predicate.value, none)
                if quad.predicate == rdf_type and isinstance(quad.object, ox.NamedNode):
                    derived |= rules.supers.get(quad.object.value, none)
        for prop, given in rules.range.items():
            if not classes - derived:
                break
            if given & (classes - derived) and any(
                outside(q) for q in native.quads_for_pattern(None, ox.NamedNode(prop), node, None)
            ):
                derived |= given
        for cls in sorted(classes & derived):
            head = (node, rdf_type, ox.NamedNode(cls))
            if not any(ox.Quad(*head, graph) in native for graph in keep_out):
                found.append(ox.Quad(*head, out))
    native.extend(found)


Head = tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, ox.NamedNode]


def _derive_types(
    store: OxigraphStore, schema: Schema, *, delta: URIRef, out: URIRef, keep: Callable[[Head], bool]
) -> None:
    """Apply the domain, range and sub-class rules to the triples of ``delta``, writing into ``out``
    the derived types that ``keep`` accepts.

    These rules fan out (a document's properties each give it the same classes, and each class
    its super-classes): as SPARQL, the test of a head is repeated for every premise and schema row
    that gives it, a seek each in the on-disk store. Here each head is tested once.
    """
    native = store.native
    rules = _type_rules(schema)
    rdf_type = ox.NamedNode(RDF_TYPE)
    none: frozenset[str] = frozenset()
    heads: set[tuple[ox.NamedNode | ox.BlankNode, str]] = set()
    for quad in native.quads_for_pattern(None, None, None, ox.NamedNode(str(delta))):
        subject, prop, value = quad.subject, quad.predicate.value, quad.object
        if not isinstance(subject, ox.NamedNode | ox.BlankNode):
            continue
        heads.update((subject, cls) for cls in rules.domain.get(prop, none))
        if isinstance(value, ox.NamedNode | ox.BlankNode):
            heads.update((value, cls) for cls in rules.range.get(prop, none))
        if prop == RDF_TYPE and isinstance(value, ox.NamedNode):
            heads.update((subject, cls) for cls in rules.supers.get(value.value, none))
    graph = ox.NamedNode(str(out))
    found = [(node, rdf_type, ox.NamedNode(cls)) for node, cls in heads]
    native.extend(ox.Quad(*head, graph) for head in found if keep(head))


def _anywhere(store: OxigraphStore, head: Head) -> bool:
    """Whether a named graph holds the triple (as the reasoner's ``GRAPH ?any`` test)."""
    return any(
        not isinstance(q.graph_name, ox.DefaultGraph) for q in store.native.quads_for_pattern(*head, None)
    )


def _insert(store: OxigraphStore, schema: Schema, seed: URIRef, progress: Progress) -> set[NTriple]:
    """Semi-naive rounds of the reasoner's own rules from the triples of ``seed`` (all of them
    already asserted or inferred); return what the rounds add to the inferred graph."""
    later = _property_rules(schema, first=False)
    delta, out = seed, set[NTriple]()
    predicates = _predicates(_triples(store, seed))
    for number in range(1, MAX_ROUNDS + 1):
        fresh = URIRef(f"{_TEMP}insert-{number % 2}")
        progress.note(f"insert, round {number}")
        for pattern in later:
            rows = _rows_for_premises(pattern, predicates)
            if rows:
                _run(store, _insert_text(pattern), {"out": fresh, "d": delta}, names=pattern.names, rows=rows)
        _derive_types(store, schema, delta=delta, out=fresh, keep=lambda head: not _anywhere(store, head))
        progress.advance()
        store.remove_graph(delta)
        found = _triples(store, fresh)
        if not found:
            return out
        out |= found
        _run(store, _COPY, {"out": URIRef(GRAPH_INFERRED), "d": fresh})
        delta, predicates = fresh, _predicates(found)
    raise StoreError(f"reasoning did not reach its fixpoint within {MAX_ROUNDS} rounds")
