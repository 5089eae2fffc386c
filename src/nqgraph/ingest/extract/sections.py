"""Sections of the outline: which part a heading announces, what text a node holds, its ``nq:Section``.

A heading is classified by its words ("QUAN ĐIỂM", "Mục tiêu cụ thể", "Tổ chức thực hiện"); the
part it names decides which components its content becomes (see :mod:`.walk`).
"""

from __future__ import annotations

import functools

from nqgraph.ingest.extract.components import section_iri
from nqgraph.ingest.extract.sentences import quote
from nqgraph.ingest.extract.state import DraftState
from nqgraph.ingest.model import Span
from nqgraph.ingest.structure import Node
from nqgraph.ingest.turtle import Resource, integer, iri, plain, vi
from nqgraph.text import fold

# Heading words and the part they announce; longer phrases first, because each match is
# removed ("mục tiêu tổng quát" is a general objective, not also an objective).
_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("quan diem", "viewpoint"),
    ("muc tieu tong quat", "general"),
    ("muc tieu chung", "general"),
    ("muc tieu", "objective"),
    ("chi tieu", "objective"),
    ("dinh huong", "objective"),
    ("to chuc thuc hien", "assignment"),
    ("nhiem vu", "task"),
    ("giai phap", "solution"),
    ("tinh hinh", "situation"),
    ("ket qua", "situation"),
    ("khai quat", "situation"),
    ("han che", "situation"),
    ("che do bao cao", "assignment"),
)


@functools.lru_cache(maxsize=1024)
def _categories(text: str) -> frozenset[str]:
    folded = fold(text)
    found: set[str] = set()
    rest = folded
    for word, category in _CATEGORIES:
        if word in rest:
            found.add(category)
            rest = rest.replace(word, " ")
    return frozenset(found)


def own_categories(state: DraftState, node: Node) -> frozenset[str]:
    """What a heading says its part holds ("QUAN ĐIỂM", "Mục tiêu cụ thể", "Tổ chức thực hiện")."""
    if node.title is None or node.kind in ("row", "root", "closing"):
        return frozenset()
    heading = quote(state.text, node.title)
    if node.kind != "part":
        # An item's own words ("Nâng cao … tổ chức thực hiện các chương trình") do not classify
        # it; a heading's first words do ("Mục tiêu cụ thể", "Các chỉ tiêu xã hội").
        heading = " ".join(heading.split()[:4])
    return _categories(heading)


def directly_under(state: DraftState, node: Node, category: str) -> bool:
    """Whether the heading right above ``node`` announces ``category``."""
    return node.parent is not None and category in own_categories(state, node.parent)


def content_spans(state: DraftState, node: Node) -> list[tuple[Span, bool]]:
    """The node's own text: the title when it is content (an item), then its paragraphs."""
    out: list[tuple[Span, bool]] = []
    if (
        node.title is not None
        and node.kind in ("num", "multi", "paren", "letter")
        and not is_heading(state, node)
    ):
        out.append((node.title, False))
    out.extend(zip(node.paragraphs, node.bullets, strict=True))
    return out


def is_heading(state: DraftState, node: Node) -> bool:
    """A numbered line that heads paragraphs or items (rather than being the item itself)."""
    if node.title is None:
        return True
    title = state.text[node.title.start : node.title.end]
    if node.kind in ("paren", "letter"):
        return bool(node.children)
    if not (node.paragraphs or node.children):
        return False
    return len(title) < 200


def _heading_text(state: DraftState, node: Node) -> str:
    return quote(state.text, Span(node.span.start, node.span.end))


def add_section(state: DraftState, node: Node) -> None:
    """The ``nq:Section`` of ``node``: label, heading, path, place in the outline and span."""
    res = Resource(section_iri(state, node), ["nq:Section"])
    if node.kind == "root":
        res.add("rdfs:label", vi("Phần mở đầu (trước mục I)"))
        res.add("nq:document", iri(state.document))
        res.add("nq:expression", iri(state.expression))
        res.add("nq:sectionPath", plain("Mở đầu"))
        state.add(res)
        return
    heading = _heading_text(state, node)
    label = heading if len(heading) <= 160 else heading[:157].rsplit(" ", 1)[0] + " …"
    res.add("rdfs:label", vi(label if node.kind != "row" else f"Phụ lục, STT {node.label}"))
    res.add("nq:document", iri(state.document))
    res.add("nq:expression", iri(state.expression))
    if node.parent is not None and node.parent.kind not in ("root", "closing"):
        res.add("nq:partOf", iri(section_iri(state, node.parent)))
    res.add("nq:sectionPath", plain(node.path))
    res.add("nq:heading", vi(heading if node.kind != "row" else node.label))
    if node.ordinal is not None:
        res.add("nq:ordinal", integer(node.ordinal))
    res.add("nq:spanStart", integer(node.span.start))
    res.add("nq:spanEnd", integer(node.span.end))
    state.add(res)
