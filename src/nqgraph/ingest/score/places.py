"""Where sentences stand in a source text, so that two facts can be said to share a sentence."""

from __future__ import annotations

import re

from nqgraph.text import collapse, nfc

# Layout residue of the converted texts that ``nq:sourceText`` never quotes.
_MARKUP = re.compile(r"\[bookmark:[^\]]*\]|\*\*|\*|</?b>")


class Places:
    """Find sentences in a source text, comparing them in the form the conventions quote in.

    Layout residue (Markdown emphasis, bookmarks, table separators) is dropped and whitespace
    collapsed, as for every ``nq:sourceText``; offsets are kept into the original text so that a
    drafted fact's ``nq:spanStart``/``nq:spanEnd`` land in the same coordinates.
    """

    def __init__(self, text: str) -> None:
        text = nfc(text)
        drop = bytearray(len(text))
        for m in _MARKUP.finditer(text):
            drop[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
        chars: list[str] = []
        origin: list[int] = []
        space = True
        for i, ch in enumerate(text):
            if drop[i]:
                continue
            if ch.isspace() or ch == "|":
                if not space:
                    chars.append(" ")
                    origin.append(i)
                    space = True
                continue
            chars.append(ch)
            origin.append(i)
            space = False
        self.form = "".join(chars)
        self.origin = origin
        self._cache: dict[str, tuple[tuple[int, int], ...]] = {}

    def find(self, sentence: str) -> tuple[tuple[int, int], ...]:
        """Every place (original offsets) where ``sentence`` stands in the text."""
        needle = collapse(_MARKUP.sub("", nfc(sentence)).replace("|", " "))
        if not needle:
            return ()
        if needle not in self._cache:
            found = []
            start = self.form.find(needle)
            while start >= 0:
                end = start + len(needle) - 1
                found.append((self.origin[start], self.origin[end] + 1))
                start = self.form.find(needle, start + 1)
            self._cache[needle] = tuple(found)
        return self._cache[needle]
