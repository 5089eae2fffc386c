"""Query answers as pandas DataFrames, for researchers who work in pandas and Jupyter.

Each column gets the type its values share: ``xsd:date`` and ``xsd:dateTime`` become pandas
datetimes, ``xsd:gYear`` a nullable integer, integers a nullable integer, decimals and doubles
floats, booleans a nullable boolean, and everything else (IRIs, labels, strings, a column of mixed
types) pandas strings. Unbound cells are missing values (``<NA>``/``NaT``). pandas is an optional
dependency: ``pip install 'nqgraph[pandas]'``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rdflib.term import Literal, Node

from nqgraph.errors import QueryError
from nqgraph.namespaces import XSD

if TYPE_CHECKING:
    from nqgraph.graph.store import QueryResult

_INTEGERS = {
    XSD + name
    for name in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedInt",
        "unsignedLong",
        "unsignedShort",
        "unsignedByte",
    )
}
_FLOATS = {XSD + "decimal", XSD + "double", XSD + "float"}
_DATES = {XSD + "date", XSD + "dateTime"}


def _kind(term: Node) -> str:
    """What pandas type a term asks for: date, year, integer, float, boolean or text."""
    if not isinstance(term, Literal) or term.datatype is None:
        return "text"
    datatype = str(term.datatype)
    if datatype in _DATES:
        return "date"
    if datatype == XSD + "gYear":
        return "year"
    if datatype in _INTEGERS:
        return "integer"
    if datatype in _FLOATS:
        return "float"
    if datatype == XSD + "boolean":
        return "boolean"
    return "text"


def _column_kind(cells: list[Node | None]) -> str:
    kinds = {_kind(t) for t in cells if t is not None}
    if kinds <= {"integer", "float"} and kinds:
        return "float" if "float" in kinds else "integer"
    return kinds.pop() if len(kinds) == 1 else "text"


def to_dataframe(result: QueryResult) -> Any:
    """A SELECT answer as a typed ``pandas.DataFrame``; a CONSTRUCT graph as subject, predicate, object."""
    try:
        import pandas as pd  # type: ignore[import-untyped]
    except ImportError as exc:
        raise ModuleNotFoundError(
            "QueryResult.to_dataframe() needs pandas, an optional dependency: pip install 'nqgraph[pandas]'"
        ) from exc
    if result.kind == "graph":
        assert result.graph is not None
        triples = sorted(result.graph, key=lambda t: tuple(str(x) for x in t))
        return pd.DataFrame(
            [[str(x) for x in t] for t in triples], columns=["subject", "predicate", "object"], dtype="string"
        )
    if result.kind != "select":
        raise QueryError("only a SELECT answer (or a CONSTRUCT graph) is a table; an ASK answer is a boolean")
    data: dict[str, Any] = {}
    for i, name in enumerate(result.variables):
        cells = [row[i] for row in result.rows]
        kind = _column_kind(cells)
        if kind == "date":
            data[name] = pd.to_datetime(
                pd.Series([None if t is None else str(t) for t in cells], dtype="string")
            )
        elif kind in ("year", "integer"):
            data[name] = pd.array([None if t is None else int(str(t)) for t in cells], dtype="Int64")
        elif kind == "float":
            data[name] = pd.array([None if t is None else float(str(t)) for t in cells], dtype="Float64")
        elif kind == "boolean":
            data[name] = pd.array(
                [None if t is None else str(t) in ("true", "1") for t in cells], dtype="boolean"
            )
        else:
            data[name] = pd.array([None if t is None else str(t) for t in cells], dtype="string")
    return pd.DataFrame(data, columns=list(result.variables))
