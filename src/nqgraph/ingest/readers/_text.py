"""Text helpers shared by the readers: NFC and a same-length fold for matching.

The readers match words on a folded copy (case, diacritics and tone marks removed, "đ" → "d") of
the same length as the text, so that a match in the copy is a span in the text.

>>> fold_same_length("Quí IV/2025 Uỷ ban")
'qui iv/2025 uy ban'
>>> len(fold_same_length("Đảng ủy")) == len("Đảng ủy")
True
"""

from __future__ import annotations

import functools
import re
import unicodedata

from nqgraph.text import nfc


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x80, 0x2000):
        ch = chr(code)
        base = unicodedata.normalize("NFD", ch)[0].lower()
        if len(base) == 1 and base != ch:
            table[code] = base
    for code in range(ord("A"), ord("Z") + 1):
        table[code] = chr(code).lower()
    table[ord("đ")] = "d"
    table[ord("Đ")] = "d"
    return table


_TABLE = _build_table()


def prepare(text: str) -> str:
    """The text the readers work on: NFC (spans refer to the NFC form of the input)."""
    return text if unicodedata.is_normalized("NFC", text) else nfc(text)


@functools.lru_cache(maxsize=8)
def fold_same_length(text: str) -> str:
    """Fold case and marks code point by code point, so that offsets stay the same.

    The readers fold the same text several times (quantities look for dates first); the last
    few foldings are kept.
    """
    return text.translate(_TABLE)


# Where a clause ends: a ";", a sentence end, a blank line. The comparator and link readers look no
# further back than this, and a duty's clause ("phối hợp với A, B; …") no further on.
CLAUSE_END = re.compile(r"[;:.!?](?:\s|$)|;|\n[ \t]*\n")


def clause_start(text: str, position: int, *, limit: int = 300) -> int:
    """The start of the clause holding ``position``: after the last ";", sentence end or blank line."""
    start = max(0, position - limit)
    last = start
    for match in CLAUSE_END.finditer(text, start, position):
        last = match.end()
    return last


def clause_end(text: str, position: int, limit: int | None = None) -> int:
    """Where the clause holding ``position`` ends (before ``limit``): at the next ";", sentence end or
    blank line.

    >>> text = "phối hợp với Sở Y tế, Sở Tài chính; báo cáo UBND tỉnh."
    >>> text[:clause_end(text, 0)], text[36:clause_end(text, 36)]
    ('phối hợp với Sở Y tế, Sở Tài chính', 'báo cáo UBND tỉnh')
    """
    end = len(text) if limit is None else limit
    match = CLAUSE_END.search(text, position, end)
    return match.start() if match else end
