"""The dataset's own description: DCAT-AP 3 (``dcat.ttl``) and VoID (``void.ttl``).

``describe`` is called by the build after the dumps are written. The DCAT part describes a
catalog with one dataset, a distribution per dump file, and a data service for the SPARQL
endpoint, with the properties DCAT-AP 3 makes mandatory or recommended: it validates against the
official DCAT-AP 3.0.0 SHACL shapes (``docs/reference-data.md``, tested with pySHACL and RDFS entailment,
which the shapes assume: they require ``rdfs:Resource`` for IRIs such as ``dcat:endpointURL``).
Controlled values come from the EU Publications Office authority tables (data themes, languages,
file types, countries, availability), whose concepts are typed and labelled here because the
shapes check the class of every value.

The VoID part counts triples, entities, classes and properties, lists the vocabularies, the URI
space, the dumps and the endpoint, and the linksets to Wikidata and to the UN SDG data, counted
from the graph itself. Output is deterministic (``nqgraph.publish.serialize``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from nqgraph.graph.ntriples import NTriple
from nqgraph.namespaces import GRAPH_ASSERTED, GRAPH_INFERRED, GRAPH_ONTOLOGY, ID, PREFIXES, RDF_TYPE, XSD
from nqgraph.publish.serialize import turtle
from nqgraph.runtime.atomic import write_file

Triple = tuple[Node, Node, Node]

SITE = "https://w3id.org/nqgraph/"
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
VCARD = "http://www.w3.org/2006/vcard/ns#"
VOID = "http://rdfs.org/ns/void#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
DCATAP = "http://data.europa.eu/r5r/"
GSP = "http://www.opengis.net/ont/geosparql#"
ADMS = "http://www.w3.org/ns/adms#"
EU = "http://publications.europa.eu/resource/authority/"
IANA = "https://www.iana.org/assignments/media-types/"
WD = "http://www.wikidata.org/entity/"
SDG = "http://metadata.un.org/sdg/"
CC_BY = "http://creativecommons.org/licenses/by/4.0/"

DESCRIBE_PREFIXES: dict[str, str] = {
    "adms": ADMS,
    "dcat": DCAT,
    "dcatap": DCATAP,
    "dcterms": DCT,
    "foaf": FOAF,
    "gsp": GSP,
    "rdf": PREFIXES["rdf"],
    "rdfs": RDFS,
    "skos": SKOS,
    "vcard": VCARD,
    "void": VOID,
    "xsd": XSD,
}


@dataclass(frozen=True)
class Dump:
    """One downloadable file of the build."""

    name: str
    media_type: str
    file_type: str  # EU file-type authority code
    title: str
    description: str


DUMPS = (
    Dump(
        "nqgraph.trig",
        "application/trig",
        "RDF_TRIG",
        "nqgraph in TriG (named graphs)",
        "The whole graph in three named graphs: the ontology, the asserted data, and what the reasoner "
        "inferred (https://w3id.org/nqgraph/graph/{ontology,asserted,inferred}).",
    ),
    Dump(
        "nqgraph.ttl",
        "text/turtle",
        "RDF_TURTLE",
        "nqgraph in Turtle",
        "The ontology, asserted and inferred triples merged into one Turtle file.",
    ),
    Dump(
        "nqgraph.nt",
        "application/n-triples",
        "RDF_N_TRIPLES",
        "nqgraph in N-Triples",
        "The merged graph, one triple per line.",
    ),
    Dump(
        "nqgraph.jsonld",
        "application/ld+json",
        "JSON_LD",
        "nqgraph in JSON-LD",
        "The merged graph as JSON-LD.",
    ),
    Dump("targets.csv", "text/csv", "CSV", "Targets (CSV)", "One row per target, with its source sentence."),
    Dump("tasks.csv", "text/csv", "CSV", "Tasks (CSV)", "One row per task, with its agencies and deadline."),
)

# The controlled values used, with the labels the shapes require (every value's class is checked).
THEMES = {
    EU + "data-theme/GOVE": "Government and public sector",
    EU + "data-theme/SOCI": "Population and society",
    EU + "data-theme/EDUC": "Education, culture and sport",
}
LANGUAGES = {EU + "language/VIE": "Vietnamese", EU + "language/ENG": "English"}
KEYWORDS = {
    "en": ("resolution", "Communist Party of Viet Nam", "provincial government", "targets", "linked data"),
    "vi": ("nghị quyết", "tỉnh ủy", "chỉ tiêu", "nhiệm vụ"),
}


class _Builder:
    def __init__(self) -> None:
        self.triples: list[Triple] = []

    def add(self, s: str | Node, p: str, o: str | Node | int | dt.date) -> None:
        """``o`` as given if it is an RDF term (rdflib terms are ``str`` too), else an IRI from a
        ``str``, an ``xsd:date`` from a date, an ``xsd:nonNegativeInteger`` from a count."""
        subject = s if isinstance(s, URIRef | BNode) else URIRef(str(s))
        obj: Node
        if isinstance(o, URIRef | Literal | BNode):
            obj = o
        elif isinstance(o, bool):
            raise TypeError("no boolean values here")
        elif isinstance(o, int):
            obj = Literal(str(o), datatype=URIRef(XSD + "nonNegativeInteger"))
        elif isinstance(o, dt.date):
            obj = Literal(o.isoformat(), datatype=URIRef(XSD + "date"))
        elif isinstance(o, str):
            obj = URIRef(o)
        else:
            raise TypeError(f"cannot describe with {o!r}")
        self.triples.append((subject, URIRef(p), obj))

    def a(self, s: str | Node, *classes: str) -> None:
        for c in classes:
            self.add(s, RDF_TYPE, c)

    def text(self, s: str | Node, p: str, value: str, lang: str = "en") -> None:
        self.add(s, p, Literal(value, lang=lang))

    def concept(self, iri: str, label: str, scheme: str, scheme_title: str) -> None:
        self.a(iri, SKOS + "Concept")
        self.text(iri, SKOS + "prefLabel", label)
        self.add(iri, SKOS + "inScheme", scheme)
        self.a(scheme, SKOS + "ConceptScheme")
        self.text(scheme, DCT + "title", scheme_title)


# ---------------------------------------------------------------- facts from the graph


@dataclass(frozen=True)
class Facts:
    """What the description says about the data, counted from it."""

    triples: dict[str, int]
    entities: int
    classes: Counter[str]
    properties: Counter[str]
    links: Counter[tuple[str, str]]  # (predicate, target uri space) -> links
    first_issued: dt.date | None
    last_year: int | None
    provinces: tuple[str, ...]


def facts(graphs: Mapping[str, Iterable[NTriple]]) -> Facts:
    """Count what the description reports, from triples of N-Triples term strings."""
    from nqgraph.publish.tally import Tally  # the tally builds Facts: imported here, not at the top

    return Tally.count(graphs).facts()


def _integer(n: int) -> Literal:
    return Literal(str(n), datatype=URIRef(XSD + "integer"))


def _vocabulary(iri: str) -> str:
    """The namespace of a term: up to its last ``#`` or ``/``."""
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


