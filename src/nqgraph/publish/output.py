"""Render query results as a table, CSV, SPARQL JSON or Turtle.

The table and CSV are for people: a comparator or unit is shown as it is written (``≥``, ``%``,
``người/năm``; a range as ``65–70``), from the result's ``symbols``. JSON and Turtle keep the terms.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from json.encoder import encode_basestring

from rdflib import Graph
from rdflib.term import BNode, Literal, Node, URIRef

from nqgraph.errors import QueryError
from nqgraph.graph.store import QueryResult
from nqgraph.namespaces import PREFIXES

FORMATS = ("table", "csv", "json", "ttl")


def compact(term: Node | None) -> str:
    """A short, readable form of a term: prefixed name for IRIs, lexical form for literals."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = str(term)
        for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
            if text.startswith(ns):
                return f"{prefix}:{text[len(ns) :]}"
        return text
    return str(term)


def _ranges(variables: tuple[str, ...]) -> dict[int, tuple[int, int]]:
    """Comparator columns with their value and upper-bound columns (``comparator``, ``value``,
    ``valueMax``; ``laterComparator``, ``laterValue``, ``laterValueMax``)."""
    out = {}
    for i, name in enumerate(variables):
        if name.lower().endswith("comparator"):
            prefix = name[: -len("comparator")]
            value = prefix + ("Value" if prefix else "value")
            if value in variables and f"{value}Max" in variables:
                out[i] = (variables.index(value), variables.index(f"{value}Max"))
    return out


def written(result: QueryResult, row: tuple[Node | None, ...], *, plain: bool = False) -> list[str]:
    """The cells of ``row`` as people read them: symbols for comparators and units, ranges as
    ``a–b``; other IRIs in full (``plain``, for CSV) or as prefixed names (the table)."""
    ranges = _ranges(result.variables)
    cells = []
    for i, term in enumerate(row):
        symbol = result.symbols.get(str(term)) if isinstance(term, URIRef) else None
        if symbol is None:
            cells.append(("" if term is None else str(term)) if plain else compact(term))
        elif symbol == "–" and i in ranges and all(row[j] is not None for j in ranges[i]):
            low, high = ranges[i]
            cells.append(f"{row[low]}–{row[high]}")
        else:
            cells.append(symbol)
    return cells


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype:
        out["datatype"] = str(term.datatype)
    return out


def bind_prefixes(graph: Graph) -> Graph:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph


def render(result: QueryResult, fmt: str = "table") -> str:
    """Format a query result; ``ttl`` is for CONSTRUCT/DESCRIBE answers."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if result.kind == "graph":
        assert result.graph is not None
        if fmt in ("ttl", "table"):
            return bind_prefixes(result.graph).serialize(format="turtle")
        if fmt == "json":
            return result.graph.serialize(format="json-ld")
        raise QueryError("a graph result can be written as ttl or json, not csv")
    if result.kind == "ask":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": result.boolean}) + "\n"
        return ("true" if result.boolean else "false") + "\n"
    if fmt == "ttl":
        raise QueryError("a SELECT result cannot be written as Turtle; use table, csv or json")
    if fmt == "json":
        body = {
            "head": {"vars": list(result.variables)},
            "results": {
                "bindings": [
                    {v: _json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
                    for row in result.rows
                ]
            },
        }
        return json.dumps(body, ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow(written(result, row, plain=True))
        return buf.getvalue()
    cells = [list(result.variables)] + [written(result, row) for row in result.rows]
    widths = [min(60, max(len(r[i]) for r in cells)) for i in range(len(result.variables))]

    def line(row: list[str]) -> str:
        return " | ".join(c[:60].ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()

    sep = "-+-".join("-" * w for w in widths)
    lines = [line(cells[0]), sep, *(line(r) for r in cells[1:])]
    lines.append(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def render_chunks(variables: tuple[str, ...], chunks: Iterable[QueryResult], fmt: str) -> Iterator[str]:
    """A SELECT answer arriving in chunks (see :func:`nqgraph.graph.answers.stream`) written piece by
    piece as CSV or SPARQL JSON: the same text as :func:`render` of the whole answer, one chunk held
    at a time. The table, whose widths need every row, is rendered whole."""
    if fmt == "csv":
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerow(variables)
        yield buf.getvalue()
        for part in chunks:
            buf = io.StringIO()
            writer = csv.writer(buf, lineterminator="\n")
            for row in part.rows:
                writer.writerow(written(part, row, plain=True))
            yield buf.getvalue()
        return
    if fmt == "json":
        # The text of json.dumps(..., indent=1) for the whole body: the head and the closing
        # brackets around the bindings, each binding indented three levels deep.
        head = {"head": {"vars": list(variables)}, "results": {"bindings": [None]}}
        keys = [encode_basestring(v) for v in variables]
        opening, _, closing = json.dumps(head, ensure_ascii=False, indent=1).rpartition("null")
        first = True
        for part in chunks:
            pieces = []
            for row in part.rows:
                pieces.append(_binding_text(keys, row))
            if pieces:
                yield (opening if first else ",\n   ") + ",\n   ".join(pieces)
                first = False
        if first:
            yield render(QueryResult("select", variables=variables), "json")
        else:
            yield closing + "\n"
        return
    rows: list[tuple[Node | None, ...]] = []
    symbols: dict[str, str] = {}
    for part in chunks:
        rows += part.rows
        symbols.update(part.symbols)
    yield render(QueryResult("select", variables=variables, rows=tuple(rows), symbols=symbols), fmt)


def _binding_text(keys: list[str], row: tuple[Node | None, ...]) -> str:
    """One binding of the JSON results as ``json.dumps(..., ensure_ascii=False, indent=1)`` writes it
    three levels deep, written directly: the pure-Python encoder that ``indent`` needs took three
    quarters of the time of writing a long answer."""
    fields = []
    for key, term in zip(keys, row, strict=True):
        if term is None:
            continue
        inner = [f'"type": "{_json_kind(term)}"', f'"value": {encode_basestring(str(term))}']
        if isinstance(term, Literal):
            if term.language:
                inner.append(f'"xml:lang": {encode_basestring(term.language)}')
            elif term.datatype:
                inner.append(f'"datatype": {encode_basestring(str(term.datatype))}')
        fields.append(f"{key}: {{\n     " + ",\n     ".join(inner) + "\n    }")
    if not fields:
        return "{}"
    return "{\n    " + ",\n    ".join(fields) + "\n   }"


def _json_kind(term: Node) -> str:
    if isinstance(term, URIRef):
        return "uri"
    if isinstance(term, BNode):
        return "bnode"
    return "literal"
