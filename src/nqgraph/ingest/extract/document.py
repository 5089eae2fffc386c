"""The document itself: its header triples, its expression (the text drafted), signer and periods."""

from __future__ import annotations

import rdflib

from nqgraph.ingest.extract.agency_iris import new_agency
from nqgraph.ingest.extract.state import DraftState, slug
from nqgraph.ingest.turtle import Resource, iri, plain, typed, vi
from nqgraph.namespaces import ID


def add_document(state: DraftState) -> None:
    """The document's header triples, its expression, province, periods and signer."""
    h = state.header
    doc = Resource(state.document, [f"nq:{h.kind}"])
    number = f" số {h.number}" if h.number else ""
    title = f" {h.title}" if h.title else ""
    doc.add("rdfs:label", vi(f"{h.kind_word}{number}{title}"))
    if not h.number_span or h.notes:
        # Without a number in the heading, the heading as printed names the document.
        printed = " ".join(x for x in (h.kind_word, h.issuer_line, h.title) if x)
        doc.add("dcterms:title", vi(printed))
    doc.add("nq:documentNumber", plain(h.number) if h.number else None)
    doc.add("nq:issuedOn", typed(h.date.isoformat(), "date") if h.date else None)
    doc.add("nq:issuedAt", plain(h.place) if h.place else None)
    issuer = _issuer_agency(state)
    doc.add("nq:issuedBy", iri(issuer) if issuer else None)
    province_iri = f"{ID}province/{state.province}"
    if not state.resolver.exists(province_iri):
        prov = Resource(province_iri, ["nq:Province"])
        name = h.province_name or state.province
        prov.add("rdfs:label", vi(f"Tỉnh {name}"))
        prov.add("skos:altLabel", vi(name))
        state.extra.append(prov)
        state.warn("other", f"The province {name} is not in the graph; check the proposed resource.")
    doc.add("nq:province", iri(province_iri))
    for prop, years in (
        ("nq:period", h.period),
        ("nq:orientationPeriod", h.orientation),
        ("nq:committeeTerm", h.term),
    ):
        if years:
            doc.add(prop, iri(_period(state, years)))
    notes = []
    if h.number_note:
        notes.append(h.number_note)
    notes.extend(h.notes)
    if not h.number:
        notes.append("No number is printed.")
    if not h.date:
        notes.append("No date is printed.")
    if notes:
        doc.add("nq:metadataNote", plain(" ".join(notes)))
    state.doc_resource = doc
    state.add(doc)
    expr = Resource(state.expression, ["nq:Expression"])
    expr.add("rdfs:label", vi(f"Văn bản {h.kind_word}{number} (bản chép {state.source.path.name})"))
    expr.add("nq:expressionOf", iri(state.document))
    expr.add("nq:document", iri(state.document))
    expr.add("nq:sourceFile", plain(_source_file(state)))
    expr.add("skos:editorialNote", _ocr_note(state))
    state.add(expr)
    if h.signer:
        person = f"{ID}person/{slug(h.signer)}"
        doc.add("nq:signer", iri(person))
        if h.signer_role:
            doc.add("nq:signerRole", vi(h.signer_role))
        if not state.resolver.exists(person):
            res = Resource(person, ["nq:Person"])
            res.add("rdfs:label", vi(h.signer))
            state.add(res)


def _ocr_note(state: DraftState) -> rdflib.Literal | None:
    """Says in the draft itself, not only on its review page, which of its text OCR read: the
    reviewer of the Turtle must know that its words and numbers may be misread."""
    spans = state.source.ocr_spans
    if not spans:
        return None
    where = ", ".join(f"{span.start}-{span.end}" for span in spans)
    return rdflib.Literal(
        f"Text read by OCR (characters {where} of the source file's text): check words, numbers"
        " and dates against the scan.",
        lang="en",
    )


def _source_file(state: DraftState) -> str:
    if state.source_file:
        return state.source_file
    path = state.source.path
    parts = path.as_posix().split("/")
    if "data" in parts:
        return "/".join(parts[len(parts) - 1 - parts[::-1].index("data") :])
    return path.name


def _issuer_agency(state: DraftState) -> str | None:
    h = state.header
    names = {
        "tu": ("Tỉnh ủy", "Ban Chấp hành Đảng bộ tỉnh"),
        "btvtu": ("Ban Thường vụ Tỉnh ủy",),
        "ubnd": ("Ủy ban nhân dân tỉnh", "UBND tỉnh"),
        "hdnd": ("Hội đồng nhân dân tỉnh", "HĐND tỉnh"),
    }.get(h.issuer_slug, ())
    for name in names:
        found = state.resolver.agency(name, province=state.province)
        if found:
            return found
    if names:
        return new_agency(state, names[0], None)
    return None


def _period(state: DraftState, years: tuple[int, int]) -> str:
    a, b = years
    period = f"{ID}period/{a}-{b}"
    if not state.resolver.exists(period) and period not in state.described:
        res = Resource(period, ["time:ProperInterval"])
        res.add("rdfs:label", vi(f"Giai đoạn {a} - {b}"))
        res.add("time:hasBeginning", iri(_year(state, a)))
        res.add("time:hasEnd", iri(_year(state, b)))
        state.described.add(period)
        state.extra.append(res)
    return period


def _year(state: DraftState, y: int) -> str:
    year = f"{ID}year/{y}"
    if not state.resolver.exists(year) and year not in state.described:
        res = Resource(year, ["time:Instant"])
        res.add("rdfs:label", vi(f"Năm {y}"))
        res.add("time:inXSDgYear", typed(str(y), "gYear"))
        state.described.add(year)
        state.extra.append(res)
    return year
