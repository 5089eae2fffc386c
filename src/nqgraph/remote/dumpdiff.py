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
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from nqgraph.remote.delta import Delta, diff, snapshot

_SECTION = re.compile(r"^<([^<>\s]*)> \{\n", re.MULTILINE)


class NotComparable(Exception):
    """The two dumps cannot be compared block by block; the reason is the message."""


@dataclass(frozen=True)
class DumpText:
    """A dump's prefix header and, per graph named in it, the text of its blocks."""

    header: str
    sections: dict[str, str]

    @classmethod
    def read(cls, path: Path) -> DumpText:
        return cls.parse(path.read_text(encoding="utf-8"))

    @classmethod
    def parse(cls, text: str) -> DumpText:
        found = list(_SECTION.finditer(text))
        if not found:
            return cls(header=text, sections={})
        sections: dict[str, str] = {}
        for i, m in enumerate(found):
            end = found[i + 1].start() if i + 1 < len(found) else len(text)
            body = text[m.end() : end].rstrip()
            if not body.endswith("}"):
                raise NotComparable(f"the section of <{m.group(1)}> does not end with '}}'")
            sections[m.group(1)] = body[:-1].rstrip("\n")
        return cls(header=text[: found[0].start()], sections=sections)

    @property
    def only_prefixes(self) -> bool:
        """Whether the text before the first graph declares prefixes only (no default graph)."""
        lines = [line for line in self.header.splitlines() if line.strip()]
        return all(line.startswith(("@prefix ", "@base ")) for line in lines)

    def blocks(self, graph: str) -> list[str]:
        body = self.sections[graph]
        return body.split("\n\n") if body else []


def _triples(header: str, graph: str, blocks: list[str]) -> list[ox.Triple]:
    if not blocks:
        return []
    text = header + f"\n<{graph}> {{\n" + "\n\n".join(blocks) + "\n}\n"
    try:
        quads = list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TRIG))
    except SyntaxError as exc:
        raise NotComparable(f"a changed block of <{graph}> does not parse on its own: {exc}") from exc
    return [ox.Triple(q.subject, q.predicate, q.object) for q in quads]


def changed_blocks(old: DumpText, new: DumpText, graph: str) -> tuple[list[str], list[str]]:
    """The blocks only the old dump has and those only the new one has, each in its dump's order."""
    if old.header != new.header:
        raise NotComparable("the dumps declare other prefixes")
    if graph not in old.sections or graph not in new.sections:
        raise NotComparable(f"<{graph}> is not in both dumps")
    before, after = old.blocks(graph), new.blocks(graph)
    kept_before, kept_after = set(before), set(after)
    gone = [b for b in before if b not in kept_after]
    came = [b for b in after if b not in kept_before]
    for block in (*gone, *came):
        if "_:" in block and re.search(r"(^|\s)_:\S", block):
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


def section_names(text: str) -> Iterator[str]:
    """The graph names of a dump's sections, in order."""
    for m in _SECTION.finditer(text):
        yield m.group(1)
