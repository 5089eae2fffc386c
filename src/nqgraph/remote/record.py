"""The record of what was last pushed to a store, kept so the next push sends only a diff.

A record describes the *server*, not a build: it is kept per endpoint (and graph base) in a
folder of its own (by default the user's cache, ``$XDG_CACHE_HOME/nqgraph/push``), outside the
build folder that every build replaces. It is the dump that was pushed (a hard link when the
build is on the same file system: a build never rewrites a file in place, so the link keeps the
old bytes; else a copy) and ``record.json``: the format version, endpoint, graph base, the dump's
SHA-256, and per graph the triple count and the marker written to the server.

A record is trusted only while the server still holds what it says: the push compares each
graph's count and marker on the server with it before diffing. It is removed when a push starts
and written again once every graph's count is verified, so a push that fails half-way leaves no
record and the next push replaces the graphs whole.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from nqgraph.runtime.atomic import write_file

VERSION = 2


def default_record_dir() -> Path:
    """``$XDG_CACHE_HOME/nqgraph/push``, or ``~/.cache/nqgraph/push``."""
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "nqgraph" / "push"


@dataclass(frozen=True)
class GraphRecord:
    triples: int
    marker: str | None


@dataclass
class Record:
    """What each graph of one endpoint held after the last verified push, and the dump pushed."""

    endpoint: str
    graph_base: str | None
    dump: Path
    graphs: dict[str, GraphRecord] = field(default_factory=dict)


def record_folder(folder: Path, endpoint: str, graph_base: str | None) -> Path:
    """One folder per endpoint and graph base; the name is a hash, record.json says which."""
    key = hashlib.sha256(f"{endpoint}\n{graph_base or ''}".encode()).hexdigest()[:24]
    return folder / key


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_record(folder: Path, endpoint: str, graph_base: str | None) -> tuple[Record | None, str]:
    """The record, or None and why there is none usable (missing, foreign, older, damaged)."""
    here = record_folder(folder, endpoint, graph_base)
    meta_path = here / "record.json"
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, "no record of an earlier push to this endpoint"
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return None, f"the record {meta_path} cannot be read ({exc})"
    if not isinstance(meta, dict) or meta.get("format") != "nqgraph push record":
        return None, f"the record {meta_path} is not a push record"
    if meta.get("version") != VERSION:
        return None, f"the record {meta_path} is from another version of nqgraph"
    try:
        if (meta["endpoint"], meta["graph_base"]) != (endpoint, graph_base):
            return None, f"the record {meta_path} is of another endpoint or graph base"
        graphs = {
            str(name): GraphRecord(triples=int(g["triples"]), marker=g["marker"])
            for name, g in meta["graphs"].items()
        }
        sha = str(meta["dump_sha256"])
    except (KeyError, TypeError, ValueError, AttributeError):
        return None, f"the record {meta_path} is damaged"
    dump = here / "dump.trig"
    try:
        if _sha256(dump) != sha:
            return None, f"the dump kept with the record ({dump}) was changed since"
    except OSError:
        return None, f"the dump kept with the record ({dump}) is missing"
    return Record(endpoint=endpoint, graph_base=graph_base, dump=dump, graphs=graphs), ""


def forget_record(folder: Path, endpoint: str, graph_base: str | None) -> None:
    """Remove the record (its dump stays until the next record replaces it)."""
    (record_folder(folder, endpoint, graph_base) / "record.json").unlink(missing_ok=True)


def write_record(folder: Path, record: Record, dump: Path) -> Path:
    """Keep ``dump`` (linked, or copied) and the record beside it; return the record's folder."""
    here = record_folder(folder, record.endpoint, record.graph_base)
    here.mkdir(parents=True, exist_ok=True)
    kept = here / "dump.trig"
    tmp = here / f".dump.trig.{os.getpid()}.tmp"
    tmp.unlink(missing_ok=True)
    try:
        os.link(dump, tmp)
    except OSError:
        shutil.copyfile(dump, tmp)
    os.replace(tmp, kept)
    meta = {
        "format": "nqgraph push record",
        "version": VERSION,
        "endpoint": record.endpoint,
        "graph_base": record.graph_base,
        "dump_sha256": _sha256(kept),
        "graphs": {
            name: {"triples": g.triples, "marker": g.marker} for name, g in sorted(record.graphs.items())
        },
    }
    write_file(here / "record.json", (json.dumps(meta, indent=1, sort_keys=True) + "\n").encode("utf-8"))
    record.dump = kept
    return here
