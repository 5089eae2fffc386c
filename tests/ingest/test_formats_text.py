"""Plain-text sources: UTF-8 in any form, and the legacy Vietnamese encodings converted or refused."""

from __future__ import annotations

import codecs
import random
import shutil
import subprocess
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from nqgraph.errors import DataError
from nqgraph.ingest.formats import read_source
from nqgraph.ingest.formats.legacy import TCVN3_TABLE, VNI_TABLE, is_syllable
from nqgraph.ingest.model import Span
from nqgraph.text import fold

TONES = "\u0301\u0300\u0309\u0303\u0323"
VOWELS = "aăâeêioôơuưy"
# Every Vietnamese letter, lower and upper case, with every tone, each in a syllable.
LETTERS = [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in ("", *TONES)] + ["đ"]
WORDS = [f"b{ch}n" if ch != "đ" else "đan" for ch in LETTERS]
SYLLABLES = " ".join(WORDS) + "\n" + " ".join(word.upper() for word in WORDS)
SENTENCE = (
    "Nghị quyết của Ban Chấp hành Đảng bộ tỉnh về phát triển nguồn nhân lực đến năm 2030; "
    "phấn đấu tỷ lệ lao động qua đào tạo đạt trên 70%, Ủy ban nhân dân tỉnh chủ trì thực hiện.\n"
    "Những người già ở Huế vẫn ưa thích quả xoài, ổi, mận và bưởi; ĐỒNG THỜI CỦNG CỐ VỮNG CHẮC.\n"
)
TEXT = SENTENCE + SYLLABLES + "\n"


def encode_tcvn3(text: str) -> bytes:
    inverse = {ch: byte for byte, ch in TCVN3_TABLE.items() if not unicodedata.combining(ch)}
    return bytes(inverse[ch] for ch in text)


def encode_vni(text: str) -> bytes:
    return "".join(VNI_TABLE.get(ch, ch) for ch in text).encode("latin-1")


def encode_cp1258(text: str) -> bytes:
    """Windows-1258 as Word wrote it: the letter (with its circumflex, breve or horn) then the tone."""
    out = bytearray()
    for ch in text:
        decomposed = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in decomposed if c in TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES))
        out += (base + tones).encode("cp1258")
    return bytes(out)


def write(tmp_path: Path, data: bytes, name: str = "source.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_the_fixture_covers_every_letter_and_tone_in_both_cases() -> None:
    assert len(set(LETTERS)) == 12 * 6 + 1
    assert all(is_syllable(word) for word in SYLLABLES.split())


@pytest.mark.parametrize(
    ("name", "encode"),
    [("TCVN3", encode_tcvn3), ("VNI", encode_vni), ("Windows-1258", encode_cp1258)],
)
def test_a_legacy_vietnamese_file_is_detected_and_converted_to_nfc(
    tmp_path: Path, name: str, encode: Callable[[str], bytes]
) -> None:
    data = encode(TEXT)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    source = read_source(write(tmp_path, data))
    assert source.text == TEXT
    assert source.format == "text"
    assert source.notes == (f"converted from {name}",)


@pytest.mark.parametrize(
    ("name", "encode"),
    [("TCVN3", encode_tcvn3), ("VNI", encode_vni), ("Windows-1258", encode_cp1258)],
)
def test_a_short_legacy_text_is_converted_right_or_refused_never_misread(
    tmp_path: Path, name: str, encode: Callable[[str], bytes]
) -> None:
    words = SENTENCE.lower().split()
    for size in (3, 5, 8):
        for start in range(len(words) - size):
            text = " ".join(words[start : start + size])
            data = encode(text)
            if data.isascii():
                continue
            try:
                source = read_source(write(tmp_path, data))
            except DataError as refused:
                assert "UTF-8" in str(refused)
                continue
            assert source.text == text, name


def test_a_text_that_reads_as_vietnamese_in_two_encodings_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="both in VNI and in Windows-1258"):
        read_source(write(tmp_path, encode_cp1258("phục vụ cho mục tiêu")))


def test_known_legacy_spellings_read_as_published() -> None:
    # The national motto as the ABC (TCVN3) and VNI fonts spell it, byte for byte.
    motto = "Cộng hoà xã hội chủ nghĩa Việt Nam"
    assert encode_tcvn3(motto) == "Céng hoµ x· héi chñ nghÜa ViÖt Nam".encode("latin-1")
    vni = "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam"
    assert encode_vni("Cộng hòa xã hội chủ nghĩa Việt Nam") == vni.encode("latin-1")


def test_a_tcvn3_heading_typed_in_the_capital_font_reads_in_capitals(tmp_path: Path) -> None:
    # The ABC fonts write capitals with a capital-letter font and the small letters' codes.
    heading = encode_tcvn3("NGHị QUYếT CủA BAN CHấP HàNH ĐảNG Bộ TỉNH\nvề phát triển nguồn nhân lực\n")
    source = read_source(write(tmp_path, heading))
    assert source.text == "NGHỊ QUYẾT CỦA BAN CHẤP HÀNH ĐẢNG Bộ TỈNH\nvề phát triển nguồn nhân lực\n"
    assert source.notes == ("converted from TCVN3",)


