"""Documents a sentence cites: the graph's, or a stub proposed from the citing words."""

from __future__ import annotations

import re

from nqgraph.ingest.extract.components import component, provenance
from nqgraph.ingest.extract.state import DraftState, slug
from nqgraph.ingest.model import Span
from nqgraph.ingest.readers._text import fold_same_length
from nqgraph.ingest.readers.references import GENERIC_BEFORE, DocumentReference, find_references
from nqgraph.ingest.resolve import is_central, stub_issuer
from nqgraph.ingest.structure import Node
from nqgraph.ingest.turtle import Resource, iri, plain, typed, vi
from nqgraph.namespaces import ID

# How a stub's label names its kind ("Kết luận số 02-KL/TU").
_KIND_LABEL = {
    "Resolution": "Nghị quyết",
    "CongressResolution": "Nghị quyết Đại hội",
    "Conclusion": "Kết luận",
    "Directive": "Chỉ thị",
    "Regulation": "Quy định",
    "Plan": "Kế hoạch",
    "Project": "Đề án",
    "Programme": "Chương trình",
    "Decision": "Quyết định",
    "Notice": "Thông báo",
    "OfficialLetter": "Công văn",
    "Document": "Văn bản",
}


def add_citations(state: DraftState, node: Node, sentence: Span) -> None:
    """Cite every document ``sentence`` names: by number, or by a name the graph knows."""
    text = state.text
    refs = find_references(text[sentence.start : sentence.end], offset=sentence.start)
    for ref in refs:
        _citation(state, node, sentence, ref)
    # Programmes and projects named without a number ("chương trình đổi mới giáo dục phổ thông")
    # are cited when the graph knows one by that name.
    for named in state.resolver.documents_named(text, sentence):
        if named.iri == state.document or any(r.span.start <= named.span.start < r.span.end for r in refs):
            continue
        printed = text[named.span.start : named.span.end]
        _cite(
            state,
            node,
            sentence,
            DocumentReference(named.span, printed, named.kind, None, None, None, "cites"),
            named.iri,
        )


def _citation(state: DraftState, node: Node, sentence: Span, ref: DocumentReference) -> None:
    if ref.number is None and ref.ordinal is None and not _QUOTED.search(ref.text):
        # A name neither numbered nor quoted is cited only as a document the graph holds, and not
        # after "các", "những" (a kind of programmes rather than one): the reader takes many plans
        # and projects by their capitals that no curator cites.
        before = fold_same_length(state.text[max(sentence.start, ref.span.start - 12) : ref.span.start])
        if GENERIC_BEFORE.search(before):
            return
        cited = state.resolver.document(ref, province=state.province)
    else:
        cited = _cited_document(state, ref)
    if cited is None or cited == state.document:
        return
    _cite(state, node, sentence, ref, cited)


# A quoted title ("Đề án “…”") names one document even without a number.
_QUOTED = re.compile(r"[“”\"]")


def _cite(state: DraftState, node: Node, sentence: Span, ref: DocumentReference, cited: str) -> None:
    n = state.next("citation")
    citation = f"{state.document}/citation/{n}"
    printed = " ".join(state.text[ref.span.start : ref.span.end].split())
    res = component(state, citation, ["nq:Citation"], node, sentence, f"Dẫn chiếu {printed}")
    res.add("nq:citingDocument", iri(state.document))
    res.add("nq:citedDocument", iri(cited))
    res.add("nq:citationType", iri(f"nq:{ref.link}"))
    provenance(state, res, sentence)
    state.add(res)
    if state.doc_resource is not None:
        state.doc_resource.add(f"nq:{ref.link}", iri(cited))
    stub = next((r for r in state.extra if r.iri == cited), None)
    if stub is not None and not any(p == "nq:metadataSource" for p, _ in stub.props):
        stub.add("nq:metadataSource", iri(citation))


def _cited_document(state: DraftState, ref: DocumentReference) -> str | None:
    found = state.resolver.document(ref, province=state.province)
    if found:
        return found
    scope = "vn" if is_central(ref) else state.province
    if ref.kind == "CongressResolution" and ref.ordinal:
        stub = f"{ID}eli/{scope}/dh/unknown/nq-dai-hoi-{ref.ordinal.lower()}"
        return _stub(state, stub, ref, f"Nghị quyết Đại hội lần thứ {ref.ordinal.upper()}")
    if ref.number:
        year = str(ref.date.year) if ref.date else _year_in_number(ref.number) or "unknown"
        stub = f"{ID}eli/{scope}/{stub_issuer(ref)}/{year}/{slug(ref.number)}"
        label = f"{_KIND_LABEL.get(ref.kind, 'Văn bản')} số {ref.number}"
        if ref.date:
            label += f" ngày {ref.date.day}/{ref.date.month}/{ref.date.year}"
        if ref.issuer_text:
            label += f" của {ref.issuer_text}"
        return _stub(state, stub, ref, label)
    if ref.title:
        stub = f"{ID}eli/{scope}/unknown/unknown/{slug(ref.title)[:60].strip('-')}"
        return _stub(state, stub, ref, ref.title)
    return None


def _year_in_number(number: str) -> str | None:
    m = re.search(r"/((?:19|20)\d\d)/", number)
    return m.group(1) if m else None


def _stub(state: DraftState, stub: str, ref: DocumentReference, label: str) -> str:
    if state.resolver.exists(stub) or stub in state.described:
        return stub
    kind = ref.kind if ref.kind in _KIND_LABEL else "Document"
    res = Resource(stub, [f"nq:{kind}"])
    res.add("rdfs:label", vi(label))
    if ref.number:
        res.add("nq:documentNumber", plain(ref.number))
    if ref.date:
        res.add("nq:issuedOn", typed(ref.date.isoformat(), "date"))
    if not is_central(ref):
        res.add("nq:province", iri(f"{ID}province/{state.province}"))
    res.add("nq:metadataNote", plain("Drafted from the citing sentence only; check issuer, date and title."))
    state.described.add(stub)
    state.extra.append(res)
    state.warn(
        "unresolved-document",
        f"No document of the graph matches {label!r}: a new document stub is proposed.",
        ref.span,
        stub,
    )
    return stub
