"""RDF terms and Vietnamese text helpers shared by the synthetic corpus's writers."""

from __future__ import annotations

import datetime as dt
import functools
import logging
import unicodedata

from rdflib.term import Literal, Node, URIRef

from nqgraph.namespaces import ID, NQ, RDF, RDFS, XSD

MIN_TRIPLES = 1_000


MAX_TRIPLES = 10_000_000


LAST_DAY = dt.date(2026, 10, 31)  # no synthetic document, completion or record is dated later


AVERAGE_DOCUMENT = 700  # triples per resolution, components included (the real ones: 300–4,000)


DEFECTS_PER = 250_000  # one instance of each defect kind per this many triples (at least one)


SMALL_CORPUS = 3_000  # below this, only some defect kinds are seeded


ENDGAME = 300  # triples short of a document's goal from which only small units are added


SKOS = "http://www.w3.org/2004/02/skos/core#"


ORG = "http://www.w3.org/ns/org#"


TIME = "http://www.w3.org/2006/time#"


DCTERMS = "http://purl.org/dc/terms/"


SHAPES = "https://w3id.org/nqgraph/shapes#"


SDG = "http://metadata.un.org/sdg/"


# The prefixes of every data file (docs/data-conventions.md).
DATA_PREFIXES = {
    "dcterms": DCTERMS,
    "id": ID,
    "nq": NQ,
    "org": ORG,
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": RDF,
    "rdfs": RDFS,
    "skos": SKOS,
    "time": TIME,
    "xsd": XSD,
}


Triple = tuple[Node, Node, Node]


@functools.cache
def _nq(name: str) -> URIRef:
    return URIRef(NQ + name)


@functools.cache
def _term(ns: str, name: str) -> URIRef:
    return URIRef(ns + name)


A = URIRef(RDF + "type")


LABEL = URIRef(RDFS + "label")


COMMENT = URIRef(RDFS + "comment")


ALT = URIRef(SKOS + "altLabel")


PREF = URIRef(SKOS + "prefLabel")


DEFINITION = URIRef(SKOS + "definition")


IN_SCHEME = URIRef(SKOS + "inScheme")


RELATED = URIRef(SKOS + "relatedMatch")


ORIGINAL = URIRef(ORG + "originalOrganization")


RESULTING = URIRef(ORG + "resultingOrganization")


XSD_DATE = URIRef(XSD + "date")


XSD_GYEAR = URIRef(XSD + "gYear")


XSD_DECIMAL = URIRef(XSD + "decimal")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def vi(text: str) -> Literal:
    """A Vietnamese literal (NFC, as the loader requires)."""
    return Literal(_nfc(text), lang="vi")


def en(text: str) -> Literal:
    """An English literal."""
    return Literal(_nfc(text), lang="en")


def plain(text: str) -> Literal:
    """A plain string."""
    return Literal(_nfc(text))


def date_lit(day: dt.date) -> Literal:
    return Literal(day.isoformat(), datatype=XSD_DATE)


def invalid_date_lit(text: str) -> Literal:
    """An ill-typed xsd:date (a seeded defect), without rdflib logging a traceback for it."""
    log = logging.getLogger("rdflib.term")
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        return Literal(text, datatype=XSD_DATE)
    finally:
        log.setLevel(level)


def year_lit(year: int) -> Literal:
    return Literal(str(year), datatype=XSD_GYEAR)


def decimal_lit(value: float, places: int) -> Literal:
    # Always with a decimal point: a bare "100" in Turtle would be an xsd:integer (a Violation).
    return Literal(f"{value:.{max(places, 1)}f}", datatype=XSD_DECIMAL)


def iri(path: str) -> URIRef:
    return URIRef(ID + path)


def slugify(text: str) -> str:
    """Lower-case ASCII slug: diacritics stripped, đ → d, anything else → '-'.

    >>> slugify("Bà Rịa - Vũng Tàu")
    'ba-ria-vung-tau'
    """
    text = text.replace("đ", "d").replace("Đ", "D")
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    out, dash = [], False
    for ch in bare.lower():
        if ch.isascii() and ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


def roman(n: int) -> str:
    """Roman numeral, as congresses and parts are numbered.

    >>> roman(14), roman(9)
    ('XIV', 'IX')
    """
    table = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = []
    for value, sym in table:
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def vn_number(value: float, places: int) -> str:
    """A number as Vietnamese texts print it: thousands dots, decimal comma.

    >>> vn_number(668030, 0), vn_number(99.89, 2), vn_number(65.0, 1)
    ('668.030', '99,89', '65')
    """
    text = f"{value:,.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def vn_date(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def lcfirst(text: str) -> str:
    return text[:1].lower() + text[1:]


def ucfirst(text: str) -> str:
    return text[:1].upper() + text[1:]
