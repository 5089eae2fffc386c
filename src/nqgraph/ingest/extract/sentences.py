"""Sentences and clauses of a paragraph, as spans, and their quotation form.

A sentence ends at ".", "!" or "?" followed by a space and a capital (or the end of the
paragraph); a page marker of an OCR'd text ("===== Trang 4 =====") also ends one, because the
quotation must be a substring of the source. ``quote`` gives ``nq:sourceText``: the span after
dropping layout residue and collapsing whitespace (``nqgraph.text.source_form``).
"""

from __future__ import annotations

import re

from nqgraph.ingest.model import Span
from nqgraph.text import source_form

_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“(\[*]*[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ0-9])")
_PAGE = re.compile(r"\n=+ *Trang *\d+ *=+[ \t]*\n(?:[ \t]*\S{1,3}[ \t]*\n)?")
_CLAUSE = re.compile(r";\s+")


def sentences(text: str, span: Span) -> list[Span]:
    """The sentences of ``text[span]``, trimmed of surrounding blanks."""
    out: list[Span] = []
    pieces: list[tuple[int, int]] = []
    pos = span.start
    for page in _PAGE.finditer(text, span.start, span.end):
        pieces.append((pos, page.start()))
        pos = page.end()
    pieces.append((pos, span.end))
    for a, b in pieces:
        start = a
        for m in _END.finditer(text, a, b):
            out.append(_trim(text, start, m.start()))
            start = m.end()
        out.append(_trim(text, start, b))
    return [s for s in out if s.end > s.start]


def clauses(text: str, span: Span) -> list[Span]:
    """The ";"-separated clauses of a sentence."""
    out: list[Span] = []
    start = span.start
    for m in _CLAUSE.finditer(text, span.start, span.end):
        out.append(_trim(text, start, m.start() + 1))
        start = m.end()
    out.append(_trim(text, start, span.end))
    return [s for s in out if s.end > s.start]


def _trim(text: str, start: int, end: int) -> Span:
    while start < end and text[start] in " \t\n*#|":
        start += 1
    while end > start and text[end - 1] in " \t\n*#|":
        end -= 1
    return Span(start, end)


def quote(text: str, span: Span) -> str:
    """``nq:sourceText`` of a span: layout residue dropped, whitespace collapsed."""
    return source_form(text[span.start : span.end])
