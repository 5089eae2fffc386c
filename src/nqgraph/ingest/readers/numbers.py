"""Vietnamese numerals and the quantities they measure.

Numbers are printed with a decimal comma and thousands dots ("668.030", "99,89"), with a scale word
("72 vạn" = 720,000, "425,4 nghìn", "11 triệu lượt"), with leading zeros ("01"), as counts
out of a total ("31/31") and as ranges ("8.000 - 8.300", "từ 65% đến 70%", "25 - 35%"). The unit is
read from the words after the number and named by the local name of an ``nq:`` unit individual.
Money keeps its value as printed, the scale word being part of the unit ("93 triệu đồng" is 93 of
``MillionDong``); words with no unit individual ("km", "tháng") stay in the text with no unit.

Digits that are not quantities are left alone: years and periods ("năm 2030", "2026-2030"), dates,
document numbers ("19-NQ/TU"), section and item numbers ("1.1", "(3)"), grades ("lớp 10"), numbers
inside names ("Hà Nội 2"), page and table-row numbers alone on a line, and telephone numbers.

>>> [(q.text, q.value, q.unit) for q in find_quantities("quy mô dân số 72 vạn người vào năm 2030")]
[('72 vạn người', Decimal('720000'), 'Persons')]
>>> q, = find_quantities("đào tạo nghề cho 8.000 - 8.300 lao động")
>>> (q.value, q.value_max, q.unit)
(Decimal('8000'), Decimal('8300'), 'Persons')
>>> read_number("425,4 nghìn")
Decimal('425400')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from nqgraph.ingest.model import Span
from nqgraph.ingest.readers._text import fold_same_length, prepare
from nqgraph.ingest.readers.dates import find_dates


class UnreadableNumber(ValueError):
    """A text that was expected to hold a number holds none that can be read."""


@dataclass(frozen=True)
class Quantity:
    """A number with its unit as printed; ``value_max`` is the upper end of a range."""

    span: Span
    text: str
    value: Decimal
    value_max: Decimal | None
    unit: str | None


# A run of digits with dots and commas, not glued to a letter or another number.
# Units printed glued to the number ("500ha", "2,6km") are allowed; other letters make it a code.
_TOKEN = re.compile(r"(?<![\w.,])\d++(?:[.,]\d++)*+(?:(?![^\W\d_])|(?=(?:ha|km|cm|m|kg)\b))")
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_PLAIN = re.compile(r"\d+(?:,\d+)?")

_SCALE = re.compile(r"\s*(vạn|nghìn|ngàn|triệu|tỷ|tỉ)(?!\s+(?:lệ|trọng))(?!\w)", re.IGNORECASE)
_SCALES = {
    "vạn": Decimal(10_000),
    "nghìn": Decimal(1_000),
    "ngàn": Decimal(1_000),
    "triệu": Decimal(1_000_000),
    "tỷ": Decimal(1_000_000_000),
    "tỉ": Decimal(1_000_000_000),
}

# Money is counted in millions and billions: the scale word belongs to the unit and the value is the
# number as printed ("155.000 tỷ đồng" is 155000 of nq:BillionDong).
_MONEY = re.compile(r"\s*(triệu|tỷ|tỉ)\s+(đồng|đông|usd|đô la)(?!\w)", re.IGNORECASE)
_MONEY_UNITS = {
    ("triệu", "đồng"): "MillionDong",
    ("tỷ", "đồng"): "BillionDong",
    ("triệu", "usd"): "MillionUSD",
    ("tỷ", "usd"): "BillionUSD",
}
_HECTARE = re.compile(r"\s*ha(?!\w)")

_PERSON_NOUNS = (
    r"nguoi lao dong|nguoi|lao dong|luu hoc sinh|hoc sinh|sinh vien|hoc vien|can bo|cong chuc|vien chuc"
    r"|giao vien|nha giao|bac si|bac sy|chuyen gia|nha khoa hoc|dang vien|doan vien|hoi vien|tre em|tre"
)
_COUNT_NOUNS = (
    r"doanh nghiep|hop tac xa|can ho|xa|phuong|bien ban|ke hoach|phong hoc|khu|cum|ho|giuong|chi tieu"
    r"|noi dung|du an|de an|chuong trinh|cong trinh|mo hinh|san pham|don vi|co so|lop|cau lac bo|tram"
    r"|nhom|luot|lan|to chuc|hop dong|thon|lang|diem"
)
# Ordered: the longest reading of the words after the number wins.
_UNITS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern.replace(" ", r"\s+")), unit)
    for pattern, unit in (
        (r"\s*%\s*/\s*nam\b", "PercentPerYear"),
        (r"\s*(?:%|phan tram\b)", "Percent"),
        (rf"\s*(?:{_PERSON_NOUNS})\s*(?:/|tren)\s*(?:0*1\s+|mot\s+)?van\s+dan\b", "PersonsPer10000"),
        (rf"\s*(?:{_PERSON_NOUNS})\s*/\s*(?:nam|moi nam)\b", "PersonsPerYear"),
        (r"\s*(?:lan|luot)\s*/\s*nam\b", "TimesPerYear"),
        (r"\s*cm\b", "Centimetre"),
        (r"\s*(?:tuoi|nam)\b", "Years"),
        (r"\s*truong\b", "Schools"),
        (rf"\s*(?:{_PERSON_NOUNS})\b", "Persons"),
        (rf"\s*(?:{_COUNT_NOUNS})\b", "Count"),
    )
)
# Units with no ``nq:`` individual: kept in the printed text, the unit left to a person.
_OTHER_UNITS = re.compile(r"\s*(?:dong|usd|km|m2|m3|m|kg|tan|mw|kwh|mbps|thang|gio|ngay)\b")
_PER_10000_BEFORE = re.compile(r"(?:tren|/)\s*(?:mot|0*1)\s+van\s+dan\b[^;.\d]{0,30}$")
_LEVEL_BEFORE = re.compile(r"\bmuc(?: do)?\s+$")
_RANGE = re.compile(r"\s*(?:-|–|—|den\b|toi\b)\s*")
_FRACTION = re.compile(r"\s*/\s*(\d+)(?![\d/\w])")
_DOCUMENT_TAIL = re.compile(r"\s*[-/]\s*(?:[A-ZĐ]|\d{4}\b)")
# Words after which a number names something (a document, an article, a grade, a page) rather than
# measuring it; the folded word just before the number.
_NAMING_WORDS = frozenset(
    [
        "số",
        "sô",
        "thứ",
        "lớp",
        "điều",
        "khoản",
        "điểm",
        "chương",
        "mục",
        "trang",
        "khóa",
        "khoá",
        "tier",
        "lộ",
        "biểu",
        "mẫu",
    ]
)
_COUNTED_BY_SO = frozenset(["dân", "tổng", "chỉ", "hệ", "con", "đa", "thiểu"])
_NAMING_PHRASES = re.compile(r"(?:phu luc|quoc lo|tinh lo|lan thu|dai hoi|so hieu)\s*:?\s*$")
_CUE_WORDS = frozenset(
    [
        "tren",
        "duoi",
        "dat",
        "tu",
        "toi",
        "it",
        "khoang",
        "hon",
        "con",
        "gan",
        "xap",
        "co",
        "phan",
        "dau",
        "nang",
        "giam",
        "tang",
        "moi",
        "bao",
        "gom",
        "chiem",
    ]
)
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_PHONE = re.compile(r"(?<!\d)(?:\+84|0)\d{1,3}(?:[ .-]?\d{2,4}){2,4}(?!\d)")
# What may stand before an item number at the start of a line: layout residue, OCR specks, "(".
_LINE_NUMBERING = re.compile(r"[ \t#*>|_~“\"-]*(?:\[bookmark:[^\]]*\][ \t]*)*\(?")
_ITEM_AFTER = re.compile(r"\s*(?:[.)]|-(?!\s*\d))")
_PAREN_ITEM = re.compile(r"\(\s*\d{1,2}\s*\)")
_LIST_JOIN = re.compile(r"\s*(?:,|và|va|-|–|đến|den)\s*$")


def _to_decimal(token: str) -> Decimal | None:
    """The value of one printed number, or None when the digits are not a number (e.g. "1.1")."""
    if "." in token:
        if not _THOUSANDS.fullmatch(token):
            return None
        token = token.replace(".", "")
    elif not _PLAIN.fullmatch(token):
        return None
    return Decimal(token.replace(",", "."))


def _tidy(value: Decimal) -> Decimal:
    """An integral value without a fractional part ("425,4 nghìn" → 425400, not 425400.0)."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def read_number(text: str) -> Decimal:
    """The first number printed in ``text``, scale word applied; for a range or a count, the first.

    Money keeps the value as printed, its scale word being part of the unit ("155.000 tỷ đồng").

    >>> read_number("72 vạn"), read_number("01"), read_number("99,89%"), read_number("31/31")
    (Decimal('720000'), Decimal('1'), Decimal('99.89'), Decimal('31'))
    >>> read_number("155.000 tỷ đồng")
    Decimal('155000')
    >>> read_number("không có số")
    Traceback (most recent call last):
    ...
    nqgraph.ingest.readers.numbers.UnreadableNumber: no number in 'không có số'
    """
    prepared = prepare(text)
    for match in _TOKEN.finditer(prepared):
        number = _number_at(prepared, match)
        if number is not None:
            return _tidy(number.value)
    raise UnreadableNumber(f"no number in {text!r}")


