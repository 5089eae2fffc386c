"""Read the ontology and the Turtle data files into a store, with loader checks.

The checks catch what SHACL cannot attribute to a file: syntax errors (file, line, column),
a term of the ``nq:`` namespace that the ontology does not define (a typo in a property
name), a resource typed in two files (a duplicate IRI), a reference to an ``id:`` resource
that no file describes (an unknown agency IRI), and text that is not in Unicode NFC.

At national scale (thousands of files, millions of triples) the work is split so that no
phase walks every triple in Python on the main core: Oxigraph parses each file straight into
the store, a second process reads the same files for what only a per-file view gives (which
file types which resource, text that is not NFC), and the other checks are queries on the store.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal, URIRef

from nqgraph.errors import DataError
from nqgraph.graph.ntriples import NTriple
from nqgraph.graph.store import OxigraphStore, triples_in
from nqgraph.namespaces import GRAPH_ASSERTED, GRAPH_ONTOLOGY, ID, NQ, RDF_TYPE
from nqgraph.runtime.forking import forked
from nqgraph.runtime.progress import NULL, Progress, size_text
from nqgraph.runtime.threads import on_thread, thread_map

MAX_PROBLEMS = 25
# Below this many bytes of data a second process costs more than it saves.
PARALLEL_FROM_BYTES = 4_000_000


@dataclass
class Loaded:
    """The result of loading: the store, and which file defines each resource."""

    store: OxigraphStore
    files: tuple[Path, ...]
    defined_in: dict[str, str] = field(default_factory=dict)
    asserted_triples: int = 0
    ontology_triples: int = 0
    # What each file says, in file order (the incremental build keeps them in its state).
    scans: tuple[FileScan, ...] = ()


@dataclass(frozen=True)
class FileScan:
    """What one file says that the merged graph no longer can: its subjects and typed resources."""

    path: str
    subjects: tuple[str, ...]
    typed: tuple[str, ...]
    problems: tuple[str, ...]


def data_files(data_dir: Path) -> list[Path]:
    """Every Turtle file below ``data_dir`` (``.ttl`` in any case), in a stable order.

    Symbolic links to files and folders are followed. Nothing is left out silently: a folder or
    file that cannot be read, a broken link, a link that leads back to a folder above it (a loop)
    and a folder reached twice are errors naming the path (see docs/decisions.md).
    """
    if not data_dir.is_dir():
        raise DataError(f"{data_dir}: data folder not found")
    found: list[Path] = []
    problems: list[str] = []
    seen: set[str] = set()
    # An explicit stack rather than recursion: a folder tree may be deeper than Python's stack.
    stack: list[tuple[Path, frozenset[str]]] = [(data_dir, frozenset())]
    while stack:
        folder, above = stack.pop()
        real = os.path.realpath(folder)
        if real in above:
            problems.append(f"{folder}: symbolic link loop (leads back to {real})")
            continue
        if real in seen:
            problems.append(f"{folder}: folder {real} is reached twice (through a symbolic link)")
            continue
        seen.add(real)
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            problems.append(f"{folder}: cannot read folder: {exc.strerror or exc}")
            continue
        for entry in reversed(entries):
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir()
                is_file = entry.is_file()
                broken = entry.is_symlink() and not path.exists()
            except OSError as exc:
                problems.append(f"{path}: cannot read: {exc.strerror or exc}")
                continue
            turtle = entry.name.lower().endswith(".ttl")
            if broken:
                # An editor's lock link (Emacs writes ".#name" pointing nowhere) is not data.
                if not entry.name.startswith(".#") and (turtle or not Path(entry.name).suffix):
                    problems.append(f"{path}: broken symbolic link to {os.readlink(path)}")
            elif is_dir:
                stack.append((path, above | {real}))
            elif turtle and not is_file:
                problems.append(f"{path}: not a regular file")
            elif turtle:
                if not os.access(path, os.R_OK):
                    problems.append(f"{path}: cannot read file: permission denied")
                found.append(path)
    if problems:
        raise DataError(
            f"{len(problems)} problem(s) reading the data folder:\n" + "\n".join(sorted(problems))
        )
    return sorted(found)


_BOM_UTF8 = b"\xef\xbb\xbf"
_OTHER_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}
# The longest token (a literal, an IRI) Oxigraph's parser holds; a longer one is refused with the
# file and line instead of a bare "out of memory".
MAX_TOKEN_BYTES = 16 * 2**20


def _turtle_bytes(path: Path) -> bytes | None:
    """The bytes to parse when ``path`` starts with a byte-order mark, else ``None`` (parse the file).

    A UTF-8 mark (as Notepad writes) is dropped; a UTF-16 or UTF-32 one is refused by name, as
    Turtle is UTF-8.
    """
    with path.open("rb") as f:
        head = f.read(4)
        if head.startswith(_BOM_UTF8):
            return head[3:] + f.read()
    for bom, name in _OTHER_BOMS.items():
        if head.startswith(bom):
            raise DataError(
                f"{path}: starts with a {name} byte-order mark; Turtle files must be saved as UTF-8"
            )
    return None


def _long_token_line(path: Path) -> int:
    """The line where a token longer than :data:`MAX_TOKEN_BYTES` starts (best effort; 0 if not found)."""
    with path.open("rb") as f:
        data = f.read()
    # A long-quoted string may span lines: the first one that runs past the limit.
    for quote in (b'"""', b"'''"):
        start = data.find(quote)
        while start >= 0:
            end = data.find(quote, start + 3)
            if end < 0 or end - start > MAX_TOKEN_BYTES:
                return data.count(b"\n", 0, start) + 1
            start = data.find(quote, end + 3)
    for line, raw in enumerate(data.split(b"\n"), start=1):
        if len(raw) > MAX_TOKEN_BYTES:
            return line
    return 0


