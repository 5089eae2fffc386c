"""``nqgraph link wikidata``: find, check and write the links from nqgraph resources to Wikidata.

Items are found by keys that do not depend on labels where a key exists: a province by its ISO
3166-2 code (Wikidata P300, any statement rank, since a merged province keeps its code as a
deprecated statement), the country by its ISO 3166-1 alpha-2 code (P297); the Communist Party of
Viet Nam, which has neither, by its English label and country (P17 = Viet Nam). The labels of the
item found are then compared with ours; a link whose item's labels no longer match any of ours is
reported, since the item may have been merged, split or repurposed.

Links are ``skos:exactMatch``, not ``owl:sameAs``: the reasoner (and owlrl) would make a province
and its Wikidata item one resource and copy every statement between them, and Wikidata's
province items model the administrative unit over time, not the province as the resolutions
address it. The links live in ``data/ttl/links/wikidata.ttl``, written deterministically.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib.term import Literal, Node, URIRef

from nqgraph.errors import QueryError, StoreError
from nqgraph.graph.sparql import bind_values
from nqgraph.namespaces import ID, NQ, PREFIXES, RDFS
from nqgraph.publish.serialize import turtle
from nqgraph.runtime.atomic import write_file

WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"
WD = "http://www.wikidata.org/entity/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
EXACT_MATCH = SKOS + "exactMatch"
DEPRECATED = "http://wikiba.se/ontology#DeprecatedRank"
USER_AGENT = "nqgraph-link/0.1 (https://w3id.org/nqgraph; nqgraph link wikidata)"
PARTY = ID + "agency/vn/dang-cong-san-viet-nam"
COUNTRY_VN = WD + "Q881"  # Viet Nam; checked against two independent published mappings

_PREFIXES = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX p: <http://www.wikidata.org/prop/>
PREFIX ps: <http://www.wikidata.org/prop/statement/>
PREFIX wikibase: <http://wikiba.se/ontology#>
"""
_LABELS = 'OPTIONAL { ?item rdfs:label ?label . FILTER(LANG(?label) = "en" || LANG(?label) = "vi") }'
BY_STATEMENT = (
    _PREFIXES
    + """SELECT ?item ?rank ?label WHERE {{
  ?item p:{prop} ?statement . ?statement ps:{prop} ?key .
  OPTIONAL {{ ?statement wikibase:rank ?rank }}
  {labels}
}}"""
)
BY_LABEL_IN_COUNTRY = (
    _PREFIXES
    + """SELECT ?item ?rank ?label WHERE {{
  ?item rdfs:label ?key ; wdt:P17 <{country}> .
  {labels}
}}"""
)


@dataclass(frozen=True)
class Target:
    """A resource to link and how its item is found."""

    resource: str
    how: str
    query: str
    key: Literal


@dataclass(frozen=True)
class LinkCheck:
    """The outcome for one resource."""

    target: Target
    old: str | None
    new: str | None
    candidates: tuple[str, ...]
    mismatches: tuple[str, ...]

    @property
    def status(self) -> str:
        if self.new is None:
            return "ambiguous" if len(self.candidates) > 1 else "not found"
        if self.old is None:
            return "new"
        return "unchanged" if self.old == self.new else "changed"

    @property
    def linked(self) -> str | None:
        """The item written: the one found, else the one already linked."""
        return self.new or self.old


@dataclass(frozen=True)
class LinkReport:
    endpoint: str
    checks: tuple[LinkCheck, ...]
    written: Path | None

    @property
    def mismatches(self) -> list[str]:
        return [m for c in self.checks for m in c.mismatches]

    def lines(self) -> list[str]:
        out = [f"checked {len(self.checks)} link(s) against {self.endpoint}"]
        for c in self.checks:
            item = f"wd:{c.linked.removeprefix(WD)}" if c.linked else "-"
            extra = ""
            if c.status == "changed":
                extra = f" (was wd:{(c.old or '').removeprefix(WD)})"
            elif c.status == "ambiguous":
                extra = " (candidates: " + ", ".join("wd:" + x.removeprefix(WD) for x in c.candidates) + ")"
            out.append(f"  {c.status:<9} {c.target.resource} -> {item}{extra}  [{c.target.how}]")
        for m in self.mismatches:
            out.append(f"label mismatch: {m}")
        if self.written is not None:
            out.append(f"wrote {self.written}")
        return out


# ---------------------------------------------------------------- targets and our labels


