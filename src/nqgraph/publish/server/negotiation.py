"""Content negotiation: the media type an Accept header ranks highest, and the answer format of a query.

A query's format is chosen from its form, known before it runs: SELECT and ASK answer SPARQL results
(JSON, XML, CSV, TSV), CONSTRUCT and DESCRIBE answer RDF (Turtle, N-Triples, RDF/XML, JSON-LD). A
``format`` (or ``output``/``results``) parameter, as SPARQLWrapper and other clients send it, wins
over Accept when it names a format of that family; a request that accepts nothing offered gets the
family's default rather than an error, since SPARQL clients often send loose Accept headers.
"""

from __future__ import annotations

# Media types (and aliases clients send) for each format key.
SOLUTION_MEDIA = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_MEDIA = {
    "text/turtle": "ttl",
    "application/turtle": "ttl",
    "application/x-turtle": "ttl",
    "text/n3": "ttl",
    "text/rdf+n3": "ttl",
    "application/n3": "ttl",
    "application/n-triples": "nt",
    "application/rdf+xml": "rdfxml",
    "application/xml": "rdfxml",
    "application/ld+json": "jsonld",
    "application/x-json+ld": "jsonld",
    "application/json": "jsonld",
}
# ``format=`` words, for each family.
SOLUTION_WORDS = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv"}
GRAPH_WORDS = {
    "turtle": "ttl",
    "ttl": "ttl",
    "n3": "ttl",
    "nt": "nt",
    "ntriples": "nt",
    "n-triples": "nt",
    "xml": "rdfxml",
    "rdf": "rdfxml",
    "rdf+xml": "rdfxml",
    "rdfxml": "rdfxml",
    "json-ld": "jsonld",
    "jsonld": "jsonld",
    "json": "jsonld",
}


def preferred(accept: str, offered: tuple[str, ...]) -> str | None:
    """The offered media type the Accept header ranks highest (ties: order of ``offered``); the first
    offered type when there is no Accept header; None when it accepts none of them."""
    if not accept.strip():
        return offered[0]
    best: tuple[float, int, int, str] | None = None
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        media, q = fields[0].lower(), 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = min(1.0, max(0.0, float(f[2:])))
                except ValueError:
                    q = 0.0
        specificity = 0 if media == "*/*" else 1 if media.endswith("/*") else 2
        for rank, candidate in enumerate(offered):
            if q > 0 and (
                media == candidate
                or media == "*/*"
                or (media.endswith("/*") and candidate.startswith(media[:-1]))
            ):
                key = (q, specificity, -rank, candidate)
                if best is None or key > best:
                    best = key
    return best[3] if best else None


def result_format(form: str | None, words: list[str], accept: str) -> tuple[str, str]:
    """The (SPARQL results format, RDF format) keys for a query of ``form``, from the ``format`` words
    and the Accept header; only the one of the query's family is used."""
    graph = form in ("CONSTRUCT", "DESCRIBE")
    table, named = (GRAPH_MEDIA, GRAPH_WORDS) if graph else (SOLUTION_MEDIA, SOLUTION_WORDS)
    chosen = ""
    for word in words:
        word = word.strip().lower()
        chosen = named.get(word) or table.get(word.split(";")[0].strip(), "")
        if chosen:
            break
    if not chosen:
        media = preferred(accept, tuple(table))
        chosen = table[media] if media else ""
    default = "ttl" if graph else "json"
    if graph:
        return "json", chosen or default
    return chosen or default, "ttl"
