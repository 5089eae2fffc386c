"""Names as the resolver compares them: folded, abbreviations written out, the province optional.

Three keys, each for its own comparison, none of which can stand in for another:

- :func:`name_key` compares a whole name with a whole known name: every abbreviation is written out
  before folding (case tells "TU", Tỉnh ủy, from "tư"), all punctuation goes.
- :func:`printed_key` finds known names inside a passage: it keeps commas and semicolons ("các sở,
  ban, ngành" is printed so) and writes out only the abbreviations whose folded form is no word,
  since by then the case that told them apart is gone.
- :func:`label_key` compares a document's label with a phrase of the same passage, character for
  character after :func:`~nqgraph.ingest.readers._text.fold_same_length`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from nqgraph.ingest.readers._text import fold_same_length
from nqgraph.text import fold, nfc

# Abbreviations as printed (case matters: "TU" is Tỉnh ủy, "tư" is not), written out before folding.
_ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("UBND", "Ủy ban nhân dân"),
    ("HĐND", "Hội đồng nhân dân"),
    ("MTTQ", "Mặt trận Tổ quốc"),
    ("BCH", "Ban Chấp hành"),
    ("BTV", "Ban Thường vụ"),
    ("VPTU", "Văn phòng Tỉnh ủy"),
    ("VPUB", "Văn phòng Ủy ban nhân dân"),
    ("TU", "Tỉnh ủy"),
    ("TW", "Trung ương"),
    ("KH&CN", "Khoa học và Công nghệ"),
    ("KHCN", "Khoa học và Công nghệ"),
    ("HTX", "Hợp tác xã"),
    ("CT-XH", "chính trị - xã hội"),
    ("QLDA", "Quản lý dự án"),
    ("ĐU", "Đảng ủy"),
)
_ABBREVIATION = re.compile(
    r"(?<![\w&-])(" + "|".join(re.escape(a) for a, _ in _ABBREVIATIONS) + r")(?![\w&])"
)
_WRITTEN_OUT = dict(_ABBREVIATIONS)

# The abbreviations the printed-name index writes out after folding (long, short): those whose folded
# form is no Vietnamese word ("tu" is also "tư", "từ"; "du" is "du lịch").
_PRINTED_ABBREVIATIONS: tuple[tuple[str, str], ...] = tuple(
    (fold(long), fold(short)) for short, long in _ABBREVIATIONS if short in ("UBND", "HĐND", "MTTQ", "KH&CN")
)


def name_key(name: str) -> str:
    """A name folded for comparison: abbreviations written out, punctuation and "Việt Nam" dropped.

    >>> name_key("UBND tỉnh") == name_key("Uỷ ban nhân dân  Tỉnh")
    True
    >>> name_key("Ủy ban MTTQ tỉnh") == name_key("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh")
    True
    """
    written = _ABBREVIATION.sub(lambda m: " " + _WRITTEN_OUT[m.group(1)] + " ", nfc(name))
    folded = fold(written)
    folded = re.sub(r"[^\w\s]", " ", folded)
    folded = re.sub(r"\bto quoc viet nam\b", "to quoc", folded)
    return " ".join(folded.split())


def without_province(key: str, province_names: Iterable[str]) -> str:
    """The :func:`name_key` without the province's own name, wherever it stands.

    "… tỉnh Điện Biên" → "… tỉnh". Compare :func:`without_own_province`, which works on a label as
    printed and so cannot share this one's folded, anywhere-in-the-name removal.
    """
    for name in province_names:
        key = re.sub(rf"\btinh {re.escape(name)}\b", "tinh", key)
        key = re.sub(rf"\b{re.escape(name)}\b", "", key)
    return " ".join(key.split())


def without_own_province(label: str, names: Iterable[str]) -> str | None:
    """The label as printed without its province's name at the end, or None when it has none.

    "Sở Y tế tỉnh Điện Biên" → "Sở Y tế". The printed-name index needs the label's own characters
    (quotes, commas, case) for :func:`printed_key`, and only a name at the end, "tỉnh" included:
    :func:`without_province` returns a folded key and keeps "tỉnh", so the two cannot be one.
    """
    folded = fold_same_length(label)
    for name in names:
        for suffix in (f" tinh {name}", f" {name}"):
            if folded.endswith(suffix):
                return label[: len(label) - len(suffix)]
    return None


def variants(key: str) -> Iterator[str]:
    """The key, then the forms printed texts use for it: without "các", without a final "tỉnh".

    "… trong tỉnh", "… trên địa bàn tỉnh" say "tỉnh"; "Mặt trận Tổ quốc tỉnh" is its committee.
    """
    key = re.sub(r" (?:trong|tren dia ban|cua) tinh$", " tinh", key)
    seen: set[str] = set()
    committee = "uy ban " + key if key.startswith("mat tran to quoc") else key
    for candidate in (key, re.sub(r"^cac ", "", key), re.sub(r" tinh$", "", key), committee):
        for form in (candidate, re.sub(r" tinh$", "", re.sub(r"^cac ", "", candidate))):
            if form and form not in seen:
                seen.add(form)
                yield form


def printed_key(name: str) -> str:
    """A name as printed texts spell it, for finding known names in a passage: folded, abbreviations
    written out, quotes, brackets and dots dropped, commas kept ("các sở, ban, ngành" is printed so).

    >>> printed_key("Các sở, ban, ngành; UBND tỉnh")
    'cac so, ban, nganh; uy ban nhan dan tinh'
    """
    key = fold(name).replace("-", " - ")
    key = re.sub(r"[\"“”'().]", " ", key)
    for long, short in _PRINTED_ABBREVIATIONS:
        key = re.sub(rf"\b{re.escape(short)}(?=\s|$)", long, key)
    key = key.replace("mat tran to quoc viet nam", "mat tran to quoc")
    return " ".join(key.split())


def printed_variants(key: str) -> set[str]:
    """The spellings of a :func:`printed_key` seen in texts: abbreviated, with "Việt Nam", "A-B"."""
    out = {key}
    for long, short in _PRINTED_ABBREVIATIONS:
        for existing in list(out):
            if long in existing:
                out.add(existing.replace(long, short))
    out |= {
        v.replace("mat tran to quoc", "mat tran to quoc viet nam") for v in out if "mat tran to quoc" in v
    }
    out |= {v.replace(" - ", "-") for v in out}
    return {" ".join(v.split()) for v in out if v.strip()}


def label_key(label: str) -> str:
    """A document's label as a named mention is compared: folded, commas and spacing dropped."""
    return " ".join(fold_same_length(label).replace(",", " ").split())
