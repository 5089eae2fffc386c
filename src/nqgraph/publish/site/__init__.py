"""The static cross-reference site: one HTML page per resource, per document, agency, indicator,
saved query, plus home, search, ontology and downloads.

Pages are generated with Jinja2 (one environment, autoescape on) from the reasoned graph. The page
of a resource lives at the path of its IRI below ``https://w3id.org/nqgraph/``
(``id/eli/…/10-nq-tu`` → ``id/eli/…/10-nq-tu/index.html``, with ``.ttl``, ``.nt`` and ``.jsonld``
beside it), so hosting the folder at that base makes every IRI resolve. Links are relative, so the
site also works from a file system or under any prefix.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import posixpath
import re
import shutil
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any, cast

import jinja2
from rdflib.term import BNode, Literal, Node, URIRef

from nqgraph.graph.queries import SavedQuery, run
from nqgraph.graph.store import OxigraphStore, RdflibStore
from nqgraph.namespaces import ID, NQ, ONTOLOGY, PREFIXES, RDF_TYPE, XSD
from nqgraph.publish import fragments
from nqgraph.publish.output import compact
from nqgraph.publish.serialize import turtle
from nqgraph.publish.site.index import Index
from nqgraph.runtime.forking import fork_map
from nqgraph.text import fold, nfc, source_form

BASE = "https://w3id.org/nqgraph/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ORG = "http://www.w3.org/ns/org#"
TIME = "http://www.w3.org/2006/time#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
MAX_ROWS = 200


def make_env() -> jinja2.Environment:
    """The one Jinja environment: package templates, autoescape on for every template."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("nqgraph.publish", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["num"] = format_number
    # A global, not a render variable: the macros use it, and macros imported without the page's
    # context are compiled once and cached instead of being re-run for every page.
    env.globals["num"] = format_number
    env.globals.update(fragments.GLOBALS)
    return env


def format_number(value: object) -> str:
    """A decimal as Vietnamese print shows it: decimal comma, thousands dots.

    >>> format_number(Decimal("668030")), format_number(Decimal("99.89")), format_number("7.45")
    ('668.030', '99,89', '7,45')
    """
    if value in (None, ""):
        return ""
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        return str(value)  # invalid data is shown as written; validation reports it
    sign = "-" if number < 0 else ""
    whole, _, frac = f"{abs(number):f}".partition(".")
    frac = frac.rstrip("0")
    grouped = f"{int(whole):,}".replace(",", ".")
    return sign + grouped + ("," + frac if frac else "")


def page_path(iri: str) -> str | None:
    """The site path of a resource's page, or None for IRIs outside the site."""
    if iri.startswith(ID):
        tail = iri[len(ID) :].strip("/")
        return f"id/{tail}/index.html" if tail else "id/index.html"
    if iri.startswith(NQ):
        return "ontology.html"
    if iri == ONTOLOGY:
        return "ontology.html"
    return None


def data_path(iri: str, ext: str) -> str:
    return f"id/{iri[len(ID) :].strip('/')}.{ext}"


def _anchor(iri: str) -> str:
    """An id for a component's row: its kind and number (``target-i-3-1-6-a``), and for a section
    also its text variant (``text-a-s-i-3``), so anchors on one page never collide."""
    parts = iri.rsplit("#", 1)[-1].split("/")
    tail = parts[-3:] if len(parts) >= 3 and parts[-2] == "s" else parts[-2:]
    return re.sub(r"[^A-Za-z0-9_-]+", "-", "-".join(tail)).strip("-") or "x"


@dataclass(frozen=True)
class Ref:
    """A link to a resource, with its labels in both languages."""

    href: str
    vi: str
    en: str
    external: bool = False


@dataclass(frozen=True)
class Segment:
    """A piece of source text; ``href`` set when it is a quoted statement."""

    text: str
    href: str = ""
    anchor: str = ""
    title: str = ""


