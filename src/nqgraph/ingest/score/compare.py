"""The score of one draft: select the curated facts of the text, read both sides, match kind by kind."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from nqgraph.ingest.score.graphs import ScoreError
from nqgraph.ingest.score.header import header_facts, is_printed
from nqgraph.ingest.score.matching import match
from nqgraph.ingest.score.names import CuratedNames
from nqgraph.ingest.score.places import Places
from nqgraph.ingest.score.reading import Side, components, read_components, read_sections
from nqgraph.ingest.score.result import KINDS, KindScore, Score
from nqgraph.ingest.score.values import nq
from nqgraph.paths import project_root
from nqgraph.text import fold


def _expression(curated: Graph, source_file: str) -> URIRef:
    wanted = source_file.replace("\\", "/")
    exprs = [s for s in curated.subjects(nq("sourceFile"), Literal(wanted)) if isinstance(s, URIRef)]
    if not exprs:
        # A text given by another path than the one recorded: known by its file name alone.
        name = Path(wanted).name
        exprs = [
            s
            for s, o in curated.subject_objects(nq("sourceFile"))
            if isinstance(s, URIRef) and Path(str(o)).name == name
        ]
    if len(exprs) != 1:
        known = sorted(str(o) for o in curated.objects(None, nq("sourceFile")))
        what = "no expression" if not exprs else f"{len(exprs)} expressions"
        raise ScoreError(
            f"{source_file}: {what} of the curated data has this nq:sourceFile; known: {', '.join(known)}"
        )
    return exprs[0]


def draft_document(draft: Graph) -> Node | None:
    """The drafted document: what the draft's expression expresses, else what most components belong to."""
    docs = sorted({o for o in draft.objects(None, nq("expressionOf"))}, key=str)
    if docs:
        return docs[0]
    counts: dict[Node, int] = defaultdict(int)
    for o in draft.objects(None, nq("document")):
        counts[o] += 1
    return max(sorted(counts, key=str), key=lambda d: counts[d]) if counts else None


def score(draft: Graph, curated: Graph, *, source_file: str, text: str | None = None) -> Score:
    """Compare ``draft`` with the curated facts of ``source_file`` (as written in ``nq:sourceFile``).

    ``text`` is the source text; by default it is read from ``source_file`` under the project root.
    Without it, facts are placed in the same sentence when one sentence holds the other.
    """
    expr = _expression(curated, source_file)
    doc = curated.value(expr, nq("expressionOf"))
    if text is None:
        path = project_root() / source_file
        text = path.read_text(encoding="utf-8") if path.is_file() else None
    places = Places(text) if text is not None else None
    names = CuratedNames(curated, draft)

    def curated_sentences(node: Node) -> list[str]:
        # A component stated in two variants takes this variant's sentence from its attestation.
        for att in curated.objects(node, nq("attestation")):
            if curated.value(att, nq("expression")) == expr:
                return [str(s) for s in curated.objects(att, nq("sourceText"))]
        return sorted(str(s) for s in curated.objects(node, nq("sourceText")))

    def draft_sentences(node: Node) -> list[str]:
        return sorted(str(s) for s in draft.objects(node, nq("sourceText")))

    scored = set(components(curated))
    stated = sorted((s for s in curated.subjects(nq("statedIn"), expr) if s in scored), key=str)
    mine = Side(curated, stated, curated_sentences, places)
    theirs = Side(draft, components(draft), draft_sentences, places, spans=True, names=names.canonical)
    read_components(mine, lambda n, p: curated.value(n, p))
    read_components(theirs, names.value)
    sections = set(curated.subjects(RDF.type, nq("Section")))
    own_sections = (s for s in curated.subjects(nq("expression"), expr) if s in sections)
    read_sections(mine, sorted(own_sections, key=str))
    read_sections(theirs, sorted(draft.subjects(RDF.type, nq("Section")), key=str))

    # Header: what the curated document says, less what this text does not print.
    folded_text = fold(places.form) if places is not None else ""
    folded_bare = folded_text.replace(" ", "")
    head = header_facts(mine, doc, str, lambda n, p: curated.value(n, p))
    if text is not None:
        printed = [f for f in head if is_printed(f, curated, folded_text, folded_bare)]
        unprinted = [f for f in head if f not in printed]
    else:
        printed, unprinted = head, []
    mine.facts["header"] = printed
    # A drafted field the curated document does not record at all is listed, not scored: nobody
    # has said what it should be.
    drafted_head = header_facts(theirs, draft_document(draft), names.canonical, names.value)
    recorded = {f.key[0] for f in head}
    theirs.facts["header"] = [f for f in drafted_head if f.key[0] in recorded]
    unrecorded = [f for f in drafted_head if f.key[0] not in recorded]

    kinds = []
    for kind in KINDS:
        c, d = mine.facts.get(kind, []), theirs.facts.get(kind, [])
        missed, extra, matched = match(c, d, kind)
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