@pytest.mark.parametrize(
    ("stored", "name"),
    [
        ("Céng hoµ x· héi chñ nghÜa ViÖt Nam\n", "TCVN3"),
        ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam\n", "VNI"),
    ],
)
def test_a_legacy_text_saved_as_utf8_characters_is_converted(tmp_path: Path, stored: str, name: str) -> None:
    source = read_source(write(tmp_path, stored.encode()))
    assert fold(source.text) == fold("Cộng hoà xã hội chủ nghĩa Việt Nam")
    assert len(source.notes) == 1 and source.notes[0].startswith(f"converted from {name} ")


def test_western_european_utf8_text_is_left_as_it_is(tmp_path: Path) -> None:
    french = "L'été dernier, nous sommes allés à la mer près de Nîmes ; c'était très agréable.\n"
    source = read_source(write(tmp_path, french.encode()))
    assert source.text == french
    assert source.notes == ()


@pytest.mark.skipif(shutil.which("iconv") is None, reason="needs the C library's iconv")
def test_the_tcvn3_table_agrees_with_the_c_library_tcvn5712_converter() -> None:
    for byte in [*range(1, 0x18), *range(0x80, 0x100)]:
        iconv = ["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"]
        done = subprocess.run(iconv, input=bytes([byte]), capture_output=True, check=False)
        assert done.returncode == 0
        assert done.stdout.decode() == TCVN3_TABLE[byte], hex(byte)


@pytest.mark.parametrize("form", ["NFC", "NFD", "NFKC", "NFKD"])
def test_utf8_in_any_unicode_form_is_read_as_nfc(tmp_path: Path, form: str) -> None:
    source = read_source(write(tmp_path, unicodedata.normalize(form, TEXT).encode()))
    assert source.text == TEXT
    assert source.notes == ()


def test_a_byte_order_mark_and_crlf_line_ends_are_dropped_and_nothing_else_changes(tmp_path: Path) -> None:
    raw = "  Điều 1.\tNội dung  \r\n\r\nDòng cuối\rhết  "
    source = read_source(write(tmp_path, codecs.BOM_UTF8 + raw.encode()))
    assert source.text == "  Điều 1.\tNội dung  \n\nDòng cuối\nhết  "


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_a_byte_order_mark_are_accepted(tmp_path: Path, encoding: str) -> None:
    data = TEXT.encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    assert read_source(write(tmp_path, data)).text == TEXT


def test_a_transcription_from_ocr_is_one_ocr_span(tmp_path: Path) -> None:
    source = read_source(write(tmp_path, TEXT.encode()), assume_ocr=True)
    assert source.format == "ocr"
    assert source.ocr_spans == (Span(0, len(TEXT)),)


def test_latin1_french_text_is_refused_naming_its_likely_encoding(tmp_path: Path) -> None:
    french = "L'été dernier, nous sommes allés à la mer près de Nîmes ; c'était très agréable, déjà.\n"
    path = write(tmp_path, french.encode("latin-1"))
    with pytest.raises(DataError, match="Windows-1252") as refused:
        read_source(path)
    assert str(refused.value).startswith(str(path))


def test_a_utf8_file_with_a_damaged_byte_is_refused_as_damaged_utf8(tmp_path: Path) -> None:
    data = TEXT.encode()
    at = data.index("Nghị".encode()) + 3  # the middle of "ị"
    path = write(tmp_path, data[:at] + b"\xff" + data[at + 1 :])
    with pytest.raises(DataError, match=rf"UTF-8 with \d invalid byte sequences?, the first at byte {at};"):
        read_source(path)


def test_random_bytes_are_refused_as_undecodable(tmp_path: Path) -> None:
    noise = random.Random(16).randbytes(4000)
    path = write(tmp_path, noise, "noise.txt")
    with pytest.raises(DataError, match="undecodable") as refused:
        read_source(path)
    assert str(refused.value).startswith(str(path))


def test_a_damaged_legacy_file_is_refused_naming_the_encoding_it_most_likely_is(tmp_path: Path) -> None:
    data = bytearray(encode_vni(SENTENCE * 3))
    # A third of its accented words spoiled by bytes the fonts never produce.
    spoiled = random.Random(3)
    for at in spoiled.sample([i for i, b in enumerate(data) if b > 0x7F], k=len(data) // 18):
        data[at] = 0xBE
    with pytest.raises(DataError, match="looks like VNI"):
        read_source(write(tmp_path, bytes(data)))


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  ", "\ufeff \n".encode()])
def test_an_empty_file_is_refused(tmp_path: Path, content: bytes) -> None:
    path = write(tmp_path, content)
    with pytest.raises(DataError, match="empty") as refused:
        read_source(path)
    assert str(refused.value).startswith(str(path))


def test_a_missing_file_is_refused_naming_it(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="no such file"):
        read_source(tmp_path / "absent.txt")


def test_a_folder_is_refused_naming_it(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="not a file"):
        read_source(tmp_path)


def test_the_form_is_told_by_content_not_by_name(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"named \.pdf but its content is text"):
        read_source(write(tmp_path, TEXT.encode(), "resolution.pdf"))
    with pytest.raises(DataError, match=r"old Word \.doc"):
        read_source(write(tmp_path, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "resolution.txt"))
