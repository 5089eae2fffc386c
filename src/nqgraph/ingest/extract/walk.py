"""One pass over the outline: each heading and item becomes a section, its content components.

What a node's content becomes depends on the part it stands in (its own heading's words, else
the nearest classified heading above): viewpoints under "Quan điểm", general objectives and targets
under "Mục tiêu"/"Chỉ tiêu", key tasks and solutions under "Nhiệm vụ" and "Giải pháp", assignments
under "Tổ chức thực hiện", appendix tasks in the appendix table; citations and reported values
wherever they stand.
"""

from __future__ import annotations

from collections.abc import Set

from nqgraph.ingest.extract.appendix import add_appendix_row
from nqgraph.ingest.extract.paragraphs import add_citations_only, add_paragraph
from nqgraph.ingest.extract.sections import (
    add_section,
    content_spans,
    directly_under,
    is_heading,
    own_categories,
)
from nqgraph.ingest.extract.state import DraftState
from nqgraph.ingest.extract.statements import add_key_task, add_viewpoint
from nqgraph.ingest.extract.tasks import add_assignments
from nqgraph.ingest.model import Span
from nqgraph.ingest.structure import Node


def walk(state: DraftState, node: Node, inherited: Set[str]) -> None:
    """Draft ``node`` and its children; ``inherited`` is the part the headings above announce."""
    if node.kind == "closing":
        return
    categories: Set[str]
    if node.kind == "root":
        categories = {"situation"}
        if node.paragraphs:
            add_section(state, node)
    else:
        own: Set[str] = own_categories(state, node)
        # A heading naming several parts ("QUAN ĐIỂM, MỤC TIÊU, NHIỆM VỤ VÀ GIẢI PHÁP") is a container.
        if len(own - {"situation"}) > 1 and own != {"task", "solution"}:
            own = set()
        categories = own if own and (node.paragraphs or node.children) else inherited
        if node.kind == "part" and not own:
            # A part the words do not classify ("NỘI DUNG", "VỐN ĐẦU TƯ") is no situation report.
            categories = set()
        if node.kind == "appendix":
            categories = {"appendix"}
        add_section(state, node)
    if node.kind == "row":
        add_appendix_row(state, node)
    elif node.kind not in ("root", "appendix", "part"):
        parent_own = own_categories(state, node.parent) if node.parent else frozenset()
        if {"task", "solution"} & categories and node.paragraphs and {"task", "solution"} & parent_own:
            add_key_task(state, node, categories)
        if (
            "assignment" in categories
            and node.kind in ("num", "multi")
            and directly_under(state, node, "assignment")
        ):
            add_assignments(state, node)
        elif "viewpoint" in categories and directly_under(state, node, "viewpoint"):
            add_viewpoint(state, node, content_spans(state, node))
    content = content_spans(state, node) if node.kind not in ("row", "appendix") else []
    if node.kind == "root":
        # The header (issuer, number, date, kind, title) states nothing to draft as a component.
        body = next((c.span.start for c in node.children if c.kind == "part"), len(state.text))
        spans = (state.header.title_span, state.header.date_span, state.header.number_span)
        header_end = max((sp.end for sp in spans if sp and sp.end <= body), default=0)
        content = [(_after(state.text, p, header_end), b) for p, b in content if p.end > header_end]
    # A heading may state a target itself ("6. Tỷ lệ … đạt chuẩn 100%").
    if (
        node.title is not None
        and node.kind in ("num", "multi")
        and is_heading(state, node)
        and not {"viewpoint", "assignment", "general"} & categories
    ):
        add_paragraph(state, node, node.title, categories, False, title=True)
    if node.kind == "root" or "viewpoint" not in categories or node.kind == "part":
        for para, is_bullet in content:
            add_paragraph(state, node, para, categories, is_bullet)
    else:
        for para, _b in content:
            add_citations_only(state, node, para)
    if (
        "viewpoint" in categories
        and not node.children
        and node.paragraphs
        and "viewpoint" in own_categories(state, node)
    ):
        for para in node.paragraphs:
            add_viewpoint(state, node, [(para, False)])
    for child in node.children:
        walk(state, child, categories)


def _after(text: str, para: Span, header_end: int) -> Span:
    """``para`` without the header lines it opens with: a paragraph printed right under the title
    line, with no blank line between, is read with the title as one paragraph."""
    if para.start >= header_end or para.end > header_end + 400:
        return para  # a long passage over the header's end is the body itself, kept whole
    start = header_end + len(text[header_end : para.end]) - len(text[header_end : para.end].lstrip())
    return Span(start, para.end)
