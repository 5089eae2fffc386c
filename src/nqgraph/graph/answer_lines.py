"""The lines of a written answer (:mod:`nqgraph.graph.answer_files`): its cells made from
Oxigraph's terms or rdflib's and back, and the lines of a query's answer read from a store.

A line is one JSON array and a newline; each cell ``null``, ``["u", iri]``, ``["b", label]`` or
``["l", text]`` (with ``"@lang"`` or the datatype IRI, never ``xsd:string``, as a third item).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import pyoxigraph as ox
from rdflib.term import BNode, Literal, Node, URIRef

from nqgraph.errors import QueryError
from nqgraph.graph.store import OxigraphStore, Store, names_dataset

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def row_lines(
    store: Store, text: str, variables: tuple[str, ...], *, chunk: int, at_once: bool = False
) -> Iterator[list[bytes]]:
    """The rows of ``text``'s answer as lines of the file, a chunk at a time: read from Oxigraph's
    iterator and written from its terms (no rdflib term is made), or from any other store's rows.

    ``at_once``: Oxigraph writes the whole answer in one call (:func:`_lines_at_once`), for an
    answer small enough to hold (a splice's rows) that is read beside other Python work."""
    if not isinstance(store, OxigraphStore):
        rows = store.query(text).rows
        for start in range(0, len(rows), chunk):
            yield [line_of([node_cell(t) for t in row]) for row in rows[start : start + chunk]]
        return
    answer = _solutions(store, text)
    if at_once:
        whole = _lines_at_once(answer)
        if whole is not None:
            for start in range(0, len(whole), chunk):
                yield whole[start : start + chunk]
            return
        answer = _solutions(store, text)  # a term the written form does not carry: read again
    known: dict[Any, list[str] | None] = {None: None}
    while block := list(itertools.islice(answer, chunk)):
        lines = []
        for solution in block:
            cells = []
            for term in solution:
                cell = known.get(term, _MISSING)
                if cell is _MISSING:
                    cell = known[term] = ox_cell(term)
                cells.append(cell)
            lines.append(line_of(cells))
        yield lines
        if len(known) > 4 * chunk:
            known = {None: None}


_MISSING: Any = object()


def _solutions(store: OxigraphStore, text: str) -> ox.QuerySolutions:
    try:
        answer = store.native.query(text, use_default_graph_as_union=not names_dataset(text))
    except (SyntaxError, OSError, RuntimeError) as exc:
        raise QueryError(str(exc)) from exc
    if not isinstance(answer, ox.QuerySolutions):
        raise QueryError("only a SELECT query's answer is written")
    return answer


def _lines_at_once(answer: ox.QuerySolutions) -> list[bytes] | None:
    """The lines of ``answer``, which Oxigraph writes whole as SPARQL JSON results in one call.

    Read solution by solution, Oxigraph gives the interpreter lock up for each row, and getting it
    back waits up to the switch interval (5 ms) whenever another thread runs Python, as the page
    renderer does while the answers are spliced: 3,438 rows of one province's revisions at five
    million triples took 16.3 s beside a busy thread, against 0.72 s written at once (0.69-0.72 s
    either way alone). None when a term is of a kind the cells do not write (a quoted triple)."""
    written = answer.serialize(format=ox.QueryResultsFormat.JSON)
    if written is None:  # only without an output to write into
        return None
    data = json.loads(written)
    names = data["head"]["vars"]
    known: dict[tuple[str, ...], list[str]] = {}
    lines = []
    for binding in data["results"]["bindings"]:
        cells: list[list[str] | None] = []
        for name in names:
            term = binding.get(name)
            if term is None:
                cells.append(None)
                continue
            kind, value = term["type"], term["value"]
            key: tuple[str, ...]
            if kind == "literal":
                datatype = term.get("datatype")
                if "xml:lang" in term:
                    key = ("l", value, "@" + term["xml:lang"])
                elif datatype is not None and datatype != _XSD_STRING:
                    key = ("l", value, datatype)
                else:
                    key = ("l", value)
            elif kind in ("uri", "bnode"):
                key = ("u" if kind == "uri" else "b", value)
            else:
                return None
            cell = known.get(key)
            if cell is None:
                cell = known[key] = list(key)
            cells.append(cell)
        lines.append(line_of(cells))
    return lines


def line_of(cells: list[list[str] | None]) -> bytes:
    """The line of a row's cells."""
    return (json.dumps(cells, ensure_ascii=False) + "\n").encode("utf-8")


def ox_cell(term: Any) -> list[str]:
    """The cell of an Oxigraph term."""
    if isinstance(term, ox.NamedNode):
        return ["u", term.value]
    if isinstance(term, ox.BlankNode):
        return ["b", term.value]
    if term.language:
        return ["l", term.value, "@" + term.language]
    if term.datatype.value != _XSD_STRING:
        return ["l", term.value, term.datatype.value]
    return ["l", term.value]


def node_cell(node: Node | None) -> list[str] | None:
    """The cell of an rdflib node (None: an unbound value)."""
    if node is None:
        return None
    if isinstance(node, URIRef):
        return ["u", str(node)]
    if isinstance(node, BNode):
        return ["b", str(node)]
    assert isinstance(node, Literal)
    if node.language:
        return ["l", str(node), "@" + node.language]
    if node.datatype is not None and str(node.datatype) != _XSD_STRING:
        return ["l", str(node), str(node.datatype)]
    return ["l", str(node)]


def cell_node(cell: Any) -> Node | None:
    """The rdflib term of a cell (None: an unbound value)."""
    if cell is None:
        return None
    kind, value, *extra = cell
    if kind == "u":
        return URIRef(value)
    if kind == "b":
        return BNode(value)
    if extra and extra[0].startswith("@"):
        return Literal(value, lang=extra[0][1:])
    return Literal(value, datatype=URIRef(extra[0])) if extra else Literal(value)


def rows_of_lines(lines: Iterable[bytes]) -> tuple[tuple[Node | None, ...], ...]:
    """The rows (rdflib terms) written as ``lines`` of an answer file."""
    return tuple(tuple(cell_node(c) for c in json.loads(text)) for text in lines)


def lines_of_rows(rows: Iterable[Sequence[Node | None]]) -> list[bytes]:
    """The lines of an answer file that ``rows`` (rdflib terms) are written as."""
    return [line_of([node_cell(t) for t in row]) for row in rows]
