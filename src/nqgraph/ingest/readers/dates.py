"""Calendar dates as printed: "ngày 23 tháng 3 năm 2012", "23/3/2012", "27-12-2025", "ngày 05/12/2025".

A date is read only when day, month and year are all printed and form a real day; "ngày 01/6"
(no year), "2026-2030" (a period) and "80/2021/NĐ-CP" (a document number) are not dates.

>>> [d.date.isoformat() for d in find_dates("ban hành ngày 23 tháng 3 năm 2012 và ngày 05/12/2025")]
['2012-03-23', '2025-12-05']
>>> find_dates("Nghị định số 80/2021/NĐ-CP")
[]
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from nqgraph.ingest.model import Span
from nqgraph.ingest.readers._text import fold_same_length, prepare

_WORDS = re.compile(r"(?<!\d)(\d{1,2})\s+thang\s+(\d{1,2})\s*(?:,\s*)?nam\s+(\d{4})(?!\d)")
# Day, month and year with one separator used twice; not part of a longer number or document number.
_NUMERIC = re.compile(r"(?<![\d/.-])(\d{1,2})\s?([/.-])\s?(\d{1,2})\s?\2\s?(\d{4})(?![\d/]|-[a-z])")
# "ngày" before a date belongs to it: "ngày 05/12/2025".
_DAY_WORD = re.compile(r"(?<![a-z])ngay\s*:?\s*$")


@dataclass(frozen=True)
class DateMention:
    """A date printed in the text; ``text`` is the printed form, "ngày" included when printed."""

    span: Span
    text: str
    date: dt.date


def _day(year: str, month: str, day: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _with_day_word(folded: str, start: int) -> int:
    word = _DAY_WORD.search(folded, max(0, start - 10), start)
    return word.start() if word else start


def find_dates(text: str, *, offset: int = 0) -> list[DateMention]:
    """Every full date in ``text``, in order; spans are shifted by ``offset``."""
    text = prepare(text)
    folded = fold_same_length(text)
    found: list[tuple[int, int, dt.date]] = []
    for match in _WORDS.finditer(folded):
        day = _day(match.group(3), match.group(2), match.group(1))
        if day is not None:
            found.append((_with_day_word(folded, match.start()), match.end(), day))
    for match in _NUMERIC.finditer(folded):
        if any(start < match.end() and match.start() < end for start, end, _ in found):
            continue
        day = _day(match.group(4), match.group(3), match.group(1))
        if day is not None:
            found.append((_with_day_word(folded, match.start()), match.end(), day))
    found.sort()
    return [
        DateMention(Span(offset + start, offset + end), text[start:end], day) for start, end, day in found
    ]
