"""The state an incremental build starts from, kept in ``<out>/.nqgraph-state/``.

The folder lives inside the output, so the atomic swap of the output replaces output and state
together: a build that fails or is killed leaves both as they were. It holds:

- ``store/``: an on-disk Oxigraph store with exactly the build's dataset (the ontology, asserted
  and inferred graphs; :func:`nqgraph.paths.state_store`);
- ``manifest.json``: the state format, the nqgraph version, the options that change outputs, and
  the sha256 of every input (data files by path relative to the data folder, ontology, shapes,
  saved queries, the source texts the pages quote) and of ``summary.json`` (a state that does not
  belong to its output is refused);
- ``scans.pickle``: what the loader read from each data file (its subjects and typed resources), so
  that a change re-reads only the changed files and the loader's checks still see every file (a
  pickle: at a million triples the same as JSON took 0.32 s a build to read and write, 0.11 s);
- ``sources/<sha256>``: a copy of each data file as it was built, so that an edited or removed
  file's old triples can be netted out of the asserted graph;
- ``validation.pickle``: the previous validation result, which re-validation starts from;
- ``tally.json``: the counters the dataset description is written from, moved by each change;
- ``pages.bin``: the nodes each page read when it was last rendered
  (:class:`~nqgraph.publish.site.reads_table.ReadsTable`: each node written once);
- ``query-facts.pickle`` and ``item-rows.pickle``: caches outside the manifest, each kept with a
  digest of the code that made it (what parsing the saved queries told; the rows of each
  indicator page's items, :mod:`nqgraph.publish.site.item_rows`). A build that finds one missing,
  damaged or made by other code makes it again.

Every file is written new (never modified in place): an incremental build hard-links the previous
output's files into its own folder, so a file shared with the previous output must stay as it is.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import subprocess
import sys
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef

from nqgraph.errors import NqgraphError
from nqgraph.graph.loader import FileScan
from nqgraph.graph.query_facts import QueryFacts, code_digest
from nqgraph.graph.store import OxigraphStore
from nqgraph.graph.validation import ValidationResult
from nqgraph.namespaces import GRAPH_ASSERTED, NQ
from nqgraph.paths import STATE_DIR, Inputs, state_store
from nqgraph.publish.site.item_rows import ItemRows
from nqgraph.publish.site.reads_table import ReadsTable
from nqgraph.publish.site.store_index import PageReads
from nqgraph.publish.site.views import rows_code
from nqgraph.publish.tally import Tally, TallyError
from nqgraph.runtime.forking import threads_started
from nqgraph.runtime.threads import thread_map

# Raised when the format of any state file changes; a state of another format means a full build.
# 2: the page reads as a ReadsTable; 3: with single properties read; 4: the scans as a pickle
STATE_FORMAT = 4
MANIFEST = "manifest.json"
SCANS = "scans.pickle"
SOURCES = "sources"
VALIDATION = "validation.pickle"
TALLY = "tally.json"  # the dumps' tally: the dataset description's counters (nqgraph.publish.tally)
PAGES = "pages.bin"  # the nodes each page read (nqgraph.publish.site.reads_table.ReadsTable)
ITEM_ROWS = "item-rows.pickle"  # the rows of listing pages' items (nqgraph.publish.site.item_rows)
QUERY_FACTS = "query-facts.pickle"  # what parsing each saved query told (nqgraph.graph.query_facts)
# The output file whose hash ties a state to its output (small, and rewritten by every build).
TIED_OUTPUT = "summary.json"


class StateError(NqgraphError):
    """The state of a previous build cannot be used; the message says why (a full build follows)."""


def sha256_of(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _relative_hashes(folder: Path, files: Iterable[Path]) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): sha256_of(p) for p in files}


@dataclass(frozen=True)
class Manifest:
    """What a build was made of; compared with the inputs of the next build."""

    version: str
    options: dict[str, str]
    data: str  # the data folder, resolved: a state from another data folder is foreign
    files: dict[str, str]  # data file (relative to the data folder) → sha256
    ontology: str
    shapes: dict[str, str]
    queries: dict[str, str]
    outputs: dict[str, str] = field(default_factory=dict)
    # The source texts the pages quote (nq:sourceFile, relative to the project root) → sha256.
    sources: dict[str, str] = field(default_factory=dict)
    format: int = STATE_FORMAT

    def as_json(self) -> str:
        return json.dumps(self.__dict__, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def nqgraph_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("nqgraph")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "0+unknown"


def input_manifest(inputs: Inputs, files: Iterable[Path], *, options: Mapping[str, str]) -> Manifest:
    """The manifest of the current inputs (its ``outputs`` are filled in once they are written)."""
    queries = sorted(p for p in inputs.queries.rglob("*") if p.is_file()) if inputs.queries.is_dir() else []
    return Manifest(
        version=nqgraph_version(),
        options=dict(sorted(options.items())),
        data=str(inputs.data.resolve()),
        files=_relative_hashes(inputs.data, files),
        ontology=sha256_of(inputs.ontology),
        shapes={p.name: sha256_of(p) for p in inputs.shapes},
        queries=_relative_hashes(inputs.queries, queries),
    )


_SOURCE_FILES = "SELECT DISTINCT ?f WHERE { GRAPH ?g { ?s ?p ?f } }"


def source_texts(store: OxigraphStore, root: Path) -> dict[str, str]:
    """The sha256 of each source text the data names (``nq:sourceFile``) that exists below ``root``."""
    rows = store.query(
        _SOURCE_FILES, bindings={"g": URIRef(GRAPH_ASSERTED), "p": URIRef(NQ + "sourceFile")}
    ).rows
    found: dict[str, str] = {}
    for (name,) in rows:
        path = root / str(name)
        if name is not None and path.is_file():
            found[str(name)] = sha256_of(path)
    return dict(sorted(found.items()))


def changed_source(manifest: Manifest, root: Path) -> str | None:
    """The first source text the previous build quoted whose bytes differ now, or None."""
    for name, digest in sorted(manifest.sources.items()):
        path = root / name
        if not path.is_file() or sha256_of(path) != digest:
            return name
    return None


def state_dir(out: Path) -> Path:
    return out / STATE_DIR


def read_manifest(out: Path) -> Manifest:
    """The manifest of the build in ``out``; :class:`StateError` saying why when it cannot be used."""
    folder = state_dir(out)
    if not folder.is_dir():
        raise StateError("no build state")
    try:
        raw: Any = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise StateError("the build state has no manifest") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StateError(f"the build state's manifest is unreadable ({exc})") from None
    if not isinstance(raw, dict):
        raise StateError("the build state's manifest is not a JSON object")
    if raw.get("format") != STATE_FORMAT:
        raise StateError(
            f"the build state is of format {raw.get('format')!r}, this nqgraph writes {STATE_FORMAT}"
        )
    try:
        manifest = Manifest(**raw)
    except TypeError as exc:
        raise StateError(f"the build state's manifest is malformed ({exc})") from None
    for name, digest in manifest.outputs.items():
        path = out / name
        if not path.is_file() or sha256_of(path) != digest:
            raise StateError(f"the build state does not match the output ({name} differs)")
    if not state_store(out).is_dir():
        raise StateError("the build state has no store")
    return manifest


def read_scans(out: Path, data: Path) -> list[FileScan]:
    """The loader's scans of every data file of the build in ``out``, with paths below ``data``."""
    try:
        with (state_dir(out) / SCANS).open("rb") as f:
            raw = pickle.load(f)
    except Exception as exc:  # any unpickling failure means a state that cannot be used
        raise StateError(f"the build state's scans are unreadable ({exc})") from None
    if not isinstance(raw, dict) or not all(isinstance(rel, str) for rel in raw):
        raise StateError("the build state's scans are of the wrong type")
    try:
        return [FileScan(str(data / rel), tuple(s), tuple(t), ()) for rel, (s, t) in raw.items()]
    except (TypeError, ValueError) as exc:
        raise StateError(f"the build state's scans are unreadable ({exc})") from None


