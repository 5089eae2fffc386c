r"""Safe parameter binding for SPARQL text.

Parameters are bound with a ``VALUES`` block (in a sub-SELECT, see :func:`bind_rows`) placed at
the start of the query's outermost ``WHERE`` group, so that every backend (Oxigraph, rdflib, a
remote endpoint) evaluates the same query with the same bindings. Values are RDF terms written
by :func:`term_n3`, an escaper of this module's own (not rdflib's ``n3()``, which let a value
with a newline end its literal early), so a parameter cannot change the query's structure.

>>> from rdflib import Literal
>>> print(bind_values("SELECT ?x WHERE { ?x ?p ?y }", {"y": Literal('a"} #')}))
SELECT ?x WHERE { { SELECT ?y WHERE { VALUES (?y) { ("a\"} #") } } } ?x ?p ?y }
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from rdflib.term import BNode, Literal, Node, URIRef

from nqgraph.errors import ParameterError, QueryError

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
# IRIREF of the SPARQL grammar: no control character, space, <>"{}|^` or backslash (a backslash
# could also start a \u escape that some parsers expand before anything else).
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f]')
_LANGUAGE = re.compile(r"[a-zA-Z]+(-[a-zA-Z0-9]+)*\Z")
# The characters a "…" literal may not hold as they are (the quote, the backslash, line ends),
# and the others written as ECHAR escapes for legibility.
_ECHAR = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_HEX = frozenset("0123456789abcdefABCDEF")


def _surrogate_free(text: str, what: str) -> str:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ParameterError(f"{what} holds a character that is not Unicode text: {text!r}") from exc
    return text


def string_text(value: str) -> str:
    r"""``value`` as a SPARQL ``"…"`` string literal that every conforming parser reads back exactly.

    SPARQL lets a parser expand ``\uXXXX`` and ``\UXXXXXXXX`` anywhere in the query text before it
    reads the grammar (rdflib does; Oxigraph expands them inside strings only). A ``u`` or ``U``
    after a backslash of the value is therefore written ``\u0075``/``\u0055``, so that no parser
    sees an escape the value did not mean; and as rdflib reads up to eight hex digits after ``\u``,
    hex digits right after such an escape are escaped too.

    >>> print(string_text('say "hi"\n'))
    "say \"hi\"\n"
    >>> print(string_text("\\u0022"))
    "\\\u0075\u0030\u0030\u0032\u0032"
    """
    _surrogate_free(value, "a string value")
    out = ['"']
    after_backslash = after_code = False
    for ch in value:
        if (after_backslash and ch in "uU") or (after_code and ch in _HEX):
            out.append(f"\\u{ord(ch):04X}")
            after_code = True
        else:
            out.append(_ECHAR.get(ch, ch))
            after_code = False
        after_backslash = ch == "\\"
    out.append('"')
    return "".join(out)


def iri_text(iri: str) -> str:
    """``iri`` as ``<…>``, refusing what an IRIREF may not hold."""
    _surrogate_free(iri, "an IRI")
    if not iri or _BAD_IRI.search(iri):
        raise ParameterError(f"not a valid IRI: {iri!r}")
    return f"<{iri}>"


def term_n3(term: Node) -> str:
    """Serialise one RDF term for a VALUES row, refusing anything that is not a plain term."""
    if isinstance(term, URIRef):
        return iri_text(str(term))
    if isinstance(term, Literal):
        datatype = str(term.datatype) if term.datatype is not None else None
        return _literal_text(str(term), term.language, datatype)
    if isinstance(term, BNode):
        raise ParameterError("blank nodes cannot be bound as query parameters")
    raise ParameterError(f"cannot bind {term!r}")


def cell_text(cell: Sequence[str]) -> str:
    """A term of a written answer (``["u", iri]``, ``["l", text]``, ``["l", text, "@lang"]`` or
    ``["l", text, datatype]``, :mod:`nqgraph.graph.answer_files`) as SPARQL, refusing a blank node.

    Written from the cell itself, not through an rdflib term, which could rewrite a typed
    literal's lexical form (``"01"^^xsd:integer``) and so name another term.
    """
    kind, value, *extra = cell
    if kind == "u":
        return iri_text(value)
    if kind != "l":
        raise ParameterError("blank nodes cannot be bound as query parameters")
    language = extra[0][1:] if extra and extra[0].startswith("@") else None
    datatype = extra[0] if extra and language is None else None
    return _literal_text(value, language, datatype)


def _literal_text(value: str, language: str | None, datatype: str | None) -> str:
    text = string_text(value)
    if language:
        if not _LANGUAGE.match(language):
            raise ParameterError(f"not a valid language tag: {language!r}")
        return f"{text}@{language}"
    if datatype is not None:
        return f"{text}^^{iri_text(datatype)}"
    return text


def where_brace(query: str) -> int:
    """Return the index of the ``{`` that opens the outermost WHERE group of ``query``.

    Comments, string literals and IRIs are skipped, so braces inside them do not count.
    """
    i, depth, n = 0, 0, len(query)
    saw_where = False
    first_top_brace = -1
    while i < n:
        ch = query[i]
        if ch == "#":
            end = query.find("\n", i)
            i = n if end < 0 else end
            continue
        if ch in "'\"":
            triple = query[i : i + 3]
            if triple in ("'''", '"""'):
                end = query.find(triple, i + 3)
                i = n if end < 0 else end + 3
                continue
            j = i + 1
            while j < n and query[j] != ch:
                j += 2 if query[j] == "\\" else 1
            i = j + 1
            continue
        if ch == "<":
            m = re.compile(r"<[^<>\"{}|^`\\\s]*>").match(query, i)
            if m:
                i = m.end()
                continue
        if ch == "{":
            if depth == 0 and (saw_where or first_top_brace < 0):
                if saw_where:
                    return i
                first_top_brace = i
            depth += 1
        elif ch == "}":
            depth -= 1
        elif depth == 0 and query[i : i + 5].upper() == "WHERE" and not query[i - 1 : i].isalnum():
            saw_where = True
        i += 1
    if first_top_brace >= 0:
        return first_top_brace
    raise QueryError("cannot find the query's WHERE group to bind parameters")


def bind_values(query: str, bindings: Mapping[str, Node] | None, *, subselect: bool = True) -> str:
    """Return ``query`` with ``bindings`` added as a VALUES block inside its WHERE group."""
    if not bindings:
        return query
    names = sorted(bindings)
    return bind_rows(query, names, [[bindings[name] for name in names]], subselect=subselect)


# The most rows a VALUES block that drives a pattern should hold. Oxigraph joins a block of up
# to 1,000 rows by looking each row up, and a larger one by reading every match of the pattern:
# a block of 1,000 targets joined to their type and unit took 0.02 s at a million triples, one of
# 1,001 took 0.38 s (2.0 s at five million). Callers split longer lists into blocks of this size.
VALUES_ROWS = 1000


def values_of(name: str, nodes: Iterable[Node]) -> str:
    """A one-variable ``VALUES ?name { … }`` block of ``nodes``, each written by :func:`term_n3`.

    >>> from rdflib import URIRef
    >>> values_of("this", [URIRef("urn:a"), URIRef("urn:b")])
    'VALUES ?this { <urn:a> <urn:b> }'
    """
    return _one_variable(name, (term_n3(n) for n in nodes))


def values_numbered(name: str, number: str, nodes: Iterable[Node]) -> str:
    """A ``VALUES (?name ?number) { … }`` block pairing each of ``nodes`` with its place (0, 1, …):
    a query can then answer with the number, which an engine need not look up as it does a term.

    >>> from rdflib import URIRef
    >>> values_numbered("s", "i", [URIRef("urn:a"), URIRef("urn:b")])
    'VALUES (?s ?i) { (<urn:a> 0) (<urn:b> 1) }'
    """
    _check_names([name, number])
    return f"VALUES (?{name} ?{number}) {{ {_body((term_n3(n), str(k)) for k, n in enumerate(nodes))} }}"


def values_of_cells(name: str, cells: Iterable[Sequence[str]]) -> str:
    """A one-variable ``VALUES ?name { … }`` block of a written answer's cells (:func:`cell_text`).

    >>> values_of_cells("t", [["u", "urn:a"], ["l", "2030", "http://www.w3.org/2001/XMLSchema#gYear"]])
    'VALUES ?t { <urn:a> "2030"^^<http://www.w3.org/2001/XMLSchema#gYear> }'
    """
    return _one_variable(name, (cell_text(c) for c in cells))


def values_rows(names: Sequence[str], rows: Iterable[Sequence[Node]]) -> str:
    """A ``VALUES (?a ?b) { (…) … }`` block of ``rows`` for ``names``, each term written by
    :func:`term_n3`.

    >>> from rdflib import Literal
    >>> values_rows(["a"], [[Literal("x")]])
    'VALUES (?a) { ("x") }'
    """
    _check_names(names)
    return f"VALUES ({_head(names)}) {{ {_body([term_n3(t) for t in row] for row in rows)} }}"


def values_rows_of_cells(names: Sequence[str], rows: Iterable[Sequence[Sequence[str] | None]]) -> str:
    """A ``VALUES (?a ?b) { (…) … }`` block of rows of a written answer's cells (:func:`cell_text`;
    an unbound cell is ``UNDEF``).

    >>> values_rows_of_cells(["a", "b"], [[["l", "x"], None]])
    'VALUES (?a ?b) { ("x" UNDEF) }'
    """
    _check_names(names)
    texts = (["UNDEF" if c is None else cell_text(c) for c in row] for row in rows)
    return f"VALUES ({_head(names)}) {{ {_body(texts)} }}"


def _one_variable(name: str, texts: Iterable[str]) -> str:
    _check_names([name])
    return f"VALUES ?{name} {{ " + " ".join(texts) + " }"


def _check_names(names: Iterable[str]) -> None:
    for name in names:
        if not _NAME.match(name):
            raise ParameterError(f"invalid parameter name: {name!r}")


def _head(names: Sequence[str]) -> str:
    return " ".join(f"?{name}" for name in names)


def _body(rows: Iterable[Iterable[str]]) -> str:
    return " ".join("(" + " ".join(row) + ")" for row in rows)


def bind_rows(
    query: str, names: Sequence[str], rows: Iterable[Sequence[Node]], *, subselect: bool = True
) -> str:
    """Return ``query`` with a VALUES block of several ``rows`` for ``names`` inside its WHERE group.

    >>> from rdflib import URIRef
    >>> bind_rows("SELECT ?x WHERE { ?x ?p ?y }", ["y"], [[URIRef("urn:a")], [URIRef("urn:b")]])
    'SELECT ?x WHERE { { SELECT ?y WHERE { VALUES (?y) { (<urn:a>) (<urn:b>) } } } ?x ?p ?y }'
    """
    _check_names(names)
    body = _body([term_n3(t) for t in row] for row in rows)
    head = _head(names)
    at = where_brace(query) + 1
    # The block sits in a sub-SELECT that projects its variables: rdflib (7.6) leaves a VALUES
    # block's variables out of those it counts as bound, so an OPTIONAL that uses them dropped
    # solutions (RDFLib/rdflib#2332: false Violations of sh:minCount inside sh:xone on the rdflib
    # engine). The sub-SELECT means the same on every engine and costs Oxigraph nothing measurable,
    # but Virtuoso 7 cannot compile it (SP031 internal error): remote stores get the plain block.
    if not subselect:
        return f"{query[:at]} VALUES ({head}) {{ {body} }}{query[at:]}"
    return f"{query[:at]} {{ SELECT {head} WHERE {{ VALUES ({head}) {{ {body} }} }} }}{query[at:]}"
