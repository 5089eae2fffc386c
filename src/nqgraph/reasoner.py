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
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib.term import Node, URIRef

from .namespaces import GRAPH_INFERRED, GRAPH_ONTOLOGY, OWL, RDF, RDFS
from .sparql import term_n3
from .store import OxigraphStore, RdflibStore, triples_in

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


def _values(names: tuple[str, ...], rows: Iterable[tuple[str, ...]]) -> str:
    body = " ".join("(" + " ".join(term_n3(URIRef(v)) for v in row) + ")" for row in rows)
    return f"VALUES ({' '.join('?' + n for n in names)}) {{ {body} }}"


def rules(schema: Schema) -> list[str]:
    """The SPARQL updates that together compute one round of entailment."""
    inf = term_n3(URIRef(GRAPH_INFERRED))
    out: list[str] = []
    if schema.sub_property:
        out.append(
            f"INSERT {{ GRAPH {inf} {{ ?s ?q ?o }} }} WHERE {{ "
            f"{_values(('p', 'q'), schema.sub_property)} GRAPH ?g {{ ?s ?p ?o }} }}"
        )
    if schema.inverse:
        out.append(
            f"INSERT {{ GRAPH {inf} {{ ?o ?q ?s }} }} WHERE {{ "
            f"{_values(('p', 'q'), schema.inverse)} GRAPH ?g {{ ?s ?p ?o }} FILTER(!isLiteral(?o)) }}"
        )
    if schema.chains:
        out.append(
            f"INSERT {{ GRAPH {inf} {{ ?s ?p ?o }} }} WHERE {{ "
            f"{_values(('p', 'a', 'b'), schema.chains)} GRAPH ?g1 {{ ?s ?a ?x }} GRAPH ?g2 {{ ?x ?b ?o }} }}"
        )
    if schema.transitive:
        out.append(
            f"INSERT {{ GRAPH {inf} {{ ?s ?p ?o }} }} WHERE {{ "
            f"{_values(('p',), ((t,) for t in schema.transitive))} "
            f"GRAPH ?g1 {{ ?s ?p ?x }} GRAPH ?g2 {{ ?x ?p ?o }} }}"
        )
    rdf_type = term_n3(URIRef(RDF + "type"))
    if schema.domain:
        out.append(
            f"INSERT {{ GRAPH {inf} {{ ?s {rdf_type} ?c }} }} WHERE {{ "
            f"{_values(('p', 'c'), schema.domain)} GRAPH ?g {{ ?s ?p ?o }} }}"
        )
    if schema.range:
        out.append(
            f"INSERT {{ GRAPH {inf} {{ ?o {rdf_type} ?c }} }} WHERE {{ "
            f"{_values(('p', 'c'), schema.range)} GRAPH ?g {{ ?s ?p ?o }} FILTER(!isLiteral(?o)) }}"
        )
    if schema.sub_class:
        out.append(
            f"INSERT {{ GRAPH {inf} {{ ?s {rdf_type} ?d }} }} WHERE {{ "
            f"{_values(('c', 'd'), schema.sub_class)} GRAPH ?g {{ ?s {rdf_type} ?c }} }}"
        )
    return out


@dataclass(frozen=True)
class ReasoningResult:
    """How many triples reasoning added and how many rounds it took to reach the fixpoint."""

    inferred: int
    rounds: int


def reason(store: OxigraphStore | RdflibStore, *, max_rounds: int = 50) -> ReasoningResult:
    """Add the entailments of the ontology to the store's inferred graph.

    Triples already asserted are not repeated in the inferred graph, so asserted and
    inferred stay disjoint and distinguishable.
    """
    updates = rules(schema_of(store))
    before = len(store)
    size, rounds = before, 0
    while rounds < max_rounds:
        rounds += 1
        for u in updates:
            store.update(u)
        new = len(store)
        if new == size:
            break
        size = new
    _drop_restated(store)
    return ReasoningResult(inferred=triples_in(store, URIRef(GRAPH_INFERRED)), rounds=rounds)


def _drop_restated(store: OxigraphStore | RdflibStore) -> None:
    inf = term_n3(URIRef(GRAPH_INFERRED))
    store.update(
        f"DELETE {{ GRAPH {inf} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {inf} {{ ?s ?p ?o }} "
        f"GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != {inf}) }}"
    )


def inferred_triples(store: OxigraphStore | RdflibStore) -> set[tuple[Node, Node, Node]]:
    """The triples of the inferred graph."""
    return {(s, p, o) for s, p, o, _ in store.quads(URIRef(GRAPH_INFERRED))}
