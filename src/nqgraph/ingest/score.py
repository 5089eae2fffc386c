"""Score a drafted graph against the curated graph of the same text: precision, recall and F1 for
each kind of fact, with every missed and every extra fact listed beside its sentence.

The curated facts of a text are the components whose ``nq:statedIn`` is the expression whose
``nq:sourceFile`` is that text; a component stated in two variants takes its sentence for this
variant from its ``nq:Attestation``. The draft's facts are all the components of the draft graph.
Facts are compared kind by kind on normalised values (decimals as ``Decimal``, dates as ISO
strings, document numbers without stray spaces, agencies by IRI or, for an agency the draft
proposes, by its folded label against the curated agencies' labels):

- header fields: number, date, issuer, province, title, signer of the document. A curated field
  that this text does not print (10-NQ/TU's variants print no number) is listed as not printed
  and not scored: no draft could read it from the text; a drafted field that the curated
  document does not record at all (19-NQ/TU has no title) is listed as not recorded and not
  scored: nobody has said what it should be;
- citations: by the cited document's (number, date); a date that one side does not know agrees
  with any date; a document without a number by its IRI;
- targets (relative ones too): by (year, comparator, value, valueMax, unit, direction, reference
  year) within the same sentence;
- observations: by (year, value, unit) within the same sentence;
- assignments: by (agency, role) within the same item, role one of lead, participant, supervisor;
- appendix rows: by (ordinal, lead agency);
- section paths: the ``nq:sectionPath`` of every section, as strings.

"Within the same sentence" means that the places of the two facts in the source overlap: each
fact's sentence (``nq:sourceText``) is found in the text, and a drafted fact's
``nq:spanStart``/``nq:spanEnd`` count too. Facts are paired one to one (a maximum matching), so a
value stated twice must be drafted twice.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS
from rdflib.term import Node

from nqgraph.errors import NqgraphError
from nqgraph.namespaces import ID, NQ
from nqgraph.paths import project_root
from nqgraph.text import collapse, fold, nfc

KINDS = ("header", "citation", "target", "observation", "assignment", "appendix", "section")
HEADER_FIELDS = ("number", "date", "issuer", "province", "title", "signer")
ROLES = (("lead", "leadAgency"), ("participant", "participant"), ("supervisor", "supervisor"))

_MARKUP = re.compile(r"\[bookmark:[^\]]*\]|\*\*|\*|</?b>")


class ScoreError(NqgraphError):
    """The curated data holds no text with the given source file, or a draft cannot be read."""


def _nq(name: str) -> URIRef:
    return URIRef(NQ + name)


# ---------------------------------------------------------------- facts and scores


@dataclass(frozen=True)
class Fact:
    """One fact of one side: what is compared (``key``), how a person reads it, and where it is."""

    kind: str
    key: tuple[str, ...]
    text: str
    sentence: str
    iri: str
    places: tuple[tuple[int, int], ...] = ()
    date: str = ""  # citations: the cited document's date, compared leniently

    def as_json(self) -> dict[str, str]:
        return {"fact": self.text, "sentence": self.sentence, "iri": self.iri}


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class KindScore:
    """The comparison of one kind of fact."""

    kind: str
    curated: int
    drafted: int
    matched: int
    missed: tuple[Fact, ...] = ()
    extra: tuple[Fact, ...] = ()
    not_printed: tuple[Fact, ...] = ()
    not_recorded: tuple[Fact, ...] = ()

    @property
    def precision(self) -> float | None:
        return _ratio(self.matched, self.drafted)

    @property
    def recall(self) -> float | None:
        return _ratio(self.matched, self.curated)

    @property
    def f1(self) -> float | None:
        return f1(self.matched, self.curated, self.drafted)

    def as_json(self) -> dict[str, Any]:
        return {
            "curated": self.curated,
            "drafted": self.drafted,
            "matched": self.matched,
            "precision": _round(self.precision),
            "recall": _round(self.recall),
            "f1": _round(self.f1),
            "missed": [f.as_json() for f in self.missed],
            "extra": [f.as_json() for f in self.extra],
            "not_printed": [f.as_json() for f in self.not_printed],
            "not_recorded": [f.as_json() for f in self.not_recorded],
        }


def f1(matched: int, curated: int, drafted: int) -> float | None:
    """F1 of a comparison; None when neither side has a fact of the kind (nothing to score)."""
    if curated + drafted == 0:
        return None
    return 2 * matched / (curated + drafted)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


@dataclass(frozen=True)
class Score:
    """A draft scored against the curated data of one source text."""

    source_file: str
    document: str
    kinds: tuple[KindScore, ...]

    def kind(self, name: str) -> KindScore:
        for k in self.kinds:
            if k.kind == name:
                return k
        raise KeyError(name)

    def as_json(self) -> dict[str, Any]:
        return {
            "source_file": self.source_file,
            "document": self.document,
            "kinds": {k.kind: k.as_json() for k in self.kinds},
        }


def figure(value: float | None) -> str:
    """A ratio as printed in the tables: two decimals, or an en dash when there is nothing to score."""
    return "–" if value is None else f"{value:.2f}"


def table(score: Score) -> str:
    """The plain-text report of one score: a row per kind, then the missed and extra facts."""
    lines = [f"{score.source_file} ({score.document})", ""]
    lines.append(f"{'kind':<12} {'curated':>7} {'drafted':>7} {'matched':>7} {'P':>5} {'R':>5} {'F1':>5}")
    for k in score.kinds:
        lines.append(
            f"{k.kind:<12} {k.curated:>7} {k.drafted:>7} {k.matched:>7} "
            f"{figure(k.precision):>5} {figure(k.recall):>5} {figure(k.f1):>5}"
        )
    lines += listing(score)
    return "\n".join(lines) + "\n"


def listing(score: Score) -> list[str]:
    """Every missed, extra and unprinted fact, one line each, with its sentence."""
    lines: list[str] = []
    for k in score.kinds:
        for title, facts in (
            ("missed", k.missed),
            ("extra", k.extra),
            ("not printed in the text, not scored", k.not_printed),
            ("not recorded in the curated data, not scored", k.not_recorded),
        ):
            if facts:
                lines += ["", f"{k.kind}, {title} ({len(facts)}):"]
                lines += [f"  - {f.text}" + (f"  «{f.sentence}»" if f.sentence else "") for f in facts]
    return lines


# ---------------------------------------------------------------- where sentences are


class Places:
    """Find sentences in a source text, comparing them in the form the conventions quote in.

    Layout residue (Markdown emphasis, bookmarks, table separators) is dropped and whitespace
    collapsed, as for every ``nq:sourceText``; offsets are kept into the original text so that a
    drafted fact's ``nq:spanStart``/``nq:spanEnd`` land in the same coordinates.
    """

    def __init__(self, text: str) -> None:
        text = nfc(text)
        drop = bytearray(len(text))
        for m in _MARKUP.finditer(text):
            drop[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
        chars: list[str] = []
        origin: list[int] = []
        space = True
        for i, ch in enumerate(text):
            if drop[i]:
                continue
            if ch.isspace() or ch == "|":
                if not space:
                    chars.append(" ")
                    origin.append(i)
                    space = True
                continue
            chars.append(ch)
            origin.append(i)
            space = False
        self.form = "".join(chars)
        self.origin = origin
        self._cache: dict[str, tuple[tuple[int, int], ...]] = {}

    def find(self, sentence: str) -> tuple[tuple[int, int], ...]:
        """Every place (original offsets) where ``sentence`` stands in the text."""
        needle = collapse(_MARKUP.sub("", nfc(sentence)).replace("|", " "))
        if not needle:
            return ()
        if needle not in self._cache:
            found = []
            start = self.form.find(needle)
            while start >= 0:
                end = start + len(needle) - 1
                found.append((self.origin[start], self.origin[end] + 1))
                start = self.form.find(needle, start + 1)
            self._cache[needle] = tuple(found)
        return self._cache[needle]


def _overlap(a: Fact, b: Fact) -> bool:
    """Whether two facts stand in the same sentence: their places overlap, or where a sentence was
    not found in the text, one sentence holds the other."""
    if a.places and b.places:
        return any(x0 < y1 and y0 < x1 for x0, x1 in a.places for y0, y1 in b.places)
    sa, sb = fold(a.sentence), fold(b.sentence)
    return bool(sa and sb) and (sa in sb or sb in sa)


# ---------------------------------------------------------------- normalising values


def _decimal(node: Node | None) -> str:
    if node is None:
        return ""
    try:
        value = Decimal(str(node))
    except InvalidOperation:
        return nfc(str(node))
    return format(value.normalize(), "f") if value == value.to_integral_value() else str(value.normalize())


def _year(node: Node | None) -> str:
    return "" if node is None else str(node)[:4]


def _local(node: Node | None) -> str:
    if node is None:
        return ""
    text = str(node)
    return text[len(NQ) :] if text.startswith(NQ) else text


def document_number(text: str) -> str:
    """A document number compared as printed, less stray spaces and case ("134 /KH-UBND")."""
    return re.sub(r"\s+", "", nfc(text)).upper()


def _short(iri: str) -> str:
    return iri[len(ID) :] if iri.startswith(ID) else iri


class Resolver:
    """Say which curated resource a drafted resource is: the same IRI, or one label in common."""

    def __init__(self, curated: Graph, draft: Graph) -> None:
        self.curated = curated
        self.draft = draft
        self._by_label: dict[str, list[str]] = defaultdict(list)
        for prop in (RDFS.label, SKOS.altLabel, SKOS.prefLabel, DCTERMS.title):
            for s, o in curated.subject_objects(prop):
                if isinstance(s, URIRef) and isinstance(o, Literal):
                    self._by_label[fold(str(o))].append(str(s))
        self._known = {str(s) for s in curated.subjects() if isinstance(s, URIRef)}

    def canonical(self, node: Node) -> str:
        """The curated IRI of ``node``, or ``new: <folded label>`` for a resource the curated data lacks."""
        iri = str(node)
        if iri in self._known:
            return iri
        labels = sorted(
            fold(str(o))
            for prop in (RDFS.label, SKOS.altLabel, SKOS.prefLabel, DCTERMS.title)
            for o in self.draft.objects(node, prop)
        )
        candidates = sorted({c for label in labels for c in self._by_label.get(label, ())})
        if candidates:
            province = self.draft.value(node, _nq("province"))
            same = [
                c
                for c in candidates
                if province is None or (URIRef(c), _nq("province"), province) in self.curated
            ]
            return (same or candidates)[0]
        return f"new: {labels[0]}" if labels else iri

    def value(self, node: Node, prop: URIRef) -> Node | None:
        """A property of a drafted resource: from the draft, or from the curated data when the draft
        names an existing resource without repeating what is known of it."""
        found = self.draft.value(node, prop)
        if found is None and str(node) in self._known:
            found = self.curated.value(node, prop)
        return found


# ---------------------------------------------------------------- reading facts


def _types(graph: Graph, node: Node) -> set[str]:
    return {_local(t) for t in graph.objects(node, RDF.type)}


@dataclass
class Side:
    """The components of one side and how to read their sentences."""

    graph: Graph
    components: list[Node]
    sentences: Callable[[Node], list[str]]
    places: Places | None
    spans: bool = False
    names: Callable[[Node], str] = str
    facts: dict[str, list[Fact]] = field(default_factory=lambda: defaultdict(list))

    def where(self, node: Node) -> tuple[str, tuple[tuple[int, int], ...]]:
        sentences = self.sentences(node)
        places: list[tuple[int, int]] = []
        if self.places is not None:
            for s in sentences:
                places += self.places.find(s)
        if self.spans:
            start, end = self.graph.value(node, _nq("spanStart")), self.graph.value(node, _nq("spanEnd"))
            if start is not None and end is not None:
                with contextlib.suppress(ValueError):
                    places.append((int(str(start)), int(str(end))))
        return (sentences[0] if sentences else ""), tuple(sorted(set(places)))

    def add(self, kind: str, node: Node, key: tuple[str, ...], text: str, date: str = "") -> None:
        sentence, places = self.where(node)
        self.facts[kind].append(Fact(kind, key, text, sentence, str(node), places, date))


def _read_components(side: Side, value: Callable[[Node, URIRef], Node | None]) -> None:
    g = side.graph
    for node in side.components:
        types = _types(g, node)
        if types & {"Target", "RelativeTarget"}:
            relative = "RelativeTarget" in types
            key: tuple[str, ...] = (
                _year(g.value(node, _nq("targetYear"))),
                _local(g.value(node, _nq("comparator"))),
                _decimal(g.value(node, _nq("value"))),
                _decimal(g.value(node, _nq("valueMax"))),
                _local(g.value(node, _nq("unit"))),
                _local(g.value(node, _nq("changeDirection"))) if relative else "",
                _year(g.value(node, _nq("referenceYear"))) if relative else "",
            )
            side.add("target", node, key, _describe_target(key))
        if "Observation" in types:
            seen = (
                _year(g.value(node, _nq("observedYear"))),
                _decimal(g.value(node, _nq("value"))),
                _local(g.value(node, _nq("unit"))),
            )
            side.add("observation", node, seen, f"{seen[0]}: {seen[1]} {seen[2]}".strip())
        if "Assignment" in types:
            for role, prop in ROLES:
                for agency in sorted(g.objects(node, _nq(prop)), key=str):
                    name = side.names(agency)
                    side.add("assignment", node, (name, role), f"{role}: {_short(name)}")
        if "AppendixTask" in types:
            leads = sorted(side.names(a) for a in g.objects(node, _nq("leadAgency"))) or [""]
            ordinal = _decimal(g.value(node, _nq("ordinal")))
            for lead in leads:
                side.add("appendix", node, (ordinal, lead), f"row {ordinal}, lead {_short(lead) or '(none)'}")
        if "Citation" in types:
            cited = g.value(node, _nq("citedDocument"))
            if cited is None:
                continue
            number = value(cited, _nq("documentNumber"))
            date = value(cited, _nq("issuedOn"))
            cite: tuple[str, str]
            if number is not None:
                cite = ("number", document_number(str(number)))
                text = f"{number}" + (f" of {date}" if date is not None else "")
            else:
                cite = ("document", side.names(cited))
                text = _short(cite[1])
            side.add("citation", node, cite, text, date=str(date) if date is not None else "")


def _describe_target(key: tuple[str, ...]) -> str:
    year, comparator, value, value_max, unit, direction, reference = key
    amount = f"{value}–{value_max}" if value_max else value
    text = f"{year}: {comparator} {amount} {unit}"
    if direction:
        text += f" ({direction} over {reference or '?'})"
    return text


def _sections(side: Side, nodes: Iterable[Node]) -> None:
    for node in nodes:
        for path in side.graph.objects(node, _nq("sectionPath")):
            text = collapse(nfc(str(path)))
            side.add("section", node, (text,), text)


# ---------------------------------------------------------------- header


def _printed_date(iso: str, folded_text: str) -> bool:
    y, m, d = iso[:4], iso[5:7], iso[8:10]
    if not (y.isdigit() and m.isdigit() and d.isdigit()):
        return False
    forms = set()
    for dd in {d, d.lstrip("0")}:
        for mm in {m, m.lstrip("0")}:
            forms |= {f"{dd}/{mm}/{y}", f"{dd}-{mm}-{y}", f"{dd}.{mm}.{y}", f"ngay {dd} thang {mm} nam {y}"}
    return any(re.search(rf"(?<!\d){re.escape(f)}(?!\d)", folded_text) for f in forms)


def _header(
    side: Side, doc: Node | None, names: Callable[[Node], str], value: Callable[[Node, URIRef], Node | None]
) -> list[Fact]:
    if doc is None:
        return []
    out = []
    props = {
        "number": _nq("documentNumber"),
        "date": _nq("issuedOn"),
        "issuer": _nq("issuedBy"),
        "province": _nq("province"),
        "title": DCTERMS.title,
        "signer": _nq("signer"),
    }
    for name in HEADER_FIELDS:
        prop = props[name]
        found = sorted(side.graph.objects(doc, prop), key=str)
        if not found and name in ("issuer", "province"):
            v = value(doc, prop)
            found = [v] if v is not None else []
        for v in found:
            if name == "number":
                shown, key = str(v), document_number(str(v))
            elif name == "date":
                shown = key = str(v)
            elif name == "title":
                shown, key = collapse(nfc(str(v))), fold(str(v))
            else:
                key = names(v)
                shown = _short(key)
            out.append(Fact("header", (name, key), f"{name}: {shown}", "", str(doc)))
    return out


def _is_printed(fact: Fact, curated: Graph, folded_text: str, folded_bare: str) -> bool:
    name, key = fact.key
    if name == "number":
        return fold(key).replace(" ", "") in folded_bare
    if name == "date":
        return _printed_date(key, folded_text)
    if name == "title":
        return key in folded_text
    if name == "signer":
        return any(fold(str(label)) in folded_text for label in curated.objects(URIRef(key), RDFS.label))
    return True


# ---------------------------------------------------------------- matching


def _match(curated: list[Fact], drafted: list[Fact], kind: str) -> tuple[list[Fact], list[Fact], int]:
    """Pair curated and drafted facts one to one (a maximum matching); return missed, extra, matched."""
    if kind in ("target", "observation", "assignment"):

        def compatible(c: Fact, d: Fact) -> bool:
            return _overlap(c, d)

    elif kind == "citation":

        def compatible(c: Fact, d: Fact) -> bool:
            return not c.date or not d.date or c.date == d.date

    else:

        def compatible(c: Fact, d: Fact) -> bool:
            return True

    by_key: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for j, d in enumerate(drafted):
        by_key[d.key].append(j)
    partner: dict[int, int] = {}  # drafted index -> curated index

    def augment(i: int, seen: set[int]) -> bool:
        for j in by_key.get(curated[i].key, ()):
            if j in seen or not compatible(curated[i], drafted[j]):
                continue
            seen.add(j)
            if j not in partner or augment(partner[j], seen):
                partner[j] = i
                return True
        return False

    for i in range(len(curated)):
        augment(i, set())
    paired = set(partner.values())
    missed = [c for i, c in enumerate(curated) if i not in paired]
    extra = [d for j, d in enumerate(drafted) if j not in partner]
    return missed, extra, len(partner)


# ---------------------------------------------------------------- the score


def _expression(curated: Graph, source_file: str) -> URIRef:
    wanted = source_file.replace("\\", "/")
    exprs = [s for s in curated.subjects(_nq("sourceFile"), Literal(wanted)) if isinstance(s, URIRef)]
    if not exprs:
        name = Path(wanted).name
        exprs = [
            s
            for s, o in curated.subject_objects(_nq("sourceFile"))
            if isinstance(s, URIRef) and Path(str(o)).name == name
        ]
    if len(exprs) != 1:
        known = sorted(str(o) for o in curated.objects(None, _nq("sourceFile")))
        what = "no expression" if not exprs else f"{len(exprs)} expressions"
        raise ScoreError(
            f"{source_file}: {what} of the curated data has this nq:sourceFile; known: {', '.join(known)}"
        )
    return exprs[0]


def draft_document(draft: Graph) -> Node | None:
    """The drafted document: what the draft's expression expresses, else what most components belong to."""
    docs = sorted({o for o in draft.objects(None, _nq("expressionOf"))}, key=str)
    if docs:
        return docs[0]
    counts: dict[Node, int] = defaultdict(int)
    for o in draft.objects(None, _nq("document")):
        counts[o] += 1
    return max(sorted(counts, key=str), key=lambda d: counts[d]) if counts else None