def read_validation(out: Path) -> ValidationResult:
    try:
        with (state_dir(out) / VALIDATION).open("rb") as f:
            result = pickle.load(f)
    except Exception as exc:  # any unpickling failure means a state that cannot be used
        raise StateError(f"the build state's validation result is unreadable ({exc})") from None
    if not isinstance(result, ValidationResult):
        raise StateError("the build state's validation result is of the wrong type")
    return result


def read_tally(out: Path) -> Tally:
    try:
        return Tally.from_bytes((state_dir(out) / TALLY).read_bytes())
    except (OSError, TallyError) as exc:
        raise StateError(f"the build state's tally is unreadable ({exc})") from None


def read_pages(out: Path) -> ReadsTable | None:
    """The nodes each page of the previous build read, or None when they were not kept."""
    path = state_dir(out) / PAGES
    if not path.is_file():
        return None
    try:
        return ReadsTable.from_bytes(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise StateError(f"the build state's page dependencies are unreadable ({exc})") from None


def read_query_facts(out: Path) -> dict[str, QueryFacts]:
    """What parsing the saved queries told the previous build, when the same code found it (empty
    otherwise: the facts are found again, so a missing or unreadable file is no error)."""
    try:
        kept = pickle.loads((state_dir(out) / QUERY_FACTS).read_bytes())
    except Exception:  # absent, damaged, or of classes this code does not have: found again
        return {}
    if not isinstance(kept, dict) or kept.get("code") != code_digest():
        return {}
    facts = kept.get("facts")
    if not isinstance(facts, dict):
        return {}
    return {t: f for t, f in facts.items() if isinstance(t, str) and isinstance(f, QueryFacts)}


def write_query_facts(folder: Path, facts: Mapping[str, QueryFacts]) -> None:
    """Keep ``facts`` (what parsing the saved queries told) in the state of ``folder``; a cache
    outside the manifest: a build that finds it missing or stale parses the queries again."""
    path = state_dir(folder) / QUERY_FACTS
    if not facts:
        path.unlink(missing_ok=True)
        return
    kept = {"code": code_digest(), "facts": dict(sorted(facts.items()))}
    _write_new(path, pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL))


