"""Saved SPARQL queries: one ``queries/<name>.rq`` file each, with a grlc-style header.

The header is YAML in ``#+`` comment lines::

    #+ summary: Tasks past their due date and not completed
    #+ description: Every task whose due date is before asOf ...
    #+ params:
    #+   - name: asOf
    #+     type: date
    #+     default: today
    #+     description: the date to judge against
    #+ columns:
    #+   - name: task
    #+     type: iri
    #+     description: the overdue task

Parameter types: ``date`` (xsd:date), ``year`` (xsd:gYear), ``iri``, ``string``, ``integer``,
``decimal``. A parameter without a default is optional unless ``required: true``; an unbound
optional parameter leaves its variable free, so the query matches every value. ``example`` gives
the value the site uses to show the query's results.

``columns`` documents every column the query returns, in order: its ``name`` (the variable) and
``description``, and ``type: iri`` for a column of resources. Each resource column is followed in
the answer by ``<name>Label``, the resource's label in the chosen language (see :func:`run`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import pyoxigraph as ox
import yaml
from rdflib.term import Literal, Node, URIRef

from nqgraph.errors import ParameterError, QueryError
from nqgraph.graph.sparql import bind_rows
from nqgraph.graph.store import QueryResult, Store
from nqgraph.namespaces import ID, NQ, PREFIXES, RDFS, XSD

PARAM_TYPES = ("date", "year", "iri", "string", "integer", "decimal")
LANGUAGES = ("vi", "en")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


@dataclass(frozen=True)
class Param:
    """One declared parameter of a saved query."""

    name: str
    type: str
    description: str = ""
    default: str | None = None
    required: bool = False
    example: str | None = None


@dataclass(frozen=True)
class Column:
    """One documented column of a saved query's answer."""

    name: str
    description: str = ""
    iri: bool = False  # holds resources, so the answer gives their labels beside them


@dataclass(frozen=True)
class SavedQuery:
    """A query with its header; ``name`` is the file name without ``.rq``."""

    name: str
    text: str
    summary: str = ""
    description: str = ""
    params: tuple[Param, ...] = ()
    path: Path | None = None
    columns: tuple[Column, ...] = ()

    @property
    def ordered(self) -> bool:
        """Whether row order is part of the answer (the query has ORDER BY)."""
        return bool(re.search(r"\bORDER\s+BY\b", _strip_comments(self.text), re.IGNORECASE))


def _strip_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def parse_header(text: str, *, source: str) -> dict[str, object]:
    """Read the ``#+`` YAML header of a query file."""
    lines = [line[2:].removeprefix(" ") for line in text.splitlines() if line.startswith("#+")]
    if not lines:
        return {}
    try:
        header = yaml.safe_load("\n".join(lines)) or {}
    except yaml.YAMLError as exc:
        raise QueryError(f"{source}: malformed #+ header: {exc}") from exc
    if not isinstance(header, dict):
        raise QueryError(f"{source}: the #+ header must be a mapping")
    return header


