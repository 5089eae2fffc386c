"""What a pushed graph holds as text, and the SPARQL updates that turn one such state into another.

A graph is kept as N-Triples lines: triples without blank nodes one line each, and every
structure joined by blank nodes (an OWL list, a restriction) as one *component*: its lines with
the blank nodes relabelled canonically (``_:b0``, ``_:b1``, … in an order fixed by their content),
so that the same structure read twice, with other labels, gives the same text. Two states are
compared line by line and component by component.

The updates never carry a blank node in ``DELETE DATA`` (SPARQL forbids it): a removed component
is deleted by ``DELETE { pattern } WHERE { pattern }`` with its blank nodes as variables, which
matches the server's copy of the structure whatever its blank-node identifiers; an added one is
inserted by ``INSERT { … } WHERE {}`` (Virtuoso refuses blank nodes in ``INSERT DATA``). Every
term comes from the RDF parser's N-Triples output and the graph name passes
:func:`nqgraph.graph.sparql.term_n3`, so no text given by a user becomes SPARQL syntax.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import URIRef

from nqgraph.graph.sparql import term_n3

# Rounds of neighbourhood hashing before blank nodes are ordered; structures in real data are
# trees a few levels deep, and a tie left after them costs a needless resend, never a wrong one.
_ROUNDS = 4


@dataclass
class Snapshot:
    """One graph as text: ``lines`` without blank nodes, ``components`` with them (canonical)."""

    lines: list[str]
    components: list[str]

    @property
    def triples(self) -> int:
        return len(self.lines) + sum(component_size(c) for c in self.components)


@dataclass(frozen=True)
class Delta:
    """What turns one snapshot into another, in the order it is sent."""

    removed: list[str]
    added: list[str]
    removed_components: list[str]
    added_components: list[str]

    @property
    def removed_triples(self) -> int:
        return len(self.removed) + sum(component_size(c) for c in self.removed_components)

    @property
    def added_triples(self) -> int:
        return len(self.added) + sum(component_size(c) for c in self.added_components)

    @property
    def empty(self) -> bool:
        return not (self.removed or self.added or self.removed_components or self.added_components)


def component_size(component: str) -> int:
    return component.count("\n") + 1


def _has_blank(t: ox.Triple) -> bool:
    return isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)


def snapshot(triples: Sequence[ox.Triple]) -> Snapshot:
    """The snapshot of a graph's triples (in their order; components in the order first met)."""
    plain = [t for t in triples if not _has_blank(t)]
    blank = [t for t in triples if _has_blank(t)]
    text = ox.serialize(plain, format=ox.RdfFormat.N_TRIPLES) or b""
    lines = text.decode("utf-8").splitlines()
    return Snapshot(lines=lines, components=[canonical(c) for c in _components(blank)])


def _components(triples: Sequence[ox.Triple]) -> list[list[ox.Triple]]:
    """Triples joined by shared blank nodes, each group in the given order."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while x != root:
            parent[x], x = root, parent[x]
        return root

    def nodes(t: ox.Triple) -> list[str]:
        return [n.value for n in (t.subject, t.object) if isinstance(n, ox.BlankNode)]

    for t in triples:
        ends = [find(n) for n in nodes(t)]
        if len(ends) == 2 and ends[0] != ends[1]:
            parent[ends[0]] = ends[1]
    groups: dict[str, list[ox.Triple]] = defaultdict(list)
    for t in triples:
        groups[find(nodes(t)[0])].append(t)
    return list(groups.values())


def canonical(triples: Sequence[ox.Triple]) -> str:
    """A component's N-Triples lines, sorted, with its blank nodes labelled by their content."""

    def term(node: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple, labels: dict[str, str]) -> str:
        return labels[node.value] if isinstance(node, ox.BlankNode) else str(node)

    blanks = sorted({n.value for t in triples for n in (t.subject, t.object) if isinstance(n, ox.BlankNode)})
    colour = dict.fromkeys(blanks, "")
    for _ in range(_ROUNDS):
        seen: dict[str, list[str]] = {b: [] for b in blanks}
        for t in triples:
            for role, node in (("s", t.subject), ("o", t.object)):
                if isinstance(node, ox.BlankNode):
                    labels = {b: "_:" + colour[b] for b in blanks}
                    labels[node.value] = "_:self"
                    line = f"{role} {term(t.subject, labels)} {t.predicate} {term(t.object, labels)}"
                    seen[node.value].append(line)
        colour = {
            b: hashlib.sha256("\n".join(sorted(seen[b])).encode("utf-8")).hexdigest()[:16] for b in blanks
        }
    order = sorted(blanks, key=lambda b: (colour[b], b))
    labels = {b: f"_:b{i}" for i, b in enumerate(order)}
    return "\n".join(
        sorted(f"{term(t.subject, labels)} {t.predicate} {term(t.object, labels)} ." for t in triples)
    )


def diff(old: Snapshot, new: Snapshot) -> Delta:
    """What to remove from ``old`` and add to it to make ``new``, each list in a stable order."""
    old_lines, new_lines = set(old.lines), set(new.lines)
    old_comps, new_comps = set(old.components), set(new.components)
    return Delta(
        removed=[line for line in old.lines if line not in new_lines],
        added=[line for line in new.lines if line not in old_lines],
        removed_components=[c for c in old.components if c not in new_comps],
        added_components=[c for c in new.components if c not in old_comps],
    )


def _pattern(component: str) -> str:
    """A component as a graph pattern: its blank nodes become variables of the same label."""
    out: list[str] = []
    for t in ox.parse(component.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES):
        parts = [
            ("?" + n.value) if isinstance(n, ox.BlankNode) else str(n)
            for n in (t.subject, t.predicate, t.object)
        ]
        out.append(" ".join(parts) + " .")
    return "\n".join(out)


def _batches(items: Iterable[str], size: int, weight: Iterable[int]) -> Iterator[list[str]]:
    batch: list[str] = []
    held = 0
    for item, w in zip(items, weight, strict=True):
        if batch and held + w > size:
            yield batch
            batch, held = [], 0
        batch.append(item)
        held += w
    if batch:
        yield batch


def updates(graph: str, delta: Delta, *, batch: int) -> list[str]:
    """The SPARQL Update requests that apply ``delta`` to ``graph``, about ``batch`` triples each.

    Removals go first; a request holds several operations joined by ``;``, so a delta of at most
    ``batch`` triples travels in one request (one transaction on Virtuoso).
    """
    name = term_n3(URIRef(graph))
    ops: list[tuple[str, int]] = []
    for part in _batches(delta.removed, batch, [1] * len(delta.removed)):
        ops.append((f"DELETE DATA {{ GRAPH {name} {{\n" + "\n".join(part) + "\n} }", len(part)))
    for comp in delta.removed_components:
        pattern = _pattern(comp)
        ops.append(
            (
                f"DELETE {{ GRAPH {name} {{\n{pattern}\n}} }} WHERE {{ GRAPH {name} {{\n{pattern}\n}} }}",
                component_size(comp),
            )
        )
    for part in _batches(delta.added, batch, [1] * len(delta.added)):
        ops.append((f"INSERT DATA {{ GRAPH {name} {{\n" + "\n".join(part) + "\n} }", len(part)))
    for comp in delta.added_components:
        ops.append((f"INSERT {{ GRAPH {name} {{\n{comp}\n}} }} WHERE {{}}", component_size(comp)))
    return [";\n".join(group) for group in _group(ops, batch)]


def _group(ops: list[tuple[str, int]], size: int) -> Iterator[list[str]]:
    texts = [text for text, _ in ops]
    yield from _batches(texts, size, [w for _, w in ops])