@contextmanager
def _reading(path: Path) -> Iterator[None]:
    """Turn a parser's syntax error or a read error into a DataError naming the file (and line)."""
    try:
        yield
    except SyntaxError as exc:
        line, col = (exc.lineno or 0), (exc.offset or 0)
        raise DataError(f"{path}:{line}:{col}: Turtle syntax error: {exc}") from exc
    except OSError as exc:
        raise DataError(f"{path}: cannot read: {exc}") from exc
    except MemoryError as exc:
        if "buffer maximal size" not in str(exc):
            raise
        line = _long_token_line(path)
        raise DataError(
            f"{path}:{line}: a literal or IRI longer than {MAX_TOKEN_BYTES // 2**20} MiB, the most a data"
            " file may hold in one term"
        ) from exc


def parse_file(path: Path, graph: ox.NamedNode) -> list[ox.Quad]:
    """Parse one Turtle file; a syntax error names the file, line and column."""
    with _reading(path):
        data = _turtle_bytes(path)
        triples = (
            ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
            if data is None
            else ox.parse(data, format=ox.RdfFormat.TURTLE)
        )
        return [ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples]


def scan_file(path: str) -> FileScan:
    """Subjects, typed resources and non-NFC text of one file (syntax errors are the store's)."""
    subjects: dict[str, None] = {}
    typed: dict[str, None] = {}
    problems: list[str] = []
    try:
        text = Path(path).read_text(encoding="utf-8").removeprefix("\ufeff")
    except (OSError, UnicodeDecodeError) as exc:
        return FileScan(path, (), (), (f"{path}: cannot read: {exc}",))
    # A file that is NFC as a whole has only NFC literals, unless an escape spells a character.
    literals_are_nfc = unicodedata.is_normalized("NFC", text) and "\\u" not in text and "\\U" not in text
    rdf_type = ox.NamedNode(RDF_TYPE)
    # Blank nodes and what holds them, to measure how deep they nest (see MAX_NESTING).
    blank_edges: list[tuple[object, ox.BlankNode, bool]] = []
    try:
        for t in ox.parse(text, format=ox.RdfFormat.TURTLE):
            s = t.subject
            if isinstance(s, ox.NamedNode):
                subjects[s.value] = None
                if t.predicate == rdf_type:
                    typed[s.value] = None
            if isinstance(t.object, ox.BlankNode):
                blank_edges.append((s, t.object, t.predicate == _RDF_REST))
            if not literals_are_nfc:
                o = t.object
                if isinstance(o, ox.Literal) and not unicodedata.is_normalized("NFC", o.value):
                    where = s.value if isinstance(s, ox.NamedNode) else str(s)
                    problems.append(
                        f"{path}: {where}: <{t.predicate.value}> has text that is not in Unicode NFC:"
                        f" {o.value[:60]!r}"
                    )
    except (SyntaxError, MemoryError):
        pass  # reported with file and line when the store loads the file
    if nesting(blank_edges) > MAX_NESTING:
        problems.append(
            f"{path}:{_nesting_line(text)}: blank nodes nested more than {MAX_NESTING} levels deep"
            " (the most a data file may nest; lists may be of any length)"
        )
    return FileScan(path, tuple(subjects), tuple(typed), tuple(problems))


# How deep ``[ … ]`` and ``( … )`` may nest in a data file. The writers of the dumps and pages
# inline nested blank nodes, and real data nests a few levels; far deeper nesting would only
# exhaust their stack. A list's length is not nesting: ``( a b c )`` is one level however long.
MAX_NESTING = 100
_RDF_REST = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#rest")


