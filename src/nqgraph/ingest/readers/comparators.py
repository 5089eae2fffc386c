"""Comparators and relative changes from the words around a quantity.

Following ``docs/data-conventions.md``: "dưới", "còn dưới", "thấp hơn" → ``LessThan``; "tối đa",
"không quá" → ``AtMost``; "đạt" or a bare number → ``Equal``; "tối thiểu", "ít nhất", "từ …",
"… trở lên" → ``AtLeast``; "trên", "hơn" → ``GreaterThan``; "khoảng" → ``Approximately``; a range →
``Between``. A cue counts only within the quantity's clause and only if no other quantity stands
between it and the quantity ("đạt tối thiểu 95% … (nam cao 164,5 cm)": the cue belongs to 95%).

>>> text = "tỷ lệ lao động khu vực đô thị đạt trên 18%, tăng 1,55% so với năm 2025"
>>> [read_comparator(text, q) for q in find_quantities(text)]
['GreaterThan', 'Equal']
>>> read_relative(text, find_quantities(text)[1])
Relative(direction='Increase', reference_year=2025, reference_text='năm 2025')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nqgraph.ingest.readers._text import clause_end, clause_start, fold_same_length, prepare
from nqgraph.ingest.readers.numbers import Quantity, find_quantities

# Cues that may stand some words before the number, nearest first wins.
_FAR_CUES: tuple[tuple[str, str], ...] = (
    (r"khong vuot qua|khong qua|toi da|nhieu nhat|khong vuot|≤", "AtMost"),
    (r"khong duoi|khong it hon|khong thap hon|toi thieu|it nhat|≥", "AtLeast"),
    (r"khoang|xap xi|tiem can|uoc dat|uoc khoang", "Approximately"),
    (r"con duoi|thap hon|it hon|nho hon", "LessThan"),
    (r"cao hon|nhieu hon|lon hon|vuot", "GreaterThan"),
    (r"dat|la|chiem|bang|o muc|dat muc|dat ty le", "Equal"),
)
# Prepositions that are cues only right before the number ("trên 75%", not "trên địa bàn … 75%").
# A longer phrase starts further left and wins ("không dưới 5%" is AtLeast, "thấp hơn" LessThan).
_NEAR_CUES: tuple[tuple[str, str], ...] = (
    (r"khong duoi|khong it hon|khong thap hon", "AtLeast"),
    (r"khong vuot qua|khong qua", "AtMost"),
    (r"con duoi|thap hon|it hon|nho hon", "LessThan"),
    (r"cao hon|nhieu hon|lon hon", "GreaterThan"),
    (r"duoi|<", "LessThan"),
    (r"tren|hon|>", "GreaterThan"),
    (r"tu", "AtLeast"),
)
_FAR = re.compile("|".join(rf"(?P<c{i}>(?<![a-z])(?:{p})(?![a-z]))" for i, (p, _) in enumerate(_FAR_CUES)))
_NEAR = re.compile(
    "(?:" + "|".join(rf"(?P<n{i}>(?<![a-z])(?:{p}))" for i, (p, _) in enumerate(_NEAR_CUES)) + r")\s*$"
)
_SENTENCE_END = re.compile(r"[.!?]\s|\n[ \t]*\n")
_AFTER_AT_LEAST = re.compile(r"(?:\s+\S+){0,3}?\s+tro len\b|\s*tro len\b")
_AFTER_AT_MOST = re.compile(r"(?:\s+\S+){0,3}?\s+tro xuong\b|\s*tro xuong\b")


@dataclass(frozen=True)
class Relative:
    """A change relative to a reference: "tăng 7,45% so với năm 2020" → Increase, 2020."""

    direction: str
    reference_year: int | None
    reference_text: str | None


def _context(text: str, start: int) -> list[tuple[int, int]]:
    """The stretches before ``start`` whose cues may apply, nearest first.

    Inside parentheses the quantity's own part of the parenthesis comes first, then the clause
    before the parenthesis: "tiệm cận … (nam cao trung bình 166 cm; nữ … 155 cm)".
    """
    begin = clause_start(text, start)
    open_paren = text.rfind("(", max(0, start - 300), start)
    if (
        open_paren >= 0
        and ")" not in text[open_paren:start]
        and not _SENTENCE_END.search(text, open_paren, start)
    ):
        inner = max(open_paren + 1, text.rfind(";", open_paren, start) + 1)
        return [(inner, start), (clause_start(text, open_paren), open_paren)]
    return [(begin, start)]


def _window(text: str, quantity: Quantity, offset: int) -> tuple[str, int]:
    """The part of ``text`` around ``quantity`` that the cues can come from, and its offset.

    Reading a window rather than the whole text keeps each call independent of the text's length.
    """
    start, end = quantity.span.start - offset, quantity.span.end - offset
    begin = max(0, start - 700)
    return prepare(text[begin : end + 200]), offset + begin


def _blocked(quantities: list[Quantity], cue_end: int, start: int) -> bool:
    return any(cue_end <= q.span.start and q.span.end <= start for q in quantities)


def read_comparator(text: str, quantity: Quantity, *, offset: int = 0) -> str:
    """The comparator of ``quantity`` (found in ``text``, whose first character is at ``offset``)."""
    if quantity.value_max is not None:
        return "Between"
    text, offset = _window(text, quantity, offset)
    folded = fold_same_length(text)
    start, end = quantity.span.start - offset, quantity.span.end - offset
    after = folded[end : end + 40]
    for pattern, words, comparator in (
        (_AFTER_AT_LEAST, "tro len", "AtLeast"),
        (_AFTER_AT_MOST, "tro xuong", "AtMost"),
    ):
        if pattern.match(after) and not re.search(r"[\d;,]", after[: after.find(words)]):
            return comparator
    near = _NEAR.search(folded, max(0, start - 12), start)
    if near and near.lastgroup is not None:
        return _NEAR_CUES[int(near.lastgroup[1:])][1]
    contexts = _context(text, start)
    first = min(begin for begin, _ in contexts)
    quantities = find_quantities(text[first:start], offset=first)
    for begin, stop in contexts:
        cues = list(_FAR.finditer(folded, begin, stop))
        for cue in reversed(cues):
            if cue.lastgroup is None or _blocked(quantities, cue.end(), stop):
                continue
            return _FAR_CUES[int(cue.lastgroup[1:])][1]
    return "Equal"


_DIRECTION = re.compile(
    r"(?<![a-z])(?P<verb>tang them|giam them|tang|giam|nang len)"
    r"(?:\s+(?:binh quan|toi thieu|it nhat|khoang|tren|hon|them|tu|duoc|xuong|len|dat|con))*\s*$"
)
_FAR_DIRECTION = re.compile(r"(?<![a-z])(?P<verb>tang|giam)(?! cuong| truong)(?![a-z])")
_REFERENCE_BEFORE = re.compile(
    r"so voi\s+(?P<ref>(?:cuoi nam|nam|ky)\s*(?:\d{4}|truoc|goc)|\d{4}|cung ky(?: nam truoc)?)"
)
_REFERENCE_LATER = re.compile(
    r"(?<![a-z])so voi\s+(?P<ref>(?:cuoi nam|nam|ky)\s*(?:\d{4}|truoc|goc)|\d{4}|cung ky(?: nam truoc)?)"
)
_REFERENCE = re.compile(
    r"[^;.\d]{0,60}?so voi\s+(?P<ref>(?:cuoi nam|nam|ky)\s*(?:\d{4}|truoc|goc)|\d{4}|cung ky(?: nam truoc)?)"
)


def read_relative(text: str, quantity: Quantity, *, offset: int = 0) -> Relative | None:
    """The relative change ``quantity`` states, or None when it states a level.

    A change is a rise or fall verb right before the number ("tăng", "giảm tối thiểu", "tăng bình
    quân") with a reference after it ("so với năm 2020", "so với năm trước") or a yearly rate
    ("%/năm").

    >>> t = "Lực lượng lao động đạt 387.544 người, tăng 7,45% so với năm 2020"
    >>> [read_relative(t, q) for q in find_quantities(t)]
    [None, Relative(direction='Increase', reference_year=2020, reference_text='năm 2020')]
    """
    text, offset = _window(text, quantity, offset)
    folded = fold_same_length(text)
    start, end = quantity.span.start - offset, quantity.span.end - offset
    reference = _REFERENCE.match(folded, end)
    verb = _DIRECTION.search(folded, max(0, start - 40), start)
    if verb is not None and reference is None:
        # "cắt giảm 50% thời gian …, 50% chi phí … so với năm 2024": the reference closes the clause.
        reference = _REFERENCE_LATER.search(folded, end, clause_end(folded, end))
    if verb is None:
        listed = _listed_after(text, quantity, offset)
        if listed is not None:
            return listed
        # "Giảm tỷ lệ hộ nghèo 1,5% so với năm trước": the verb opens the clause, a reference is printed.
        begin = clause_start(text, start)
        verbs = [
            v
            for v in _FAR_DIRECTION.finditer(folded, begin, start)
            if not _numbers_between(folded, v.end(), start)
        ]
        if not verbs:
            return None
        verb = verbs[-1]
        between = _REFERENCE_BEFORE.search(folded, verb.end(), start)
        if reference is None and between is None:
            return None
        if reference is None and between is not None:
            reference = between
    direction = "Decrease" if "giam" in verb.group("verb") else "Increase"
    if reference is not None:
        ref_text = text[reference.start("ref") : reference.end("ref")]
        year = re.search(r"\d{4}", ref_text)
        return Relative(direction, int(year.group()) if year else None, ref_text)
    if quantity.unit == "PercentPerYear":
        return Relative(direction, None, None)
    return None


def _listed_after(text: str, quantity: Quantity, offset: int) -> Relative | None:
    """The change of the quantity listed just before this one ("giảm 50% thời gian, 50% chi phí")."""
    start = quantity.span.start - offset
    begin = clause_start(text, start)
    earlier = [q for q in find_quantities(text[begin:start], offset=begin) if q.span.end <= start]
    if not earlier:
        return None
    previous = earlier[-1]
    between = text[previous.span.end : start]
    if (
        "," not in between
        or _FAR.search(fold_same_length(between))
        or _NEAR.search(fold_same_length(between))
    ):
        return None  # "tăng 7,45% so với năm 2020, tỷ lệ … đạt 50%": a level of its own
    return read_relative(text, previous, offset=0)


def _numbers_between(folded: str, start: int, end: int) -> bool:
    return any(q for q in find_quantities(folded[start:end]))