# ---------------------------------------------------------------- DCAT-AP


def dcat_triples(
    f: Facts,
    *,
    out_dir: Path,
    build_day: dt.date,
    base: str,
    sparql_endpoint: str,
    dumps: Iterable[Dump],
) -> list[Triple]:
    b = _Builder()
    catalog, dataset, service = base + "catalog", base + "dataset", base + "sparql-service"
    publisher, contact = base + "publisher", base + "contact"
    country, period = EU + "country/VNM", base + "dataset/period"

    # Agents, license, places, period: the values the shapes check by class.
    b.a(publisher, FOAF + "Agent", FOAF + "Organization")
    b.text(publisher, FOAF + "name", "nqgraph project")
    b.add(publisher, FOAF + "homepage", base)
    b.add(publisher, DCT + "type", "http://purl.org/adms/publishertype/Academia-ScientificOrganisation")
    b.concept(
        "http://purl.org/adms/publishertype/Academia-ScientificOrganisation",
        "Academia/Scientific organisation",
        "http://purl.org/adms/publishertype/1.0",
        "Publisher Type",
    )
    b.a(contact, VCARD + "Kind", VCARD + "Organization")
    b.text(contact, VCARD + "fn", "nqgraph project")
    b.add(contact, VCARD + "hasURL", base)
    b.a(CC_BY, DCT + "LicenseDocument")
    b.text(CC_BY, RDFS + "label", "Creative Commons Attribution 4.0 International (CC BY 4.0)")
    b.add(CC_BY, DCT + "type", "http://purl.org/adms/licencetype/Attribution")
    b.concept(
        "http://purl.org/adms/licencetype/Attribution",
        "Attribution",
        "http://purl.org/adms/licencetype/1.0",
        "Licence type",
    )
    b.a(country, DCT + "Location")
    b.text(country, SKOS + "prefLabel", "Viet Nam")
    # The country's extent (about 8.2–23.4° N, 102.1–109.5° E) and a point near its centre.
    b.add(
        country,
        DCAT + "bbox",
        Literal(
            "POLYGON((102.14 8.18, 109.47 8.18, 109.47 23.39, 102.14 23.39, 102.14 8.18))",
            datatype=URIRef(GSP + "wktLiteral"),
        ),
    )
    b.add(country, DCAT + "centroid", Literal("POINT(106.0 16.0)", datatype=URIRef(GSP + "wktLiteral")))
    b.add(country, DCT + "identifier", Literal("VNM"))
    b.concept(country, "Viet Nam", EU + "country", "Countries and territories")
    for province in f.provinces:
        b.a(province, DCT + "Location")
    for lang, label in LANGUAGES.items():
        b.a(lang, DCT + "LinguisticSystem")
        b.concept(lang, label, EU + "language", "Languages")
    for theme, label in THEMES.items():
        b.concept(theme, label, EU + "data-theme", "Data theme")
    if f.first_issued is not None and f.last_year is not None:
        b.a(period, DCT + "PeriodOfTime")
        b.add(period, DCAT + "startDate", f.first_issued)
        b.add(period, DCAT + "endDate", dt.date(f.last_year, 12, 31))

    # The catalog.
    b.a(catalog, DCAT + "Catalog")
    b.text(catalog, DCT + "title", "nqgraph catalog")
    b.text(
        catalog,
        DCT + "description",
        "Catalog of nqgraph, a knowledge graph of Vietnamese provincial Party resolutions.",
    )
    b.add(catalog, DCT + "publisher", publisher)
    b.add(catalog, DCAT + "dataset", dataset)
    b.add(catalog, DCAT + "service", service)
    b.add(catalog, FOAF + "homepage", base)
    b.add(catalog, DCT + "license", CC_BY)
    b.add(catalog, DCT + "issued", build_day)
    b.add(catalog, DCT + "modified", build_day)
    b.add(catalog, DCT + "spatial", country)
    b.add(catalog, DCAT + "themeTaxonomy", EU + "data-theme")
    for lang in LANGUAGES:
        b.add(catalog, DCT + "language", lang)
    b.a(base, FOAF + "Document")

    # The dataset.
    b.a(dataset, DCAT + "Dataset")
    b.text(dataset, DCT + "title", "nqgraph: Vietnamese provincial Party resolutions")
    b.text(dataset, DCT + "title", "nqgraph: Nghị quyết của các tỉnh ủy", "vi")
    b.text(
        dataset,
        DCT + "description",
        "How Vietnamese provincial Party resolutions (Nghị quyết) set targets, assign tasks and replace "
        "each other: an OWL ontology, instance data for the resolutions and every document they cite, each "
        "fact with the sentence it comes from, reasoned and validated with SHACL.",
    )
    b.add(dataset, DCT + "identifier", Literal(dataset))
    b.add(dataset, DCT + "publisher", publisher)
    b.add(dataset, DCAT + "contactPoint", contact)
    b.add(dataset, DCT + "license", CC_BY)
    b.add(dataset, DCT + "issued", build_day)
    b.add(dataset, DCT + "modified", build_day)
    b.add(dataset, DCT + "spatial", country)
    for province in f.provinces:
        b.add(dataset, DCT + "spatial", province)
    if f.first_issued is not None and f.last_year is not None:
        b.add(dataset, DCT + "temporal", period)
    for theme in THEMES:
        b.add(dataset, DCAT + "theme", theme)
    for lang in LANGUAGES:
        b.add(dataset, DCT + "language", lang)
    for lang, words in KEYWORDS.items():
        for word in words:
            b.text(dataset, DCAT + "keyword", word, lang)
    b.add(dataset, DCAT + "landingPage", base)
    b.add(dataset, VOID + "sparqlEndpoint", sparql_endpoint)

    # One distribution per dump present in the build.
    for dump in dumps:
        path = next((p for p in (out_dir / dump.name, out_dir / "site" / dump.name) if p.is_file()), None)
        if path is None:
            continue
        dist = f"{base}dataset/distribution/{dump.name.replace('.', '-')}"
        url = base + dump.name
        b.add(dataset, DCAT + "distribution", dist)
        b.a(dist, DCAT + "Distribution")
        b.text(dist, DCT + "title", dump.title)
        b.text(dist, DCT + "description", dump.description)
        b.add(dist, DCAT + "accessURL", url)
        b.add(dist, DCAT + "downloadURL", url)
        b.add(dist, DCAT + "byteSize", path.stat().st_size)
        b.add(dist, DCT + "license", CC_BY)
        b.add(dist, DCT + "modified", build_day)
        b.add(dist, DCT + "format", EU + "file-type/" + dump.file_type)
        b.a(EU + "file-type/" + dump.file_type, DCT + "MediaTypeOrExtent")
        b.concept(
            EU + "file-type/" + dump.file_type,
            dump.file_type.replace("_", " "),
            EU + "file-type",
            "File type",
        )
        b.add(dist, DCAT + "mediaType", IANA + dump.media_type)
        b.a(IANA + dump.media_type, DCT + "MediaType")
        b.add(dist, DCATAP + "availability", EU + "planned-availability/STABLE")
    b.concept(
        EU + "planned-availability/STABLE", "stable", EU + "planned-availability", "Planned availability"
    )

    # The SPARQL endpoint as a data service.
    b.a(service, DCAT + "DataService")
    b.text(service, DCT + "title", "nqgraph SPARQL endpoint")
    b.text(service, DCT + "description", "Read-only SPARQL 1.1 query endpoint over the reasoned graph.")
    b.add(service, DCAT + "endpointURL", sparql_endpoint)
    b.add(service, DCAT + "endpointDescription", base + ".well-known/void")
    b.add(service, DCAT + "servesDataset", dataset)
    b.add(service, DCT + "publisher", publisher)
    b.add(service, DCAT + "contactPoint", contact)
    b.add(service, DCT + "license", CC_BY)
    b.add(service, DCAT + "theme", EU + "data-theme/GOVE")
    b.text(service, DCAT + "keyword", "SPARQL")
    b.add(service, DCT + "conformsTo", "https://www.w3.org/TR/sparql11-protocol/")
    b.a("https://www.w3.org/TR/sparql11-protocol/", DCT + "Standard")
    b.text("https://www.w3.org/TR/sparql11-protocol/", DCT + "title", "SPARQL 1.1 Protocol")
    return b.triples


