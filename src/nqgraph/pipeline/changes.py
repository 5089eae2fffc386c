"""What changed since the previous build, and so what kind of build follows.

Only a change of data files can be built incrementally. A change of the ontology, shapes, saved
queries, options or nqgraph version changes what every output may say, so it means a full build,
and the reason is named (``shapes/x.ttl changed: full rebuild``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nqgraph.pipeline.state import Manifest

NOTHING = "unchanged"
INCREMENTAL = "incremental"
FULL = "full"


@dataclass(frozen=True)
class Plan:
    """The kind of build (``unchanged``, ``incremental`` or ``full``), why, and which data files changed."""

    kind: str
    reason: str
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def touched(self) -> tuple[str, ...]:
        """Every data file (relative path) whose triples may differ, sorted."""
        return tuple(sorted((*self.added, *self.changed, *self.removed)))


def _first_difference(old: dict[str, str], new: dict[str, str], folder: str) -> str | None:
    for name in sorted(old.keys() | new.keys()):
        if name not in new:
            return f"{folder}{name} removed"
        if name not in old:
            return f"{folder}{name} added"
        if old[name] != new[name]:
            return f"{folder}{name} changed"
    return None


def plan(previous: Manifest, current: Manifest) -> Plan:
    """Compare the previous build's manifest with the current inputs'."""
    if previous.data != current.data:
        return Plan(FULL, f"the previous build read another data folder ({previous.data}): full rebuild")
    if previous.version != current.version:
        return Plan(FULL, f"nqgraph {previous.version} wrote the previous build: full rebuild")
    for key in sorted(previous.options.keys() | current.options.keys()):
        was, now = previous.options.get(key), current.options.get(key)
        if was != now:
            return Plan(FULL, f"option {key} was {was}, is {now}: full rebuild")
    if previous.ontology != current.ontology:
        return Plan(FULL, "the ontology changed: full rebuild")
    for old, new, folder in (
        (previous.shapes, current.shapes, "shapes/"),
        (previous.queries, current.queries, "queries/"),
    ):
        differs = _first_difference(old, new, folder)
        if differs is not None:
            return Plan(FULL, f"{differs}: full rebuild")
    added = tuple(sorted(current.files.keys() - previous.files.keys()))
    removed = tuple(sorted(previous.files.keys() - current.files.keys()))
    changed = tuple(
        sorted(
            n for n in previous.files.keys() & current.files.keys() if previous.files[n] != current.files[n]
        )
    )
    if not (added or removed or changed):
        return Plan(NOTHING, "nothing changed: outputs untouched")
    if not current.files:
        return Plan(FULL, "no data files: full rebuild")
    parts = [
        f"{len(x)} {what}" for x, what in ((added, "added"), (changed, "changed"), (removed, "removed")) if x
    ]
    return Plan(INCREMENTAL, f"data files {', '.join(parts)}: incremental build", added, changed, removed)
