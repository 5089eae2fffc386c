"""Components quoted whole: viewpoints, general objectives, key tasks and solutions."""

from __future__ import annotations

from collections.abc import Set

from nqgraph.ingest.extract.components import component, provenance
from nqgraph.ingest.extract.sentences import quote, sentences
from nqgraph.ingest.extract.state import DraftState, path_slug
from nqgraph.ingest.model import Span
from nqgraph.ingest.structure import Node


def add_viewpoint(state: DraftState, node: Node, spans: list[tuple[Span, bool]]) -> None:
    """A viewpoint (``nq:Viewpoint``) quoting ``spans``, labelled by its first sentence."""
    if not spans:
        return
    span = Span(spans[0][0].start, spans[-1][0].end)
    n = state.next("viewpoint")
    first = sentences(state.text, span)
    label = quote(state.text, first[0]) if first else quote(state.text, span)
    res = component(state, f"{state.document}/viewpoint/{n}", ["nq:Viewpoint"], node, span, label)
    provenance(state, res, span)
    state.add(res)


def add_key_task(state: DraftState, node: Node, categories: Set[str]) -> None:
    """A key task or solution named by the heading of ``node``."""
    if node.title is None:
        return
    types = []
    if "task" in categories:
        types.append("nq:KeyTask")
    if "solution" in categories:
        types.append("nq:Solution")
    kind = "key" if "task" in categories else "solution"
    title = node.title
    res = component(
        state,
        f"{state.document}/task/{kind}-{path_slug(node.path)}",
        types,
        node,
        title,
        quote(state.text, title),
    )
    provenance(state, res, title)
    state.add(res)


def add_general_objective(state: DraftState, node: Node, sentence: Span) -> None:
    """A general objective (``nq:GeneralObjective``) quoting ``sentence``."""
    n = state.next("objective")
    subject = f"{state.document}/objective/{n}"
    res = component(state, subject, ["nq:GeneralObjective"], node, sentence, quote(state.text, sentence))
    provenance(state, res, sentence)
    state.add(res)
