"""Unicode helpers: NFC normalisation and tone-mark-insensitive name folding.

Vietnamese texts mix precomposed and decomposed characters and two conventions for
placing tone marks ("hoá"/"hóa", "Uỷ"/"Ủy"). Names are compared after folding both away.

>>> fold("Uỷ ban nhân dân") == fold("Ủy ban nhân dân")
True
>>> fold("hoá") == fold("hóa") == fold("hoa")
True
>>> fold("Điện Biên")
'dien bien'
>>> collapse("a \\t b\\n\\nc")
'a b c'
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

# The Combining Diacritical Marks block but U+034F (the grapheme joiner, combining class 0).
_DIACRITICS = re.compile("[\u0300-\u034e\u0350-\u036f]+")
_MARKUP = re.compile(r"\[bookmark:[^\]]*\]|\*\*|\*|<\/?b>")


def nfc(text: str) -> str:
    """Return ``text`` in Unicode normal form C."""
    return unicodedata.normalize("NFC", text)


def collapse(text: str) -> str:
    """Collapse every run of whitespace to one space and strip the ends."""
    # str.split() splits at the same characters as the regular expression \s+ (str.isspace).
    return " ".join(text.split())


def fold(text: str) -> str:
    """Fold case, diacritics and tone marks so that spelling variants compare equal."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    # Vietnamese marks are all in the Combining Diacritical Marks block, removed in one pass; a
    # test of each character (hundreds of thousands of labels in a national search index) is
    # left for the rare text that still holds other combining characters.
    bare = _DIACRITICS.sub("", decomposed)
    if not bare.isascii():
        bare = "".join(ch for ch in bare if not unicodedata.combining(ch))
    return collapse(bare.casefold())


def source_form(text: str) -> str:
    """Normalise a source transcription for quotation checks.

    Layout residue (Markdown emphasis, bookmarks, HTML bold) is removed, the text is NFC and
    whitespace is collapsed, so that a quotation copied from the text can be found in it.
    """
    return collapse(_MARKUP.sub("", nfc(text)))


_NUMBER = re.compile(r"(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)(?:\s*(vạn|nghìn|ngàn|triệu)\b)?")
_MULTIPLIERS = {
    "vạn": Decimal(10_000),
    "nghìn": Decimal(1_000),
    "ngàn": Decimal(1_000),
    "triệu": Decimal(1_000_000),
}


def parse_number(text: str) -> tuple[Decimal, Decimal | None]:
    """Read a number as printed in a Vietnamese text: ``(value, upper bound or None)``.

    Decimal comma, thousands dots, ranges, "vạn" (10,000) and "nghìn" (1,000); for a count
    "31/31" the first number. Words around the number ("trên", "từ … trở lên", units) are ignored:
    they decide the comparator, not the value.

    >>> parse_number("99,89%")
    (Decimal('99.89'), None)
    >>> parse_number("668.030")
    (Decimal('668030'), None)
    >>> parse_number("8.000 - 8.300")
    (Decimal('8000'), Decimal('8300'))
    >>> parse_number("72 vạn")
    (Decimal('720000'), None)
    >>> parse_number("425,4 nghìn")
    (Decimal('425400.0'), None)
    >>> parse_number("từ 65% - 70%")
    (Decimal('65'), Decimal('70'))
    >>> parse_number("1000")
    (Decimal('1000'), None)
    >>> parse_number("12 người/01 vạn dân")
    (Decimal('12'), None)
    """
    folded = nfc(text)
    numbers = [
        Decimal(m.group(1).replace(".", "").replace(",", "."))
        * _MULTIPLIERS.get(m.group(2) or "", Decimal(1))
        for m in _NUMBER.finditer(folded)
    ]
    if not numbers:
        raise ValueError(f"no number in {text!r}")
    is_range = len(numbers) >= 2 and re.search(r"\d\s*%?\s*[-–]\s*\d", folded) is not None
    return numbers[0], (numbers[1] if is_range else None)