def targets(
    labels: Mapping[str, Mapping[str, set[str]]], codes: Mapping[str, tuple[str, str]]
) -> list[Target]:
    """The resources to link: every resource with an ISO code (``codes``: ``{iri: (kind, code)}``
    with kind ``iso3166-2`` or ``iso3166-1``), and the Party if the data describes it."""
    out: list[Target] = []
    for iri, (kind, code) in sorted(codes.items()):
        prop, name = ("P300", "ISO 3166-2") if kind == "iso3166-2" else ("P297", "ISO 3166-1 alpha-2")
        query = BY_STATEMENT.format(prop=prop, labels=_LABELS)
        out.append(Target(iri, f"{name} code {code}, Wikidata {prop}", query, Literal(code)))
    if PARTY in labels:
        query = BY_LABEL_IN_COUNTRY.format(country=COUNTRY_VN, labels=_LABELS)
        out.append(
            Target(
                PARTY,
                "English label 'Communist Party of Vietnam' and country wd:Q881",
                query,
                Literal("Communist Party of Vietnam", lang="en"),
            )
        )
    return out


def read_data(
    data_dir: Path, ontology: Path
) -> tuple[dict[str, dict[str, set[str]]], dict[str, tuple[str, str]]]:
    """Our labels (``{iri: {lang: labels}}``) and ISO codes of the data, as loaded by the build."""
    from nqgraph.graph.loader import load

    store = load(data_dir=data_dir, ontology_path=ontology).store
    labels: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    label_query = "SELECT ?s ?l WHERE { ?s ?p ?l . FILTER(STRSTARTS(STR(?s), STR(?base))) }"
    for prop in (RDFS + "label", SKOS + "altLabel", SKOS + "prefLabel"):
        for s, label in store.query(label_query, bindings={"p": URIRef(prop), "base": Literal(ID)}).rows:
            if isinstance(label, Literal) and label.language:
                labels[str(s)][label.language.lower()].add(str(label))
    codes: dict[str, tuple[str, str]] = {}
    code_query = "SELECT ?s ?c WHERE { ?s ?p ?c }"
    for s, code in store.query(code_query, bindings={"p": URIRef(NQ + "isoCode")}).rows:
        codes[str(s)] = ("iso3166-2", str(code))
    country_query = "SELECT ?s ?c WHERE { ?s a ?country ; ?p ?c }"
    country = {"country": URIRef("https://schema.org/Country"), "p": URIRef(SKOS + "notation")}
    for s, code in store.query(country_query, bindings=country).rows:
        codes[str(s)] = ("iso3166-1", str(code))
    return labels, codes


def read_links(path: Path) -> dict[str, str]:
    """``{resource: item}`` from an existing links file (empty if there is none)."""
    if not path.is_file():
        return {}
    import pyoxigraph as ox

    try:
        triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    except SyntaxError as exc:
        raise StoreError(f"{path}: not valid Turtle: {exc}") from exc
    return {
        t.subject.value: t.object.value
        for t in triples
        if t.predicate.value == EXACT_MATCH
        and isinstance(t.object, ox.NamedNode)
        and t.object.value.startswith(WD)
    }


# ---------------------------------------------------------------- asking the endpoint


def select(
    endpoint: str, query: str, bindings: Mapping[str, Node], *, timeout: float
) -> list[dict[str, str]]:
    """Run a SELECT through SPARQLWrapper; rows as ``{var: value}`` (``var@lang`` keys for tags)."""
    from SPARQLWrapper import JSON, POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    w = SPARQLWrapper(endpoint, agent=USER_AGENT)
    w.setTimeout(max(1, int(timeout)))
    w.setMethod(POST)
    w.setQuery(bind_values(query, bindings, subselect=False))  # a remote server (see bind_rows)
    w.setReturnFormat(JSON)
    try:
        body = w.query().response.read()
    except SPARQLWrapperException as exc:
        raise QueryError(f"{endpoint} answered an error: {exc}") from exc
    except OSError as exc:
        raise StoreError(f"cannot reach {endpoint}: {exc}") from exc
    try:
        data = json.loads(body)
        out = []
        for b in data["results"]["bindings"]:
            row = {k: v["value"] for k, v in b.items()}
            for k, v in b.items():
                if "xml:lang" in v:
                    row[k + "@lang"] = v["xml:lang"]
            out.append(row)
        return out
    except (ValueError, KeyError) as exc:
        raise StoreError(f"{endpoint} did not answer SPARQL JSON results: {exc}") from exc