def read_query(path: Path) -> SavedQuery:
    """Read one ``.rq`` file with its header."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise QueryError(f"{path}: cannot read: {exc}") from exc
    header = parse_header(text, source=str(path))
    params = []
    for raw in header.get("params") or []:  # type: ignore[attr-defined]
        if not isinstance(raw, dict) or "name" not in raw:
            raise QueryError(f"{path}: each parameter needs at least a name")
        ptype = str(raw.get("type", "string"))
        name = str(raw["name"])
        if ptype not in PARAM_TYPES or not _NAME.match(name):
            raise QueryError(f"{path}: parameter {name!r} has unknown type {ptype!r}")
        params.append(
            Param(
                name=name,
                type=ptype,
                description=str(raw.get("description", "")),
                default=None if raw.get("default") is None else str(raw["default"]),
                required=bool(raw.get("required", False)),
                example=None if raw.get("example") is None else str(raw["example"]),
            )
        )
    return SavedQuery(
        name=path.stem,
        text=text,
        summary=str(header.get("summary", "")).strip(),
        description=str(header.get("description", "")).strip(),
        params=tuple(params),
        path=path,
        columns=_columns(header.get("columns"), path=path),
    )


def _columns(raw: object, *, path: Path) -> tuple[Column, ...]:
    """The ``columns`` list of a header: a name (a variable of the query) and a description each."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise QueryError(f"{path}: columns must be a list of {{name, description}}")
    out = []
    for entry in raw:
        if not isinstance(entry, dict) or not _NAME.match(str(entry.get("name", ""))):
            raise QueryError(f"{path}: each column needs a name that is a SPARQL variable name: {entry!r}")
        kind = str(entry.get("type", "literal"))
        if kind not in ("iri", "literal"):
            raise QueryError(f"{path}: column {entry['name']}: type must be iri or literal, not {kind!r}")
        out.append(Column(str(entry["name"]), str(entry.get("description", "")).strip(), kind == "iri"))
    names = [c.name for c in out]
    if len(set(names)) != len(names):
        raise QueryError(f"{path}: a column is documented twice: {', '.join(names)}")
    return tuple(out)


def load_queries(folder: Path) -> dict[str, SavedQuery]:
    """Every saved query in ``folder``, by name."""
    return {q.name: q for q in (read_query(p) for p in sorted(folder.glob("*.rq")))}


def resolve(spec: str, *, folder: Path) -> SavedQuery:
    """Turn a query name, a path to an ``.rq`` file or literal SPARQL into a query."""
    saved = load_queries(folder)
    if spec in saved:
        return saved[spec]
    if spec.endswith(".rq"):
        path = Path(spec)
        if not path.is_file():
            raise QueryError(f"{spec}: no such query file")
        return read_query(path)
    if re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", spec, re.IGNORECASE):
        return SavedQuery(name="<inline>", text=spec)
    known = ", ".join(sorted(saved)) or "(none)"
    raise QueryError(f"unknown query {spec!r}; known queries: {known}")


# The lexical forms each type accepts, in ASCII digits only (``\d`` would also match full-width
# and other scripts' digits, which SPARQL engines do not read as numbers).
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_YEAR = re.compile(r"[0-9]{4}", re.ASCII)
_INTEGER = re.compile(r"[+-]?[0-9]+", re.ASCII)
_DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)", re.ASCII)


def convert(param: Param, raw: str, *, today: dt.date) -> Node:
    """Turn the text of a parameter into a typed RDF term, or say why it cannot be.

    Each type accepts only its plain form: no ISO week or ordinal dates, no digits of other
    scripts, no ``NaN``, ``Infinity`` or exponents; a string must be Unicode text (it is
    normalised to NFC, as the data is).
    """
    where = f"parameter {param.name} ({param.type})"
    if "\x00" in raw or not _is_text(raw):
        raise ParameterError(f"{where}: {raw!r} holds a character that is not text")
    if param.type == "date":
        if raw == "today":
            return Literal(today.isoformat(), datatype=URIRef(XSD + "date"))
        if not _DATE.fullmatch(raw):
            raise ParameterError(f"{where}: {raw!r} is not a valid date (YYYY-MM-DD)")
        try:
            value = dt.date.fromisoformat(raw)
        except ValueError as exc:
            raise ParameterError(f"{where}: {raw!r} is not a valid date (YYYY-MM-DD): {exc}") from exc
        return Literal(value.isoformat(), datatype=URIRef(XSD + "date"))
    if param.type == "year":
        if not _YEAR.fullmatch(raw):
            raise ParameterError(f"{where}: {raw!r} is not a year (four digits 0-9)")
        return Literal(raw, datatype=URIRef(XSD + "gYear"))
    if param.type == "integer":
        if not _INTEGER.fullmatch(raw):
            raise ParameterError(f"{where}: {raw!r} is not an integer (digits 0-9, an optional sign)")
        return Literal(raw, datatype=URIRef(XSD + "integer"))
    if param.type == "decimal":
        # A decimal comma, as Vietnamese writes it, is read as the point.
        text = raw.replace(",", ".", 1) if raw.count(",") == 1 and "." not in raw else raw
        if not _DECIMAL.fullmatch(text):
            raise ParameterError(f"{where}: {raw!r} is not a decimal number (like 12.5 or 12,5)")
        return Literal(text, datatype=URIRef(XSD + "decimal"))
    if param.type == "iri":
        return URIRef(expand_iri(raw, where=where))
    return Literal(unicodedata.normalize("NFC", raw))