def _components(graph: Graph) -> list[Node]:
    classes = (
        "Target",
        "RelativeTarget",
        "Observation",
        "Assignment",
        "AppendixTask",
        "Citation",
    )
    found = {s for c in classes for s in graph.subjects(RDF.type, _nq(c))}
    return sorted(found, key=str)


def score(draft: Graph, curated: Graph, *, source_file: str, text: str | None = None) -> Score:
    """Compare ``draft`` with the curated facts of ``source_file`` (as written in ``nq:sourceFile``).

    ``text`` is the source text; by default it is read from ``source_file`` under the project root.
    Without it, facts are placed in the same sentence when one sentence holds the other.
    """
    expr = _expression(curated, source_file)
    doc = curated.value(expr, _nq("expressionOf"))
    if text is None:
        path = project_root() / source_file
        text = path.read_text(encoding="utf-8") if path.is_file() else None
    places = Places(text) if text is not None else None
    resolver = Resolver(curated, draft)

    def curated_sentences(node: Node) -> list[str]:
        for att in curated.objects(node, _nq("attestation")):
            if curated.value(att, _nq("expression")) == expr:
                return [str(s) for s in curated.objects(att, _nq("sourceText"))]
        return sorted(str(s) for s in curated.objects(node, _nq("sourceText")))

    def draft_sentences(node: Node) -> list[str]:
        return sorted(str(s) for s in draft.objects(node, _nq("sourceText")))

    components = set(_components(curated))
    stated = sorted((s for s in curated.subjects(_nq("statedIn"), expr) if s in components), key=str)
    mine = Side(curated, stated, curated_sentences, places)
    theirs = Side(draft, _components(draft), draft_sentences, places, spans=True, names=resolver.canonical)
    _read_components(mine, lambda n, p: curated.value(n, p))
    _read_components(theirs, resolver.value)
    sections = set(curated.subjects(RDF.type, _nq("Section")))
    _sections(mine, sorted((s for s in curated.subjects(_nq("expression"), expr) if s in sections), key=str))
    _sections(theirs, sorted(draft.subjects(RDF.type, _nq("Section")), key=str))

    # Header: what the curated document says, less what this text does not print.
    folded_text = fold(places.form) if places is not None else ""
    folded_bare = folded_text.replace(" ", "")
    head = _header(mine, doc, str, lambda n, p: curated.value(n, p))
    if text is not None:
        printed = [f for f in head if _is_printed(f, curated, folded_text, folded_bare)]
        unprinted = [f for f in head if f not in printed]
    else:
        printed, unprinted = head, []
    mine.facts["header"] = printed
    drafted_head = _header(theirs, draft_document(draft), resolver.canonical, resolver.value)
    recorded = {f.key[0] for f in head}
    theirs.facts["header"] = [f for f in drafted_head if f.key[0] in recorded]
    unrecorded = [f for f in drafted_head if f.key[0] not in recorded]

    kinds = []
    for kind in KINDS:
        c, d = mine.facts.get(kind, []), theirs.facts.get(kind, [])
        missed, extra, matched = _match(c, d, kind)
        kinds.append(
            KindScore(
                kind,
                len(c),
                len(d),
                matched,
                tuple(missed),
                tuple(extra),
                tuple(unprinted) if kind == "header" else (),
                tuple(unrecorded) if kind == "header" else (),
            )
        )
    return Score(source_file=source_file, document=str(doc), kinds=tuple(kinds))


