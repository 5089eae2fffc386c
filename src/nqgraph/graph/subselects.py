"""The sub-selects that are members of a query's outermost WHERE group, read from its text.

Each is joined with the rest of the group unless it stands under OPTIONAL, MINUS, GRAPH, SERVICE,
EXISTS or in a UNION. :mod:`nqgraph.graph.answer_keys` uses them to choose the key an answer is
brought up to date by: a sub-select that does not project the key is read whole when the query is
asked for a few of the key's values (:func:`nqgraph.graph.paging.restrict` binds it only in the
sub-selects that project it).
"""

from __future__ import annotations

from dataclasses import dataclass

from nqgraph.graph.paging import TOKENS, group_end
from nqgraph.graph.sparql import where_brace

# Keywords before a group that make it other than a plain member of the group around it.
_NOT_JOINED = frozenset(("OPTIONAL", "MINUS", "GRAPH", "SERVICE", "EXISTS", "UNION"))


@dataclass(frozen=True)
class SubSelect:
    """A sub-select of the outermost WHERE group: the variables it projects as such (not those
    ``AS`` an expression), and whether it is joined with the rest of the group."""

    projected: frozenset[str]
    joined: bool


def subselects(text: str) -> list[SubSelect]:
    """The sub-selects that are members of the outermost WHERE group of the SELECT query ``text``.

    >>> q = "SELECT * WHERE { { SELECT ?a ?b WHERE { ?a ?p ?b } } OPTIONAL { SELECT ?b WHERE { ?b ?q 1 } } }"
    >>> subselects(q) == [SubSelect(frozenset("ab"), True), SubSelect(frozenset("b"), False)]
    True
    >>> q = "SELECT * { { SELECT ?a (COUNT(?b) AS ?n) { ?a ?p ?b } GROUP BY ?a } UNION { ?a ?p 1 } }"
    >>> subselects(q)
    [SubSelect(projected=frozenset({'a'}), joined=False)]
    >>> subselects("SELECT ?x WHERE { ?x ?p ?o }")
    []
    """
    found: list[SubSelect] = []
    previous = ""
    depth = 0
    skip_to = where_brace(text)
    for match in TOKENS.finditer(text, skip_to):
        token = match.group()
        if match.start() < skip_to or token.startswith("#"):
            continue  # inside a member group already read, or a comment
        if token == "{" and depth == 1:
            end = group_end(text, match.start()) + 1
            projected = _projection(text, match.start(), end)
            if projected is not None:
                found.append(SubSelect(projected, previous.upper() not in _NOT_JOINED))
            skip_to, previous = end, "}"
            continue
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth == 0:
                break
        elif token.upper() == "UNION" and found:
            # The group before UNION is a branch too (conservatively, whichever sub-select came last).
            found[-1] = SubSelect(found[-1].projected, False)
        previous = token
    return found


def _projection(text: str, start: int, end: int) -> frozenset[str] | None:
    """The variables projected by the sub-select whose group spans ``text[start:end]``, or None when
    the group holds something else."""
    words = (m.group() for m in TOKENS.finditer(text, start + 1, end) if not m.group().startswith("#"))
    if next(words, "").upper() != "SELECT":
        return None
    projected: set[str] = set()
    parentheses = 0
    for token in words:
        if token == "{":
            return frozenset(projected)
        if token == "(":
            parentheses += 1
        elif token == ")":
            parentheses -= 1
        elif token[0] in "?$" and parentheses == 0:
            projected.add(token[1:])
    return None