def read_item_rows(out: Path) -> ItemRows:
    """The rows the previous build's listing pages showed of their items (none when it kept none,
    or kept them with other code: a cache outside the manifest, whose rows are made again)."""
    try:
        data = (state_dir(out) / ITEM_ROWS).read_bytes()
    except OSError:
        return ItemRows()
    return ItemRows.from_bytes(data, code=rows_code())


def write_item_rows(folder: Path, rows: ItemRows | None) -> None:
    """Keep ``rows`` in the state of ``folder`` (none: the file goes)."""
    path = state_dir(folder) / ITEM_ROWS
    if rows is None or not len(rows):
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_new(path, rows.to_bytes(code=rows_code()))


def source_copy(out: Path, digest: str) -> Path:
    """The copy of a data file, as it was built, of content ``digest``."""
    return state_dir(out) / SOURCES / digest


def _write_new(path: Path, data: bytes) -> None:
    # Never in place: the previous state's file may be a hard link shared with this one.
    path.unlink(missing_ok=True)
    with path.open("wb") as f:
        f.write(data)


def write_state(
    folder: Path,
    *,
    manifest: Manifest,
    scans: Iterable[FileScan],
    data: Path,
    validation: ValidationResult,
    tally: Tally,
    pages: Mapping[str, PageReads] | None = None,
) -> None:
    """Write the state files (all but the store) into the output ``folder`` being built.

    Data files whose copy is missing from ``sources/`` are copied there (an incremental build has
    hard-linked the unchanged ones already); copies of files no longer in the data are removed.
    """
    state = state_dir(folder)
    sources = state / SOURCES
    sources.mkdir(parents=True, exist_ok=True)
    wanted = set(manifest.files.values())
    for rel, digest in manifest.files.items():
        target = sources / digest
        if not target.exists():
            _write_new(target, (data / rel).read_bytes())
    for old in sources.iterdir():
        if old.name not in wanted:
            old.unlink()
    by_path = {Path(s.path).relative_to(data).as_posix(): (tuple(s.subjects), tuple(s.typed)) for s in scans}
    _write_new(state / SCANS, pickle.dumps(dict(sorted(by_path.items())), protocol=pickle.HIGHEST_PROTOCOL))
    _write_new(state / VALIDATION, pickle.dumps(validation, protocol=pickle.HIGHEST_PROTOCOL))
    _write_new(state / TALLY, tally.to_bytes())
    if pages is None:
        (state / PAGES).unlink(missing_ok=True)
    else:
        table = pages if isinstance(pages, ReadsTable) else ReadsTable.of(pages)
        _write_new(state / PAGES, table.to_bytes())
    tied = {TIED_OUTPUT: sha256_of(folder / TIED_OUTPUT)}
    final = Manifest(**{**manifest.__dict__, "outputs": tied})
    # The manifest last: a state folder without one is never used.
    _write_new(state / MANIFEST, final.as_json().encode("utf-8"))


