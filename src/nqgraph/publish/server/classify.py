"""What a SPARQL text is, found before anything runs: its size, its nesting depth, its operation, and
whether it would reach outside the server.

This is a scanner, not a parser. It reads each character once, keeps a counter rather than a stack,
and cannot recurse, so no text can crash it or make it slow: Oxigraph's parser, run on the HTTP
thread, overflowed its stack (and killed the server) on a query 5,000 parentheses deep. Nothing is
parsed by an engine and nothing is executed here; the query is parsed and run later, in a worker
process that the server can kill.

SPARQL lets ``\\uXXXX`` escapes stand for any character anywhere in the text, and engines differ in
where they decode them. The scanner therefore reads the text twice, as written and with every escape
decoded, and refuses what either reading refuses: ``SERVICE`` spelt ``\\u0053ERVICE`` is still
``SERVICE``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

QUERY_FORMS = frozenset({"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"})
UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)
PROLOGUE = frozenset({"BASE", "PREFIX"})

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_IRI = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_\-.:]*")
_NAME = re.compile(r"[A-Za-z0-9_\u00b7\u00c0-\U000effff]*")
_OPEN = frozenset("({[")
_CLOSE = frozenset(")}]")


class Refused(Exception):
    """A request the endpoint answers without running anything: ``status`` and a message for the client."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Classified:
    """A query that may run: its form (``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE``, or ``None`` when the
    text starts with no known keyword, which the engine's parser will then report) and whether it names
    its own dataset with ``FROM`` or ``FROM NAMED``."""

    form: str | None
    has_dataset: bool


@dataclass
class _Scan:
    keywords: list[str]
    depth: int


def classify(text: str, *, max_chars: int, max_depth: int) -> Classified:
    """Classify ``text`` or raise :class:`Refused` (413 too long; 400 too deep or empty; 403 an update,
    ``LOAD`` or ``SERVICE``)."""
    if len(text) > max_chars:
        raise Refused(413, f"the query is {len(text):,} characters long; this endpoint accepts {max_chars:,}")
    decoded = _ESCAPE.sub(_decode, text)
    scans = (
        [_scan(text, max_depth)] if decoded == text else [_scan(text, max_depth), _scan(decoded, max_depth)]
    )
    for scan in scans:
        if scan.depth > max_depth:
            raise Refused(
                400,
                f"the query nests brackets or prefix operators more than {max_depth} deep; "
                "this endpoint refuses deeper queries",
            )
    if not any(scan.keywords for scan in scans):
        raise Refused(400, "empty query: the request holds no SPARQL query")
    for scan in scans:
        if "SERVICE" in scan.keywords:
            raise Refused(
                403, "SERVICE (federated query) is refused: this endpoint never contacts other servers"
            )
        if "LOAD" in scan.keywords:
            raise Refused(403, "LOAD is refused: this endpoint is read-only and never fetches URLs")
        first = _operation(scan.keywords)
        if first in UPDATE_KEYWORDS:
            raise Refused(403, "this endpoint is read-only: SPARQL Update is refused")
    form = _operation(scans[0].keywords)
    return Classified(
        form=form if form in QUERY_FORMS else None,
        has_dataset=any("FROM" in scan.keywords for scan in scans),
    )


def _decode(match: re.Match[str]) -> str:
    code = int(match.group(1) or match.group(2), 16)
    return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"


def _operation(keywords: list[str]) -> str | None:
    """The first keyword after the prologue (``BASE`` and ``PREFIX`` declarations)."""
    return next((k for k in keywords if k not in PROLOGUE), None)


def _scan(text: str, max_depth: int) -> _Scan:
    """The keywords of ``text`` (upper case; not inside strings, IRIs or comments; not prefixed names or
    variables) and its deepest nesting: brackets, and runs of prefix operators (``!``, ``-``, ``+``),
    which a parser also descends into one level each. Stops counting once ``max_depth`` is passed."""
    keywords: list[str] = []
    depth = deepest = run = 0
    i, n = 0, len(text)
    while i < n and deepest <= max_depth:
        c = text[i]
        if c in " \t\r\n":
            i += 1
            continue
        if c in "!+-":
            run += 1
            deepest = max(deepest, depth + run)
            i += 1
            continue
        run = 0
        if c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
        elif c in "\"'":
            i = _skip_string(text, i)
        elif c == "<":
            m = _IRI.match(text, i)
            i = m.end() if m else i + 1
        elif c in "?$":
            m = _NAME.match(text, i + 1)
            i = m.end() if m and m.end() > i + 1 else i + 1
        elif c in _OPEN:
            depth += 1
            deepest = max(deepest, depth)
            i += 1
        elif c in _CLOSE:
            depth = max(0, depth - 1)
            i += 1
        elif c == "_" and text.startswith("_:", i):
            m = _WORD.match(text, i)
            i = m.end() if m else i + 2
        elif c.isalpha():
            m = _WORD.match(text, i)
            if m is None:
                i += 1
                continue
            word = m.group(0)
            if ":" not in word:
                keywords.append(word.rstrip(".").upper())
            i = m.end()
        else:
            i += 1
    return _Scan(keywords, deepest)


def _skip_string(text: str, i: int) -> int:
    """The index after the string literal that starts at ``i`` (the end of the text if it never closes)."""
    quote = text[i]
    long = text.startswith(quote * 3, i)
    delimiter = quote * 3 if long else quote
    j = i + len(delimiter)
    n = len(text)
    while j < n:
        c = text[j]
        if c == "\\":
            j += 2
            continue
        if not long and c in "\r\n":
            return j
        if text.startswith(delimiter, j):
            return j + len(delimiter)
        j += 1
    return n
