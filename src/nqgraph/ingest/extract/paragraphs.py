"""One paragraph, sentence by sentence: citations, general objectives, targets and reported values."""

from __future__ import annotations

import re
from collections.abc import Set

from nqgraph.ingest.extract.citations import add_citations
from nqgraph.ingest.extract.sentences import clauses, sentences
from nqgraph.ingest.extract.state import DraftState
from nqgraph.ingest.extract.statements import add_general_objective
from nqgraph.ingest.extract.targets import add_observations, add_targets, quantities
from nqgraph.ingest.model import Span
from nqgraph.ingest.readers._text import fold_same_length
from nqgraph.ingest.structure import Node

# Words that make a number in a task or solution a target ("phấn đấu đạt 90%").
_CUE = re.compile(
    r"\b(phan dau|phan dau|dat|bao dam|dam bao|toi thieu|it nhat|giam|tang|con duoi|tren|duoi)\b"
)
# "hiện nay": the number is a value reported now, not a target, wherever it stands.
_NOW = re.compile(r"\bhien na[yỳ]\b|\bhien nay\b")
# Currencies: a sum of money outside the objectives is a budget, not a target.
_MONEY = re.compile(r"\b(dong|usd|ty|trieu dong)\b")


def add_paragraph(
    state: DraftState,
    node: Node,
    para: Span,
    categories: Set[str],
    is_bullet: bool,
    *,
    title: bool = False,
) -> None:
    """Each sentence of ``para``: its citations, then a general objective, targets or reported values."""
    text = state.text
    for sentence in sentences(text, para):
        add_citations(state, node, sentence)
        if "general" in categories and not title:
            add_general_objective(state, node, sentence)
            continue
        if "assignment" in categories or "appendix" in categories:
            continue
        situation = "situation" in categories or node.kind == "root"
        found = quantities(state, sentence)
        made = 0
        if found:
            objective = "objective" in categories
            for clause in clauses(text, sentence):
                qs = [q for q in found if clause.start <= q.span.start < clause.end]
                if not qs:
                    continue
                now = bool(_NOW.search(fold_same_length(text[clause.start : clause.end])))
                if situation or now:
                    made += add_observations(state, node, sentence, clause, qs)
                elif objective or _CUE.search(fold_same_length(text[clause.start : clause.end])):
                    if not objective:
                        # Sums of money in a task ("tổng số vốn đầu tư 285 tỷ đồng") are budgets.
                        qs = [q for q in qs if not _MONEY.search(fold_same_length(q.text))]
                    made += add_targets(state, node, sentence, clause, qs) if qs else 0
        elif (
            "objective" in categories
            and node.kind in ("paren", "letter", "num", "multi")
            and not is_bullet
            and not title
        ):
            add_general_objective(state, node, sentence)
            made += 1
        if found and not made and not title:
            state.warn(
                "number-not-extracted",
                f"This sentence holds {', '.join(repr(q.text) for q in found)} but nothing was drafted"
                " from it:"
                " is it a target or a reported value?",
                sentence,
            )


def add_citations_only(state: DraftState, node: Node, para: Span) -> None:
    """Only the citations of ``para`` (a viewpoint's text holds no targets)."""
    for sentence in sentences(state.text, para):
        add_citations(state, node, sentence)