def nesting(edges: Sequence[tuple[object, ox.BlankNode, bool]]) -> int:
    """The deepest nesting of blank nodes held once (as ``[ … ]`` and lists are), counted as the
    writers inline them: a list's next cell (``rdf:rest``) is the same level. Linear, no recursion."""
    refs: dict[ox.BlankNode, int] = {}
    for _, o, _ in edges:
        refs[o] = refs.get(o, 0) + 1
    held: dict[object, list[tuple[ox.BlankNode, bool]]] = {}
    for s, o, rest in edges:
        if refs[o] == 1:
            held.setdefault(s, []).append((o, rest))
    # Start from every holder that is not itself held once: named resources and shared blank nodes.
    stack = [(s, 0) for s in held if not (isinstance(s, ox.BlankNode) and refs.get(s, 0) == 1)]
    deepest = 0
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((o, depth if rest else depth + 1) for o, rest in held.get(node, ()))
    return deepest


# The tokens that open or close a nesting, and those inside which brackets do not count.
_NESTING_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*|[\[\]()]'
)


def _nesting_line(text: str) -> int:
    """The line where ``[`` and ``(`` first nest more than :data:`MAX_NESTING` deep (0 if they never
    do, as when labelled blank nodes nest)."""
    depth = 0
    for token in _NESTING_TOKENS.finditer(text):
        kind = token.group()
        if kind in "[(":
            depth += 1
            if depth > MAX_NESTING:
                return text.count("\n", 0, token.start()) + 1
        elif kind in "])":
            depth -= 1
    return 0


def _scan_all(paths: list[str]) -> list[FileScan]:
    return [scan_file(p) for p in paths]


def _ontology_terms(quads: Iterable[ox.Quad]) -> set[str]:
    return {q.subject.value for q in quads if isinstance(q.subject, ox.NamedNode)}


def _load_files(
    store: OxigraphStore, files: Sequence[Path], graph: ox.NamedNode, progress: Progress = NULL
) -> None:
    read = 0
    for path in files:
        with _reading(path):
            data = _turtle_bytes(path)
            if data is None:
                store.native.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=graph)
            else:
                store.native.load(input=data, format=ox.RdfFormat.TURTLE, to_graph=graph)
        read += path.stat().st_size
        progress.advance()
        progress.note(size_text(read))


_DISTINCT_PREDICATES = "SELECT DISTINCT ?p WHERE { GRAPH ?g { ?s ?p ?o } }"
_DISTINCT_IRI_OBJECTS = (
    "SELECT DISTINCT ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER(isIRI(?o) && STRSTARTS(STR(?o), ?ns)) }"
)
_USES_PREDICATE = "SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }"
_USES_OBJECT = "SELECT ?s ?p WHERE { GRAPH ?g { ?s ?p ?o } }"
_DANGLING = (
    "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER(isIRI(?o) && STRSTARTS(STR(?o), ?ns)) "
    "FILTER NOT EXISTS { GRAPH ?g { ?o ?q ?x } } }"
)


def _scan_rules(scans: Sequence[FileScan]) -> tuple[list[str], dict[str, str], dict[str, str]]:
    """The problems the scans show (text not in NFC, duplicate IRIs), ``{resource: file}`` and
    ``{subject: first file}``."""
    problems: list[str] = []
    typed_in: dict[str, list[str]] = {}
    file_of: dict[str, str] = {}
    for scan in scans:
        problems.extend(scan.problems)
        for iri in scan.typed:
            typed_in.setdefault(iri, []).append(scan.path)
        for iri in scan.subjects:
            file_of.setdefault(iri, scan.path)
    defined_in = {iri: min(files) for iri, files in typed_in.items()}
    for iri, files in sorted(typed_in.items()):
        if len(files) > 1:
            problems.append(f"{iri}: duplicate IRI, typed in {len(files)} files: {', '.join(sorted(files))}")
    return problems, defined_in, file_of


def check_change(
    store: OxigraphStore,
    scans: Sequence[FileScan],
    ontology: set[str],
    *,
    added: Iterable[NTriple],
    removed: Iterable[NTriple],
) -> dict[str, str]:
    """:func:`check` for a store whose asserted graph passed it before ``added`` and ``removed``
    (asserted triples, without blank nodes) changed it, with the ontology unchanged.

    Only the change can break a rule that held: an added triple with an unknown ``nq:`` term or a
    reference to an ``id:`` resource no file describes, or a removal that leaves a referenced
    resource undescribed. Those are looked up one by one; when any is found, the whole graph is
    checked as :func:`check` does, so the error is the one a clean build gives.
    """
    problems, defined_in, _ = _scan_rules(scans)
    native = store.native
    graph = ox.NamedNode(GRAPH_ASSERTED)

    def described(iri: str) -> bool:
        return next(native.quads_for_pattern(ox.NamedNode(iri), None, None, graph), None) is not None

    def referred(iri: str) -> bool:
        return next(native.quads_for_pattern(None, None, ox.NamedNode(iri), graph), None) is not None

    def unknown(term: str) -> bool:
        return term.startswith("<" + NQ) and term[1:-1] not in ontology

    def dangling(term: str) -> bool:
        return term.startswith("<" + ID) and not described(term[1:-1])

    broken = bool(problems) or any(unknown(p) or unknown(o) or dangling(o) for _, p, o in added)
    if not broken:
        broken = any(dangling(s) and referred(s[1:-1]) for s, _, _ in removed)
    return check(store, scans, ontology) if broken else defined_in


