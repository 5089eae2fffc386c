"""The ontology page."""

from __future__ import annotations

from typing import Any

from rdflib.term import URIRef

from nqgraph.namespaces import NQ
from nqgraph.publish.site.context import SKOS, Site


def ontology_page(site: Site) -> None:
    idx = site.idx
    page = "ontology.html"
    terms: dict[str, list[dict[str, Any]]] = {
        "classes": [],
        "objectProperties": [],
        "datatypeProperties": [],
        "individuals": [],
    }
    kinds = {
        "http://www.w3.org/2002/07/owl#Class": "classes",
        "http://www.w3.org/2002/07/owl#ObjectProperty": "objectProperties",
        "http://www.w3.org/2002/07/owl#DatatypeProperty": "datatypeProperties",
        "http://www.w3.org/2002/07/owl#NamedIndividual": "individuals",
    }
    for s in sorted(idx.out, key=str):
        if not (isinstance(s, URIRef) and str(s).startswith(NQ)):
            continue
        kind = next((kinds[t] for t in sorted(idx.types(s)) if t in kinds), None)
        if kind is None:
            continue
        supers = idx.objects(s, "http://www.w3.org/2000/01/rdf-schema#subClassOf") + idx.objects(
            s, "http://www.w3.org/2000/01/rdf-schema#subPropertyOf"
        )
        terms[kind].append(
            {
                "name": str(s)[len(NQ) :],
                "iri": str(s),
                "vi": idx.label(s, "vi"),
                "en": idx.label(s, "en"),
                "definition": idx.text(s, SKOS + "definition"),
                "supers": [site.ref(x, page) for x in supers if isinstance(x, URIRef) and x != s],
                "domain": [
                    site.ref(x, page) for x in idx.objects(s, "http://www.w3.org/2000/01/rdf-schema#domain")
                ],
                "range": [
                    site.ref(x, page) for x in idx.objects(s, "http://www.w3.org/2000/01/rdf-schema#range")
                ],
            }
        )
    site.write_listing(page, "ontology.html", vi="Ontology", en="Ontology", terms=terms)