def dump_store(source: ox.Store, folder: Path) -> Path:
    """Write the dataset of ``source`` as the N-Quads file the state store is loaded from (in
    native code, without the interpreter lock: the caller's other threads go on meanwhile)."""
    path = state_store(folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    quads = path.parent / "store.nq"
    source.dump(output=str(quads), format=ox.RdfFormat.N_QUADS)
    return quads


@contextmanager
def saving_store(quads: Path, folder: Path) -> Iterator[None]:
    """Load ``quads`` (:func:`dump_store`) into the state store of ``folder`` while the block runs.

    The bulk loader runs in a child interpreter: an on-disk store starts RocksDB threads that
    stay for the life of the process, and a build forks its page workers after this (see
    :func:`nqgraph.runtime.forking.can_fork`). Started as a process, not waited for on a thread,
    so that the page workers are forked while it loads, with no thread running here. Leaving the
    block waits for it; a failed block stops it.
    """
    loader = subprocess.Popen(
        [sys.executable, "-c", _BULK_LOAD, str(quads), str(state_store(folder))],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield
    except BaseException:
        loader.kill()
        loader.communicate()
        raise
    _, errors = loader.communicate()
    if loader.returncode != 0:
        raise StateError(f"the build state's store could not be written: {errors.strip()}")
    quads.unlink()


# Run by a child interpreter (saving_store): the argument vector is the N-Quads file and the store.
# Lenient: the file is Oxigraph's own dump of a store, whose IRIs and literals it checked when they
# were loaded; checking them again cost a tenth of the load (1 s of CPU at a million triples).
_BULK_LOAD = (
    "import sys, pyoxigraph as ox; disk = ox.Store(sys.argv[2]); "
    "disk.bulk_load(path=sys.argv[1], format=ox.RdfFormat.N_QUADS, lenient=True); disk.flush()"
)


def copy_store(previous: Path, folder: Path) -> None:
    """Back the previous build's state store up into ``folder``'s state."""
    path = state_store(folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        threads_started("the previous build's state store was opened")
        old = ox.Store.read_only(str(state_store(previous)))
        old.backup(str(path))
        del old
    except (OSError, RuntimeError) as exc:
        raise StateError(f"the build state's store cannot be opened ({exc})") from None


# Folders made side by side: making one waits on the file system's journal (an output at 1M has
# 5,000 folders, which took 0.6-1.7 s one after another on the benchmark machine, 0.75-1.1 s on
# four threads). A level of fewer folders than this is made on this thread.
_FOLDER_THREADS = 4
_FEW_FOLDERS = 64


def link_tree(source: Path, target: Path, *, skip: Iterable[Path] = ()) -> None:
    """Hard-link every file below ``source`` into ``target`` (folders made), leaving out ``skip``."""
    # On path strings and directory entries: an incremental build links every file of the
    # previous output (thousands of folders), and pathlib's objects cost more than the links.
    root, into = os.path.realpath(source), os.fspath(target)
    skipped = {os.path.relpath(os.path.realpath(p), root) for p in skip}
    folders: dict[int, list[str]] = {}  # by depth: a folder is made after its parent
    files: list[str] = []
    pending = [""]
    while pending:
        relative = pending.pop()
        here = os.path.join(root, relative) if relative else root
        with os.scandir(here) as entries:
            for entry in entries:
                inner = os.path.join(relative, entry.name) if relative else entry.name
                if entry.is_dir(follow_symlinks=False):
                    if inner in skipped:
                        continue
                    folders.setdefault(inner.count(os.sep), []).append(inner)
                    pending.append(inner)
                else:
                    files.append(inner)
    os.makedirs(into, exist_ok=True)

    def make(level: list[str]) -> None:
        for folder in level:
            os.mkdir(os.path.join(into, folder))

    for depth in sorted(folders):
        level = folders[depth]
        if len(level) < _FEW_FOLDERS:
            make(level)
        else:
            parts = [level[i::_FOLDER_THREADS] for i in range(_FOLDER_THREADS)]
            thread_map(make, parts, workers=_FOLDER_THREADS, name="folders")
    for name in files:
        os.link(os.path.join(root, name), os.path.join(into, name))
