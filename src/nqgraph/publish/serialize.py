"""Deterministic Turtle and TriG: the same triples always give the same bytes.

rdflib's TriG writer orders graphs and subjects by hash and labels blank nodes at random, so
diffs of build outputs would be noise. This writer sorts prefixes, subjects (``a`` first, then
predicates and objects in code-point order) and writes blank nodes inline (``[ … ]`` or a list
``( … )``) wherever they are referenced once; the few left are labelled in the order of their
content, never of the order the triples came in.

It works on N-Triples term strings (:mod:`nqgraph.graph.ntriples`), the form in which the store hands
out a whole graph fast; :func:`turtle` also takes rdflib triples.

>>> from rdflib import URIRef, Literal
>>> s = URIRef("https://w3id.org/nqgraph/id/x")
>>> print(turtle([(s, URIRef("https://w3id.org/nqgraph/ontology#value"), Literal("1.5", datatype=URIRef(
...     "http://www.w3.org/2001/XMLSchema#decimal")))], prefixes={"nq": "https://w3id.org/nqgraph/ontology#"}))
@prefix nq: <https://w3id.org/nqgraph/ontology#> .
<BLANKLINE>
<https://w3id.org/nqgraph/id/x> nq:value 1.5 .
<BLANKLINE>
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from itertools import chain
from operator import add, itemgetter

from rdflib.term import Node

from nqgraph.graph.ntriples import NTriple, nt, sort_key, split_literal
from nqgraph.namespaces import RDF, XSD

Triple = tuple[Node, Node, Node]

_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
_INTEGER = re.compile(r"[+-]?[0-9]+\Z")
_DECIMAL = re.compile(r"[+-]?[0-9]*\.[0-9]+\Z")
RDF_TYPE = f"<{RDF}type>"
RDF_FIRST = f"<{RDF}first>"
RDF_REST = f"<{RDF}rest>"
RDF_NIL = f"<{RDF}nil>"
_SHORT = {XSD + "integer": _INTEGER, XSD + "decimal": _DECIMAL}


class _Writer:
    def __init__(self, triples: Iterable[NTriple], prefixes: Mapping[str, str]) -> None:
        self.prefixes = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
        # When every namespace ends in "/" or "#" (as nqgraph's do), an IRI's namespace is found
        # by one lookup of the text up to its last "/" or "#" instead of trying each prefix.
        self.by_namespace = (
            {ns: prefix for prefix, ns in prefixes.items()}
            if all(ns.endswith(("/", "#")) for ns in prefixes.values())
            else None
        )
        self.predicate_keys: dict[str, tuple[bool, str]] = {}
        by_subject: dict[str, list[tuple[str, str]]] = {}
        refs: dict[str, int] = {}
        for s, p, o in set(triples):
            pairs = by_subject.get(s)
            if pairs is None:
                by_subject[s] = [(p, o)]
            else:
                pairs.append((p, o))
            if o[0] == "_":
                refs[o] = refs.get(o, 0) + 1
        self.by_subject = by_subject
        self.refs = refs
        self.labels: dict[str, str] = {}
        self.forced: set[str] = set()  # held once, but in a ring that no written subject reaches
        self.probing = False
        self.written: dict[str, str] = {}

    def iri(self, term: str) -> str:
        known = self.written.get(term)
        if known is None:
            text = term[1:-1]
            known = term
            if self.by_namespace is not None:
                cut = max(text.rfind("/"), text.rfind("#")) + 1
                prefix = self.by_namespace.get(text[:cut])
                if prefix is not None and _LOCAL.match(text[cut:]):
                    known = f"{prefix}:{text[cut:]}"
            else:
                for prefix, ns in self.prefixes:
                    if text.startswith(ns) and _LOCAL.match(text[len(ns) :]):
                        known = f"{prefix}:{text[len(ns) :]}"
                        break
            self.written[term] = known
        return known

    def predicate_key(self, term: str) -> tuple[bool, str]:
        known = self.predicate_keys.get(term)
        if known is None:
            known = self.predicate_keys[term] = (term != RDF_TYPE, sort_key(term))
        return known

    def literal(self, term: str) -> str:
        lexical, language, datatype = split_literal(term)
        if language or not datatype:
            return term
        short = _SHORT.get(datatype)
        if short is not None and short.match(lexical[1:-1]):
            return lexical[1:-1]
        return f"{lexical}^^{self.iri('<' + datatype + '>')}"

    def inlinable(self, node: str) -> bool:
        return node[0] == "_" and self.refs.get(node, 0) == 1 and node not in self.forced

    def as_list(self, node: str) -> list[str] | None:
        items: list[str] = []
        current = node
        while current != RDF_NIL:
            if current[0] != "_" or (current is not node and self.refs.get(current, 0) != 1):
                return None
            props = self.by_subject.get(current, [])
            first = [o for p, o in props if p == RDF_FIRST]
            rest = [o for p, o in props if p == RDF_REST]
            if len(props) != 2 or len(first) != 1 or len(rest) != 1:
                return None
            items.append(first[0])
            current = rest[0]
        return items

    def term(self, node: str, indent: str) -> str:
        first = node[0]
        if first == "<":
            return self.written.get(node) or self.iri(node)
        if first == '"':
            return self.literal(node)
        if self.inlinable(node):
            items = self.as_list(node)
            if items is not None:
                return "(" + " ".join(self.term(i, indent) for i in items) + ")"
            body = self.body(node, indent + "    ")
            return "[ " + body + " ]" if body else "[]"
        return self.label(node)

    def label(self, node: str) -> str:
        known = self.labels.get(node)
        if known is None:
            if self.probing:
                return "_:?"
            known = self.labels[node] = f"_:b{len(self.labels)}"
        return known

    def unlabelled_body(self, node: str) -> str:
        """The body as text with blank nodes not yet labelled shown alike, labelling none of them.

        Sorting by it cannot depend on the order in which the triples came (which for a set is
        the hash order, different in every process).
        """
        self.probing = True
        try:
            return self.body(node, "")
        finally:
            self.probing = False

    def body(self, subject: str, indent: str) -> str:
        grouped: dict[str, list[str]] = {}
        written = self.written
        for p, o in self.by_subject.get(subject, ()):
            first = o[0]
            if first == "<":
                rendered = written.get(o) or self.iri(o)
            elif first == '"' and o[-1] == '"':
                rendered = o  # a plain string is written as in N-Triples
            else:
                rendered = self.term(o, indent)
            objects = grouped.get(p)
            if objects is None:
                grouped[p] = [rendered]
            else:
                objects.append(rendered)
        order = sorted(grouped, key=self.predicate_key) if len(grouped) > 1 else grouped
        glue = ",\n" + indent + "    "
        parts = []
        for p in order:
            objects = grouped[p]
            if len(objects) > 1:
                objects.sort()
            parts.append(("a" if p == RDF_TYPE else self.iri(p)) + " " + glue.join(objects))
        return (" ;\n" + indent).join(parts)

    def blocks(self, indent: str = "") -> list[str]:
        named, pending = self.parts(indent)
        return [text for _, text in named] + pending

    def parts(self, indent: str = "") -> tuple[list[tuple[str, str]], list[str]]:
        """The named subjects' blocks (subject, text) in order, and the labelled blank nodes' blocks."""
        # Blank nodes that cannot be inlined are labelled first, in the order of their bodies
        # written with no label yet: the labels then never depend on the order the triples came
        # in (for a set, the hash order, different in every process).
        shared = {s for s in self.by_subject if s[0] == "_" and not self.inlinable(s)}
        shared.update(b for b, n in self.refs.items() if n > 1)
        # Blank nodes held once each, in a ring (_:a :p _:b . _:b :p _:a), are inlined from no
        # written subject: they are labelled too, or they would be left out of the dump.
        reached: set[str] = set()
        stack = [s for s in self.by_subject if s[0] != "_" or s in shared]
        while stack:
            for _, o in self.by_subject.get(stack.pop(), ()):
                if o[0] == "_" and o not in reached and self.inlinable(o):
                    reached.add(o)
                    stack.append(o)
        self.forced = {s for s in self.by_subject if s[0] == "_" and s not in shared and s not in reached}
        shared |= self.forced
        for b in sorted(shared, key=self.unlabelled_body):
            self.label(b)
        named = sorted((s for s in self.by_subject if s[0] != "_"), key=sort_key)
        inner = indent + "    "
        out = [(s, indent + self.term(s, indent) + " " + self.body(s, inner) + " .") for s in named]
        pending = sorted((s for s in shared if s in self.by_subject), key=lambda b: int(self.labels[b][3:]))
        return out, [indent + self.label(s) + " " + self.body(s, inner) + " ." for s in pending]


class Terms:
    """The written form of each term, computed once per distinct term for all the graphs of a dump."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self.prefixes = prefixes
        self.writer = _Writer((), prefixes)
        self.objects: dict[str, str] = {}
        self.predicates: dict[str, str] = {}

    def object(self, o: str) -> str:
        first = o[0]
        if first == "<":
            return self.writer.iri(o)
        if first == '"' and o[-1] == '"':
            return o  # a plain string is written as in N-Triples
        return self.writer.literal(o)

    def add_objects(self, objects: Iterable[str]) -> None:
        known = self.objects
        for o in set(objects).difference(known):
            known[o] = self.object(o)

    def predicate(self, p: str) -> str:
        known = self.predicates.get(p)
        if known is None:
            known = self.predicates[p] = "a" if p == RDF_TYPE else self.writer.iri(p)
        return known


