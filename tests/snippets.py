"""Build small data folders for tests: a valid prelude plus the snippet under test."""

from __future__ import annotations

import re
from pathlib import Path

import nqgraph
from nqgraph.graph.validation import Finding, load_shapes, validate_store

PREFIXES = """@base <https://w3id.org/nqgraph/id/> .
@prefix nq: <https://w3id.org/nqgraph/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

PRELUDE = (
    PREFIXES
    + """
id:province/p a nq:Province ; rdfs:label "Tỉnh P"@vi, "P province"@en .
id:agency/p/a a nq:Agency ; rdfs:label "Cơ quan A"@vi, "Agency A"@en ; nq:province id:province/p .
id:agency/p/b a nq:Agency ; rdfs:label "Cơ quan B"@vi, "Agency B"@en ; nq:province id:province/p .
id:indicator/i a nq:Indicator ; rdfs:label "Chỉ số I"@vi, "Indicator I"@en ;
    skos:prefLabel "Chỉ số I"@vi ; nq:unit nq:Percent .
id:eli/p/tu/2021/1-nq-tu a nq:Resolution ; rdfs:label "Nghị quyết 1"@vi, "Resolution 1"@en ;
    nq:documentNumber "1-NQ/TU" ; nq:issuedOn "2021-07-29"^^xsd:date ; nq:issuedBy id:agency/p/a ;
    nq:province id:province/p .
id:eli/p/tu/2025/2-nq-tu a nq:Resolution ; rdfs:label "Nghị quyết 2"@vi, "Resolution 2"@en ;
    nq:documentNumber "2-NQ/TU" ; nq:issuedOn "2025-02-27"^^xsd:date ; nq:issuedBy id:agency/p/a ;
    nq:province id:province/p .
"""
)


def turtle(text: str) -> str:
    """Snippets write ``id:a/b`` for readability; Turtle local names cannot hold ``/``."""
    return re.sub(r"\bid:([A-Za-z0-9_./-]+[A-Za-z0-9_])", r"<\1>", text)


def write_data(folder: Path, snippet: str, *, prelude: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if prelude:
        (folder / "prelude.ttl").write_text(turtle(PRELUDE), encoding="utf-8")
    (folder / "snippet.ttl").write_text(turtle(PREFIXES + snippet), encoding="utf-8")
    return folder


def findings_for(folder: Path, snippet: str) -> list[Finding]:
    """Load, reason and validate the prelude plus ``snippet``; return every SHACL finding.

    Both validators run, and must agree finding for finding (message and value included), so
    every shape case is also a test of the compiled validator against pySHACL.
    """
    kg = nqgraph.open_graph(data=write_data(folder, snippet))
    shapes = load_shapes(kg.inputs.shapes)
    fast, reference = (
        validate_store(kg.store, shapes, defined_in=kg.loaded.defined_in, validator=v)
        for v in ("sparql", "pyshacl")
    )
    assert fast.findings == reference.findings
    return list(fast.findings)
