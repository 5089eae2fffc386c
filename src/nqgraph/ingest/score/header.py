"""The header facts of a document (number, date, issuer, province, title, signer), and whether the
text being scored prints each one: a field that the text does not print cannot be drafted from it,
so it is listed, not scored."""

from __future__ import annotations

import re
from collections.abc import Callable

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDFS
from rdflib.term import Node

from nqgraph.ingest.score.reading import Side
from nqgraph.ingest.score.result import Fact
from nqgraph.ingest.score.values import document_number, nq, short
from nqgraph.text import collapse, fold, nfc

HEADER_FIELDS = ("number", "date", "issuer", "province", "title", "signer")


def _printed_date(iso: str, folded_text: str) -> bool:
    y, m, d = iso[:4], iso[5:7], iso[8:10]
    if not (y.isdigit() and m.isdigit() and d.isdigit()):
        return False
    forms = set()
    for dd in {d, d.lstrip("0")}:
        for mm in {m, m.lstrip("0")}:
            forms |= {f"{dd}/{mm}/{y}", f"{dd}-{mm}-{y}", f"{dd}.{mm}.{y}", f"ngay {dd} thang {mm} nam {y}"}
    return any(re.search(rf"(?<!\d){re.escape(f)}(?!\d)", folded_text) for f in forms)


def header_facts(
    side: Side, doc: Node | None, names: Callable[[Node], str], value: Callable[[Node, URIRef], Node | None]
) -> list[Fact]:
    """The header fields of ``doc`` as facts; issuer and province may come through ``value`` because
    a draft that names a known agency need not repeat its province."""
    if doc is None:
        return []
    out = []
    props = {
        "number": nq("documentNumber"),
        "date": nq("issuedOn"),
        "issuer": nq("issuedBy"),
        "province": nq("province"),
        "title": DCTERMS.title,
        "signer": nq("signer"),
    }
    for name in HEADER_FIELDS:
        prop = props[name]
        found = sorted(side.graph.objects(doc, prop), key=str)
        if not found and name in ("issuer", "province"):
            v = value(doc, prop)
            found = [v] if v is not None else []
        for v in found:
            if name == "number":
                shown, key = str(v), document_number(str(v))
            elif name == "date":
                shown = key = str(v)
            elif name == "title":
                shown, key = collapse(nfc(str(v))), fold(str(v))
            else:
                key = names(v)
                shown = short(key)
            out.append(Fact("header", (name, key), f"{name}: {shown}", "", str(doc)))
    return out


def is_printed(fact: Fact, curated: Graph, folded_text: str, folded_bare: str) -> bool:
    """Whether the text prints a curated header field. Issuer and province are taken as printed: a
    text names them in forms (abbreviations, the issuer's heading) that no plain search finds."""
    name, key = fact.key
    if name == "number":
        return fold(key).replace(" ", "") in folded_bare
    if name == "date":
        return _printed_date(key, folded_text)
    if name == "title":
        return key in folded_text
    if name == "signer":
        return any(fold(str(label)) in folded_text for label in curated.objects(URIRef(key), RDFS.label))
    return True
