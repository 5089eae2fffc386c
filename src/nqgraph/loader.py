"""Read the ontology and the Turtle data files into a store, with loader checks.

The checks catch what SHACL cannot attribute to a file: syntax errors (file, line, column),
a term of the ``nq:`` namespace that the ontology does not define (a typo in a property
name), a resource typed in two files (a duplicate IRI), a reference to an ``id:`` resource
that no file describes (an unknown agency IRI), and text that is not in Unicode NFC.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .errors import DataError
from .namespaces import GRAPH_ASSERTED, GRAPH_ONTOLOGY, ID, NQ, RDF_TYPE
from .store import OxigraphStore

MAX_PROBLEMS = 25


@dataclass
class Loaded:
    """The result of loading: the store, and which file defines each resource."""

    store: OxigraphStore
    files: tuple[Path, ...]
    defined_in: dict[str, str] = field(default_factory=dict)
    asserted_triples: int = 0
    ontology_triples: int = 0


def data_files(data_dir: Path) -> list[Path]:
    """Every ``.ttl`` file below ``data_dir``, in a stable order."""
    if not data_dir.is_dir():
        raise DataError(f"{data_dir}: data folder not found")
    return sorted(p for p in data_dir.rglob("*.ttl") if p.is_file())


def parse_file(path: Path, graph: ox.NamedNode) -> list[ox.Quad]:
    """Parse one Turtle file; a syntax error names the file, line and column."""
    try:
        return [
            ox.Quad(t.subject, t.predicate, t.object, graph)
            for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
        ]
    except SyntaxError as exc:
        line, col = (exc.lineno or 0), (exc.offset or 0)
        msg = str(exc)
        raise DataError(f"{path}:{line}:{col}: Turtle syntax error: {msg}") from exc
    except OSError as exc:
        raise DataError(f"{path}: cannot read: {exc}") from exc


def _ontology_terms(quads: Iterable[ox.Quad]) -> set[str]:
    return {q.subject.value for q in quads if isinstance(q.subject, ox.NamedNode)}


def _is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


def check(per_file: Sequence[tuple[Path, list[ox.Quad]]], ontology: set[str]) -> dict[str, str]:
    """Apply the loader rules; return ``{resource IRI: file}`` or raise :class:`DataError`."""
    problems: list[str] = []
    typed_in: dict[str, set[str]] = defaultdict(set)
    subjects: set[str] = set()
    for path, quads in per_file:
        for q in quads:
            if isinstance(q.subject, ox.NamedNode):
                subjects.add(q.subject.value)
                if q.predicate.value == RDF_TYPE:
                    typed_in[q.subject.value].add(str(path))
    defined_in = {iri: sorted(files)[0] for iri, files in typed_in.items()}
    for iri, files in sorted(typed_in.items()):
        if len(files) > 1:
            problems.append(f"{iri}: duplicate IRI, typed in {len(files)} files: {', '.join(sorted(files))}")
    for path, quads in per_file:
        for q in quads:
            s = q.subject.value if isinstance(q.subject, ox.NamedNode) else str(q.subject)
            p = q.predicate.value
            if p.startswith(NQ) and p not in ontology:
                problems.append(f"{path}: {s}: unknown property <{p}> (not in the ontology)")
            o = q.object
            if isinstance(o, ox.NamedNode):
                if o.value.startswith(NQ) and o.value not in ontology:
                    problems.append(f"{path}: {s}: unknown ontology term <{o.value}> as value of <{p}>")
                elif o.value.startswith(ID) and o.value not in subjects:
                    problems.append(f"{path}: {s}: <{p}> refers to <{o.value}>, which no data file describes")
            elif isinstance(o, ox.Literal) and not _is_nfc(o.value):
                problems.append(f"{path}: {s}: <{p}> has text that is not in Unicode NFC: {o.value[:60]!r}")
    if problems:
        shown = problems[:MAX_PROBLEMS]
        more = len(problems) - len(shown)
        tail = f"\n… and {more} more" if more else ""
        raise DataError(f"{len(problems)} problem(s) in the data:\n" + "\n".join(shown) + tail)
    return defined_in


def load(*, data_dir: Path, ontology_path: Path) -> Loaded:
    """Load the ontology and every data file into a new Oxigraph store, checking them first."""
    onto_graph = ox.NamedNode(GRAPH_ONTOLOGY)
    data_graph = ox.NamedNode(GRAPH_ASSERTED)
    onto_quads = parse_file(ontology_path, onto_graph)
    files = data_files(data_dir)
    if not files:
        raise DataError(f"{data_dir}: no .ttl files found")
    per_file = [(path, parse_file(path, data_graph)) for path in files]
    defined_in = check(per_file, _ontology_terms(onto_quads))
    store = OxigraphStore()
    all_quads = [q for _, quads in per_file for q in quads]
    store.add_native(onto_quads)
    store.add_native(all_quads)
    return Loaded(
        store=store,
        files=tuple(files),
        defined_in=defined_in,
        asserted_triples=len(set(all_quads)),
        ontology_triples=len(set(onto_quads)),
    )