def _is_text(raw: str) -> bool:
    """Whether ``raw`` is Unicode text (a command line's undecodable bytes arrive as surrogates)."""
    try:
        raw.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def expand_iri(raw: str, *, where: str = "IRI") -> str:
    """Accept a full IRI, a prefixed name (``id:eli/…``, ``nq:Annual``) or a path under ``id:``."""
    text = raw.strip().removeprefix("<").removesuffix(">")
    if re.match(r"[a-z][a-z0-9+.-]*://", text):
        iri = text
    elif ":" in text and text.split(":", 1)[0] in PREFIXES:
        prefix, local = text.split(":", 1)
        iri = PREFIXES[prefix] + local
    elif re.fullmatch(r"[A-Za-z0-9][\w./-]*", text):
        iri = ID + text
    else:
        raise ParameterError(f"{where}: {raw!r} is not an IRI")
    if re.search(r'[\x00-\x20\x7f<>"{}|^`\\]', iri):
        raise ParameterError(f"{where}: {raw!r} is not a valid IRI")
    return iri


def bindings_for(
    query: SavedQuery, given: Mapping[str, str], *, today: dt.date | None = None
) -> dict[str, Node]:
    """Check the given parameters against the header and return typed bindings."""
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        names = ", ".join(declared) or "none"
        raise ParameterError(
            f"query {query.name}: unknown parameter(s) {', '.join(unknown)}; declared: {names}"
        )
    day = today or dt.date.today()
    out: dict[str, Node] = {}
    for p in query.params:
        raw = given.get(p.name, p.default)
        if raw is None:
            if p.required:
                raise ParameterError(f"query {query.name}: parameter {p.name} ({p.type}) is required")
            continue
        out[p.name] = convert(p, raw, today=day)
    return out


def check_syntax(text: str, *, where: str) -> None:
    """Raise :class:`QueryError` with a line and column if ``text`` is not valid SPARQL.

    The check runs on the text as written (before parameters are bound), so positions are the
    user's. Oxigraph decides validity; rdflib's parser, which stops at the first unexpected
    token, gives the position when it agrees that the query is malformed.
    """
    try:
        ox.Store().query(text)
        return
    except SyntaxError as exc:
        message = str(exc)
    except (OSError, RuntimeError):
        return
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parseQuery(text)
    except Exception as exc:
        line, col = getattr(exc, "lineno", None), getattr(exc, "col", None)
        if line is not None and col is not None:
            message = f"error at {line}:{col}: {getattr(exc, 'msg', exc)}"
    raise QueryError(f"{where}: SPARQL syntax error: {message}")


def run(
    store: Store,
    query: SavedQuery,
    params: Mapping[str, str] | None = None,
    *,
    today: dt.date | None = None,
    max_rows: int | None = None,
    lang: str | None = "vi",
) -> QueryResult:
    """Run a saved query on a store with its parameters bound (``max_rows``: see ``Store.query``).

    With ``lang`` (``vi`` or ``en``), every resource column is followed by ``<name>Label``, the
    resource's label in that language (see :func:`with_labels`); ``lang=None`` gives the bare rows.
    """
    if lang is not None and lang not in LANGUAGES:
        raise ParameterError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    bindings = bindings_for(query, params or {}, today=today)
    where = str(query.path) if query.path else query.name
    check_syntax(query.text, where=where)
    try:
        result = store.query(query.text, bindings=bindings, max_rows=max_rows)
        return result if lang is None else with_labels(store, result, query.columns, lang=lang)
    except QueryError as exc:
        raise QueryError(f"{where}: {exc}") from exc


