"""Deadlines as printed in assignment tables and "tổ chức thực hiện" items.

A deadline is a due day, a recurrence, or both. Due days: "Quý II/2026" → 2026-06-30 (the last day
of the quarter; "Quí IV-2025", "quý I năm 2026"), "trước ngày 30/6/2026" → that day, "tháng 6/2026" →
the last day of the month, "6 tháng đầu năm 2026" → 2026-06-30, "năm 2026" → 2026-12-31, a period
"2026 - 2030" → its last day. Recurrences (local names of ``nq:`` individuals): "hằng năm", "hàng
năm", "mỗi năm", "thường niên" → ``Annual``; "thường xuyên", "liên tục" → ``Continuous``; "định kỳ",
"hằng quý", "hằng tháng", "6 tháng một lần" → ``Periodic``. A recurring day without a year ("trước
ngày 01/6 hằng năm") has a recurrence and no due day.

>>> read_deadline("Quý II/2026")
Deadline(text='Quý II/2026', due=datetime.date(2026, 6, 30), recurrence=None, span=Span(start=0, end=11))
>>> read_deadline("Thường xuyên").recurrence
'Continuous'
>>> read_deadline("năm học 2026-2027") is None
True
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from nqgraph.ingest.model import Span
from nqgraph.ingest.readers._text import fold_same_length, prepare
from nqgraph.ingest.readers.dates import find_dates


@dataclass(frozen=True)
class Deadline:
    """A deadline: ``text`` is the deadline phrase as printed, ``span`` where it is in the input."""

    text: str
    due: dt.date | None
    recurrence: str | None
    span: Span | None = None


_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_YEAR = r"((?:19|20)\d\d)(?!\d)"
_QUARTER = re.compile(rf"\bqu[yi]\s+(iv|iii|ii|i|[1-4])\b\s*(?:[/.-]|\s|nam|,)*\s*{_YEAR}")
_QUARTER_RECURRING = re.compile(r"\bqu[yi]\s+(iv|iii|ii|i|[1-4])\b")
_HALF = re.compile(rf"\b6 thang (dau|cuoi) nam\s+{_YEAR}")
_MONTH = re.compile(rf"\bthang\s+(\d{{1,2}})\s*(?:[/.-]|nam)\s*{_YEAR}")
_YEAR_ALONE = re.compile(
    rf"(?<![\w/.-])(?:(?:trong|den|truoc|het|cuoi)\s+)?(?:nam\s+){_YEAR}(?!\s*[-–]\s*\d)"
)
_BARE_YEAR = re.compile(rf"^\s*{_YEAR}\s*$")
_PERIOD = re.compile(rf"(?<!hoc )(?<![\w/.-]){_YEAR}\s*[-–]\s*{_YEAR}")
# A day of the month or of the year without a year, before a recurrence ("trước ngày 20 hằng tháng").
_RECURRING_DAY = re.compile(
    r"\b(?:truoc|cham nhat|vao)\s+ngay\s+\d{1,2}(?:\s*[/.-]\s*\d{1,2})?"
    r"(?:\s*(?:va|,)\s*\d{1,2}(?:\s*[/.-]\s*\d{1,2})?)*"
)
_RECURRENCES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(?:dinh ky\s+)?(?:hang|moi)\s+nam\b|\bthuong nien\b|\bhang nam\b"), "Annual"),
    (re.compile(r"\bthuong xuyen\b|\blien tuc\b"), "Continuous"),
    (
        re.compile(
            r"\b(?:dinh ky|hang quy|moi quy|hang thang|moi thang|6 thang mot lan|hang tuan|dot xuat)\b"
        ),
        "Periodic",
    ),
)


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _due(text: str, folded: str) -> tuple[dt.date, int, int] | None:
    """The first due day printed, with its span."""
    found: list[tuple[int, int, dt.date]] = []
    for date in find_dates(text):
        start = date.span.start
        before = re.search(r"(?:truoc|cham nhat|den|han)\s+$", folded[max(0, start - 12) : start])
        found.append((start - (len(before.group()) if before else 0), date.span.end, date.date))
    for match in _QUARTER.finditer(folded):
        quarter = _QUARTERS[match.group(1)]
        found.append((match.start(), match.end(), _last_day(int(match.group(2)), quarter * 3)))
    for match in _HALF.finditer(folded):
        month = 6 if match.group(1) == "dau" else 12
        found.append((match.start(), match.end(), _last_day(int(match.group(2)), month)))
    for match in _MONTH.finditer(folded):
        month = int(match.group(1))
        if 1 <= month <= 12:
            found.append((match.start(), match.end(), _last_day(int(match.group(2)), month)))
    for match in _PERIOD.finditer(folded):
        found.append((match.start(), match.end(), dt.date(int(match.group(2)), 12, 31)))
    for pattern in (_YEAR_ALONE, _BARE_YEAR):
        for match in pattern.finditer(folded):
            found.append((match.start(), match.end(), dt.date(int(match.group(1)), 12, 31)))
    if not found:
        return None
    # The widest reading at the leftmost place: "Quý II/2026" rather than "2026" inside it.
    start, end, due = min(found, key=lambda item: (item[0], -item[1]))
    return due, start, end


def read_deadline(text: str) -> Deadline | None:
    """The deadline printed in ``text`` (a table cell or a sentence), or None when there is none.

    >>> read_deadline("Quí IV-2025").due
    datetime.date(2025, 12, 31)
    >>> d = read_deadline("trước ngày 01/6 và 15/11 hằng năm")
    >>> (d.due, d.recurrence)
    (None, 'Annual')
    """
    text = prepare(text)
    folded = fold_same_length(text)
    recurrences = [
        (m.start(), m.end(), name) for pattern, name in _RECURRENCES if (m := pattern.search(folded))
    ]
    recurrence = None
    spans: list[tuple[int, int]] = []
    if recurrences:
        # The first printed ("Thường xuyên, hằng năm"), the longest there ("định kỳ hằng năm").
        start, end, recurrence = min(recurrences, key=lambda item: (item[0], -item[1]))
        spans.append((start, end))
        day = _RECURRING_DAY.search(folded)
        if day:
            spans.append(day.span())
    due_found = _due(text, folded)
    due = None
    if due_found is not None:
        due, start, end = due_found
        spans.append((start, end))
    elif recurrence is not None:
        quarter = _QUARTER_RECURRING.search(folded)
        if quarter:
            spans.append(quarter.span())
    if not spans:
        return None
    start, end = min(s for s, _ in spans), max(e for _, e in spans)
    return Deadline(text[start:end], due, recurrence, Span(start, end))
