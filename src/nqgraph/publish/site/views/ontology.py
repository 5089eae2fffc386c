"""The ontology page, with an anchor at each term's IRI fragment.

The page is written twice: ``ontology.html``, which the site's menu links to, and
``ontology/index.html``, at the path of the ontology's IRI, so that with the site hosted at
``https://w3id.org/nqgraph/`` every ``nq:`` term (``https://w3id.org/nqgraph/ontology#Target``)
opens at its own documentation, as it does under ``nqgraph serve``.
"""

from __future__ import annotations

from typing import Any

from rdflib.term import URIRef

from nqgraph.namespaces import NQ, RDF_TYPE
from nqgraph.publish.site.addresses import BASE
from nqgraph.publish.site.context import SKOS, Ref, Site

RDFS = "http://www.w3.org/2000/01/rdf-schema#"
KINDS = {
    "http://www.w3.org/2002/07/owl#Class": "classes",
    "http://www.w3.org/2002/07/owl#ObjectProperty": "objectProperties",
    "http://www.w3.org/2002/07/owl#DatatypeProperty": "datatypeProperties",
    "http://www.w3.org/2002/07/owl#NamedIndividual": "individuals",
}
IRI_PAGE = "ontology/index.html"


def terms_for(site: Site, page: str) -> dict[str, list[dict[str, Any]]]:
    """Every ``nq:`` term by kind, with links relative to ``page``."""
    idx = site.idx
    terms: dict[str, list[dict[str, Any]]] = {kind: [] for kind in KINDS.values()}
    # The subjects typed with one of the kinds: every term the page lists, without walking the graph.
    typed = {s for kind in KINDS for s in idx.subjects(RDF_TYPE, URIRef(kind))}
    for s in sorted(typed, key=str):
        if not (isinstance(s, URIRef) and str(s).startswith(NQ)):
            continue
        kind = next((KINDS[t] for t in sorted(idx.types(s)) if t in KINDS), None)
        if kind is None:
            continue
        supers = idx.objects(s, RDFS + "subClassOf") + idx.objects(s, RDFS + "subPropertyOf")
        terms[kind].append(
            {
                "name": str(s)[len(NQ) :],
                "iri": str(s),
                "vi": idx.label(s, "vi"),
                "en": idx.label(s, "en"),
                "definition": idx.text(s, SKOS + "definition"),
                "supers": [site.ref(x, page) for x in supers if isinstance(x, URIRef) and x != s],
                "domain": [site.ref(x, page) for x in idx.objects(s, RDFS + "domain")],
                "range": [site.ref(x, page) for x in idx.objects(s, RDFS + "range")],
            }
        )
    return terms


def ontology_page(site: Site) -> None:
    page = "ontology.html"
    site.write_listing(page, "ontology.html", vi="Ontology", en="Ontology", terms=terms_for(site, page))
    site.write(
        IRI_PAGE,
        "ontology.html",
        crumbs=[Ref("./", "Ontology", "Ontology")],
        backlinks=[],
        jsonld={
            "@context": "https://schema.org",
            "@type": "CollectionPage",
            "@id": BASE + "ontology",
            "name": [{"@value": "Ontology", "@language": "vi"}, {"@value": "Ontology", "@language": "en"}],
            "isPartOf": {"@id": BASE + "dataset"},
        },
        data_href=site.rel("downloads/nqgraph.ttl", IRI_PAGE),
        jsonld_href=site.rel("downloads/nqgraph.jsonld" if site.full else "downloads/nqgraph.ttl", IRI_PAGE),
        terms=terms_for(site, IRI_PAGE),
    )
