"""Materialise the OWL 2 RL entailments the ontology uses, as SPARQL updates.

owlrl computes the full OWL-RL closure, which on this data takes seconds to minutes and adds
triples nobody queries (see docs/decisions.md). The ontology only uses sub-classes,
sub-properties, inverses, transitive properties, two-step property chains, domains and
ranges, so those rules are applied here directly, to a fixpoint, from a schema closure computed
once in Python. ``tests/test_reasoning.py`` checks that the result equals owlrl's closure on
the instance data, less owlrl's documented noise.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rdflib.term import Node, URIRef

from nqgraph.graph.sparql import bind_rows
from nqgraph.graph.store import OxigraphStore, RdflibStore, triples_in
from nqgraph.namespaces import GRAPH_INFERRED, GRAPH_ONTOLOGY, OWL, RDF, RDFS
from nqgraph.runtime.progress import NULL, Progress

Pair = tuple[str, str]


@dataclass(frozen=True)
class Schema:
    """The parts of the ontology that drive the rules, closed under transitivity."""

    sub_property: tuple[Pair, ...]
    sub_class: tuple[Pair, ...]
    inverse: tuple[Pair, ...]
    transitive: tuple[str, ...]
    chains: tuple[tuple[str, str, str], ...]
    domain: tuple[Pair, ...]
    range: tuple[Pair, ...]


def _closure(pairs: Iterable[Pair]) -> set[Pair]:
    up: dict[str, set[str]] = defaultdict(set)
    for a, b in pairs:
        up[a].add(b)
    result: set[Pair] = set()
    for start in list(up):
        seen: set[str] = set()
        todo = list(up[start])
        while todo:
            x = todo.pop()
            if x in seen:
                continue
            seen.add(x)
            todo.extend(up.get(x, ()))
        result.update((start, x) for x in seen if x != start)
    return result


def schema_of(store: OxigraphStore | RdflibStore) -> Schema:
    """Read the rule-driving axioms from the ontology graph."""

    def pairs(prop: str) -> set[Pair]:
        res = store.query(
            "SELECT ?a ?b WHERE { GRAPH ?g { ?a ?p ?b } FILTER(isIRI(?a) && isIRI(?b)) }",
            bindings={"p": URIRef(prop), "g": URIRef(GRAPH_ONTOLOGY)},
        )
        return {(str(a), str(b)) for a, b in res.rows}

    sub_p = _closure(pairs(RDFS + "subPropertyOf"))
    sub_c = _closure(pairs(RDFS + "subClassOf"))
    inv = pairs(OWL + "inverseOf")
    inv |= {(b, a) for a, b in inv}
    trans = {
        str(r[0])
        for r in store.query(
            "SELECT ?p WHERE { GRAPH ?g { ?p a ?t } }",
            bindings={"t": URIRef(OWL + "TransitiveProperty"), "g": URIRef(GRAPH_ONTOLOGY)},
        ).rows
    }
    chains = {
        (str(p), str(a), str(b))
        for p, a, b in store.query(
            "SELECT ?p ?a ?b WHERE { GRAPH ?g { ?p ?chain ?l . ?l ?first ?a ; ?rest ?l2 . "
            "?l2 ?first ?b ; ?rest ?nil } }",
            bindings={
                "g": URIRef(GRAPH_ONTOLOGY),
                "chain": URIRef(OWL + "propertyChainAxiom"),
                "first": URIRef(RDF + "first"),
                "rest": URIRef(RDF + "rest"),
                "nil": URIRef(RDF + "nil"),
            },
        ).rows
    }

    def with_supers(direct: set[Pair]) -> set[Pair]:
        out = set(direct)
        for prop, cls in direct:
            out.update((prop, sup) for c, sup in sub_c if c == cls)
        # a property inherits the domains and ranges of its super-properties
        for sub, sup in sub_p:
            out.update((sub, c) for p, c in list(out) if p == sup)
        return out

    return Schema(
        sub_property=tuple(sorted(sub_p)),
        sub_class=tuple(sorted(sub_c)),
        inverse=tuple(sorted(inv)),
        transitive=tuple(sorted(trans)),
        chains=tuple(sorted(chains)),
        domain=tuple(sorted(with_supers(pairs(RDFS + "domain")))),
        range=tuple(sorted(with_supers(pairs(RDFS + "range")))),
    )


# Each rule reads one premise from the delta graph ?d (in the first round ?d is left free, so it
# ranges over every graph) and writes what no graph holds yet into ?out. Two-premise rules join
# the delta with every graph, both ways round. The schema's pairs and the graphs are bound as
# VALUES rows (sparql.bind_rows), never written into the text.
def _rule(head: str, body: str) -> str:
    """An update adding ``head`` to ?out wherever ``body`` holds and no graph has ``head`` yet.

    ``head`` and ``body`` are this module's fixed patterns; no value is ever put in the text.
    """
    missing = f"FILTER NOT EXISTS {{ GRAPH ?any {{ {head} }} }}"
    return f"INSERT {{ GRAPH ?out {{ {head} }} }} WHERE {{ {body} {missing} }}"


# Each rule's head and body (with one premise in GRAPH ?d); nqgraph.graph.rederive applies the same
# patterns under other conditions on the head.
_SUB_PROPERTY_P = ("?s ?q ?o", "GRAPH ?d { ?s ?p ?o }")
_INVERSE_P = ("?o ?q ?s", "GRAPH ?d { ?s ?p ?o } FILTER(!isLiteral(?o))")
_CHAIN_FIRST_P = ("?s ?p ?o", "GRAPH ?d { ?s ?a ?x } GRAPH ?g { ?x ?b ?o }")
_CHAIN_DELTA_P = (
    "?s ?p ?o",
    "{ GRAPH ?d { ?s ?a ?x } GRAPH ?g { ?x ?b ?o } } UNION { GRAPH ?g { ?s ?a ?x } GRAPH ?d { ?x ?b ?o } }",
)
_DOMAIN_P = ("?s ?type ?c", "GRAPH ?d { ?s ?p ?o }")
_RANGE_P = ("?o ?type ?c", "GRAPH ?d { ?s ?p ?o } FILTER(!isLiteral(?o))")
_SUB_CLASS_P = ("?s ?type ?e", "GRAPH ?d { ?s ?type ?c }")
_MERGE = "INSERT { GRAPH ?out { ?s ?p ?o } } WHERE { GRAPH ?d { ?s ?p ?o } }"

Rule = tuple[str, tuple[str, ...], tuple[tuple[Node, ...], ...]]


@dataclass(frozen=True)
class Pattern:
    """One rule as patterns: ``head`` holds wherever ``body`` does, for each row of ``names``.

    ``body`` reads one premise from the graph ?d (and, for chains, the other from ?g); the rows
    are schema terms, bound as VALUES (sparql.bind_rows).
    """

    head: str
    body: str
    names: tuple[str, ...]
    rows: tuple[tuple[Node, ...], ...]


def patterns(schema: Schema, *, first: bool) -> list[Pattern]:
    """The rules of one round as patterns; ``first`` gives chain bodies whose premises are both free,
    otherwise one of the two chain premises is in ?d (both ways round)."""
    rdf_type = URIRef(RDF + "type")

    def iris(rows: Iterable[tuple[str, ...]], *extra: Node) -> tuple[tuple[Node, ...], ...]:
        return tuple(tuple(URIRef(v) for v in row) + extra for row in rows)

    chain = _CHAIN_FIRST_P if first else _CHAIN_DELTA_P
    out = [
        Pattern(*_SUB_PROPERTY_P, ("p", "q"), iris(schema.sub_property)),
        Pattern(*_INVERSE_P, ("p", "q"), iris(schema.inverse)),
        Pattern(*chain, ("p", "a", "b"), iris(schema.chains)),
        Pattern(*chain, ("p", "a", "b"), iris((t, t, t) for t in schema.transitive)),
        Pattern(*_DOMAIN_P, ("p", "c", "type"), iris(schema.domain, rdf_type)),
        Pattern(*_RANGE_P, ("p", "c", "type"), iris(schema.range, rdf_type)),
        Pattern(*_SUB_CLASS_P, ("c", "e", "type"), iris(schema.sub_class, rdf_type)),
    ]
    return [pattern for pattern in out if pattern.rows]


def rules(schema: Schema, *, first: bool) -> list[Rule]:
    """One round of entailment: ``(update text, parameter names, rows of schema terms)`` per rule.

    ``first`` gives the rules of the first round, whose premises come from every graph.
    """
    return [(_rule(p.head, p.body), p.names, p.rows) for p in patterns(schema, first=first)]


def _run(store: OxigraphStore | RdflibStore, rule: Rule, graphs: Mapping[str, URIRef]) -> None:
    text, names, rows = rule
    keys = sorted(graphs)
    store.update(bind_rows(text, [*names, *keys], [(*row, *(graphs[k] for k in keys)) for row in rows]))


@dataclass(frozen=True)
class ReasoningResult:
    """How many triples reasoning added and how many rounds it took to reach the fixpoint."""

    inferred: int
    rounds: int


def reason(
    store: OxigraphStore | RdflibStore, *, max_rounds: int = 50, progress: Progress = NULL
) -> ReasoningResult:
    """Add the entailments of the ontology to the store's inferred graph.

    Semi-naive evaluation: the first round applies every rule to the whole dataset and writes
    into the inferred graph; each later round applies the rules only where one premise is a
    triple the round before derived, into a graph of its own, until a round derives nothing.
    A triple already in some graph is never derived again, so asserted and inferred stay
    disjoint and distinguishable. ``progress`` is advanced by one a round, with the rule being
    applied as its detail; its phase is the caller's to open and close.
    """
    schema = schema_of(store)
    inferred = URIRef(GRAPH_INFERRED)
    first = rules(schema, first=True)
    for number, rule in enumerate(first, start=1):
        progress.note(f"round 1, rule {number}/{len(first)}")
        _run(store, rule, {"out": inferred})
    progress.advance()
    later = rules(schema, first=False)
    delta, rounds, extra = inferred, 1, []
    while rounds < max_rounds:
        rounds += 1
        fresh = URIRef(f"{GRAPH_INFERRED}/round-{rounds}")
        for number, rule in enumerate(later, start=1):
            progress.note(f"round {rounds}, rule {number}/{len(later)}")
            _run(store, rule, {"out": fresh, "d": delta})
        progress.advance()
        if not triples_in(store, fresh):
            break
        extra.append(fresh)
        delta = fresh
    for graph in extra:
        _run(store, (_MERGE, (), ((),)), {"out": inferred, "d": graph})
        store.remove_graph(graph)
    return ReasoningResult(inferred=triples_in(store, inferred), rounds=rounds)


def inferred_triples(store: OxigraphStore | RdflibStore) -> set[tuple[Node, Node, Node]]:
    """The triples of the inferred graph."""
    return {(s, p, o) for s, p, o, _ in store.quads(URIRef(GRAPH_INFERRED))}
