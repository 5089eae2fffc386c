"""The triples every drafted component shares: its section, document, label and provenance."""

from __future__ import annotations

from nqgraph.ingest.extract.sentences import quote
from nqgraph.ingest.extract.state import DraftState, path_slug
from nqgraph.ingest.model import Span
from nqgraph.ingest.structure import Node
from nqgraph.ingest.turtle import Resource, integer, iri, plain, vi


def section_iri(state: DraftState, node: Node) -> str:
    """The IRI of a node's ``nq:Section``, named by its path so it is stable across drafts."""
    return f"{state.expression}/s/{path_slug(node.path)}"


def component(state: DraftState, iri_: str, types: list[str], node: Node, span: Span, label: str) -> Resource:
    """A component stated in ``node``: label, document, section, ordinal; the caller adds the rest."""
    res = Resource(iri_, types)
    res.add("rdfs:label", vi(_short(label)))
    res.add("nq:document", iri(state.document))
    section = section_iri(state, node) if node.kind != "root" else f"{state.expression}/s/preamble"
    res.add("nq:section", iri(section))
    res.add("nq:sectionPath", plain(node.path))
    res.add("nq:statedIn", iri(state.expression))
    if node.ordinal is not None and node.kind not in ("part", "root", "appendix"):
        res.add("nq:ordinal", integer(node.ordinal))
    return res


def provenance(state: DraftState, res: Resource, span: Span) -> None:
    """Where a component is stated: the quoted sentence and its span, for the review page."""
    res.add("nq:sourceText", vi(quote(state.text, span)))
    res.add("nq:spanStart", integer(span.start))
    res.add("nq:spanEnd", integer(span.end))


def _short(text: str) -> str:
    text = " ".join(text.split()).rstrip(" .;:,")
    if len(text) <= 200:
        return text
    cut = text[:200]
    for mark in (";", ",", " "):
        if mark in cut[80:]:
            return cut[: cut.rindex(mark)].rstrip(" ,;")
    return cut


def nth_letter(n: int) -> str:
    """The ``n``-th letter (0 is a, 26 is aa) that tells components of one section apart."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    return letters[n] if n < 26 else letters[n // 26 - 1] + letters[n % 26]
