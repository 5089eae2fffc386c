"""The site index: edges both ways, values in the order of their text, built in parts."""

from __future__ import annotations

from rdflib import Literal, URIRef

from nqgraph.publish.site.index import Index, IndexBuilder

A, B, C = (f"<urn:x:{n}>" for n in "abc")
P, Q = "<urn:p>", "<urn:q>"


def test_an_index_built_in_parts_equals_the_index_of_all_triples_and_keeps_each_triple_once() -> None:
    first = [(A, P, B), (A, P, '"zeta"@vi'), (C, Q, A)]
    second = [(A, P, '"alpha"'), (A, P, B), (B, Q, A)]  # (A, P, B) again, as in two graphs
    builder = IndexBuilder()
    builder.add(first)
    builder.add(second)
    parts = builder.finish()
    whole = Index.of_nt(dict.fromkeys(first + second))
    a, p, q = URIRef("urn:x:a"), "urn:p", URIRef("urn:q")
    values = [Literal("alpha"), URIRef("urn:x:b"), Literal("zeta", lang="vi")]
    assert parts.objects(a, p) == whole.objects(a, p) == values
    assert parts.inc[a] == whole.inc[a] == [(URIRef("urn:x:b"), q), (URIRef("urn:x:c"), q)]
    assert dict(parts.out) == dict(whole.out)


def test_a_finished_builder_starts_empty_again() -> None:
    builder = IndexBuilder()
    builder.add([(A, P, B)])
    builder.finish()
    assert dict(builder.finish().out) == {}
