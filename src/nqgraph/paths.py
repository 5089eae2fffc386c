"""Where the project's inputs live."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def project_root() -> Path:
    """The folder holding ``ontology/nqgraph.ttl``.

    ``NQGRAPH_HOME`` wins; otherwise the current folder or one of its parents; otherwise the
    checkout this package was installed from.
    """
    env = os.environ.get("NQGRAPH_HOME")
    if env:
        return Path(env)
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / "ontology" / "nqgraph.ttl").is_file():
            return folder
    return Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Inputs:
    """The input files of a build."""

    data: Path
    ontology: Path
    shapes: tuple[Path, ...]
    queries: Path
    root: Path

    @classmethod
    def default(cls, *, data: Path | None = None, root: Path | None = None) -> Inputs:
        base = root or project_root()
        return cls(
            data=data or base / "data" / "ttl",
            ontology=base / "ontology" / "nqgraph.ttl",
            shapes=tuple(sorted((base / "shapes").glob("*.ttl"))),
            queries=base / "queries",
            root=base,
        )


# The incremental build's state lives inside the output folder, so that the atomic swap of that
# folder replaces output and state together (a failed build leaves both as they were).
STATE_DIR = ".nqgraph-state"


def state_store(out: Path) -> Path:
    """The on-disk Oxigraph store of the build in ``out``: its ontology, asserted and inferred graphs."""
    return out / STATE_DIR / "store"
