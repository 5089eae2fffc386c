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

_SPACE = re.compile(r"\s+")
_MARKUP = re.compile(r"\[bookmark:[^\]]*\]|\*\*|\*|<\/?b>")


def nfc(text: str) -> str:
    """Return ``text`` in Unicode normal form C."""
    return unicodedata.normalize("NFC", text)


def collapse(text: str) -> str:
    """Collapse every run of whitespace to one space and strip the ends."""
    return _SPACE.sub(" ", text).strip()


def fold(text: str) -> str:
    """Fold case, diacritics and tone marks so that spelling variants compare equal."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return collapse(bare.casefold())


def source_form(text: str) -> str:
    """Normalise a source transcription for quotation checks.

    Layout residue (Markdown emphasis, bookmarks, HTML bold) is removed, the text is NFC and
    whitespace is collapsed, so that a quotation copied from the text can be found in it.
    """
    return collapse(_MARKUP.sub("", nfc(text)))
