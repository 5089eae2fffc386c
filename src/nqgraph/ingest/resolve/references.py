"""What a document reference says by itself: central or provincial, its issuer's stub code, its number key."""

from __future__ import annotations

import re

from nqgraph.ingest.readers.references import DocumentReference
from nqgraph.text import fold

# The last code of a central document's number ("57-NQ/TW", "80/2021/NĐ-CP", "08-KL/TW"), folded; a
# ministry's code is a longer one starting with "b" ("BGDĐT", "BNNPTNT").
_CENTRAL_CODES = frozenset(
    ["tw", "cp", "ttg", "qh", "btctw", "vptw", "bct", "ubtvqh", "btgtw", "ubkttw", "ubtvqh15"]
)
_CENTRAL_ISSUER = re.compile(r"trung uong|bo chinh tri|chinh phu|thu tuong|quoc hoi|ban bi thu")


def number_key(number: str) -> str:
    """A document number compared without spaces, case or the bar of Đ ("15 -NQ/TU" = "15-NQ/TU")."""
    return re.sub(r"\s+", "", number).upper().replace("Đ", "D")


def _last_code(number: str) -> str:
    return fold(re.split(r"[-/]", number)[-1])


def is_central(ref: DocumentReference) -> bool:
    """Whether ``ref`` names a document of the central level rather than the province's.

    A number ending in a central code ("57-NQ/TW", "99/2023/NĐ-CP", a ministry's "BGDĐT"), a central
    issuer ("của Bộ Chính trị", "của Chính phủ"), a national congress ("Đại hội … toàn quốc",
    "Đại hội XIII của Đảng", any congress not of a "Đảng bộ").

    >>> from nqgraph.ingest.readers.references import find_references
    >>> [is_central(r) for r in find_references("Nghị quyết số 57-NQ/TW và Nghị quyết số 03-NQ/TU")]
    [True, False]
    """
    if ref.kind == "CongressResolution" and not ref.number:
        printed = fold(ref.issuer_text or ref.text)
        return "toan quoc" in printed or "dang bo" not in printed
    if ref.number:
        last = _last_code(ref.number)
        if last in _CENTRAL_CODES or (last.startswith("b") and len(last) > 3 and last != "btvtu"):
            return True
    return bool(ref.issuer_text and _CENTRAL_ISSUER.search(fold(ref.issuer_text)))


def stub_issuer(ref: DocumentReference) -> str:
    """The issuer segment of a new document's ELI IRI: from the issuer printed, else the number's code.

    >>> from nqgraph.ingest.readers.references import find_references
    >>> [stub_issuer(r) for r in find_references("Quy định số 20-QĐ/TU ngày 2/3/2025 của Ban Thường vụ "
    ...                                           "Tỉnh ủy; Kế hoạch số 71/KH-UBND")]
    ['btvtu', 'ubnd']
    """
    if ref.issuer_text:
        folded = fold(ref.issuer_text)
        if "ban thuong vu" in folded:
            return "btvtu"
        if "ban chap hanh dang bo tinh" in folded or "tinh uy" in folded:
            return "tu"
        if "uy ban nhan dan" in folded or "ubnd" in folded:
            return "ubnd"
    if ref.number:
        return re.sub(r"[^a-z0-9]+", "-", _last_code(ref.number)).strip("-") or "unknown"
    return "unknown"