# ---------------------------------------------------------------- reading graphs


def read_graph(paths: Iterable[Path]) -> Graph:
    """Parse Turtle files into one graph; a file that is not Turtle is an error naming it."""
    graph = Graph()
    for path in paths:
        try:
            graph.parse(path, format="turtle")
        except FileNotFoundError as exc:
            raise ScoreError(f"{path}: file not found") from exc
        except Exception as exc:
            raise ScoreError(f"{path}: cannot read Turtle: {exc}") from exc
    return graph


def curated_graph(data: Path) -> Graph:
    """Every ``.ttl`` file under the data folder, parsed into one graph (not reasoned)."""
    if not data.is_dir():
        raise ScoreError(f"{data}: data folder not found")
    return read_graph(sorted(data.rglob("*.ttl")))


def source_file_of(path: Path, root: Path | None = None) -> str:
    """The ``nq:sourceFile`` form of a path: relative to the project root where it lies below it."""
    base = (root or project_root()).resolve()
    resolved = path.resolve()
    try:
        return resolved.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


def to_json(scores: Iterable[Score]) -> str:
    return json.dumps([s.as_json() for s in scores], ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def facts(score: Score) -> Iterator[tuple[str, str, Fact]]:
    """Every listed fact of a score as (kind, missed|extra|not printed|not recorded, fact)."""
    for k in score.kinds:
        for f in k.missed:
            yield k.kind, "missed", f
        for f in k.extra:
            yield k.kind, "extra", f
        for f in k.not_printed:
            yield k.kind, "not printed", f
        for f in k.not_recorded:
            yield k.kind, "not recorded", f
