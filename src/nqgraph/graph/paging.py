"""Pages of a query's answer: a total order, LIMIT and OFFSET added to the text, and opaque cursors.

A page is only well defined when the order of the rows is total: two runs of the same query may
otherwise break ties differently, and a row could then appear on two pages or on none. So the
query's own ORDER BY (or, for a query without one, an empty one) is extended with every projected
variable as a tie-breaker; rows equal in every projected variable are the same row. The clauses
are added to the query's text after its outermost WHERE group, where SPARQL's grammar puts them;
only variable names (checked against the SPARQL grammar) and integers (checked here) are
written, never a value: parameters are still bound by :mod:`nqgraph.graph.sparql`.

A cursor is the base64 of a small JSON object: the offset of the next page, the identity of the
build the answer came from and a digest of the query with its bound parameters. A cursor from
another build or another query is refused rather than followed into a different answer.

>>> print(paged("SELECT ?a ?b WHERE { ?a ?p ?b } ORDER BY ?b", ("a", "b"), limit=10, offset=20))
SELECT ?a ?b WHERE { ?a ?p ?b } ORDER BY ?b
 ?a
LIMIT 10 OFFSET 20
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib.term import Node

from nqgraph.errors import ParameterError, QueryError
from nqgraph.graph.sparql import term_n3, values_of_cells, where_brace

# A page of more rows than this is not a page; past the last row, an offset is absurd.
MAX_LIMIT = 100_000
MAX_OFFSET = 1_000_000_000
CURSOR_VERSION = 1

_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
# What may hide a brace, a parenthesis or a keyword (comments, strings, IRIs), and those tokens.
_TOKENS = re.compile(
    r"#[^\n]*"
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\s]*>'
    r"|[{}()]"
    r"|[?$][A-Za-z0-9_]+"
    # A prefixed name is one token (``ex:limit`` is not the keyword LIMIT).
    r"|(?:[A-Za-z][\w.-]*)?:[\w.:%-]*"
    r"|[A-Za-z_][A-Za-z0-9_]*",
)
_MODIFIERS = frozenset(("GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET", "VALUES"))


def projection(text: str) -> tuple[str, ...]:
    """The variables a SELECT query projects, in order, read by Oxigraph from an empty store."""
    try:
        result = ox.Store().query(text)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from exc
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(str(exc)) from exc
    if not isinstance(result, ox.QuerySolutions):
        raise QueryError("only a SELECT query's answer comes in pages")
    return tuple(v.value for v in result.variables)


def _group_end(text: str, start: int) -> int:
    """The index of the ``}`` that closes the group opened at ``start``."""
    depth = 0
    for match in _TOKENS.finditer(text, start):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth == 0:
                return match.start()
    raise QueryError("the query's WHERE group is not closed")


def _modifiers(text: str) -> tuple[dict[str, int], list[str]]:
    """Where the solution modifiers after the WHERE group are: the index of each modifier keyword at
    the outermost level, and the bare variables of the ORDER BY."""
    after = _group_end(text, where_brace(text)) + 1
    found: dict[str, int] = {}
    ordered: list[str] = []
    depth = 0
    for match in _TOKENS.finditer(text, after):
        token = match.group()
        if token in "({":
            depth += 1
        elif token in ")}":
            depth -= 1
        elif depth == 0 and token.upper() in _MODIFIERS and token.upper() not in found:
            found[token.upper()] = match.start()
        elif (
            depth == 0
            and token[0] in "?$"
            and "ORDER" in found
            and not found.keys() & {"LIMIT", "OFFSET", "VALUES"}
        ):
            ordered.append(token[1:])
    return found, ordered


def total_order(text: str, variables: Sequence[str]) -> str:
    """``text`` with its ORDER BY extended by every projected variable it does not order by yet
    (an ORDER BY of them all for a query without one), so that the order of the rows is total."""
    for name in variables:
        if not _VARIABLE.match(name):
            raise QueryError(f"not a SPARQL variable name: {name!r}")
    found, ordered = _modifiers(text)
    ends = [found[k] for k in ("LIMIT", "OFFSET", "VALUES") if k in found]
    at = min(ends) if ends else len(text)
    extra = [f"?{name}" for name in variables if name not in ordered]
    if not extra:
        return text
    # A newline first: the text before may end in a comment.
    clause = "\n " + " ".join(extra) if "ORDER" in found else "\nORDER BY " + " ".join(extra)
    return f"{text[:at]}{clause}\n{text[at:]}" if at < len(text) else f"{text}{clause}"


def check_page(limit: object, offset: object) -> tuple[int | None, int]:
    """``limit`` and ``offset`` as integers, or :class:`ParameterError` saying what is wrong.

    Text (from a command line or a URL) is read as plain ASCII digits; ``limit`` may be None (to
    the end of the answer).
    """

    def number(value: object, what: str, low: int, high: int) -> int:
        if isinstance(value, str):
            if not re.fullmatch(r"[0-9]{1,12}", value.strip(), re.ASCII):
                raise ParameterError(f"{what} must be a whole number from {low:,} to {high:,}, not {value!r}")
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int):
            raise ParameterError(f"{what} must be a whole number from {low:,} to {high:,}, not {value!r}")
        if not low <= value <= high:
            raise ParameterError(f"{what} must be a whole number from {low:,} to {high:,}, not {value:,}")
        return value

    return (
        None if limit is None else number(limit, "limit", 1, MAX_LIMIT),
        number(0 if offset is None else offset, "offset", 0, MAX_OFFSET),
    )


def paged(text: str, variables: Sequence[str], *, limit: int | None, offset: int) -> str:
    """``text`` in its total order (see :func:`total_order`) with ``LIMIT`` and ``OFFSET``."""
    limit, offset = check_page(limit, offset)
    found, _ = _modifiers(text)
    if "LIMIT" in found or "OFFSET" in found:
        raise QueryError("the query has a LIMIT or OFFSET of its own; remove it to read the answer in pages")
    ordered = total_order(text, variables)
    words = ([f"LIMIT {limit}"] if limit is not None else []) + ([f"OFFSET {offset}"] if offset else [])
    if not words:
        return ordered
    found, _ = _modifiers(ordered)
    clause = "\n" + " ".join(words)
    at = found.get("VALUES")
    return ordered + clause if at is None else f"{ordered[:at]}{clause}\n{ordered[at:]}"


def query_digest(text: str, bindings: Mapping[str, Node]) -> str:
    """A digest of a query's text with its bound parameters: what a cursor is valid for."""
    digest = hashlib.sha256(text.encode("utf-8"))
    for name in sorted(bindings):
        digest.update(f"\x00{name}={term_n3(bindings[name])}".encode())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Cursor:
    """Where the next page starts, in the answer of one query on one build."""

    offset: int
    build: str
    query: str

    def encode(self) -> str:
        data = {"v": CURSOR_VERSION, "o": self.offset, "b": self.build, "q": self.query}
        raw = json.dumps(data, separators=(",", ":"), sort_keys=True).encode("utf-8")
        return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def read_cursor(text: str, *, build: str, query: str) -> Cursor:
    """The cursor ``text`` names, refused unless it was made for ``query`` on ``build``."""
    where = f"cursor {text[:40]!r}"
    try:
        raw = base64.urlsafe_b64decode(text.strip() + "=" * (-len(text.strip()) % 4))
        data = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise ParameterError(f"{where} is not a cursor that a page of an answer gave") from exc
    if not isinstance(data, dict) or data.get("v") != CURSOR_VERSION:
        raise ParameterError(f"{where} is not a cursor that a page of an answer gave")
    offset, made_on, made_for = data.get("o"), data.get("b"), data.get("q")
    if not isinstance(made_on, str) or not isinstance(made_for, str):
        raise ParameterError(f"{where} is not a cursor that a page of an answer gave")
    if made_for != query:
        raise ParameterError(
            f"{where} belongs to another query or other parameters; start again without a cursor"
        )
    if made_on != build:
        raise ParameterError(
            f"{where} comes from another build ({made_on}, this one is {build}); "
            "the answer may have changed: start again without a cursor"
        )
    _, checked = check_page(None, offset)
    return Cursor(checked, made_on, made_for)


