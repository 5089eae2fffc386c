"""IRIs nqgraph relies on: namespaces, named graphs, prefixes for serialisation."""

from __future__ import annotations

NQ = "https://w3id.org/nqgraph/ontology#"
ONTOLOGY = "https://w3id.org/nqgraph/ontology"
ID = "https://w3id.org/nqgraph/id/"
GRAPH = "https://w3id.org/nqgraph/graph/"
GRAPH_ONTOLOGY = GRAPH + "ontology"
GRAPH_ASSERTED = GRAPH + "asserted"
GRAPH_INFERRED = GRAPH + "inferred"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SH = "http://www.w3.org/ns/shacl#"
RDF_TYPE = RDF + "type"

PREFIXES: dict[str, str] = {
    "dcterms": "http://purl.org/dc/terms/",
    "eli": "http://data.europa.eu/eli/ontology#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "id": ID,
    "nq": NQ,
    "org": "http://www.w3.org/ns/org#",
    "owl": OWL,
    "prov": "http://www.w3.org/ns/prov#",
    "qudt": "http://qudt.org/schema/qudt/",
    "rdf": RDF,
    "rdfs": RDFS,
    "schema": "https://schema.org/",
    "sh": SH,
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "time": "http://www.w3.org/2006/time#",
    "unit": "http://qudt.org/vocab/unit/",
    "xsd": XSD,
}