def _masked(text: str, folded: str) -> list[tuple[int, int]]:
    """Spans whose digits are not quantities: dates, partial dates, telephone numbers, item numbers."""
    spans = [(d.span.start, d.span.end) for d in find_dates(text)]
    spans += [m.span() for m in re.finditer(r"\bngay\s+\d{1,2}(?:\s*[/.-]\s*\d{1,2}){0,2}", folded)]
    spans += [m.span() for m in re.finditer(r"\bthang\s+\d{1,2}(?:\s*[/-]\s*\d{4})?(?!\d)", folded)]
    spans += [m.span() for m in _PHONE.finditer(text) if sum(c.isdigit() for c in m.group()) >= 9]
    spans += [m.span() for m in _PAREN_ITEM.finditer(text)]
    return spans


def _names_something(text: str, folded: str, start: int) -> bool:
    """Whether the word before the number makes it a name or a label rather than a measure."""
    before = folded[max(0, start - 24) : start]
    words = re.findall(r"[^\W\d_]+", text[max(0, start - 24) : start].lower())
    if not words:
        return False
    if words[-1] in _NAMING_WORDS and re.search(r"[a-z]\s*:?\s*$", before):
        # "dân số 72 vạn", "tổng số 7.080": "số" ends a noun and the number measures it.
        return not (words[-1] == "số" and len(words) > 1 and words[-2] in _COUNTED_BY_SO)
    if _NAMING_PHRASES.search(before):
        return True
    # A number right after a capitalised word inside a clause is part of a name ("Hà Nội 2", "IC 18").
    word = re.search(r"(\w+)\s+$", text[max(0, start - 24) : start])
    if word and word.group(1)[0].isupper() and fold_same_length(word.group(1)) not in _CUE_WORDS:
        head = text[max(0, start - 24) : start - len(word.group(0))]
        return bool(re.search(r"[^\W\d_]\s*$", head))
    return False