def restrict(text: str, name: str, cells: Sequence[Sequence[str]]) -> str:
    """``text`` with ``VALUES ?name { … }`` at the start of its WHERE group and of every sub-select
    that projects ``?name`` as such, as does every SELECT around it (so it is the same variable):
    the answer keeps the rows whose ``?name`` is one of the terms ``cells`` (in the form of a
    written answer's cells, :func:`nqgraph.graph.sparql.cell_text`), and the sub-selects are asked
    for those only instead of whole."""
    if not _VARIABLE.match(name):
        raise QueryError(f"not a SPARQL variable name: {name!r}")
    block = f" {values_of_cells(name, cells)} "
    at: list[int] = []
    frames: list[tuple[int, bool]] = []  # the depth of each open SELECT's WHERE group, and whether it binds
    depth = 0
    projecting: tuple[bool, set[str], int] | None = None  # a SELECT whose WHERE group is not open yet
    for match in _TOKENS.finditer(text):
        token = match.group()
        if projecting is not None:
            inherited, projected, parentheses = projecting
            if token == "(":
                projecting = (inherited, projected, parentheses + 1)
            elif token == ")":
                projecting = (inherited, projected, parentheses - 1)
            elif token[0] in "?$" and parentheses == 0:
                projected.add(token[1:])  # ``(… AS ?x)`` is inside parentheses: not the variable
            elif token == "{":
                depth += 1
                binds = inherited and name in projected
                frames.append((depth, binds))
                if binds:
                    at.append(match.end())
                projecting = None
            continue
        if token.upper() == "SELECT":
            projecting = (frames[-1][1] if frames else True, set(), 0)
        elif token == "{":
            depth += 1
        elif token == "}":
            if frames and frames[-1][0] == depth:
                frames.pop()
            depth -= 1
    if not at:
        raise QueryError(f"the query does not project ?{name}")
    for position in reversed(at):
        text = text[:position] + block + text[position:]
    return text


def order_clause(text: str) -> tuple[str, str]:
    """The prologue (PREFIX and BASE declarations) of the SELECT query ``text`` and the conditions
    of its outermost ORDER BY (empty when it has none)."""
    found, _ = _modifiers(text)
    prologue = ""
    for match in _TOKENS.finditer(text):
        if match.group().upper() == "SELECT":
            prologue = text[: match.start()]
            break
    if "ORDER" not in found:
        return prologue, ""
    ends = [found[k] for k in ("LIMIT", "OFFSET", "VALUES") if k in found]
    clause = text[found["ORDER"] : min(ends) if ends else len(text)]
    by = re.match(r"ORDER\s+BY\s", clause, re.IGNORECASE)
    if by is None:
        raise QueryError("cannot read the query's ORDER BY")
    return prologue, clause[by.end() :]
