"""Query answers as bytes, in the format the client negotiated, within a cap on rows and on bytes.

Runs inside the query workers: the answer is serialised where it was computed, so the server only
ever receives a bounded body.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

import pyoxigraph as ox

from nqgraph.graph.store import from_ox
from nqgraph.publish.serialize import turtle

# What each result format is called on the wire.
SOLUTION_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
}
GRAPH_TYPES = {
    "ttl": "text/turtle; charset=utf-8",
    "nt": "application/n-triples",
    "rdfxml": "application/rdf+xml",
    "jsonld": "application/ld+json",
}
TEXT = "text/plain; charset=utf-8"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
# Bytes a row or triple costs beyond its terms' text (separators, markup), for the byte cap's estimate.
ROW_OVERHEAD = 64


@dataclass(frozen=True)
class Job:
    """One query for a worker: the text, the dataset to run it on, and how to answer."""

    query: str
    solutions_format: str
    graph_format: str
    base_iri: str | None = None
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    union_default_graph: bool = True
    row_cap: int = 10_000
    byte_cap: int = 16 * 1024 * 1024


@dataclass(frozen=True)
class Answer:
    """An HTTP answer: status, media type, body and the cap it hit (``"rows"``, ``"bytes"`` or ``""``)."""

    status: int
    media_type: str
    body: bytes
    capped: str = ""
    rows: int = 0  # the rows (or triples) the body holds


def run_job(store: ox.Store, job: Job) -> Answer:
    """Evaluate ``job`` on ``store`` (never an update: ``Store.query`` parses queries only)."""
    options: dict[str, Any] = {"base_iri": job.base_iri}
    if job.default_graphs is not None or job.named_graphs is not None:
        options["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs or ()]
        options["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs or ()]
    elif job.union_default_graph:
        options["use_default_graph_as_union"] = True
    try:
        result = store.query(job.query, **options)
    except SyntaxError as exc:
        return Answer(400, TEXT, f"SPARQL syntax error: {exc}".encode())
    except ValueError as exc:
        return Answer(400, TEXT, f"bad request: {exc}".encode())
    except (OSError, RuntimeError) as exc:
        return Answer(500, TEXT, f"query failed: {exc}".encode())
    try:
        if isinstance(result, ox.QueryBoolean):
            return _boolean(bool(result), job.solutions_format)
        if isinstance(result, ox.QuerySolutions):
            return _solutions(result, job)
        return _graph(result, job)
    except (OSError, RuntimeError, ValueError) as exc:
        return Answer(500, TEXT, f"query failed while its results were read: {exc}".encode())


def _boolean(value: bool, fmt: str) -> Answer:
    if fmt == "xml":
        body = (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>\n"
        ).encode()
        return Answer(200, SOLUTION_TYPES["xml"], body)
    if fmt in ("csv", "tsv"):
        # Not defined by the CSV/TSV results note; written as Oxigraph and other stores do.
        return Answer(200, SOLUTION_TYPES[fmt], b"true" if value else b"false")
    return Answer(200, SOLUTION_TYPES["json"], json.dumps({"head": {}, "boolean": value}).encode())


def _size(term: Any) -> int:
    return (
        0
        if term is None
        else len(term.value) + (len(term.datatype.value) if isinstance(term, ox.Literal) else 0)
    )


def _solutions(result: ox.QuerySolutions, job: Job) -> Answer:
    variables = [v.value for v in result.variables]
    rows: list[list[Any]] = []
    capped, size = "", 0
    for solution in result:
        if len(rows) >= job.row_cap:
            capped = "rows"
            break
        row = [solution[v] for v in variables]
        size += ROW_OVERHEAD + sum(_size(t) for t in row)
        if size > job.byte_cap:
            capped = "bytes"
            break
        rows.append(row)
    fmt = job.solutions_format if job.solutions_format in SOLUTION_TYPES else "json"
    return Answer(200, SOLUTION_TYPES[fmt], serialize_solutions(variables, rows, fmt), capped, len(rows))


def _graph(result: Any, job: Job) -> Answer:
    triples: list[Any] = []
    capped, size = "", 0
    for triple in result:
        if len(triples) >= job.row_cap:
            capped = "rows"
            break
        size += ROW_OVERHEAD + _size(triple.subject) + _size(triple.predicate) + _size(triple.object)
        if size > job.byte_cap:
            capped = "bytes"
            break
        triples.append(triple)
    fmt = job.graph_format if job.graph_format in GRAPH_TYPES else "ttl"
    return Answer(200, GRAPH_TYPES[fmt], serialize_graph(triples, fmt), capped)


def serialize_graph(triples: list[Any], fmt: str) -> bytes:
    """Oxigraph triples as Turtle (the project's deterministic writer, with its prefixes), N-Triples,
    RDF/XML or JSON-LD."""
    if fmt == "ttl":
        from nqgraph.namespaces import PREFIXES

        rows = [(from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)) for t in triples]
        return turtle(rows, prefixes=PREFIXES).encode("utf-8")
    format_ = {"nt": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML, "jsonld": ox.RdfFormat.JSON_LD}[
        fmt
    ]
    body = ox.serialize(triples, format=format_) or b""
    return body if body or fmt != "jsonld" else b"[]"


# ---------------------------------------------------------------- SELECT results


def _term_json(term: Any) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def _term_csv(term: Any) -> str:
    """A term as the CSV results note writes it: IRIs and literals bare, blank nodes as ``_:label``."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term.value)


def serialize_solutions(variables: list[str], rows: list[list[Any]], fmt: str) -> bytes:
    """SELECT results in one of the four SPARQL 1.1 result formats."""
    if fmt == "json":
        bindings = [
            {v: _term_json(t) for v, t in zip(variables, row, strict=True) if t is not None} for row in rows
        ]
        return json.dumps(
            {"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False
        ).encode("utf-8")
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(variables)
        for row in rows:
            writer.writerow([_term_csv(t) for t in row])
        return buf.getvalue().encode("utf-8")
    if fmt == "tsv":
        lines = ["\t".join("?" + v for v in variables)]
        lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    parts = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
    parts += [f"<variable name={quoteattr(v)}/>" for v in variables]
    parts.append("</head>\n<results>")
    for row in rows:
        parts.append("<result>")
        for v, t in zip(variables, row, strict=True):
            if t is None:
                continue
            if isinstance(t, ox.NamedNode):
                inner = f"<uri>{xml_escape(t.value)}</uri>"
            elif isinstance(t, ox.BlankNode):
                inner = f"<bnode>{xml_escape(t.value)}</bnode>"
            elif t.language:
                inner = f"<literal xml:lang={quoteattr(t.language)}>{xml_escape(t.value)}</literal>"
            else:
                inner = f"<literal datatype={quoteattr(t.datatype.value)}>{xml_escape(t.value)}</literal>"
            parts.append(f"<binding name={quoteattr(v)}>{inner}</binding>")
        parts.append("</result>")
    parts.append("</results>\n</sparql>\n")
    return "".join(parts).encode("utf-8")