# ---------------------------------------------------------------- VoID


def void_triples(
    f: Facts, *, build_day: dt.date, base: str, sparql_endpoint: str, dumps: Iterable[Dump], out_dir: Path
) -> list[Triple]:
    b = _Builder()
    dataset = base + "dataset"
    b.a(dataset, VOID + "Dataset")
    b.text(dataset, DCT + "title", "nqgraph: Vietnamese provincial Party resolutions")
    b.add(dataset, DCT + "license", CC_BY)
    b.add(dataset, DCT + "modified", build_day)
    b.add(dataset, FOAF + "homepage", base)
    b.add(dataset, VOID + "sparqlEndpoint", sparql_endpoint)
    b.add(dataset, VOID + "uriSpace", Literal(ID))
    b.add(dataset, VOID + "triples", _integer(f.triples["total"]))
    b.add(dataset, VOID + "entities", _integer(f.entities))
    b.add(dataset, VOID + "classes", _integer(len(f.classes)))
    b.add(dataset, VOID + "properties", _integer(len(f.properties)))
    b.add(dataset, VOID + "feature", "http://www.w3.org/ns/formats/Turtle")
    b.add(dataset, VOID + "exampleResource", ID + "eli/dien-bien/tu/2021/10-nq-tu")
    for dump in dumps:
        present = (out_dir / dump.name).is_file() or (out_dir / "site" / dump.name).is_file()
        if present and dump.name.startswith("nqgraph."):
            b.add(dataset, VOID + "dataDump", base + dump.name)
    used = {_vocabulary(p) for p in f.properties} | {_vocabulary(c) for c in f.classes}
    for vocabulary in sorted(used):
        b.add(dataset, VOID + "vocabulary", vocabulary)
    for cls, n in sorted(f.classes.items()):
        part = BNode()
        b.add(dataset, VOID + "classPartition", part)
        b.add(part, VOID + "class", cls)
        b.add(part, VOID + "entities", _integer(n))
    for prop, n in sorted(f.properties.items()):
        part = BNode()
        b.add(dataset, VOID + "propertyPartition", part)
        b.add(part, VOID + "property", prop)
        b.add(part, VOID + "triples", _integer(n))
    # The named graphs of the TriG dump as subsets.
    for name in (GRAPH_ONTOLOGY, GRAPH_ASSERTED, GRAPH_INFERRED):
        if name in f.triples:
            subset = dataset + "/graph/" + name.rsplit("/", 1)[1]
            b.add(dataset, VOID + "subset", subset)
            b.a(subset, VOID + "Dataset")
            b.add(subset, VOID + "triples", _integer(f.triples[name]))
            b.add(subset, RDFS + "seeAlso", name)
    # The targets of the links, and one linkset per link predicate and target.
    targets = {
        WD: (base + "dataset/target/wikidata", "Wikidata", "https://query.wikidata.org/sparql"),
        SDG: (
            base + "dataset/target/un-sdg",
            "UN Sustainable Development Goals (goals, targets, indicators)",
            None,
        ),
    }
    for (predicate, space), n in sorted(f.links.items()):
        target, title, endpoint = targets[space]
        local = predicate.rsplit("#", 1)[1]
        linkset = f"{base}dataset/linkset/{target.rsplit('/', 1)[1]}-{local}"
        b.add(dataset, VOID + "subset", linkset)
        b.a(linkset, VOID + "Linkset")
        b.add(linkset, VOID + "subjectsTarget", dataset)
        b.add(linkset, VOID + "objectsTarget", target)
        b.add(linkset, VOID + "linkPredicate", predicate)
        b.add(linkset, VOID + "triples", _integer(n))
        b.a(target, VOID + "Dataset")
        b.text(target, DCT + "title", title)
        b.add(target, VOID + "uriSpace", Literal(space))
        if endpoint:
            b.add(target, VOID + "sparqlEndpoint", endpoint)
    return b.triples