def check(store: OxigraphStore, scans: Sequence[FileScan], ontology: set[str]) -> dict[str, str]:
    """Apply the loader rules; return ``{resource IRI: file}`` or raise :class:`DataError`."""
    problems, defined_in, file_of = _scan_rules(scans)
    graph = URIRef(GRAPH_ASSERTED)

    def unknown_properties() -> list[str]:
        found: list[str] = []
        for (p,) in store.query(_DISTINCT_PREDICATES, bindings={"g": graph}).rows:
            if p is not None and str(p).startswith(NQ) and str(p) not in ontology:
                for (s,) in store.query(_USES_PREDICATE, bindings={"g": graph, "p": p}).rows:
                    found.append(
                        f"{file_of.get(str(s), '?')}: {s}: unknown property <{p}> (not in the ontology)"
                    )
        return found

    def unknown_terms() -> list[str]:
        found: list[str] = []
        for (o,) in store.query(_DISTINCT_IRI_OBJECTS, bindings={"g": graph, "ns": Literal(NQ)}).rows:
            if o is not None and str(o) not in ontology:
                for s, p in store.query(_USES_OBJECT, bindings={"g": graph, "o": o}).rows:
                    where = file_of.get(str(s), "?")
                    found.append(f"{where}: {s}: unknown ontology term <{o}> as value of <{p}>")
        return found

    def dangling() -> list[str]:
        found: list[str] = []
        for s, p, o in store.query(_DANGLING, bindings={"g": graph, "ns": Literal(ID)}).rows:
            found.append(
                f"{file_of.get(str(s), '?')}: {s}: <{p}> refers to <{o}>, which no data file describes"
            )
        return found

    # Each rule reads the whole asserted graph in Oxigraph's native code: on two threads, two
    # cores read it at once (the problems are sorted, so the order they are found in is lost).
    found = [
        text
        for part in thread_map(
            lambda rule: rule(), [unknown_properties, unknown_terms, dangling], workers=2, name="check"
        )
        for text in part
    ]
    problems.extend(sorted(found))
    if problems:
        shown = problems[:MAX_PROBLEMS]
        more = len(problems) - len(shown)
        tail = f"\n… and {more} more" if more else ""
        raise DataError(f"{len(problems)} problem(s) in the data:\n" + "\n".join(shown) + tail)
    return defined_in


def load(
    *, data_dir: Path, ontology_path: Path, workers: int | None = None, progress: Progress = NULL
) -> Loaded:
    """Load the ontology and every data file into a new Oxigraph store, checking them first.

    With ``workers`` > 1 (default: 2 when the data is large) and a second core, the per-file scan
    runs in a forked process while Oxigraph loads the files. ``progress`` is advanced by one a data
    file loaded, with the bytes read as its detail; its phase is the caller's to open and close.
    """
    files = data_files(data_dir)
    if not files:
        raise DataError(f"{data_dir}: no .ttl files found")
    paths = [str(p) for p in files]
    if workers is None:
        workers = 2 if sum(p.stat().st_size for p in files) >= PARALLEL_FROM_BYTES else 1
    # Forked before the store exists, so the child inherits no engine state.
    with forked(_scan_all, paths, enabled=workers > 1) as scanning:
        onto_quads = parse_file(ontology_path, ox.NamedNode(GRAPH_ONTOLOGY))
        store = OxigraphStore()
        store.add_native(onto_quads)
        _load_files(store, files, ox.NamedNode(GRAPH_ASSERTED), progress)
        scans = scanning.result()
    # Counted beside the checks, which leave a core free for a part of their time.
    with on_thread(triples_in, store, URIRef(GRAPH_ASSERTED), name="count") as counting:
        defined_in = check(store, scans, _ontology_terms(onto_quads))
    return Loaded(
        store=store,
        files=tuple(files),
        defined_in=defined_in,
        asserted_triples=counting.result(),
        ontology_triples=len(set(onto_quads)),
        scans=tuple(scans),
    )


def file_triples(path: Path) -> list[NTriple]:
    """The triples of one data file as sorted N-Triples term strings, parsed as :func:`load` parses
    it (a syntax error, an unreadable file or a byte-order mark gives the same message)."""
    store = OxigraphStore()
    _load_files(store, [path], ox.NamedNode(GRAPH_ASSERTED))
    return sorted(store.nt_triples(URIRef(GRAPH_ASSERTED)))
