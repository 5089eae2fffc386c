"""What every page is rendered with: the site (index, environment, writing), references and segments."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import posixpath
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from rdflib.term import BNode, Literal, Node, URIRef

from nqgraph.graph.ntriples import nt
from nqgraph.namespaces import NQ, PREFIXES, RDF_TYPE, XSD
from nqgraph.publish.output import compact
from nqgraph.publish.serialize import subject_turtle
from nqgraph.publish.site.addresses import BASE, data_path, page_path
from nqgraph.publish.site.environment import shared_env
from nqgraph.publish.site.index import Index

SKOS = "http://www.w3.org/2004/02/skos/core#"


ORG = "http://www.w3.org/ns/org#"


TIME = "http://www.w3.org/2006/time#"


RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


MAX_ROWS = 200


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

    def __init__(
        self,
        index: Index,
        *,
        root: Path,
        today: dt.date,
        sources_root: Path,
        env: jinja2.Environment | None = None,
        templates: dict[str, jinja2.Template] | None = None,
    ) -> None:
        self.idx = index
        self.root = root
        self.today = today
        self.sources_root = sources_root
        # A page rendered on demand borrows the compiled templates of a long-lived site.
        self.env = env if env is not None else shared_env()
        self.quotes: dict[tuple[str, str], tuple[str, str]] = {}  # (component, expression) -> (page, anchor)
        self.pages = 0
        self._refs: dict[Node, Ref] = {}
        # The same links made for the same page (a page's properties repeat): found, not made again.
        self._here: dict[tuple[Node, str], Ref] = {}
        self._templates: dict[str, jinja2.Template] = templates if templates is not None else {}
        # Whether the site holds a page for every resource (and the whole graph as N-Triples and
        # JSON-LD). Links do not depend on it: a core site links every resource to the path of its
        # page, which `nqgraph serve` renders on demand (docs/decisions.md).
        self.full = True
        # When set, pages and data files are kept here (site path -> bytes) instead of written.
        self.sink: dict[str, bytes] | None = None
        # When set, the rows of a listing page's items kept from the previous build, and those made
        # now (nqgraph.publish.site.item_rows.RowsSession); rendering from a store records reads.
        self.item_rows: Any = None

    def over(self, index: Index) -> Site:
        """A site like this one (folder, day, source texts, templates, scope) over ``index``, with
        link caches of its own: a link this site made earlier would hide what ``index`` records."""
        twin = Site(
            index,
            root=self.root,
            today=self.today,
            sources_root=self.sources_root,
            env=self.env,
            templates=self._templates,
        )
        twin.full = self.full
        return twin

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
        here = self._here.get((node, page))
        if here is not None:
            return here
        base = self._refs.get(node)
        if base is None:
            base = self._refs[node] = self._base_ref(node)
        here = base if base.external else Ref(self.rel(base.href, page), base.vi, base.en)
        self._here[(node, page)] = here
        return here

    def _base_ref(self, node: Node) -> Ref:
        iri = str(node)
        vi, en = self.idx.label(node, "vi"), self.idx.label(node, "en")
        if isinstance(node, URIRef) and iri.startswith(NQ):
            return Ref("ontology.html#" + iri[len(NQ) :], vi, en)
        path = page_path(iri) if isinstance(node, URIRef) else None
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
        self.put(path, html)
        self.pages += 1

    def put(self, path: str, text: str | bytes) -> None:
        """Write ``text`` (bytes: UTF-8 already) at the site path ``path`` (or keep it in :attr:`sink`).

        An existing file is unlinked first, never truncated: an incremental build works in a copy
        of the previous output whose files are hard links shared with it.
        """
        body = text.encode("utf-8") if isinstance(text, str) else text
        if self.sink is not None:
            self.sink[path] = body
            return
        write_new(os.path.join(self.root, path), body)

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
            jsonld_href=self.rel("downloads/nqgraph.jsonld" if self.full else "downloads/nqgraph.ttl", path),
            **context,
        )

    def links_here(
        self, node: Node, page: str, *, known: Mapping[Node, Ref | None] | None = None
    ) -> list[dict[str, Any]]:
        """Resources that refer to ``node``, once each, with the first property that does.

        A document's own components (which all point at it with nq:document) are listed in its
        tables already, and an item's attestations on its own page; they are left out here.
        ``known`` holds what :meth:`backlink` gave for some of the subjects already.
        """
        by_subject: dict[Node, list[Node]] = defaultdict(list)
        for s, p in self.idx.inc.get(node, []):
            if str(p) == RDF_TYPE or not isinstance(s, URIRef) or s == node:
                continue
            by_subject[s].append(p)
        rows = []
        for s, props in by_subject.items():
            ref = known[s] if known is not None and s in known else self.backlink(s, node, page)
            if ref is None:
                continue
            own = [p for p in props if str(p).startswith(NQ)] or props
            rows.append({"ref": ref, "prop": self.ref(min(own, key=str), page)})
        rows.sort(key=lambda r: (r["prop"].en, r["ref"].vi, r["ref"].href))
        return rows[:MAX_ROWS]

    def backlink(self, s: Node, node: Node, page: str) -> Ref | None:
        """The link to ``s`` among the resources referring to ``node`` (None: left out there)."""
        if self.idx.value(s, NQ + "document") == node or self.idx.is_a(s, "Attestation"):
            return None
        return self.ref(s, page)

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
        ttl = subject_turtle([(nt(s), nt(p), nt(o)) for s, p, o in triples], prefixes=PREFIXES)
        doc = expanded_jsonld(triples)
        for ext, body in (("ttl", ttl), ("jsonld", json.dumps(doc, ensure_ascii=False))):
            self.put(data_path(str(node), ext), body + ("" if body.endswith("\n") else "\n"))


_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def write_new(target: str, body: bytes) -> None:
    """Write ``body`` as a new file at ``target``: unlinked first if it exists, its folders made if
    they are missing.

    A clean build writes some 200,000 files: the file is created first (one system call when
    neither it nor a missing folder is in the way), the folders made and the old file unlinked only
    when that fails, where ``mkdir``, ``unlink`` and ``write_text`` on each took a third of the
    time of its pages.
    """
    try:
        fd = os.open(target, _NEW, 0o666)
    except FileExistsError:
        os.unlink(target)
        fd = os.open(target, _NEW, 0o666)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        fd = os.open(target, _NEW, 0o666)
    try:
        view = memoryview(body)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def stable_bnodes(triples: Iterable[tuple[Node, Node, Node]]) -> list[tuple[Node, Node, Node]]:
    """The triples with blank nodes relabelled canonically, so dumps that print labels are stable.

    Blank nodes get fresh labels each time a file is parsed. Those that hang from a named resource
    as a tree (each referenced once, as Turtle's ``[ … ]`` and lists write them) are labelled by
    their place: their parent's label, the predicate and their own content, hashed; two nodes with
    the same place and content are interchangeable, so which gets which label does not show. That
    is linear in their number, where rdflib's canonical labelling of a list of 2,000 items took
    minutes. The others (shared, in a cycle, or held by no named resource: few in practice) are
    labelled by rdflib's canonicalisation, with the tree nodes they touch held fixed.
    """
    from rdflib import Graph
    from rdflib.compare import to_canonical_graph

    listed = list(triples)
    refs: dict[BNode, int] = defaultdict(int)
    props: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)
    blank_objects: dict[Node, list[tuple[Node, BNode]]] = defaultdict(list)
    for s, p, o in listed:
        if isinstance(s, BNode):
            props[s].append((p, o))
        if isinstance(o, BNode):
            refs[o] += 1
            blank_objects[s].append((p, o))
    roots = [s for s in blank_objects if not isinstance(s, BNode)]
    # The tree nodes, each after its parent: a node referenced once is reached once, and a cycle of
    # such nodes is never reached from a named resource (loops, not recursion: lists are deep).
    order: list[BNode] = []
    stack: list[Node] = list(roots)
    while stack:
        for _, o in blank_objects.get(stack.pop(), ()):
            if refs[o] == 1:
                order.append(o)
                stack.append(o)
    content: dict[Node, str] = {}
    for node in reversed(order):  # children before their parents
        parts = sorted(
            p.n3() + " " + (content[o] if o in content else "_:" if isinstance(o, BNode) else o.n3())
            for p, o in props.get(node, ())
        )
        content[node] = hashlib.sha1("\n".join(parts).encode("utf-8")).hexdigest()
    label: dict[Node, str] = {}
    for parent in [*roots, *order]:  # parents before their children
        place = label[parent] if isinstance(parent, BNode) else parent.n3()
        mine = sorted(
            ((p.n3(), content[o], o) for p, o in blank_objects.get(parent, ()) if o in content),
            key=lambda item: item[:2],
        )
        ordinal: dict[tuple[str, str], int] = defaultdict(int)
        for p_text, digest, o in mine:
            n = ordinal[(p_text, digest)]
            ordinal[(p_text, digest)] = n + 1
            label[o] = hashlib.sha1(f"{place} {p_text} {digest} {n}".encode()).hexdigest()[:32]
    # While rdflib labels the others, a tree node they touch is held fixed as an IRI.
    held = "urn:nqgraph:tree-node:"

    def fixed(term: Node) -> Node:
        if isinstance(term, BNode) and term in label:
            return URIRef(held + label[term])
        return term

    plain: list[tuple[Node, Node, Node]] = []
    hard = Graph()
    for s, p, o in listed:
        t = (fixed(s), p, fixed(o))
        if isinstance(t[0], BNode) or isinstance(t[2], BNode):
            hard.add(t)
        else:
            plain.append(t)

    def back(term: Node) -> Node:
        if isinstance(term, URIRef) and str(term).startswith(held):
            return BNode("t" + str(term)[len(held) :])
        return term

    settled = list(to_canonical_graph(hard)) if len(hard) else []
    return [(back(s), p, back(o)) for s, p, o in plain + settled]


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