def _unit_after(folded: str, position: int, text: str = "") -> tuple[str | None, int]:
    """The unit printed at ``position`` and where its words end (``position`` when none is printed)."""
    hectare = _HECTARE.match(text, position) if text else None
    if hectare:
        return "Hectare", hectare.end()
    for pattern, unit in _UNITS:
        match = pattern.match(folded, position)
        if match:
            return unit, match.end()
    other = _OTHER_UNITS.match(folded, position)
    return None, other.end() if other else position


@dataclass
class _Number:
    start: int
    end: int  # after the scale word
    value: Decimal
    scale: Decimal | None
    money: str | None = None


def _money_unit(match: re.Match[str]) -> str:
    scale = "tỷ" if match.group(1).lower() in ("tỷ", "tỉ") else "triệu"
    currency = "usd" if match.group(2).lower() in ("usd", "đô la") else "đồng"
    return _MONEY_UNITS[(scale, currency)]


def _number_at(text: str, match: re.Match[str]) -> _Number | None:
    value = _to_decimal(match.group())
    if value is None:
        return None
    end = match.end()
    factor = None
    money = _MONEY.match(text, end)
    if money is None:
        scale = _SCALE.match(text, end)
        if scale:
            factor = _SCALES[scale.group(1).lower()]
            value *= factor
            end = scale.end()
            money = _MONEY.match(text, end)  # "155 nghìn tỷ đồng"
    if money is not None:
        return _Number(match.start(), money.end(), value, factor, _money_unit(money))
    return _Number(match.start(), end, value, factor)


def _is_year(text: str, folded: str, number: _Number) -> bool:
    token = text[number.start : number.end]
    if not _YEAR.fullmatch(token):
        return False
    unit, _ = (number.money, number.end) if number.money else _unit_after(folded, number.end, text)
    counted = unit not in (None, "Years") and not re.search(r"\bnam\s*$", folded[: number.start])
    return not counted


