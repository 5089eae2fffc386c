"""The Turtle writer gives the same bytes for the same triples, in every process."""

from __future__ import annotations

import os
import subprocess
import sys

# A validation report whose results share two constraints: blank nodes the writer must label.
# Python hashes strings differently in every process, so the triples of a set come in a
# different order each time; the labels must not follow that order.
SCRIPT = """
from rdflib import BNode, Literal, URIRef
from nqgraph.publish.serialize import turtle
SH = "http://www.w3.org/ns/shacl#"
report, first, second = BNode(), BNode(), BNode()
triples = {
    (report, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(SH + "ValidationReport")),
    (first, URIRef(SH + "message"), Literal("first constraint")),
    (second, URIRef(SH + "message"), Literal("second constraint")),
}
for n, constraint in enumerate((first, second, first, second)):
    result = BNode()
    triples |= {
        (report, URIRef(SH + "result"), result),
        (result, URIRef(SH + "focusNode"), URIRef(f"https://w3id.org/nqgraph/id/t{n}")),
        (result, URIRef(SH + "sourceConstraint"), constraint),
    }
print(turtle(triples, prefixes={"sh": SH}), end="")
"""


def _written(seed: int) -> str:
    env = {**os.environ, "PYTHONHASHSEED": str(seed)}
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True)
    return done.stdout


def test_shared_blank_nodes_get_the_same_labels_in_every_process() -> None:
    texts = {_written(seed) for seed in range(6)}
    assert len(texts) == 1, texts
    text = texts.pop()
    assert '_:b1 sh:message "first constraint"' in text
    assert '_:b2 sh:message "second constraint"' in text
