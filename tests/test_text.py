"""Folding and whitespace: the fast forms give what their plain definitions give, for every character."""

from __future__ import annotations

import re
import sys
import unicodedata

from nqgraph.text import collapse, fold


def plain_fold(text: str) -> str:
    """fold() by its definition: drop every combining character after NFD, casefold, collapse."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", bare.casefold()).strip()


# Every character of the Basic Multilingual Plane and every 101st beyond it (the whole range takes
# half a minute).
CHARACTERS = [chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF]
CHARACTERS += [chr(c) for c in range(0x10000, sys.maxunicode + 1, 101)]


def test_fold_agrees_with_its_definition_on_characters_of_every_plane() -> None:
    differ = [
        hex(ord(ch))
        for ch in CHARACTERS
        if fold(f"Ủy {ch}\u0301{ch}\u034f x") != plain_fold(f"Ủy {ch}\u0301{ch}\u034f x")
    ]
    assert differ == []


def test_fold_keeps_the_grapheme_joiner_which_is_not_a_combining_mark() -> None:
    assert fold("a\u034fb") == "a\u034fb"
    assert fold("Tỉnh ủy Điện Biên\u0323") == "tinh uy dien bien"


def test_collapse_splits_at_the_whitespace_of_the_regular_expression() -> None:
    spaces = [ch for ch in CHARACTERS if re.fullmatch(r"\s", ch)]
    assert len(spaces) > 20
    assert [ch for ch in spaces if collapse(f"a{ch}{ch}b{ch}") != "a b"] == []
    assert collapse("\u00a0 Điện\u2003Biên\n") == "Điện Biên"
