"""Values in the form they are compared in, so that both sides of a fact normalise alike: decimals
without trailing zeros, years, ontology terms by local name, document numbers without stray spaces,
and IRIs shortened for people to read."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from rdflib import URIRef
from rdflib.term import Node

from nqgraph.namespaces import ID, NQ
from nqgraph.text import nfc


def nq(name: str) -> URIRef:
    return URIRef(NQ + name)


def decimal_text(node: Node | None) -> str:
    """A number as compared: "5.0" and "5" are the same value; a value that is no number stays text."""
    if node is None:
        return ""
    try:
        value = Decimal(str(node))
    except InvalidOperation:
        return nfc(str(node))
    return format(value.normalize(), "f") if value == value.to_integral_value() else str(value.normalize())


def year(node: Node | None) -> str:
    """The year of a ``gYear`` or a date: a target's year is compared whichever form it was written in."""
    return "" if node is None else str(node)[:4]


def local(node: Node | None) -> str:
    """An ontology term by its local name (``nq:atLeast`` as ``atLeast``); anything else as it is."""
    if node is None:
        return ""
    text = str(node)
    return text[len(NQ) :] if text.startswith(NQ) else text


def document_number(text: str) -> str:
    """A document number compared as printed, less stray spaces and case ("134 /KH-UBND")."""
    return re.sub(r"\s+", "", nfc(text)).upper()


def short(iri: str) -> str:
    """An IRI of the data as people read it in a report: without the common ``id/`` prefix."""
    return iri[len(ID) :] if iri.startswith(ID) else iri
