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


def test_an_index_settled_before_the_last_part_equals_the_index_built_at_once() -> None:
    first = [(A, P, B), (A, P, '"zeta"@vi'), (C, Q, A), (B, P, C)]
    # The later part adds to a settled list of values (A P), to a settled list of incoming links
    # (of A), repeats a settled triple, and brings a new subject and a new predicate.
    later = [(A, P, '"alpha"'), (B, Q, A), (A, P, B), (C, P, C), (A, Q, C)]
    settled = IndexBuilder()
    settled.add(first)
    settled.settle()
    settled.add(later)
    parts = settled.finish()
    whole = Index.of_nt(first + later)
    assert {s: dict(props) for s, props in parts.out.items()} == {
        s: dict(props) for s, props in whole.out.items()
    }
    assert dict(parts.inc) == dict(whole.inc)
    a = URIRef("urn:x:a")
    assert parts.objects(a, "urn:p") == [Literal("alpha"), URIRef("urn:x:b"), Literal("zeta", lang="vi")]
    assert parts.inc[a] == [(URIRef("urn:x:b"), URIRef("urn:q")), (URIRef("urn:x:c"), URIRef("urn:q"))]


def test_a_finished_builder_forgets_what_it_settled() -> None:
    builder = IndexBuilder()
    builder.add([(A, P, B)])
    builder.settle()
    builder.finish()
    builder.add([(C, Q, A)])
    again = builder.finish()
    assert list(again.out) == [URIRef("urn:x:c")]
