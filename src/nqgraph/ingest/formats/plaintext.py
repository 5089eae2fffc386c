"""Plain text: the bytes of a text file decoded to NFC Unicode with ``\\n`` line ends.

UTF-8 (with or without a byte-order mark) and UTF-16/UTF-32 with a byte-order mark are read as
they are. A file that is not UTF-8 is tried as the legacy Vietnamese encodings
(:mod:`nqgraph.ingest.formats.legacy`) and converted when one of them reads as Vietnamese;
otherwise it is refused, naming the encoding it most likely is. Nothing else is changed: offsets
into the text stay meaningful for a reader of the original file.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

import nqgraph.ingest.formats.legacy as legacy
from nqgraph.errors import DataError

# Of its accented words, a legacy reading must make at least this share Vietnamese syllables to
# be converted (real files: 0.97 and more; names and foreign words make up the rest) …
CONFIDENT_SHARE = 0.9
# … and at least this share to be named as the likely encoding in a refusal.
LIKELY_SHARE = 0.5
# A legacy reading needs this many accented words; fewer cannot tell the encodings apart.
MIN_ACCENTED_WORDS = 3

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_LINE_ENDS = re.compile(r"\r\n?")
# C0 controls other than tab, line feed, form feed and carriage return: no text file has them.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def normalise(text: str) -> str:
    """NFC, and every line end (``\\r\\n``, ``\\r``) as ``\\n``; nothing else changes."""
    return unicodedata.normalize("NFC", _LINE_ENDS.sub("\n", text))


def decode_text(data: bytes, path: Path) -> tuple[str, tuple[str, ...]]:
    """Decode the bytes of a text file: ``(text, notes)``; raise :class:`DataError` if it cannot."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as error:
                name = encoding.upper()
                raise DataError(
                    f"{path}: starts with a {name} byte-order mark but byte {error.start + len(bom)} "
                    f"is not valid {name}"
                ) from None
            notes = () if encoding == "utf-8" else (f"decoded from {encoding.upper()[:6]}",)
            return normalise(text), notes
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return _decode_legacy(data, path, error.start)
    converted = font_encoded(text)
    if converted is not None:
        return converted[0], (f"converted from {converted[1]} (its bytes saved as characters in UTF-8)",)
    return normalise(text), ()


def font_encoded(text: str) -> tuple[str, str] | None:
    """A legacy text kept as Unicode character by character: ``(text converted, encoding)``.

    Text typed in a TCVN3 or VNI font is stored by Word, a PDF or a copy from either as the
    Windows-1252 characters of its bytes ("Céng hoµ x· héi"). It is converted when those bytes
    read as Vietnamese in one legacy encoding (and in one only) and the characters themselves do
    not; ``None`` otherwise.
    """
    if text.isascii():
        return None
    data = legacy.western_bytes(text)
    if data is None:
        return None
    best, second, _ = legacy.readings(data)
    confident = best.accented_words >= MIN_ACCENTED_WORDS and best.share >= CONFIDENT_SHARE
    if confident and (second.share < CONFIDENT_SHARE or second.text == best.text):
        accented, syllables = legacy.count_syllables(text)
        if syllables < LIKELY_SHARE * accented:
            return normalise(legacy.decode(best.encoding, data)), best.encoding
    return None


def _decode_legacy(data: bytes, path: Path, bad_at: int) -> tuple[str, tuple[str, ...]]:
    lenient = data.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd")
    if sum(not ch.isascii() for ch in lenient) - bad >= 10 * bad:
        # Many good multi-byte sequences and a few bad ones: a damaged UTF-8 file, not a legacy one.
        raise DataError(
            f"{path}: UTF-8 with {bad} invalid byte sequence{'s' if bad > 1 else ''}, the first at byte "
            f"{bad_at}; the file is damaged: repair it or save it again as UTF-8"
        )
    best, second, _ = legacy.readings(data)
    if best.accented_words >= MIN_ACCENTED_WORDS and best.share >= CONFIDENT_SHARE:
        if second.share >= CONFIDENT_SHARE and second.text != best.text:
            # A few words can read as Vietnamese in two encodings; a document cannot.
            raise DataError(
                f"{path}: not UTF-8 (byte {bad_at}); it reads as Vietnamese both in {best.encoding} and in "
                f"{second.encoding}: too little accented text to tell; convert it to UTF-8 by hand"
            )
        return normalise(legacy.decode(best.encoding, data)), (f"converted from {best.encoding}",)
    if best.accented_words >= MIN_ACCENTED_WORDS and best.share >= LIKELY_SHARE:
        raise DataError(
            f"{path}: not UTF-8 (byte {bad_at}); it looks like {best.encoding}, but only "
            f"{best.share:.0%} of its accented words read as Vietnamese in {best.encoding}, too few to "
            f"convert it safely; convert it to UTF-8 with a tool that knows its fonts"
        )
    western = data.decode("cp1252", errors="replace")
    if "\ufffd" not in western and not _CONTROLS.search(western) and _letters_share(western) > 0.6:
        raise DataError(
            f"{path}: not UTF-8 (byte {bad_at}) and not Vietnamese in TCVN3, VNI or Windows-1258; "
            "it is most likely Windows-1252 (Latin-1) text in a Western European language; "
            "save it as UTF-8 if it is meant to be read"
        )
    raise DataError(
        f"{path}: undecodable: not UTF-8 (byte {bad_at}), UTF-16 with a byte-order mark, or Vietnamese "
        "in TCVN3, VNI or Windows-1258"
    )


def _letters_share(text: str) -> float:
    """The share of non-space characters that are letters."""
    visible = [ch for ch in text if not ch.isspace()]
    return sum(ch.isalpha() for ch in visible) / len(visible) if visible else 0.0
