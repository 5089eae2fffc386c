"""Source text split into segments, with every quoted statement marked and linked."""

from __future__ import annotations

import re

from nqgraph.publish.site.context import Segment
from nqgraph.text import nfc, source_form


def highlight(text: str, quotes: list[tuple[str, str, str]]) -> tuple[list[list[Segment]], dict[str, str]]:
    """Split a source text into lines of segments, marking each quotation.

    ``quotes`` holds ``(quotation, href, title)``. Matching ignores layout residue and whitespace
    runs, as the provenance check does; overlapping quotations keep the first (longest) one.
    Returns the lines and, per href, the anchor of its first mark.
    """
    clean = re.sub(r"\[bookmark:[^\]]*\]|\*\*|(?<!\w)\*|\*(?!\w)|</?b>", "", nfc(text))
    collapsed_chars: list[str] = []
    positions: list[int] = []
    previous_space = True
    for i, ch in enumerate(clean):
        if ch.isspace():
            if previous_space:
                continue
            collapsed_chars.append(" ")
            positions.append(i)
            previous_space = True
        else:
            collapsed_chars.append(ch)
            positions.append(i)
            previous_space = False
    collapsed = "".join(collapsed_chars)
    spans: list[tuple[int, int, str, str]] = []
    shared: list[tuple[str, tuple[int, int]]] = []  # quotes inside a span already marked
    for quote, href, title in sorted(quotes, key=lambda q: (-len(q[0]), q[1])):
        needle = source_form(quote)
        at = collapsed.find(needle) if needle else -1
        if at < 0:
            continue
        start, end = positions[at], positions[at + len(needle) - 1] + 1
        overlap = next(((s, e) for s, e, _, _ in spans if s < end and start < e), None)
        if overlap is not None:
            shared.append((href, overlap))
            continue
        spans.append((start, end, href, title))
    spans.sort()
    anchors: dict[str, str] = {}
    lines: list[list[Segment]] = [[]]
    cursor = 0

    def emit(piece: str, href: str = "", anchor: str = "", title: str = "") -> None:
        parts = piece.split("\n")
        for n, part in enumerate(parts):
            if n:
                lines.append([])
            if part:
                lines[-1].append(Segment(part, href, anchor if n == 0 else "", title))

    for number, (start, end, href, title) in enumerate(spans, 1):
        emit(clean[cursor:start])
        anchor = f"q{number}"
        anchors.setdefault(href, anchor)
        emit(clean[start:end], href, anchor, title)
        cursor = end
    emit(clean[cursor:])
    numbered = {(s, e): f"q{n}" for n, (s, e, _, _) in enumerate(spans, 1)}
    for href, span in shared:
        anchors.setdefault(href, numbered[span])
    return lines, anchors