def find_quantities(text: str, *, offset: int = 0) -> list[Quantity]:
    """Every quantity printed in ``text``, in order; spans are shifted by ``offset``.

    >>> [q.text for q in find_quantities("Mục 1.1: năm 2025 đạt 99,89%; Nghị quyết số 19-NQ/TU")]
    ['99,89%']
    """
    text = prepare(text)
    folded = fold_same_length(text)
    masked = _masked(text, folded)
    tokens = list(_TOKEN.finditer(text))
    quantities: list[Quantity] = []
    skip_until = 0
    named_end = -1
    for match in tokens:
        start = match.start()
        if start < skip_until or any(a <= start < b for a, b in masked):
            continue
        if named_end >= 0 and _LIST_JOIN.search(text[named_end:start]) and start - named_end < 6:
            named_end = match.end()
            continue
        named_end = -1
        number = _number_at(text, match)
        if number is None or _DOCUMENT_TAIL.match(text, match.end()):
            continue
        if _names_something(text, folded, start):
            named_end = match.end()
            continue
        if _LINE_NUMBERING.fullmatch(text, text.rfind("\n", 0, start) + 1, start) and (
            _ITEM_AFTER.match(text, match.end()) or re.match(r"[ \t]*(?:\n|$|\t)", text[match.end() :])
        ):
            continue
        fraction = _FRACTION.match(text, number.end)
        if fraction and Decimal(fraction.group(1)) < number.value:
            skip_until = fraction.end()  # "24/7", "15/11": not a count out of a total
            continue
        if _is_year(text, folded, number):
            skip_until = _skip_period(text, number.end)
            continue
        quantity = _quantity(text, folded, number, offset)
        quantities.append(quantity)
        skip_until = quantity.span.end - offset
    return quantities


def _skip_period(text: str, end: int) -> int:
    """After a year, the end of a period it opens ("2026-2030", "2025 - 2030")."""
    match = re.match(r"\s*[-–]\s*(?:1[89]|20)\d\d(?!\d)", text[end:])
    return end + match.end() if match else end


def _quantity(text: str, folded: str, number: _Number, offset: int) -> Quantity:
    start, end = number.start, number.end
    value, value_max = number.value, None
    fraction = _FRACTION.match(text, end)
    if fraction and number.scale is None:
        end = fraction.end()
    unit, unit_end = (number.money, end) if number.money else _unit_after(folded, end, text)
    upper = _range_end(text, folded, unit_end, number, unit)
    if upper is not None:
        upper_number, upper_unit, unit_end = upper
        value_max = upper_number.value
        if upper_number.scale is not None and number.scale is None:
            value *= upper_number.scale  # "8 - 10 nghìn": the scale word serves both ends
        unit = unit or upper_unit
    if unit == "Persons" and _PER_10000_BEFORE.search(folded, max(0, start - 60), start):
        unit = "PersonsPer10000"  # "Số bác sĩ trên một vạn dân đạt 13 bác sĩ"
    before = folded[max(0, start - 12) : start]
    level = _LEVEL_BEFORE.search(before)
    if unit is None and level is not None:
        unit = "Level"
        start -= len(before) - level.start()
    return Quantity(
        Span(offset + start, offset + unit_end),
        text[start:unit_end],
        _tidy(value),
        None if value_max is None else _tidy(value_max),
        unit,
    )


def _range_end(
    text: str, folded: str, position: int, low: _Number, unit: str | None
) -> tuple[_Number, str | None, int] | None:
    """The upper end of a range starting at ``position`` ("- 8.300", "đến 70%"), if there is one."""
    separator = _RANGE.match(folded, position)
    if separator is None:
        return None
    match = _TOKEN.match(text, separator.end())
    if match is None:
        return None
    upper = _number_at(text, match)
    if upper is None or _DOCUMENT_TAIL.match(text, match.end()):
        return None
    upper_unit, upper_unit_end = (
        (upper.money, upper.end) if upper.money else _unit_after(folded, upper.end, text)
    )
    if unit is not None and upper_unit is not None and upper_unit != unit:
        return None
    low_value = low.value * upper.scale if low.scale is None and upper.scale is not None else low.value
    if upper.value <= low_value:
        return None  # "1- 2" numbering or a descending pair is not a range
    return upper, upper_unit, upper_unit_end
