"""Triples as N-Triples term strings: the form in which a large graph leaves the store cheaply.

Turning a million quads into rdflib terms one by one costs more than the rest of a build at
national scale; Oxigraph writes N-Triples in native code, and most consumers (the dumps, the
dataset description) only need the text of each term. :func:`to_term` turns a term string back
into an rdflib term where one is needed (callers convert each distinct string once).

>>> from rdflib import Literal
>>> nt(Literal('say "xin chào"\\n', lang="vi"))
'"say \\\\"xin chào\\\\"\\\\n"@vi'
>>> to_term(nt(Literal('say "xin chào"\\n', lang="vi"))) == Literal('say "xin chào"\\n', lang="vi")
True
"""

from __future__ import annotations

import re

from rdflib.term import BNode, Literal, Node, URIRef

NTriple = tuple[str, str, str]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

# The escapes Oxigraph's N-Triples writer uses, so that a term has one spelling whichever side
# produced it.
_ESCAPE = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}
_ESCAPE.update({chr(c): f"\\u{c:04X}" for c in (*range(0x20), 0x7F) if chr(c) not in _ESCAPE})
_NEEDS_ESCAPE = re.compile('[\x00-\x1f\x7f"\\\\]')
_UNESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_SIMPLE = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "'": "'", "\\": "\\"}


def quote(text: str) -> str:
    """``text`` as an N-Triples (and Turtle) string literal, quotes included."""
    if _NEEDS_ESCAPE.search(text) is None:
        return '"' + text + '"'
    return '"' + _NEEDS_ESCAPE.sub(lambda m: _ESCAPE[m.group()], text) + '"'


def unquote(quoted: str) -> str:
    """The text of an N-Triples string literal (``quoted`` includes its quotes)."""
    body = quoted[1:-1]
    if "\\" not in body:
        return body

    def one(m: re.Match[str]) -> str:
        code = m.group(1)
        if len(code) > 1:
            return chr(int(code[1:], 16))
        return _SIMPLE.get(code, code)

    return _UNESCAPE.sub(one, body)


def nt(term: Node) -> str:
    """The N-Triples form of an rdflib term."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        text = quote(str(term))
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None and str(term.datatype) != XSD_STRING:
            return f"{text}^^<{term.datatype}>"
        return text
    raise TypeError(f"not an RDF term: {term!r}")


def sort_key(term: str) -> str:
    """The text a term sorts by: an IRI without its brackets (what ``str()`` of it gives)."""
    return term[1:-1] if term[0] == "<" else term


def split_literal(term: str) -> tuple[str, str, str]:
    """``(quoted lexical form, language, datatype IRI)`` of an N-Triples literal."""
    end = term.rfind('"')  # an IRI or language tag cannot contain a quote
    lexical, suffix = term[: end + 1], term[end + 1 :]
    if not suffix:
        return lexical, "", ""
    if suffix[0] == "@":
        return lexical, suffix[1:], ""
    return lexical, "", suffix[3:-1]


def to_term(term: str) -> Node:
    """The rdflib term of an N-Triples term string."""
    first = term[0]
    if first == "<":
        return URIRef(term[1:-1])
    if first == "_":
        return BNode(term[2:])
    lexical, language, datatype = split_literal(term)
    if language:
        return Literal(unquote(lexical), lang=language)
    if datatype and datatype != XSD_STRING:
        return Literal(unquote(lexical), datatype=URIRef(datatype))
    return Literal(unquote(lexical))


def lines(text: str) -> list[NTriple]:
    """The triples of an N-Triples document written by Oxigraph (one triple per line)."""
    out: list[NTriple] = []
    append = out.append
    # Subjects and predicates repeat line after line: keeping one copy of each string saves
    # hundreds of megabytes on a national corpus.
    shared: dict[str, str] = {}
    keep = shared.setdefault
    # split("\n"), not splitlines(): literals may hold U+2028 and other line separators unescaped.
    for line in text.split("\n"):
        if line:
            s, p, rest = line.split(" ", 2)
            append((keep(s, s), keep(p, p), rest[:-2]))
    return out
