"""The 8-bit Vietnamese encodings still found in old files: TCVN3 (ABC), VNI and Windows-1258.

Each is decoded with its full published table into NFC Unicode:

- **TCVN3** (TCVN 5712:1993, the "ABC" fonts .VnTime…): one byte per letter. The table is the
  standard's VN1 table, whose upper half is the VN3 table of the ABC fonts plus the capital
  letters with tones (the ABC fonts write those with a capital-letter font and the lower-case
  codes, which a plain-text file cannot tell apart: they read as lower case);
- **VNI** (VNI-Windows, the VNI-Times… fonts): a vowel is an ASCII letter followed by one byte
  for its circumflex, breve or tone (``"Vieät"`` is "Việt"); ơ, ư, đ and some i/y tones are single
  bytes;
- **Windows-1258** (Microsoft's code page 1258): Latin-1-like letters with ă â ê ô ơ ư đ, and the
  five tones as separate combining marks after the letter; Python's ``cp1258`` codec is that
  published table, and NFC composes the marks.

Which one a file is in is read from what its bytes become: decoded with the right table, nearly
every accented word is a Vietnamese syllable (an onset, one vowel group, a coda, at most one
tone); decoded with a wrong one, or when the file is French or binary, most words are not.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# TCVN3: the characters of bytes 0x80-0xFF, sixteen a row (0xB0-0xB4 are the five tone marks,
# combining), and the capital letters the standard places among the C0 control codes.
_TCVN3_HIGH = (
    "ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨ"  # 0x80
    "ÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ"  # 0x90
    "\u00a0ĂÂÊÔƠƯĐăâêôơưđẰ"  # 0xA0
    "\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴ"  # 0xB0
    "ẮẦẨẪẤỀặầẩẫấậèỂẻẽ"  # 0xC0
    "éẹềểễếệìỉỄẾỒĩíịò"  # 0xD0
    "Ổỏõóọồổỗốộờởỡớợù"  # 0xE0
    "ỖủũúụừửữứựỳỷỹýỵỐ"  # 0xF0
)
_TCVN3_LOW = {
    0x01: "Ú",
    0x02: "Ụ",
    0x04: "Ừ",
    0x05: "Ử",
    0x06: "Ữ",
    0x11: "Ứ",
    0x12: "Ự",
    0x13: "Ỳ",
    0x14: "Ỷ",
    0x15: "Ỹ",
    0x16: "Ý",
    0x17: "Ỵ",
}
TCVN3_TABLE: dict[int, str] = {
    **{b: chr(b) for b in range(0x80)},
    **_TCVN3_LOW,
    **{0x80 + i: ch for i, ch in enumerate(_TCVN3_HIGH)},
}

# VNI: each lower-case vowel with its six tones (none, sắc, huyền, hỏi, ngã, nặng), as Unicode
# and as VNI spells it in Latin-1 characters (one per byte). Capitals are the Latin-1 capitals
# of the same bytes ("aù" -> "AÙ"), and "đ" is "ñ".
_VNI_ROWS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("aáàảãạ", ("a", "aù", "aø", "aû", "aõ", "aï")),
    ("âấầẩẫậ", ("aâ", "aá", "aà", "aå", "aã", "aä")),
    ("ăắằẳẵặ", ("aê", "aé", "aè", "aú", "aü", "aë")),
    ("eéèẻẽẹ", ("e", "eù", "eø", "eû", "eõ", "eï")),
    ("êếềểễệ", ("eâ", "eá", "eà", "eå", "eã", "eä")),
    ("iíìỉĩị", ("i", "í", "ì", "æ", "ó", "ò")),
    ("oóòỏõọ", ("o", "où", "oø", "oû", "oõ", "oï")),
    ("ôốồổỗộ", ("oâ", "oá", "oà", "oå", "oã", "oä")),
    ("ơớờởỡợ", ("ô", "ôù", "ôø", "ôû", "ôõ", "ôï")),
    ("uúùủũụ", ("u", "uù", "uø", "uû", "uõ", "uï")),
    ("ưứừửữự", ("ö", "öù", "öø", "öû", "öõ", "öï")),
    ("yýỳỷỹỵ", ("y", "yù", "yø", "yû", "yõ", "î")),
    ("đ", ("ñ",)),
)


def _vni_table() -> dict[str, str]:
    """Unicode letter -> its VNI spelling (Latin-1 characters), both cases."""
    table: dict[str, str] = {}
    for letters, spellings in _VNI_ROWS:
        for letter, spelling in zip(letters, spellings, strict=True):
            table[letter] = spelling
            table[letter.upper()] = spelling.upper()
    return table


VNI_TABLE: dict[str, str] = _vni_table()
# Decoding: VNI spelling -> letter. A capital vowel with a lower-case mark byte ("Aù") also
# occurs (typed with Shift released for the mark) and reads as the capital letter.
_VNI_DECODE: dict[str, str] = {
    spelling: letter for letter, spelling in VNI_TABLE.items() if spelling != letter
}
for _letter, _spelling in list(VNI_TABLE.items()):
    if _letter.isupper() and len(_spelling) == 2:
        _VNI_DECODE.setdefault(_spelling[0] + _spelling[1].lower(), _letter)
_VNI_PATTERN = re.compile("|".join(sorted(map(re.escape, _VNI_DECODE), key=len, reverse=True)))

ENCODINGS = ("TCVN3", "VNI", "Windows-1258")


def decode_tcvn3(data: bytes) -> str:
    """Decode TCVN3 bytes (bytes outside the table, the C0 controls but tab and line ends, read as
    U+FFFD).

    A word typed in capitals with the ABC fonts has capital ASCII letters and lower-case codes
    for its accented letters ("NGHÞ QUYÕT"); a word with two or more capital ASCII letters and no
    small ones is read all in capitals ("NGHỊ QUYẾT"). A shorter one ("SỞ") cannot be told from a
    capitalised word ("Sở") and stays as decoded.
    """
    table = TCVN3_TABLE
    chars = []
    for byte in data:
        ch = table[byte]
        chars.append(ch if byte >= 0x20 or byte in (0x09, 0x0A, 0x0D) or ch != chr(byte) else "\ufffd")
    return _CAPITAL_WORD.sub(_capitals, unicodedata.normalize("NFC", "".join(chars)))


_CAPITAL_WORD = re.compile(r"[^\W\d_]*[A-Z][^\W\d_]*[A-Z][^\W\d_]*")


def _capitals(match: re.Match[str]) -> str:
    word = match.group()
    return word if any("a" <= ch <= "z" for ch in word) else word.upper()


def decode_vni(data: bytes) -> str:
    """Decode VNI bytes; a non-ASCII byte that spells no letter stays its Latin-1 character."""
    text = _VNI_PATTERN.sub(lambda m: _VNI_DECODE[m.group()], data.decode("latin-1"))
    return unicodedata.normalize("NFC", text)


def decode_cp1258(data: bytes) -> str:
    """Decode Windows-1258 bytes (bytes the code page leaves undefined read as U+FFFD)."""
    return unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))


_DECODERS = {"TCVN3": decode_tcvn3, "VNI": decode_vni, "Windows-1258": decode_cp1258}


def western_bytes(text: str) -> bytes | None:
    """The bytes a legacy font's text was typed as, from the Unicode characters Windows stored for
    them: Windows-1252, and Latin-1 for the five bytes Windows-1252 leaves undefined; ``None``
    when a character is neither."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) > 0xFF:
                return None
            out.append(ord(ch))
    return bytes(out)