# Labels and written forms (nq:symbol) of the resources of an answer, in one query whose VALUES
# block holds the IRIs: every store answers it, a remote endpoint included.
_LABELS = f"""SELECT ?iri ?label ?symbol ?unit WHERE {{
  {{ ?iri <{RDFS}label> ?label }} UNION {{ ?iri <{NQ}symbol> ?symbol }}
  UNION {{ ?iri a <{NQ}Unit> . BIND(true AS ?unit) }}
}}"""


def with_labels(store: Store, result: QueryResult, columns: tuple[Column, ...], *, lang: str) -> QueryResult:
    """``result`` with a ``<name>Label`` column after each resource column, and the symbols to show.

    The resource columns are those documented as ``type: iri`` or, for a query without a
    ``columns`` header, those holding an IRI. A label is the resource's ``rdfs:label`` in ``lang``,
    else in the other language, else any, else the IRI itself. ``result.symbols`` maps each IRI
    with an ``nq:symbol`` (a comparator, a unit; a unit without one: its Vietnamese label) to it,
    for the table and CSV formats.
    """
    if result.kind != "select":
        return result
    holding = {
        i for i in range(len(result.variables)) if any(isinstance(row[i], URIRef) for row in result.rows)
    }
    return labelled(store, result, resource_columns(result.variables, columns, holding), lang=lang)


def resource_columns(variables: tuple[str, ...], columns: tuple[Column, ...], holding: set[int]) -> list[int]:
    """The columns of an answer that get a label beside them: those documented as resources, and
    the undocumented ones among ``holding`` (the columns where the answer holds an IRI)."""
    documented = {c.name: c.iri for c in columns}
    return [
        i
        for i, name in enumerate(variables)
        if f"{name}Label" not in variables and documented.get(name, i in holding)
    ]


def labelled(store: Store, result: QueryResult, resource: list[int], *, lang: str) -> QueryResult:
    """``result`` with a label column after each column of ``resource`` (see :func:`with_labels`)."""
    if not resource:
        return result
    iris = sorted({term for row in result.rows for i in resource if isinstance(term := row[i], URIRef)})
    labels: dict[URIRef, dict[str, str]] = {}
    symbols: dict[str, str] = {}
    if iris:
        wanted = [[iri] for iri in iris]
        answer = store.query(bind_rows(_LABELS, ["iri"], wanted, subselect=store.values_in_subselect))
        units: set[str] = set()
        for subject, label, symbol, unit in answer.rows:
            iri = str(subject)
            if unit is not None:
                units.add(iri)
            if isinstance(label, Literal):
                known = labels.setdefault(URIRef(iri), {})
                code = label.language or ""
                known[code] = min(known.get(code, str(label)), str(label))
            if isinstance(symbol, Literal):
                symbols[iri] = min(symbols.get(iri, str(symbol)), str(symbol))
        # A unit of the data without a symbol of its own is written as its Vietnamese label.
        for unit_iri in sorted(units - set(symbols)):
            written = labels.get(URIRef(unit_iri), {})
            if "vi" in written:
                symbols[unit_iri] = written["vi"]
    other = next(code for code in LANGUAGES if code != lang)

    def label_of(term: Node | None) -> Literal | None:
        if not isinstance(term, URIRef):
            return None
        known = labels.get(term, {})
        for code in (lang, other):
            if code in known:
                return Literal(known[code], lang=code)
        if known:
            code, text = min(known.items())
            return Literal(text, lang=code or None)
        return Literal(str(term))

    variables: list[str] = []
    for i, name in enumerate(result.variables):
        variables.append(name)
        if i in resource:
            variables.append(f"{name}Label")
    rows = tuple(
        tuple(
            cell
            for i, term in enumerate(row)
            for cell in ((term, label_of(term)) if i in resource else (term,))
        )
        for row in result.rows
    )
    return replace(result, variables=tuple(variables), rows=rows, symbols=symbols)
