"""The difference between two TriG dumps of nqgraph, read from their text, per named graph.

The build writes a graph as one block of text per subject (its blank nodes written inline, ``[ … ]``
or a list), blocks separated by an empty line, in a fixed order, with the same bytes for the same
triples (:mod:`nqgraph.publish.serialize`). So two dumps differ exactly in the blocks of the
subjects whose triples changed: comparing the blocks as strings finds them without parsing the
million others, and only those blocks are parsed (with the dump's prefixes) to get the triples
removed and added. Parsing a whole 1M dump took 9–20 s on the 2-core machine; comparing the blocks
takes about a second.

The shortcut is refused (:class:`NotComparable`) when it could be wrong: other prefixes, a graph
that is not in both dumps, a block that does not parse on its own, or a changed block with a
labelled blank node (``_:x``: a structure shared between subjects, which may span blocks). The
caller then compares the whole graphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from nqgraph.remote.delta import Delta, diff, snapshot

# Led by a literal newline rather than ``^`` in MULTILINE mode: the engine then jumps from newline
# to newline instead of trying every character of a 100 MB text (11 s against well under one).
_SECTION = re.compile(rb"\n<([^<>\s]*)> \{\n")


class NotComparable(Exception):
    """The two dumps cannot be compared block by block; the reason is the message."""


@dataclass(frozen=True)
class DumpText:
    """A dump's prefix header and, per graph named in it, the text of its blocks."""

    header: bytes
    sections: dict[str, bytes]

    @classmethod
    def read(cls, path: Path) -> DumpText:
        return cls.parse(path.read_bytes())

    @classmethod
    def parse(cls, text: bytes) -> DumpText:
        """Bytes, not text: a 100 MB dump decoded to a str and copied took seconds; bytes, tenths."""
        text = b"\n" + text  # so that the first section's heading follows a newline too
        found = list(_SECTION.finditer(text))
        if not found:
            return cls(header=text, sections={})
        sections: dict[str, bytes] = {}
        for i, m in enumerate(found):
            end = found[i + 1].start() if i + 1 < len(found) else len(text)
            body = text[m.end() : end].rstrip()
            name = m.group(1).decode("utf-8", errors="replace")
            if not body.endswith(b"}"):
                raise NotComparable(f"the section of <{name}> does not end with '}}'")
            sections[name] = body[:-1].rstrip(b"\n")
        return cls(header=text[: found[0].start() + 1], sections=sections)

    @property
    def only_prefixes(self) -> bool:
        """Whether the text before the first graph declares prefixes only (no default graph)."""
        lines = [line for line in self.header.splitlines() if line.strip()]
        return all(line.startswith((b"@prefix ", b"@base ")) for line in lines)

    def blocks(self, graph: str) -> list[bytes]:
        body = self.sections[graph]
        return body.split(b"\n\n") if body else []


def _triples(header: bytes, graph: str, blocks: list[bytes]) -> list[ox.Triple]:
    if not blocks:
        return []
    text = header + f"\n<{graph}> {{\n".encode() + b"\n\n".join(blocks) + b"\n}\n"
    try:
        quads = list(ox.parse(text, format=ox.RdfFormat.TRIG))
    except SyntaxError as exc:
        raise NotComparable(f"a changed block of <{graph}> does not parse on its own: {exc}") from exc
    return [ox.Triple(q.subject, q.predicate, q.object) for q in quads]


def changed_blocks(old: DumpText, new: DumpText, graph: str) -> tuple[list[bytes], list[bytes]]:
    """The blocks only the old dump has and those only the new one has, each in its dump's order."""
    if old.header != new.header:
        raise NotComparable("the dumps declare other prefixes")
    if graph not in old.sections or graph not in new.sections:
        raise NotComparable(f"<{graph}> is not in both dumps")
    if old.sections[graph] == new.sections[graph]:
        return [], []
    before, after = old.blocks(graph), new.blocks(graph)
    kept_before, kept_after = set(before), set(after)
    gone = [b for b in before if b not in kept_after]
    came = [b for b in after if b not in kept_before]
    for block in (*gone, *came):
        if b"_:" in block and re.search(rb"(^|\s)_:\S", block):
            raise NotComparable(f"a changed block of <{graph}> holds a labelled blank node")
    return gone, came


def graph_delta(old: DumpText, new: DumpText, graph: str) -> Delta:
    """What to remove and add to turn ``graph`` of the old dump into that of the new one."""
    gone, came = changed_blocks(old, new, graph)
    removed = _triples(old.header, graph, gone)
    added = _triples(new.header, graph, came)
    # A triple moves between blocks only when its subject's block is rewritten: both blocks are
    # in the change, so comparing their triples (blank-node structures canonically) is exact.
    return diff(snapshot(removed), snapshot(added))


def section_names(path: Path) -> list[str]:
    """The graph names of a dump's sections, in order, read line by line (not held whole)."""
    names: list[str] = []
    with path.open("rb") as fh:
        for line in fh:
            if line.startswith(b"<") and line.endswith(b"> {\n"):
                m = _SECTION.fullmatch(b"\n" + line)
                if m:
                    names.append(m.group(1).decode("utf-8", errors="replace"))
    return names