class Site:
    """Everything a page needs: the index, link builders and the highlight positions."""

    def __init__(self, index: Index, *, root: Path, today: dt.date, sources_root: Path) -> None:
        self.idx = index
        self.root = root
        self.today = today
        self.sources_root = sources_root
        self.env = make_env()
        self.quotes: dict[tuple[str, str], tuple[str, str]] = {}  # (component, expression) -> (page, anchor)
        self.pages = 0
        self._refs: dict[Node, Ref] = {}
        self._templates: dict[str, jinja2.Template] = {}
        # None: every resource has a page. Otherwise only these do, and a link to any other
        # resource goes to its IRI (answered by `nqgraph serve` or the w3id redirect).
        self.linkable: set[Node] | None = None

    # ------------------------------------------------------------ links

    def rel(self, target: str, page: str) -> str:
        """``target`` (a site path) relative to ``page`` (both relative to the site root)."""
        here = page.split("/")[:-1]
        there = target.split("/")
        common = 0
        while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
            common += 1
        return "../" * (len(here) - common) + "/".join(there[common:])

    def ref(self, node: Node, page: str) -> Ref:
        base = self._refs.get(node)
        if base is None:
            base = self._refs[node] = self._base_ref(node)
        return base if base.external else Ref(self.rel(base.href, page), base.vi, base.en)

    def _base_ref(self, node: Node) -> Ref:
        iri = str(node)
        vi, en = self.idx.label(node, "vi"), self.idx.label(node, "en")
        if isinstance(node, URIRef) and iri.startswith(NQ):
            return Ref("ontology.html#" + iri[len(NQ) :], vi, en)
        path = page_path(iri) if isinstance(node, URIRef) else None
        if path is not None and self.linkable is not None and node not in self.linkable:
            path = None
        if path is None:
            return Ref(
                iri, vi if vi != iri else compact(node), en if en != iri else compact(node), external=True
            )
        return Ref(path, vi, en)

    def term(self, node: Node, page: str) -> dict[str, Any]:
        """A value for a properties table: a link, or a literal with its language."""
        if isinstance(node, Literal):
            return {
                "literal": str(node),
                "lang": node.language or "",
                "datatype": compact(node.datatype)
                if node.datatype and str(node.datatype) != XSD + "string"
                else "",
            }
        if isinstance(node, BNode):
            return {"literal": "(blank node)", "lang": "", "datatype": ""}
        return {"ref": self.ref(node, page)}

    # ------------------------------------------------------------ rendering

    def compile_templates(self) -> None:
        """Compile every template and partial now: once before the page workers are forked rather
        than once in each of them (about a second a worker)."""
        for name in self.env.list_templates():
            compiled = self.env.get_template(name)  # partials stay in the environment's cache
            if not name.startswith("_"):
                self._templates[name] = compiled

    def write(self, path: str, template: str, **context: Any) -> None:
        page = path
        root = self.rel("index.html", page).removesuffix("index.html") or "./"
        if template not in self._templates:
            self._templates[template] = self.env.get_template(template)
        html = self._templates[template].render(
            page=page,
            root=root,
            today=self.today.isoformat(),
            ref=lambda n: self.ref(n, page),
            term=lambda n: self.term(n, page),
            **context,
        )
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
        self.pages += 1

    def write_listing(self, path: str, template: str, *, vi: str, en: str, **context: Any) -> None:
        """A page that is not a resource's: breadcrumbs, schema.org JSON-LD and links to the dumps."""
        crumbs = [Ref(posixpath.basename(path), vi, en)]
        if "/" in path:
            crumbs.insert(0, Ref(self.rel("queries.html", path), "Truy vấn", "Queries"))
        jsonld = {
            "@context": "https://schema.org",
            "@type": "CollectionPage",
            "@id": BASE + path,
            "name": [{"@value": vi, "@language": "vi"}, {"@value": en, "@language": "en"}],
            "isPartOf": {"@id": BASE + "dataset"},
        }
        self.write(
            path,
            template,
            crumbs=crumbs,
            backlinks=[],
            jsonld=jsonld,
            data_href=self.rel("downloads/nqgraph.ttl", path),
            # The core site has no JSON-LD copy of the whole graph: offer the Turtle dump twice.
            jsonld_href=self.rel(
                "downloads/nqgraph.jsonld" if self.linkable is None else "downloads/nqgraph.ttl", path
            ),
            **context,
        )

    def links_here(self, node: Node, page: str) -> list[dict[str, Any]]:
        """Resources that refer to ``node``, once each, with the first property that does.

        A document's own components (which all point at it with nq:document) are listed in its
        tables already, and an item's attestations on its own page; they are left out here.
        """
        by_subject: dict[Node, list[Node]] = defaultdict(list)
        for s, p in self.idx.inc.get(node, []):
            if str(p) == RDF_TYPE or not isinstance(s, URIRef) or s == node:
                continue
            by_subject[s].append(p)
        rows = []
        for s, props in by_subject.items():
            if self.idx.value(s, NQ + "document") == node or self.idx.is_a(s, "Attestation"):
                continue
            own = [p for p in props if str(p).startswith(NQ)] or props
            rows.append({"ref": self.ref(s, page), "prop": self.ref(min(own, key=str), page)})
        rows.sort(key=lambda r: (r["prop"].en, r["ref"].vi, r["ref"].href))
        return rows[:MAX_ROWS]

    def breadcrumbs(self, node: URIRef, page: str) -> list[Ref]:
        """Home › (document) › … › resource, following nq:document and nq:partOf upwards."""
        chain: list[Node] = []
        current: Node | None = node
        for _ in range(12):
            if current is None:
                break
            chain.append(current)
            parent = (
                self.idx.value(current, NQ + "partOf")
                or self.idx.value(current, NQ + "expression")
                or self.idx.value(current, NQ + "expressionOf")
                or self.idx.value(current, NQ + "document")
            )
            if parent is None or parent in chain:
                break
            current = parent
        return [self.ref(n, page) for n in reversed(chain)]

    def jsonld(self, node: URIRef) -> dict[str, Any]:
        """schema.org JSON-LD for the page head: Legislation for documents, organisations, terms."""
        idx = self.idx
        kind = "Thing"
        if idx.is_a(node, "Document"):
            kind = "Legislation"
        elif idx.is_a(node, "Agency"):
            kind = "GovernmentOrganization"
        elif idx.is_a(node, "Indicator"):
            kind = "DefinedTerm"
        elif idx.is_a(node, "Province"):
            kind = "AdministrativeArea"
        elif idx.is_a(node, "Person"):
            kind = "Person"
        elif idx.is_a(node, "Component") or idx.is_a(node, "Section") or idx.is_a(node, "Expression"):
            kind = "CreativeWork"
        out: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": kind,
            "@id": str(node),
            "name": [
                {"@value": idx.label(node, "vi"), "@language": "vi"},
                {"@value": idx.label(node, "en"), "@language": "en"},
            ],
            "url": str(node),
        }
        if kind == "Legislation":
            number = idx.text(node, NQ + "documentNumber")
            if number:
                out["legislationIdentifier"] = number
            date = idx.text(node, NQ + "issuedOn")
            if date:
                out["legislationDate"] = date
            issuer = idx.value(node, NQ + "issuedBy")
            if issuer is not None:
                out["legislationPassedBy"] = {
                    "@type": "GovernmentOrganization",
                    "@id": str(issuer),
                    "name": idx.label(issuer, "vi"),
                }
            province = idx.value(node, NQ + "province")
            if province is not None:
                out["legislationJurisdiction"] = {
                    "@type": "AdministrativeArea",
                    "@id": str(province),
                    "name": idx.label(province, "vi"),
                }
            out["inLanguage"] = "vi"
            for p, key in ((NQ + "supersedes", "legislationRepeals"), (NQ + "cites", "citation")):
                targets = [str(o) for o in idx.objects(node, p)]
                if targets:
                    out[key] = [{"@id": t} for t in targets]
        else:
            doc = idx.value(node, NQ + "document")
            if doc is not None:
                out["isPartOf"] = {"@id": str(doc)}
            text = idx.text(node, NQ + "sourceText")
            if text:
                out["text"] = text
        return out

    def resource_files(self, node: URIRef) -> None:
        """The resource's description as Turtle and JSON-LD beside its page (``nqgraph serve`` also
        answers N-Triples, from the store)."""
        triples = [(node, p, o) for p, objects in self.idx.out.get(node, {}).items() for o in objects]
        ttl = turtle(triples, prefixes=PREFIXES)
        doc = expanded_jsonld(triples)
        for ext, body in (("ttl", ttl), ("jsonld", json.dumps(doc, ensure_ascii=False))):
            target = self.root / data_path(str(node), ext)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(body + ("" if body.endswith("\n") else "\n"), encoding="utf-8")


def stable_bnodes(triples: Iterable[tuple[Node, Node, Node]]) -> list[tuple[Node, Node, Node]]:
    """The triples with blank nodes relabelled canonically, so dumps that print labels are stable.

    Blank nodes get fresh labels each time a file is parsed; only the (few) triples that touch one
    are canonicalised.
    """
    from rdflib import Graph
    from rdflib.compare import to_canonical_graph

    plain, blank = [], Graph()
    for t in triples:
        if isinstance(t[0], BNode) or isinstance(t[2], BNode):
            blank.add(t)
        else:
            plain.append(t)
    return plain + list(to_canonical_graph(blank)) if len(blank) else plain


