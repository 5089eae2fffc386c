"""Names for the blank nodes of a shapes graph that stay the same from one parse to the next.

A property shape is usually a blank node, whose label rdflib draws at random on every parse. A
validation result kept from one build to the next (the incremental build re-validates only what
changed) must name its shape in a way the next parse of the same files recognises, and must know
whether the shapes are still the same: :func:`blank_keys` names each blank node by its content
and by where it is used (colour refinement, as graph-isomorphism tests do), and :func:`digest`
is a hash of the whole graph under those names. Blank nodes given the same name are
interchangeable: same content, same uses, so a report naming either is the same report.
"""

from __future__ import annotations

import hashlib

from rdflib import BNode, Graph
from rdflib.term import Node


def _hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def blank_keys(g: Graph) -> dict[BNode, str]:
    """A name for every blank node of ``g`` made of its content and its uses only."""
    blanks = {n for t in g for n in (t[0], t[2]) if isinstance(n, BNode)}
    keys = {b: "" for b in blanks}

    def name(n: Node, current: dict[BNode, str]) -> str:
        return "_:" + current[n] if isinstance(n, BNode) else n.n3()

    count = 1
    # Each round folds in the names of the neighbours; it stops when no round splits a class
    # further (at most one round per blank node, far fewer for shapes).
    for _ in range(len(blanks) + 1):
        new = {
            b: _hash(
                keys[b],
                *sorted(f"> {p.n3()} {name(o, keys)}" for p, o in g.predicate_objects(b)),
                *sorted(f"< {name(s, keys)} {p.n3()}" for s, p in g.subject_predicates(b)),
            )
            for b in blanks
        }
        keys = new
        classes = len(set(keys.values()))
        if classes == count:
            break
        count = classes
    return keys


def digest(g: Graph, keys: dict[BNode, str] | None = None) -> str:
    """A hash of ``g`` that two parses of the same shapes files share and other shapes do not
    (``keys``: its :func:`blank_keys`, when already known)."""
    if keys is None:
        keys = blank_keys(g)

    def name(n: Node) -> str:
        return "_:" + keys[n] if isinstance(n, BNode) else n.n3()

    lines = sorted(f"{name(s)} {name(p)} {name(o)}" for s, p, o in g)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()