def describe(
    *,
    counts: Mapping[str, int],
    out_dir: Path,
    build_day: dt.date,
    graphs: Mapping[str, Iterable[NTriple]] | None = None,
    facts_of_graphs: Facts | None = None,
    base: str = SITE,
    sparql_endpoint: str | None = None,
    dumps: Iterable[Dump] = DUMPS,
    write: bool = True,
) -> Graph:
    """Write ``out_dir/dcat.ttl`` (DCAT-AP 3) and ``out_dir/void.ttl`` (VoID); return both as one graph.

    ``graphs`` maps each named graph IRI to its triples as N-Triples term strings (what the build
    writes to nqgraph.trig), or ``facts_of_graphs`` is what :func:`facts` counted in them;
    ``counts`` are the build's counts (``triples.total`` is reported as the dataset's size, as in
    ``summary.json``). Distributions are
    listed for the dumps present in ``out_dir`` (or its ``site/``), so call this after writing them.
    """
    dumps = tuple(dumps)
    if facts_of_graphs is None:
        if graphs is None:
            raise ValueError("describe() needs the graphs or the facts counted in them")
        facts_of_graphs = facts(graphs)
    f = replace(facts_of_graphs, triples=dict(facts_of_graphs.triples))
    if "triples.total" in counts:
        # The build's count (quads over all graphs) is what summary.json reports: say the same.
        f.triples["total"] = counts["triples.total"]
    endpoint = sparql_endpoint or base + "sparql"
    dcat = dcat_triples(
        f, out_dir=out_dir, build_day=build_day, base=base, sparql_endpoint=endpoint, dumps=dumps
    )
    void = void_triples(
        f, build_day=build_day, base=base, sparql_endpoint=endpoint, dumps=dumps, out_dir=out_dir
    )
    prefixes = {**DESCRIBE_PREFIXES, "nqgraph": base}
    if write:
        # Written through new files renamed over the old ones: in an incremental build the old
        # ones are hard links shared with the previous output, which must keep its bytes.
        write_file(out_dir / "dcat.ttl", turtle(dcat, prefixes=prefixes).encode("utf-8"))
        write_file(out_dir / "void.ttl", turtle(void, prefixes=prefixes).encode("utf-8"))
    graph = Graph()
    for t in (*dcat, *void):
        graph.add(t)
    for prefix, ns in prefixes.items():
        graph.bind(prefix, ns)
    return graph