class _Ranks:
    """The subjects and predicates of a dataset numbered in the order a dump writes them.

    A triple is sorted by one integer (its subject's rank times the number of predicates, plus
    its predicate's rank) and its written object, in native code: a tuple whose first items tie
    compares slowly, and sorting three items per triple cost most of the dump. What Python does
    per triple is join the text.
    """

    def __init__(self, subjects: Iterable[str], predicates: Iterable[str], terms: Terms) -> None:
        self.terms = terms
        self.ordered = sorted(subjects, key=sort_key)
        by_rank = sorted(predicates, key=lambda p: (p != RDF_TYPE, sort_key(p)))
        self.width = width = max(len(by_rank), 1)
        self.subject_rank = dict(zip(self.ordered, range(0, width * len(self.ordered), width), strict=True))
        self.predicate_rank = dict(zip(by_rank, range(len(by_rank)), strict=True))
        self.predicate_text = [terms.predicate(p) + " " for p in by_rank]

    def keyed(self, triples: Collection[NTriple]) -> list[tuple[int, str]]:
        """(key, written object) of each triple, sorted; the objects' forms must be known."""
        return sorted(
            zip(
                map(
                    add,
                    map(self.subject_rank.__getitem__, map(itemgetter(0), triples)),
                    map(self.predicate_rank.__getitem__, map(itemgetter(1), triples)),
                ),
                map(self.terms.objects.__getitem__, map(itemgetter(2), triples)),
                strict=True,
            )
        )

    def texts(self, keyed: Iterable[tuple[int, str]], indent: str) -> Iterator[tuple[int, str]]:
        """(subject's key, block text) of each subject of sorted ``keyed`` triples, in their order,
        a triple repeated written once; one block's text at a time is held."""
        width, ordered, predicate_text = self.width, self.ordered, self.predicate_text
        inner = indent + "    "
        next_predicate = " ;\n" + inner
        next_object = ",\n" + inner + "    "
        iri = self.terms.writer.iri
        pieces: list[str] = []
        put = pieces.append
        first = 0  # the key of the subject being written (its rank times the width)
        previous = -1
        after = -1  # the first key of the next subject
        last = ""
        for key, o in keyed:
            if key == previous:
                if o == last:
                    continue  # the same triple again
                put(next_object)
            elif key < after:
                put(next_predicate)
                put(predicate_text[key - after + width])
            else:
                if pieces:
                    put(" .")
                    yield first, "".join(pieces)
                    pieces.clear()
                rank, p = divmod(key, width)
                first = key - p
                after = first + width
                put(indent)
                put(iri(ordered[rank]))
                put(" ")
                put(predicate_text[p])
            previous = key
            last = o
            put(o)
        if pieces:
            put(" .")
            yield first, "".join(pieces)


