"""The record of what was last pushed to one graph of one store, kept so the next push sends a diff.

A record describes the *server*, not a build: it is kept per endpoint and graph in a folder of its
own (by default the user's cache, ``$XDG_CACHE_HOME/nqgraph/push``), outside the build folder that
every build replaces. One file per graph, valid N-Triples: a header of comments (format version,
endpoint, graph, triple count, the marker written to the server), the triples without blank nodes,
then the blank-node components (:mod:`nqgraph.remote.delta`) separated by empty lines.

A record is trusted only while the server still holds what it says: the push compares the graph's
count and the marker on the server with it before diffing. It is removed before a graph is
changed and written again only once the server's count is verified, so a push that fails half-way
leaves no record and the next push replaces the graph whole.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from nqgraph.remote.delta import Snapshot
from nqgraph.runtime.atomic import write_file

VERSION = 1
_MAGIC = f"# nqgraph push record {VERSION}\n"
_COMPONENTS = "\n# components\n"


def default_record_dir() -> Path:
    """``$XDG_CACHE_HOME/nqgraph/push``, or ``~/.cache/nqgraph/push``."""
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "nqgraph" / "push"


@dataclass
class Record:
    """What one graph of one endpoint held after the last verified push."""

    endpoint: str
    graph: str
    triples: int
    marker: str | None
    snapshot: Snapshot


def record_path(folder: Path, endpoint: str, graph: str) -> Path:
    """One file per endpoint and graph; the names are hashes, the header says which they are."""
    key = hashlib.sha256(f"{endpoint}\n{graph}".encode()).hexdigest()[:24]
    return folder / f"{key}.nt"


def read_record(folder: Path, endpoint: str, graph: str) -> tuple[Record | None, str]:
    """The record, or None and why there is none usable (missing, foreign, older, damaged)."""
    path = record_path(folder, endpoint, graph)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, "no record of an earlier push to this graph"
    except (OSError, UnicodeDecodeError) as exc:
        return None, f"the record {path} cannot be read ({exc})"
    if not text.startswith("# nqgraph push record "):
        return None, f"the record {path} is not a push record"
    if not text.startswith(_MAGIC):
        return None, f"the record {path} is from another version of nqgraph"
    head, _, rest = text[len(_MAGIC) :].partition("\n")
    try:
        meta = json.loads(head.removeprefix("# "))
        endpoint_, graph_, marker = meta["endpoint"], meta["graph"], meta["marker"]
        triples = int(meta["triples"])
    except (ValueError, KeyError, TypeError):
        return None, f"the record {path} is damaged (header)"
    if (endpoint_, graph_) != (endpoint, graph):
        return None, f"the record {path} is of another endpoint or graph"
    body, found, comps = ("\n" + rest).partition(_COMPONENTS)
    if not found:
        return None, f"the record {path} is damaged (truncated)"
    snap = Snapshot(lines=body[1:].splitlines(), components=[c for c in comps.split("\n\n") if c.strip()])
    if snap.triples != triples:
        return None, f"the record {path} is damaged ({snap.triples} triples, its header says {triples})"
    return Record(endpoint=endpoint, graph=graph, triples=triples, marker=marker, snapshot=snap), ""


def write_record(folder: Path, record: Record) -> Path:
    """Write the record whole or not at all."""
    meta = {
        "endpoint": record.endpoint,
        "graph": record.graph,
        "triples": record.triples,
        "marker": record.marker,
    }
    lines = record.snapshot.lines
    text = (
        _MAGIC
        + "# "
        + json.dumps(meta, sort_keys=True, ensure_ascii=False)
        + "\n"
        + "\n".join(lines)
        + ("\n" if lines else "")
        + _COMPONENTS[1:]
        + "\n\n".join(record.snapshot.components)
    )
    path = record_path(folder, record.endpoint, record.graph)
    write_file(path, text.encode("utf-8"))
    return path


def forget_record(folder: Path, endpoint: str, graph: str) -> None:
    """Remove the record before the graph changes on the server."""
    record_path(folder, endpoint, graph).unlink(missing_ok=True)
