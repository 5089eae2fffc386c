"""Reading the graphs to compare from Turtle files, and naming a text as ``nq:sourceFile`` does."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph

from nqgraph.errors import NqgraphError
from nqgraph.paths import project_root


class ScoreError(NqgraphError):
    """The curated data holds no text with the given source file, or a draft cannot be read."""


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
