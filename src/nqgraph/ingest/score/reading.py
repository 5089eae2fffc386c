"""Reading the facts of one side (the curated data of a text, or a draft) kind by kind: targets,
observations, assignments, appendix rows, citations and section paths, each as a ``Fact`` whose key
holds the normalised values that the other side must repeat."""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from nqgraph.ingest.score.places import Places
from nqgraph.ingest.score.result import Fact
from nqgraph.ingest.score.values import decimal_text, document_number, local, nq, short, year
from nqgraph.text import collapse, nfc

ROLES = (("lead", "leadAgency"), ("participant", "participant"), ("supervisor", "supervisor"))

# The classes whose instances are scored as facts; sections are read apart, by their path.
_COMPONENTS = ("Target", "RelativeTarget", "Observation", "Assignment", "AppendixTask", "Citation")


@dataclass
class Side:
    """The components of one side and how to read their sentences."""

    graph: Graph
    components: list[Node]
    sentences: Callable[[Node], list[str]]
    places: Places | None
    spans: bool = False  # only a draft records where in the text it read a fact
    names: Callable[[Node], str] = str
    facts: dict[str, list[Fact]] = field(default_factory=lambda: defaultdict(list))

    def where(self, node: Node) -> tuple[str, tuple[tuple[int, int], ...]]:
        sentences = self.sentences(node)
        places: list[tuple[int, int]] = []
        if self.places is not None:
            for s in sentences:
                places += self.places.find(s)
        if self.spans:
            start, end = self.graph.value(node, nq("spanStart")), self.graph.value(node, nq("spanEnd"))
            if start is not None and end is not None:
                with contextlib.suppress(ValueError):
                    places.append((int(str(start)), int(str(end))))
        return (sentences[0] if sentences else ""), tuple(sorted(set(places)))

    def add(self, kind: str, node: Node, key: tuple[str, ...], text: str, date: str = "") -> None:
        sentence, places = self.where(node)
        self.facts[kind].append(Fact(kind, key, text, sentence, str(node), places, date))


def components(graph: Graph) -> list[Node]:
    """Every scored component of a graph, in IRI order so that facts are listed alike each run."""
    found = {s for c in _COMPONENTS for s in graph.subjects(RDF.type, nq(c))}
    return sorted(found, key=str)


def read_components(side: Side, value: Callable[[Node, URIRef], Node | None]) -> None:
    """Add the facts of every component of ``side``; ``value`` reads a property of a cited document,
    which a draft may name without repeating what the curated data knows of it."""
    g = side.graph
    for node in side.components:
        types = {local(t) for t in g.objects(node, RDF.type)}
        if types & {"Target", "RelativeTarget"}:
            relative = "RelativeTarget" in types
            key: tuple[str, ...] = (
                year(g.value(node, nq("targetYear"))),
                local(g.value(node, nq("comparator"))),
                decimal_text(g.value(node, nq("value"))),
                decimal_text(g.value(node, nq("valueMax"))),
                local(g.value(node, nq("unit"))),
                local(g.value(node, nq("changeDirection"))) if relative else "",
                year(g.value(node, nq("referenceYear"))) if relative else "",
            )
            side.add("target", node, key, _describe_target(key))
        if "Observation" in types:
            seen = (
                year(g.value(node, nq("observedYear"))),
                decimal_text(g.value(node, nq("value"))),
                local(g.value(node, nq("unit"))),
            )
            side.add("observation", node, seen, f"{seen[0]}: {seen[1]} {seen[2]}".strip())
        if "Assignment" in types:
            for role, prop in ROLES:
                for agency in sorted(g.objects(node, nq(prop)), key=str):
                    name = side.names(agency)
                    side.add("assignment", node, (name, role), f"{role}: {short(name)}")
        if "AppendixTask" in types:
            leads = sorted(side.names(a) for a in g.objects(node, nq("leadAgency"))) or [""]
            ordinal = decimal_text(g.value(node, nq("ordinal")))
            for lead in leads:
                side.add("appendix", node, (ordinal, lead), f"row {ordinal}, lead {short(lead) or '(none)'}")
        if "Citation" in types:
            cited = g.value(node, nq("citedDocument"))
            if cited is None:
                continue
            number = value(cited, nq("documentNumber"))
            date = value(cited, nq("issuedOn"))
            cite: tuple[str, str]
            if number is not None:
                cite = ("number", document_number(str(number)))
                text = f"{number}" + (f" of {date}" if date is not None else "")
            else:
                # A document without a number (a congress resolution) can only be known by its IRI.
                cite = ("document", side.names(cited))
                text = short(cite[1])
            side.add("citation", node, cite, text, date=str(date) if date is not None else "")


def _describe_target(key: tuple[str, ...]) -> str:
    when, comparator, value, value_max, unit, direction, reference = key
    amount = f"{value}–{value_max}" if value_max else value
    text = f"{when}: {comparator} {amount} {unit}"
    if direction:
        text += f" ({direction} over {reference or '?'})"
    return text


def read_sections(side: Side, nodes: Iterable[Node]) -> None:
    """Add the ``nq:sectionPath`` of every section as a fact: the outline as the text numbers it."""
    for node in nodes:
        for path in side.graph.objects(node, nq("sectionPath")):
            text = collapse(nfc(str(path)))
            side.add("section", node, (text,), text)