def expanded_jsonld(triples: Iterable[tuple[Node, Node, Node]]) -> list[dict[str, Any]]:
    """Expanded JSON-LD (no context needed), nodes and values sorted for stable output."""
    nodes: dict[str, dict[str, list[dict[str, str]]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in triples:
        key = str(s) if isinstance(s, URIRef) else f"_:{s}"
        if str(p) == RDF_TYPE:
            nodes[key]["@type"].append(str(o))  # type: ignore[arg-type]
            continue
        if isinstance(o, Literal):
            value: dict[str, str] = {"@value": str(o)}
            if o.language:
                value["@language"] = o.language
            elif o.datatype and str(o.datatype) != XSD + "string":
                value["@type"] = str(o.datatype)
        else:
            value = {"@id": str(o) if isinstance(o, URIRef) else f"_:{o}"}
        nodes[key][str(p)].append(value)
    out = []
    for key in sorted(nodes):
        node: dict[str, Any] = {"@id": key}
        for prop in sorted(nodes[key]):
            values = nodes[key][prop]
            node[prop] = (
                sorted(values) if prop == "@type" else sorted(values, key=lambda v: sorted(v.items()))
            )
        out.append(node)
    return out


# ---------------------------------------------------------------- source texts


def highlight(text: str, quotes: list[tuple[str, str, str]]) -> tuple[list[list[Segment]], dict[str, str]]:
    """Split a source text into lines of segments, marking each quotation.

    ``quotes`` holds ``(quotation, href, title)``. Matching ignores layout residue and whitespace
    runs, as the provenance check does; overlapping quotations keep the first (longest) one.
    Returns the lines and, per href, the anchor of its first mark.
    """
    clean = re.sub(r"\[bookmark:[^\]]*\]|\*\*|(?<!\w)\*|\*(?!\w)|</?b>", "", nfc(text))
    collapsed_chars: list[str] = []
    positions: list[int] = []
    previous_space = True
    for i, ch in enumerate(clean):
        if ch.isspace():
            if previous_space:
                continue
            collapsed_chars.append(" ")
            positions.append(i)
            previous_space = True
        else:
            collapsed_chars.append(ch)
            positions.append(i)
            previous_space = False
    collapsed = "".join(collapsed_chars)
    spans: list[tuple[int, int, str, str]] = []
    shared: list[tuple[str, tuple[int, int]]] = []  # quotes inside a span already marked
    for quote, href, title in sorted(quotes, key=lambda q: (-len(q[0]), q[1])):
        needle = source_form(quote)
        at = collapsed.find(needle) if needle else -1
        if at < 0:
            continue
        start, end = positions[at], positions[at + len(needle) - 1] + 1
        overlap = next(((s, e) for s, e, _, _ in spans if s < end and start < e), None)
        if overlap is not None:
            shared.append((href, overlap))
            continue
        spans.append((start, end, href, title))
    spans.sort()
    anchors: dict[str, str] = {}
    lines: list[list[Segment]] = [[]]
    cursor = 0

    def emit(piece: str, href: str = "", anchor: str = "", title: str = "") -> None:
        parts = piece.split("\n")
        for n, part in enumerate(parts):
            if n:
                lines.append([])
            if part:
                lines[-1].append(Segment(part, href, anchor if n == 0 else "", title))

    for number, (start, end, href, title) in enumerate(spans, 1):
        emit(clean[cursor:start])
        anchor = f"q{number}"
        anchors.setdefault(href, anchor)
        emit(clean[start:end], href, anchor, title)
        cursor = end
    emit(clean[cursor:])
    numbered = {(s, e): f"q{n}" for n, (s, e, _, _) in enumerate(spans, 1)}
    for href, span in shared:
        anchors.setdefault(href, numbered[span])
    return lines, anchors


# ---------------------------------------------------------------- the build


@dataclass(frozen=True)
class SiteResult:
    """What the site build wrote, and how long each part took (seconds, for the benchmarks)."""

    pages: int
    files: int
    timings: dict[str, float] = field(default_factory=dict, compare=False)


def _resource_files(site: Site, node: URIRef) -> None:
    site.resource_files(node)


Job = Callable[[Site], None]
# Pages rendered per unit of work handed to a worker: small enough to balance two cores.
PAGES_PER_CHUNK = 25


def _run_jobs(site: Site, chunks: list[list[Job]], *, workers: int) -> int:
    """Run the chunks on ``workers`` processes forked after the index is built (jobs are independent:
    each writes its own files), the first chunks first; return the number of pages written."""

    def run_chunk(number: int) -> int:
        before = site.pages
        for job in chunks[number]:
            job(site)
        return site.pages - before

    return fork_map(run_chunk, len(chunks), workers=workers)


def _node_job(func: Callable[[Site, URIRef], None], node: URIRef) -> Job:
    return lambda site: func(site, node)


SCOPES = ("all", "core")


def build_site(
    store: OxigraphStore | RdflibStore,
    *,
    out: Path,
    today: dt.date,
    queries: Mapping[str, SavedQuery],
    downloads: Mapping[str, Path],
    findings: Iterable[Any] = (),
    sources_root: Path,
    workers: int | None = None,
    scope: str = "all",
    index: Index | None = None,
    downloads_ready: Callable[[], object] | None = None,
) -> SiteResult:
    """Write the site into ``out`` (which must not exist yet or be empty).

    ``scope`` is ``"all"`` (a page and data files for every resource) or ``"core"`` (the pages of
    documents, agencies and indicators, the lists, queries, search and dumps: what a national
    corpus of millions of triples needs, in seconds rather than an hour; other resources are
    linked to by their IRIs). Pages are rendered on ``workers`` processes (default: one per core,
    at most 4). ``index`` is the store's :class:`Index` when the caller has built it already.
    ``downloads_ready``, when given, is called before the files in ``downloads`` are copied: the
    pages are rendered while another process is still writing them.
    """
    if scope not in SCOPES:
        raise ValueError(f"unknown site scope {scope!r}: choose one of {', '.join(SCOPES)}")
    workers = workers if workers is not None else min(4, os.cpu_count() or 1)
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = now - clock
        clock = now

    if index is None:
        index = Index.of_nt(store.nt_triples())
        lap("index")
    idx = index
    site = Site(idx, root=out, today=today, sources_root=sources_root)
    out.mkdir(parents=True, exist_ok=True)
    static = resources.files("nqgraph.publish") / "static"
    (out / "static").mkdir(exist_ok=True)
    for name in ("site.css", "site.js"):
        (out / "static" / name).write_text(
            static.joinpath(name).read_text(encoding="utf-8"), encoding="utf-8"
        )

    docs = idx.instances("Document")
    special = set(docs) | set(idx.instances("Agency")) | set(idx.instances("Indicator"))
    special |= set(idx.instances("Expression"))
    if scope == "core":
        site.linkable = set(special)  # before any page caches a link
    _source_pages(site)
    others = sorted(
        {s for s in idx.out if isinstance(s, URIRef) and str(s).startswith(ID) and s not in special}, key=str
    )
    per_node: list[tuple[Callable[[Site, URIRef], None], URIRef]] = [(_document_page, d) for d in docs]
    per_node += [(_agency_page, a) for a in idx.instances("Agency")]
    per_node += [(_indicator_page, i) for i in idx.instances("Indicator")]
    if scope == "all":
        per_node += [(_resource_page, n) for n in others]
        per_node += [(_resource_files, n) for n in sorted(special | set(others), key=str)]
    else:
        per_node += [(_resource_files, n) for n in sorted(special, key=str)]
    # The site-wide pages go first, one chunk each, so that the longest (the saved queries run
    # on the whole graph) start at once and the page chunks fill in around them.
    whole: list[Job] = [
        lambda site: _query_pages(site, store, queries),
        _search,
        lambda site: _exports(site, full=scope == "all"),
        lambda site: _list_pages(site, docs),
        _ontology_page,
        lambda site: _home(site, docs, findings),
    ]
    node_jobs = [_node_job(func, node) for func, node in per_node]
    chunks = [[job] for job in whole]
    chunks += [node_jobs[i : i + PAGES_PER_CHUNK] for i in range(0, len(node_jobs), PAGES_PER_CHUNK)]
    site.compile_templates()
    lap("sources")
    site.pages += _run_jobs(site, chunks, workers=workers)
    lap("pages")
    if downloads_ready is not None:
        downloads_ready()
        lap("downloads.wait")
    _downloads_page(site, downloads)
    files = sum(1 for p in out.rglob("*") if p.is_file())
    return SiteResult(pages=site.pages, files=files, timings=timings)


def _component_rows(site: Site, doc: URIRef, cls: str, page: str) -> list[dict[str, Any]]:
    idx = site.idx
    rows = []
    for node in idx.subjects(NQ + "document", doc):
        if not isinstance(node, URIRef) or not idx.is_a(node, cls):
            continue
        rows.append(
            {
                "ref": site.ref(node, page),
                "anchor": _anchor(str(node)),
                "path": " | ".join(sorted(str(v) for v in idx.objects(node, NQ + "sectionPath"))),
                "ordinal": str(idx.value(node, NQ + "ordinal") or ""),
                "node": node,
            }
        )
    rows.sort(key=lambda r: (_path_key(str(r["path"])), str(r["ordinal"]).zfill(4), str(r["node"])))
    return rows


def _path_key(path: str) -> list[object]:
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", path)]


def task_status(idx: Index, task: Node, today: dt.date) -> str:
    done = [str(d) for d in idx.objects(task, NQ + "completedOn") if str(d) <= today.isoformat()]
    if done:
        return "completed"
    due = idx.text(task, NQ + "dueDate")
    if due:
        return "overdue" if due < today.isoformat() else "due"
    if idx.value(task, NQ + "recurrence") is not None:
        return "recurring"
    return "open"


def _target_row(site: Site, node: URIRef, page: str) -> dict[str, Any]:
    idx = site.idx
    indicator = idx.value(node, NQ + "indicator")
    comparator = idx.value(node, NQ + "comparator")
    unit = idx.value(node, NQ + "unit")
    direction = idx.value(node, NQ + "changeDirection")
    return {
        "ref": site.ref(node, page),
        "anchor": _anchor(str(node)),
        "indicator": site.ref(indicator, page) if indicator is not None else None,
        "year": idx.text(node, NQ + "targetYear"),
        "from": idx.text(node, NQ + "appliesFrom"),
        "comparator": site.ref(comparator, page) if comparator is not None else None,
        "value": idx.text(node, NQ + "value"),
        "max": idx.text(node, NQ + "valueMax"),
        "unit": site.ref(unit, page) if unit is not None else None,
        "baseline": idx.text(node, NQ + "baselineValue"),
        "baseline_year": idx.text(node, NQ + "baselineYear"),
        "direction": site.ref(direction, page) if direction is not None else None,
        "reference_year": idx.text(node, NQ + "referenceYear"),
        "path": " | ".join(sorted(str(v) for v in idx.objects(node, NQ + "sectionPath"))),
        "variants": [site.ref(e, page) for e in idx.objects(node, NQ + "statedIn")],
        "code": _code(idx, node),
    }


def _task_row(site: Site, node: URIRef, page: str) -> dict[str, Any]:
    idx = site.idx
    kinds = [
        site.ref(URIRef(t), page)
        for t in sorted(idx.types(node))
        if t.startswith(NQ) and t[len(NQ) :] in ("KeyTask", "Solution", "Assignment", "AppendixTask")
    ]
    return {
        "ref": site.ref(node, page),
        "anchor": _anchor(str(node)),
        "kinds": kinds,
        "lead": [site.ref(a, page) for a in idx.objects(node, NQ + "leadAgency")],
        "participants": [site.ref(a, page) for a in idx.objects(node, NQ + "participant")],
        "supervisor": [site.ref(a, page) for a in idx.objects(node, NQ + "supervisor")],
        "deadline": idx.text(node, NQ + "deadlineText"),
        "due": idx.text(node, NQ + "dueDate"),
        "recurrence": [site.ref(r, page) for r in idx.objects(node, NQ + "recurrence")],
        "status": task_status(idx, node, site.today),
        "path": " | ".join(sorted(str(v) for v in idx.objects(node, NQ + "sectionPath"))),
        "document": site.ref(idx.value(node, NQ + "document") or node, page),
    }


def _vi(ref: object) -> str:
    return cast(Ref, ref).vi


def _code(idx: Index, node: Node) -> str:
    """A short name for a component in tables: its section path and letter ("I.3.1 (6) a")."""
    paths = sorted(str(v) for v in idx.objects(node, NQ + "sectionPath"))
    tail = str(node).rsplit("/", 1)[-1]
    letter = tail.rsplit("-", 1)[-1] if re.search(r"-[a-z]$", tail) else ""
    return (paths[0] + (" " + letter if letter else "")) if paths else tail


def _date_of(idx: Index, doc: Node) -> str:
    return idx.text(doc, NQ + "issuedOn")


def _period(site: Site, node: Node | None) -> str:
    if node is None:
        return ""
    idx = site.idx
    start = idx.value(node, TIME + "hasBeginning")
    end = idx.value(node, TIME + "hasEnd")
    a = idx.text(start, TIME + "inXSDgYear") if start is not None else ""
    b = idx.text(end, TIME + "inXSDgYear") if end is not None else ""
    return f"{a}–{b}" if a or b else idx.label(node, "en")


def _source_pages(site: Site) -> None:
    """One page per text variant: the source text with every quoted statement marked and linked."""
    idx = site.idx
    for expr in idx.instances("Expression"):
        file = idx.text(expr, NQ + "sourceFile")
        page = page_path(str(expr)) or ""
        if not file or not (site.sources_root / file).is_file():
            continue
        text = (site.sources_root / file).read_text(encoding="utf-8")
        quotes: list[tuple[str, str, str]] = []
        owners: dict[str, URIRef] = {}
        for att in idx.subjects(NQ + "expression", expr):
            if not idx.is_a(att, "Attestation"):
                continue
            for comp, p in idx.inc.get(att, []):
                if str(p) == NQ + "attestation" and isinstance(comp, URIRef):
                    href = site.ref(comp, page).href
                    owners[href] = comp
                    quotes.append((idx.text(att, NQ + "sourceText"), href, idx.label(comp, "vi")))
        for comp in idx.subjects(NQ + "statedIn", expr):
            if not isinstance(comp, URIRef) or any(
                idx.value(a, NQ + "expression") == expr for a in idx.objects(comp, NQ + "attestation")
            ):
                continue
            href = site.ref(comp, page).href
            owners[href] = comp
            for quote in idx.objects(comp, NQ + "sourceText"):
                quotes.append((str(quote), href, idx.label(comp, "vi")))
        lines, anchors = highlight(text, quotes)
        for href, anchor in anchors.items():
            site.quotes[(str(owners[href]), str(expr))] = (page, anchor)
        doc = idx.value(expr, NQ + "expressionOf")
        site.write(
            page,
            "source.html",
            node=expr,
            lines=lines,
            file=file,
            marked=len(anchors),
            document=site.ref(doc, page) if doc is not None else None,
            crumbs=site.breadcrumbs(expr, page),
            backlinks=site.links_here(expr, page),
            jsonld=site.jsonld(expr),
            data_href=site.rel(data_path(str(expr), "ttl"), page),
            jsonld_href=site.rel(data_path(str(expr), "jsonld"), page),
        )


def _document_page(site: Site, doc: URIRef) -> None:
    idx = site.idx
    page = page_path(str(doc)) or ""

    def chain(prop: str) -> list[Ref]:
        nodes = sorted(idx.objects(doc, prop), key=lambda d: (_date_of(idx, d), str(d)))
        return [site.ref(n, page) for n in nodes]

    citations_out = []
    for cit in sorted(idx.subjects(NQ + "document", doc), key=str):
        if idx.is_a(cit, "Citation"):
            cited = idx.value(cit, NQ + "citedDocument")
            kind = idx.value(cit, NQ + "citationType")
            citations_out.append(
                {
                    "ref": site.ref(cit, page),
                    "cited": site.ref(cited, page) if cited else None,
                    "kind": site.ref(kind, page) if kind else None,
                    "text": idx.text(cit, NQ + "sourceText"),
                }
            )
    citations_in = []
    for cit in sorted(idx.subjects(NQ + "citedDocument", doc), key=str):
        citing = idx.value(cit, NQ + "document")
        kind = idx.value(cit, NQ + "citationType")
        citations_in.append(
            {
                "ref": site.ref(cit, page),
                "citing": site.ref(citing, page) if citing else None,
                "kind": site.ref(kind, page) if kind else None,
                "text": idx.text(cit, NQ + "sourceText"),
            }
        )
    expressions = sorted(
        (e for e in idx.subjects(NQ + "expressionOf", doc) if isinstance(e, URIRef)), key=str
    )
    structure = []
    for expr in expressions:
        sections = [s for s in idx.subjects(NQ + "expression", expr) if idx.is_a(s, "Section")]
        known = set(sections)
        children: dict[Node | None, list[Node]] = defaultdict(list)
        for s in sections:
            parent = idx.value(s, NQ + "partOf")
            children[parent if parent in known else None].append(s)

        def tree(
            parent: Node | None, depth: int, children: dict[Node | None, list[Node]] = children
        ) -> list[dict[str, Any]]:
            nodes = sorted(
                children.get(parent, []), key=lambda s: (_path_key(idx.text(s, NQ + "sectionPath")), str(s))
            )
            return [
                {
                    "ref": site.ref(s, page),
                    "path": idx.text(s, NQ + "sectionPath"),
                    "heading": idx.text(s, NQ + "heading"),
                    "anchor": _anchor(str(s)),
                    "children": tree(s, depth + 1) if depth < 6 else [],
                }
                for s in nodes
            ]

        structure.append({"expr": site.ref(expr, page), "tree": tree(None, 0)})
    targets = [_target_row(site, r["node"], page) for r in _component_rows(site, doc, "Target", page)]
    tasks = [_task_row(site, r["node"], page) for r in _component_rows(site, doc, "Task", page)]
    differences = []
    if len(expressions) > 1:
        for t in targets:
            stated = {v.href for v in t["variants"]}
            if 0 < len(stated) < len(expressions):
                differences.append(t)
    signer = idx.value(doc, NQ + "signer")
    site.write(
        page,
        "document.html",
        node=doc,
        number=idx.text(doc, NQ + "documentNumber"),
        date=_date_of(idx, doc),
        kinds=[site.ref(URIRef(t), page) for t in sorted(idx.types(doc)) if t.startswith(NQ)],
        issuer=[site.ref(a, page) for a in idx.objects(doc, NQ + "issuedBy")],
        province=[site.ref(p, page) for p in idx.objects(doc, NQ + "province")],
        period=_period(site, idx.value(doc, NQ + "period")),
        orientation=_period(site, idx.value(doc, NQ + "orientationPeriod")),
        committee_term=_period(site, idx.value(doc, NQ + "committeeTerm")),
        signer=site.ref(signer, page) if signer is not None else None,
        signer_role=idx.text(doc, NQ + "signerRole"),
        notes=[str(n) for n in idx.objects(doc, NQ + "metadataNote")],
        predecessors=chain(NQ + "supersedesTransitively"),
        successors=chain(NQ + "supersededByTransitively"),
        citations_out=citations_out,
        citations_in=citations_in,
        expressions=[site.ref(e, page) for e in expressions],
        structure=structure,
        viewpoints=_component_rows(site, doc, "Viewpoint", page),
        objectives=_component_rows(site, doc, "GeneralObjective", page),
        observations=[
            _target_row(site, r["node"], page) for r in _component_rows(site, doc, "Observation", page)
        ],
        targets=targets,
        tasks=tasks,
        differences=differences,
        crumbs=site.breadcrumbs(doc, page),
        backlinks=site.links_here(doc, page),
        jsonld=site.jsonld(doc),
        data_href=site.rel(data_path(str(doc), "ttl"), page),
        jsonld_href=site.rel(data_path(str(doc), "jsonld"), page),
    )


def _agency_page(site: Site, agency: URIRef) -> None:
    idx = site.idx
    page = page_path(str(agency)) or ""

    def tasks(prop: str) -> list[dict[str, Any]]:
        nodes = sorted((t for t in idx.subjects(prop, agency) if isinstance(t, URIRef)), key=str)
        return [_task_row(site, t, page) for t in nodes]

    changes = []
    for prop, role in ((ORG + "originalOrganization", "from"), (ORG + "resultingOrganization", "to")):
        for event in idx.subjects(prop, agency):
            changes.append(
                {
                    "ref": site.ref(event, page),
                    "role": role,
                    "date": idx.text(event, NQ + "changeDate") or idx.text(event, NQ + "changeDateStatus"),
                    "kind": [site.ref(k, page) for k in idx.objects(event, NQ + "changeKind")],
                }
            )
    site.write(
        page,
        "agency.html",
        node=agency,
        alt=sorted({str(a) for a in idx.objects(agency, SKOS + "altLabel")}),
        province=[site.ref(p, page) for p in idx.objects(agency, NQ + "province")],
        parent=[site.ref(p, page) for p in idx.objects(agency, NQ + "parentBody")],
        children=[site.ref(c, page) for c in sorted(idx.subjects(NQ + "parentBody", agency), key=str)],
        predecessors=[site.ref(a, page) for a in idx.objects(agency, NQ + "predecessor")],
        successors=[site.ref(a, page) for a in idx.objects(agency, NQ + "successor")],
        changes=changes,
        group=idx.is_a(agency, "AgencyGroup"),
        issued=[site.ref(d, page) for d in sorted(idx.subjects(NQ + "issuedBy", agency), key=str)],
        leads=tasks(NQ + "leadAgency"),
        joins=tasks(NQ + "participant"),
        supervises=tasks(NQ + "supervisor"),
        crumbs=[site.ref(agency, page)],
        backlinks=site.links_here(agency, page),
        jsonld=site.jsonld(agency),
        data_href=site.rel(data_path(str(agency), "ttl"), page),
        jsonld_href=site.rel(data_path(str(agency), "jsonld"), page),
    )


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True


def chart_svg(points: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Geometry for an inline SVG of an indicator's values by year (drawn by the template)."""
    points = [p for p in points if _is_number(p["value"]) and (not p["max"] or _is_number(p["max"]))]
    values = [Decimal(p["value"]) for p in points] + [Decimal(p["max"]) for p in points if p["max"]]
    years = sorted({int(p["year"]) for p in points if p["year"].isdigit()})
    if not values or not years:
        return None
    lo, hi = min([*values, Decimal(0)]), max(values)
    hi = hi if hi != lo else lo + 1
    y0, y1 = min(years) - 1, max(years) + 1
    width, height, pad = 640, 240, 48

    def x(year: int) -> float:
        return pad + (year - y0) / (y1 - y0) * (width - 2 * pad)

    def y(value: Decimal) -> float:
        return height - pad + float((lo - value) / (hi - lo)) * (height - 2 * pad)

    marks = []
    for p in points:
        if not p["year"].isdigit():
            continue
        cx, cy = round(x(int(p["year"])), 1), round(y(Decimal(p["value"])), 1)
        top = round(y(Decimal(p["max"])), 1) if p["max"] else None
        marks.append({**p, "cx": cx, "cy": cy, "top": top})
    ticks = [{"x": round(x(yr), 1), "label": str(yr)} for yr in years]
    levels = [lo + (hi - lo) * Decimal(i) / 4 for i in range(5)]
    yticks = [{"y": round(y(v), 1), "label": format_number(round(v, 2))} for v in levels]
    return {
        "width": width,
        "height": height,
        "pad": pad,
        "marks": marks,
        "ticks": ticks,
        "yticks": yticks,
        "base": height - pad,
    }


def _indicator_page(site: Site, indicator: URIRef) -> None:
    idx = site.idx
    page = page_path(str(indicator)) or ""
    points = []
    for node in idx.subjects(NQ + "indicator", indicator):
        if not isinstance(node, URIRef):
            continue
        doc = idx.value(node, NQ + "document")
        number = idx.text(doc, NQ + "documentNumber") if doc is not None else ""
        common = {
            "ref": site.ref(node, page),
            "document": site.ref(doc, page) if doc is not None else None,
            "number": number,
            "unit": site.ref(idx.value(node, NQ + "unit") or indicator, page),
        }
        if idx.is_a(node, "Target"):
            relative = idx.is_a(node, "RelativeTarget")
            comparator = idx.value(node, NQ + "comparator")
            points.append(
                {
                    **common,
                    "kind": "relative" if relative else "target",
                    "year": idx.text(node, NQ + "targetYear"),
                    "value": idx.text(node, NQ + "value"),
                    "max": idx.text(node, NQ + "valueMax"),
                    "comparator": site.ref(comparator, page) if comparator is not None else None,
                    "reference_year": idx.text(node, NQ + "referenceYear"),
                }
            )
            if idx.text(node, NQ + "baselineValue"):
                points.append(
                    {
                        **common,
                        "kind": "baseline",
                        "year": idx.text(node, NQ + "baselineYear"),
                        "value": idx.text(node, NQ + "baselineValue"),
                        "max": "",
                        "comparator": None,
                        "reference_year": "",
                    }
                )
        elif idx.is_a(node, "Observation"):
            points.append(
                {
                    **common,
                    "kind": "reported",
                    "year": idx.text(node, NQ + "observedYear"),
                    "value": idx.text(node, NQ + "value"),
                    "max": "",
                    "comparator": None,
                    "reference_year": "",
                }
            )
    points.sort(key=lambda p: (str(p["year"]), str(p["kind"]), str(p["number"]), cast(Ref, p["ref"]).href))
    level_points = [p for p in points if p["kind"] != "relative"]
    site.write(
        page,
        "indicator.html",
        node=indicator,
        points=points,
        chart=chart_svg(level_points),
        definition=idx.text(indicator, SKOS + "definition"),
        unit=[site.ref(u, page) for u in idx.objects(indicator, NQ + "unit")],
        close=[site.ref(m, page) for m in idx.objects(indicator, SKOS + "closeMatch")],
        related=[site.ref(m, page) for m in idx.objects(indicator, SKOS + "relatedMatch")],
        crumbs=[site.ref(indicator, page)],
        backlinks=site.links_here(indicator, page),
        jsonld=site.jsonld(indicator),
        data_href=site.rel(data_path(str(indicator), "ttl"), page),
        jsonld_href=site.rel(data_path(str(indicator), "jsonld"), page),
    )


def _resource_page(site: Site, node: URIRef) -> None:
    idx = site.idx
    page = page_path(str(node)) or ""
    props = []
    for p in sorted(idx.out.get(node, {}), key=lambda p: (str(p) != RDF_TYPE, str(p))):
        values = [site.term(o, page) for o in idx.out[node][p]]
        props.append({"prop": site.ref(p, page), "objects": values})
    quotes = []
    for expr in idx.objects(node, NQ + "statedIn"):
        where = site.quotes.get((str(node), str(expr)))
        if where:
            quotes.append({"expr": site.ref(expr, page), "href": site.rel(where[0], page) + "#" + where[1]})
    extra: dict[str, Any] = {}
    if idx.is_a(node, "Target"):
        extra["target"] = _target_row(site, node, page)
    if idx.is_a(node, "Task"):
        extra["task"] = _task_row(site, node, page)
    site.write(
        page,
        "resource.html",
        node=node,
        props=props,
        quotes=quotes,
        texts=[str(t) for t in idx.objects(node, NQ + "sourceText")],
        kinds=[site.ref(URIRef(t), page) for t in sorted(idx.types(node)) if t.startswith(NQ)],
        crumbs=site.breadcrumbs(node, page),
        backlinks=site.links_here(node, page),
        jsonld=site.jsonld(node),
        data_href=site.rel(data_path(str(node), "ttl"), page),
        jsonld_href=site.rel(data_path(str(node), "jsonld"), page),
        **extra,
    )


def _list_pages(site: Site, docs: list[URIRef]) -> None:
    idx = site.idx
    page = "documents.html"
    by_province: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for doc in docs:
        province = idx.value(doc, NQ + "province")
        key = idx.label(province, "vi") if province is not None else "Trung ương"
        by_province[key].append(
            {
                "ref": site.ref(doc, page),
                "date": _date_of(idx, doc),
                "number": idx.text(doc, NQ + "documentNumber"),
            }
        )
    groups: list[dict[str, Any]] = [
        {"name": k, "docs": sorted(v, key=lambda d: (str(d["date"] or "9999"), _vi(d["ref"])))}
        for k, v in sorted(by_province.items())
    ]
    site.write_listing(page, "documents.html", vi="Văn bản", en="Documents", groups=groups)
    page = "agencies.html"
    agencies = [
        {
            "ref": site.ref(a, page),
            "group": idx.is_a(a, "AgencyGroup"),
            "province": idx.label(idx.value(a, NQ + "province") or a, "vi")
            if idx.value(a, NQ + "province") is not None
            else "",
        }
        for a in idx.instances("Agency")
    ]
    agencies.sort(key=lambda a: (str(a["province"]), fold(_vi(a["ref"]))))
    site.write_listing(page, "agencies.html", vi="Cơ quan", en="Agencies", agencies=agencies)
    page = "indicators.html"
    indicators = [
        {"ref": site.ref(i, page), "targets": len(idx.subjects(NQ + "indicator", i))}
        for i in idx.instances("Indicator")
    ]
    indicators.sort(key=lambda i: fold(_vi(i["ref"])))
    site.write_listing(page, "indicators.html", vi="Chỉ số", en="Indicators", indicators=indicators)


def _query_pages(site: Site, store: OxigraphStore | RdflibStore, queries: Mapping[str, SavedQuery]) -> None:
    listing = []
    for name, query in sorted(queries.items()):
        page = f"queries/{name}.html"
        params = {p.name: p.example for p in query.params if p.example is not None}
        result = run(store, query, params, today=site.today, max_rows=MAX_ROWS)
        rows = [[site.term(t, page) if t is not None else None for t in row] for row in result.rows]
        site.write_listing(
            page,
            "query.html",
            vi=name,
            en=name,
            query=query,
            params=params,
            variables=result.variables,
            rows=rows,
            total=result.row_count,
        )
        listing.append({"name": name, "summary": query.summary, "href": f"queries/{name}.html"})
    site.write_listing("queries.html", "queries.html", vi="Truy vấn", en="Queries", queries=listing)
    site.write_listing(
        "sparql.html",
        "sparql.html",
        vi="Truy vấn SPARQL",
        en="SPARQL query",
        queries=[{"name": q.name, "text": q.text} for q in sorted(queries.values(), key=lambda q: q.name)],
    )


def _ontology_page(site: Site) -> None:
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


EXPORTS = ("nqgraph.nt", "nqgraph.jsonld", "targets.csv", "tasks.csv")


def _exports(site: Site, *, full: bool = True) -> None:
    """The tables of targets and tasks and, for the full site, N-Triples and JSON-LD copies."""
    folder = site.root / "downloads"
    folder.mkdir(exist_ok=True)
    if full:
        # N-Triples and JSON-LD copies of the whole graph; the core site links the Turtle and
        # TriG dumps only, which carry the same triples.
        triples = stable_bnodes(
            (s, p, o) for s, props in site.idx.out.items() for p, objs in props.items() for o in objs
        )
        nt = "".join(sorted({f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in triples}))
        (folder / "nqgraph.nt").write_text(nt, encoding="utf-8")
        (folder / "nqgraph.jsonld").write_text(
            json.dumps(expanded_jsonld(triples), ensure_ascii=False) + "\n", encoding="utf-8"
        )
    idx = site.idx
    (folder / "targets.csv").write_text(
        _csv(
            [
                "target",
                "document",
                "number",
                "indicator",
                "year",
                "comparator",
                "value",
                "valueMax",
                "unit",
                "baselineValue",
                "baselineYear",
                "changeDirection",
                "referenceYear",
                "sectionPath",
                "sourceText",
            ],
            (
                [
                    str(t),
                    str(idx.value(t, NQ + "document") or ""),
                    idx.text(idx.value(t, NQ + "document") or t, NQ + "documentNumber"),
                    str(idx.value(t, NQ + "indicator") or ""),
                    idx.text(t, NQ + "targetYear"),
                    compact(idx.value(t, NQ + "comparator")),
                    idx.text(t, NQ + "value"),
                    idx.text(t, NQ + "valueMax"),
                    compact(idx.value(t, NQ + "unit")),
                    idx.text(t, NQ + "baselineValue"),
                    idx.text(t, NQ + "baselineYear"),
                    compact(idx.value(t, NQ + "changeDirection")),
                    idx.text(t, NQ + "referenceYear"),
                    " | ".join(sorted(str(v) for v in idx.objects(t, NQ + "sectionPath"))),
                    " | ".join(sorted(str(v) for v in idx.objects(t, NQ + "sourceText"))),
                ]
                for t in idx.instances("Target")
            ),
        ),
        encoding="utf-8",
    )

    def names(t: Node, prop: str) -> str:
        return " ; ".join(idx.label(a, "vi") for a in idx.objects(t, prop))

    (folder / "tasks.csv").write_text(
        _csv(
            [
                "task",
                "document",
                "number",
                "kind",
                "label",
                "leadAgency",
                "participants",
                "supervisor",
                "deadlineText",
                "dueDate",
                "recurrence",
                "status",
                "sectionPath",
                "sourceText",
            ],
            (
                [
                    str(t),
                    str(idx.value(t, NQ + "document") or ""),
                    idx.text(idx.value(t, NQ + "document") or t, NQ + "documentNumber"),
                    " ".join(
                        sorted(
                            compact(URIRef(k))
                            for k in idx.types(t)
                            if k.startswith(NQ) and k != NQ + "Component"
                        )
                    ),
                    idx.label(t, "vi"),
                    names(t, NQ + "leadAgency"),
                    names(t, NQ + "participant"),
                    names(t, NQ + "supervisor"),
                    idx.text(t, NQ + "deadlineText"),
                    idx.text(t, NQ + "dueDate"),
                    " ".join(compact(r) for r in idx.objects(t, NQ + "recurrence")),
                    task_status(idx, t, site.today),
                    " | ".join(sorted(str(v) for v in idx.objects(t, NQ + "sectionPath"))),
                    " | ".join(sorted(str(v) for v in idx.objects(t, NQ + "sourceText"))),
                ]
                for t in idx.instances("Task")
            ),
        ),
        encoding="utf-8",
    )


def _downloads_page(site: Site, downloads: Mapping[str, Path]) -> None:
    """Copy the build's dumps next to the exports and list them all with their sizes."""
    folder = site.root / "downloads"
    folder.mkdir(exist_ok=True)
    for name, path in sorted(downloads.items()):
        shutil.copyfile(path, folder / name)
    names = sorted({*downloads, *(name for name in EXPORTS if (folder / name).exists())})
    files = [{"name": name, "size": (folder / name).stat().st_size} for name in names]
    site.write_listing("downloads.html", "downloads.html", vi="Tải về", en="Downloads", files=files)


def _csv(header: list[str], rows: Iterable[list[str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(sorted(rows))
    return buf.getvalue()


def _search(site: Site) -> None:
    """A label index for in-browser search, folded so that accents and tone-mark styles match."""
    idx = site.idx
    entries = []
    for s in sorted(idx.out, key=str):
        if not (isinstance(s, URIRef) and str(s).startswith(ID)):
            continue
        if idx.is_a(s, "Attestation") or idx.is_a(s, "Section"):
            continue
        labels = {
            str(v) for p in (RDFS_LABEL, SKOS + "altLabel", NQ + "documentNumber") for v in idx.objects(s, p)
        }
        if not labels:
            continue
        kind = next((t[len(NQ) :] for t in sorted(idx.types(s)) if t.startswith(NQ)), "")
        entries.append(
            {
                # The page's path, or in the core site the IRI of a resource without a page.
                "h": site.ref(s, "search.html").href,
                "vi": idx.label(s, "vi"),
                "en": idx.label(s, "en"),
                "k": kind,
                "f": " ".join(sorted({fold(x) for x in labels})),
            }
        )
    body = "window.NQ_SEARCH = " + json.dumps(entries, ensure_ascii=False, separators=(",", ":")) + ";\n"
    (site.root / "static" / "search-index.js").write_text(body, encoding="utf-8")
    site.write_listing("search.html", "search.html", vi="Tìm kiếm", en="Search")


def _home(site: Site, docs: list[URIRef], findings: Iterable[Any]) -> None:
    idx = site.idx
    page = "index.html"
    counts = {
        name: len(idx.instances(name))
        for name in ("Document", "Resolution", "Target", "Task", "Agency", "Indicator", "Citation")
    }
    timeline: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for doc in docs:
        if not idx.is_a(doc, "Resolution") or idx.value(doc, NQ + "province") is None:
            continue
        province = idx.label(idx.value(doc, NQ + "province") or doc, "vi")
        timeline[province].append(
            {
                "ref": site.ref(doc, page),
                "date": _date_of(idx, doc),
                "number": idx.text(doc, NQ + "documentNumber"),
            }
        )
    years = [int(d["date"][:4]) for v in timeline.values() for d in v if d["date"]]
    span = (min(years), max(years)) if years else (2010, 2030)
    rows = []
    for n, (province, items) in enumerate(sorted(timeline.items())):
        marks = []
        for d in sorted(items, key=lambda d: d["date"] or "9999"):
            if not d["date"]:
                continue
            year = int(d["date"][:4]) + (int(d["date"][5:7]) - 1) / 12
            x = 140 + (year - span[0]) / max(1, span[1] + 1 - span[0]) * 480
            marks.append({**d, "x": round(x, 1)})
        rows.append(
            {
                "province": province,
                "y": 30 + n * 40,
                "marks": marks,
                "docs": sorted(items, key=lambda d: d["date"] or "9999"),
            }
        )
    ticks = [
        {"x": round(140 + (y - span[0]) / max(1, span[1] + 1 - span[0]) * 480, 1), "label": str(y)}
        for y in range(span[0], span[1] + 2, 2)
    ]
    site.write(
        page,
        "home.html",
        counts=counts,
        timeline=rows,
        ticks=ticks,
        height=40 + 40 * len(rows),
        findings=list(findings),
        crumbs=[],
        backlinks=[],
        jsonld={
            "@context": "https://schema.org",
            "@type": "Dataset",
            "@id": BASE + "dataset",
            "name": "nqgraph",
            "description": "Knowledge graph of Vietnamese provincial Party resolutions",
            "url": BASE,
            "license": "https://creativecommons.org/licenses/by/4.0/",
        },
    )


def iri_for_path(path: str) -> str | None:
    """The resource IRI a site path stands for (``id/a/b``, ``id/a/b/``, ``id/a/b.ttl`` → ``…/id/a/b``)."""
    clean = path.strip("/")
    if not clean.startswith("id/"):
        return None
    clean = re.sub(r"(/index\.html|\.html|\.ttl|\.nt|\.jsonld)$", "", clean)
    return ID + clean[len("id/") :]


__all__ = ["SiteResult", "build_site", "format_number", "iri_for_path", "make_env", "page_path"]