def font_encoding(font: str | None) -> str | None:
    """The legacy encoding of a font by its name: the ABC fonts (".VnTime", ".VnArialH" …) are
    TCVN3, the VNI fonts ("VNI-Times" …) VNI.

    >>> font_encoding(".VnTimeH"), font_encoding("VNI-Helve"), font_encoding("Times New Roman")
    ('TCVN3', 'VNI', None)
    """
    if font is None:
        return None
    name = font.strip().lower()
    if name.startswith(".vn"):
        return "TCVN3"
    if name.startswith("vni-") or name.startswith("vni "):
        return "VNI"
    return None


def recode(text: str, encoding: str) -> str:
    """Text typed in a font of ``encoding`` (stored as Windows characters) as Unicode; unchanged
    when its characters are no Windows bytes."""
    data = western_bytes(text)
    return text if data is None else _DECODERS[encoding](data)


_TONES = "\u0300\u0301\u0303\u0309\u0323"
_ONSET = "ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|b|c|d|đ|g|h|k|l|m|n|p|q|r|s|t|v|x"
# The vowel groups of Vietnamese syllables, longest first ("oo" of loanwords such as "xoong" is
# left out: it would let "oọ", a common misreading, pass).
_VOWEL_GROUPS = (
    "a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi ua uâ uê ui uô uơ uy "
    "ưa ưi ươ ưu ya yê iêu yêu oai oao oay oeo uây uôi ươi ươu uya uyê uyu"
)
_VOWELS = sorted(_VOWEL_GROUPS.split(), key=len, reverse=True)
_SYLLABLE = re.compile(rf"(?:{_ONSET})?(?:{'|'.join(_VOWELS)})(?:ch|ng|nh|c|m|n|p|t)?")
_WORD = re.compile(r"[^\W\d_]+")