def normalise(label: str) -> str:
    """Compare labels by their letters only: case, spacing, punctuation and the words "tỉnh" /
    "province" (ours name the unit, Wikidata's often do not) do not count."""
    text = unicodedata.normalize("NFC", label).casefold()
    text = re.sub(r"\(.*?\)", " ", text)
    text = re.sub(r"\b(tỉnh|province|the)\b", " ", text)
    return "".join(ch for ch in text if ch.isalnum())


def check_target(
    target: Target,
    rows: Sequence[Mapping[str, str]],
    *,
    old: str | None,
    ours: Mapping[str, set[str]],
) -> LinkCheck:
    ranks: dict[str, set[str]] = defaultdict(set)
    item_labels: dict[str, dict[str, str]] = defaultdict(dict)
    for row in rows:
        item = row.get("item", "")
        if not item.startswith(WD):
            continue
        ranks[item].add(row.get("rank", ""))
        if "label" in row:
            item_labels[item][row.get("label@lang", "").lower()] = row["label"]
    current = sorted(i for i, r in ranks.items() if r != {DEPRECATED})
    candidates = current or sorted(ranks)  # only deprecated statements: a unit that no longer exists
    new: str | None = None
    if len(candidates) == 1:
        new = candidates[0]
    elif old in candidates:
        new = old
    mismatches: list[str] = []
    chosen = new or old
    if chosen is not None:
        for lang, label in sorted(item_labels.get(chosen, {}).items()):
            mine = ours.get(lang, set())
            if mine and normalise(label) not in {normalise(x) for x in mine}:
                mismatches.append(
                    f"{target.resource} -> wd:{chosen.removeprefix(WD)}: Wikidata's {lang} label {label!r} "
                    f"matches none of ours ({', '.join(repr(x) for x in sorted(mine))})"
                )
    return LinkCheck(target, old, new, tuple(candidates), tuple(mismatches))


# ---------------------------------------------------------------- writing


def links_turtle(links: Mapping[str, str], checks: Sequence[LinkCheck]) -> str:
    """The links file: a header saying how it is made, then ``skos:exactMatch`` triples."""
    unlinked = sorted(f"{c.target.resource} ({c.target.how})" for c in checks if c.linked is None)
    header = [
        "# Links from nqgraph resources to Wikidata items, written by `nqgraph link wikidata --write`:",
        "# refresh them with that command, not by hand. skos:exactMatch rather than owl:sameAs (see",
        "# src/nqgraph/links.py and docs/remote-stores.md).",
    ]
    if unlinked:
        header.append("# Not linked yet (run `nqgraph link wikidata --write` where Wikidata can be reached):")
        header += [f"#   {u}" for u in unlinked]
    triples = [(URIRef(s), URIRef(EXACT_MATCH), URIRef(o)) for s, o in links.items()]
    body = turtle(triples, prefixes={"skos": SKOS, "wd": WD, "id": PREFIXES["id"]})
    return "\n".join(header) + "\n" + body


def link_wikidata(
    *,
    data_dir: Path,
    ontology: Path,
    endpoint: str = WIKIDATA_SPARQL,
    links_file: Path | None = None,
    write: bool = False,
    timeout: float = 60.0,
) -> LinkReport:
    """Find and check the Wikidata item of every linkable resource; with ``write``, rewrite the
    links file (``data_dir/links/wikidata.ttl`` by default) from what was found."""
    path = links_file or data_dir / "links" / "wikidata.ttl"
    labels, codes = read_data(data_dir, ontology)
    existing = read_links(path)
    checks = []
    for target in targets(labels, codes):
        rows = select(endpoint, target.query, {"key": target.key}, timeout=timeout)
        checks.append(
            check_target(target, rows, old=existing.get(target.resource), ours=labels[target.resource])
        )
    written = None
    if write:
        links = {c.target.resource: c.linked for c in checks if c.linked is not None}
        # Links to resources this command does not manage are kept as they are.
        managed = {c.target.resource for c in checks}
        links.update({s: o for s, o in existing.items() if s not in managed})
        path.parent.mkdir(parents=True, exist_ok=True)
        write_file(path, links_turtle({k: v for k, v in links.items() if v}, checks).encode("utf-8"))
        written = path
    return LinkReport(endpoint=endpoint, checks=tuple(checks), written=written)