def subject_blocks(
    triples: Collection[NTriple], terms: Terms, indent: str = "", *, subjects: Iterable[str] | None = None
) -> list[tuple[str, str]]:
    """The block (text) of each subject of ``triples`` in the order the dump writes them; every
    subject is an IRI and no object a blank node (:class:`_Writer` writes those)."""
    if not triples:
        return []
    ranks = _Ranks(
        set(map(itemgetter(0), triples)) if subjects is None else subjects,
        set(map(itemgetter(1), triples)),
        terms,
    )
    terms.add_objects(map(itemgetter(2), triples))
    return [
        (ranks.ordered[key // ranks.width], text) for key, text in ranks.texts(ranks.keyed(triples), indent)
    ]


class _Dataset:
    """The TriG of named graphs and the Turtle of their merged triples, from one ranking of terms.

    Each graph's triples are keyed and sorted once; the merged graph's order is then a merge of
    the graphs' sorted lists (which the sort finds as runs). Subjects that reach a blank node are
    written by :class:`_Writer` (which inlines and labels them), the others by :class:`_Ranks`.
    Triples are taken in the order given, not as a set: a list from the store lies in memory in
    its order, and visiting a million triples in hash order cost three times as much in cache misses.
    """

    def __init__(self, parts: Sequence[tuple[str, Iterable[NTriple]]], prefixes: Mapping[str, str]) -> None:
        self.prefixes = prefixes
        self.terms = Terms(prefixes)
        self.parts = [(name, ts if isinstance(ts, Collection) else list(ts)) for name, ts in parts]
        self.blank: list[set[str]] = []  # per graph: the subjects _Writer writes
        subjects: set[str] = set()
        predicates: set[str] = set()
        for _, triples in self.parts:
            objects = set(map(itemgetter(2), triples))
            blank_objects = {o for o in objects if o[0] == "_"}
            self.terms.add_objects(objects - blank_objects)
            mine = set(map(itemgetter(0), triples))
            blank = {s for s in mine if s[0] == "_"}
            if blank_objects:
                blank.update(t[0] for t in triples if t[2] in blank_objects)
            self.blank.append(blank)
            subjects |= mine
            predicates.update(map(itemgetter(1), triples))
        self.ranks = _Ranks({s for s in subjects if s[0] != "_"}, predicates, self.terms)
        self.keyed: list[list[tuple[int, str]] | None] = [None] * len(self.parts)

    def _keyed(self, i: int, *, keep: bool) -> list[tuple[int, str]]:
        known = self.keyed[i]
        if known is None:
            triples, blank = self.parts[i][1], self.blank[i]
            known = self.ranks.keyed([t for t in triples if t[0] not in blank] if blank else triples)
            if keep:
                self.keyed[i] = known
        return known

    def _blocks(self, keyed: list[tuple[int, str]], blank: Collection[NTriple], indent: str) -> Iterator[str]:
        """The blocks' texts in order, made as they are written (not all held at once)."""
        texts = self.ranks.texts(keyed, indent)
        if not blank:
            yield from map(itemgetter(1), texts)
            return
        named, pending = _Writer(blank, self.prefixes).parts(indent)
        # The subjects _Writer wrote, in the same order, are slotted in among the others by rank.
        rank = self.ranks.subject_rank
        slotted = [(rank[s], text) for s, text in named]
        i = 0
        for key, text in texts:
            while i < len(slotted) and slotted[i][0] < key:
                yield slotted[i][1]
                i += 1
            yield text
        yield from (text for _, text in slotted[i:])
        yield from pending

    def trig(self, *, keep: bool = False) -> Iterator[str]:
        """The TriG text in pieces; ``keep`` keeps the sorted triples for :meth:`turtle`."""
        yield header(self.prefixes).rstrip("\n") + "\n"
        for i, (name, triples) in enumerate(self.parts):
            blank = self.blank[i]
            mine = [t for t in triples if t[0] in blank] if blank else []
            blocks = self._blocks(self._keyed(i, keep=keep), mine, "    ")
            yield f"\n<{name}> {{\n"
            written = False
            for block in blocks:
                yield ("\n\n" if written else "") + block
                written = True
            yield ("\n" if written else "") + "}\n"

    def turtle(self) -> Iterator[str]:
        """The Turtle text of the graphs' triples merged, in pieces."""
        keyed = sorted(chain.from_iterable(self._keyed(i, keep=False) for i in range(len(self.parts))))
        self.keyed = [None] * len(self.parts)
        blank = set().union(*self.blank)
        if blank:
            # A subject that reaches a blank node in one graph is written by _Writer with all its
            # triples: its keyed triples of the other graphs are taken out.
            rank, width = self.ranks.subject_rank, self.ranks.width
            for s in blank:
                if s in rank:
                    del keyed[bisect_left(keyed, (rank[s],)) : bisect_left(keyed, (rank[s] + width,))]
        mine = [t for _, triples in self.parts for t in triples if t[0] in blank] if blank else []
        yield header(self.prefixes)
        written = False
        for block in self._blocks(keyed, mine, ""):
            yield ("\n\n" if written else "") + block
            written = True
        if written:
            yield "\n"


def dump_chunks(
    parts: Sequence[tuple[str, Iterable[NTriple]]], *, prefixes: Mapping[str, str]
) -> tuple[Iterator[str], Iterator[str]]:
    """The TriG of the named graphs ``parts`` and the Turtle of their triples merged, each in pieces,
    sharing the work of both: read the TriG through before the Turtle."""
    dataset = _Dataset(parts, prefixes)
    return dataset.trig(keep=True), dataset.turtle()


def header(prefixes: Mapping[str, str]) -> str:
    """The prefix lines a Turtle dump starts with, and the blank line after them."""
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(prefixes.items())) + "\n"


def turtle_nt_chunks(triples: Iterable[NTriple], *, prefixes: Mapping[str, str]) -> Iterator[str]:
    """The Turtle of :func:`turtle_nt` in pieces, to write a large graph without holding its text."""
    return _Dataset([("", triples)], prefixes).turtle()


def turtle_nt(triples: Iterable[NTriple], *, prefixes: Mapping[str, str]) -> str:
    """Serialise triples of N-Triples term strings as Turtle, deterministically."""
    return "".join(turtle_nt_chunks(triples, prefixes=prefixes))


# The written forms of terms, shared by the Turtle of one resource after another (bounded: a
# national site's resources name millions of terms).
_shared: dict[tuple[tuple[str, str], ...], Terms] = {}
_SHARED_TERMS = 100_000


def _shared_terms(prefixes: Mapping[str, str]) -> Terms:
    key = tuple(sorted(prefixes.items()))
    terms = _shared.get(key)
    if terms is None or len(terms.writer.written) > _SHARED_TERMS:
        terms = _shared[key] = Terms(prefixes)
    return terms


def subject_turtle(triples: Sequence[NTriple], *, prefixes: Mapping[str, str]) -> str:
    """:func:`turtle_nt` of the triples of one resource, the same bytes, without ranking a dataset.

    A site writes the Turtle of each of its resources; for one IRI subject whose objects are no
    blank nodes the block is its predicates (``a`` first) and their objects in order, and the
    written forms of terms are kept from one resource to the next. Other triples go through
    :func:`turtle_nt`.
    """
    if not triples:
        return header(prefixes)
    subject = triples[0][0]
    if subject[0] != "<" or any(s != subject or o[0] == "_" for s, _, o in triples):
        return turtle_nt(triples, prefixes=prefixes)
    terms = _shared_terms(prefixes)
    key = terms.writer.predicate_key
    rows = sorted({(key(p), p, terms.object(o)) for _, p, o in triples})
    pieces = [header(prefixes), terms.writer.iri(subject), " "]
    put = pieces.append
    previous = ""
    for _, p, o in rows:
        if p == previous:
            put(",\n        ")
        else:
            if previous:
                put(" ;\n    ")
            put(terms.predicate(p))
            put(" ")
            previous = p
        put(o)
    put(" .\n")
    return "".join(pieces)


def turtle(triples: Iterable[Triple], *, prefixes: Mapping[str, str]) -> str:
    """Serialise rdflib ``triples`` as Turtle, deterministically."""
    return turtle_nt(((nt(s), nt(p), nt(o)) for s, p, o in triples), prefixes=prefixes)


def trig_nt_chunks(
    graphs: Sequence[tuple[str, Iterable[NTriple]]], *, prefixes: Mapping[str, str]
) -> Iterator[str]:
    """Named graphs (IRI, N-Triples triples) as TriG, in the given order, deterministically: the text
    in pieces, to write a large dataset without holding its text."""
    return _Dataset(graphs, prefixes).trig()