def is_syllable(word: str) -> bool:
    """Whether ``word`` (one word, any case) is spelled as a Vietnamese syllable.

    >>> [is_syllable(w) for w in ("Nghiêng", "quốc", "được", "été", "très", "ÖÙ")]
    [True, True, True, False, False, False]
    """
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(decomposed.count(t) for t in _TONES)
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))
    return tones <= 1 and _SYLLABLE.fullmatch(bare) is not None


@dataclass(frozen=True)
class Reading:
    """A file decoded with one legacy encoding, and how Vietnamese the result reads."""

    encoding: str
    text: str
    accented_words: int
    syllables: int

    @property
    def share(self) -> float:
        """The share of accented words that are Vietnamese syllables (0 when there are none)."""
        return self.syllables / self.accented_words if self.accented_words else 0.0


def read_as(encoding: str, data: bytes) -> Reading:
    """Decode ``data`` with one of :data:`ENCODINGS` and count its accented words that are
    Vietnamese syllables."""
    text = _DECODERS[encoding](data)
    return Reading(encoding, text, *count_syllables(text))


def count_syllables(text: str) -> tuple[int, int]:
    """``(accented words, those that are Vietnamese syllables)`` in ``text``."""
    accented = syllables = 0
    for match in _WORD.finditer(text):
        word = match.group()
        if word.isascii():
            continue
        accented += 1
        syllables += is_syllable(word)
    # U+FFFD is not a letter, so it ends a word: count each as a word that failed.
    accented += text.count("\ufffd")
    return accented, syllables


# How much of a file is read in every encoding to tell which it is in: some ten pages of text.
SAMPLE_BYTES = 32_768


def decode(encoding: str, data: bytes) -> str:
    """``data`` decoded with one of :data:`ENCODINGS`, as NFC."""
    return _DECODERS[encoding](data)


def sample(data: bytes) -> bytes:
    """The start of ``data`` that tells its encoding: :data:`SAMPLE_BYTES`, ended at a space or a
    line end so that no letter (two bytes in VNI) is cut."""
    if len(data) <= SAMPLE_BYTES:
        return data
    cut = max(data.rfind(b" ", 0, SAMPLE_BYTES), data.rfind(b"\n", 0, SAMPLE_BYTES))
    return data[: cut if cut > 0 else SAMPLE_BYTES]


def readings(data: bytes) -> list[Reading]:
    """The start of ``data`` (:func:`sample`) read in each legacy encoding, the most Vietnamese
    first."""
    data = sample(data)
    found = [read_as(encoding, data) for encoding in ENCODINGS]
    return sorted(found, key=lambda r: (-r.share, ENCODINGS.index(r.encoding)))
