"""What a push did: per graph, the counts before and after, how it was sent, and why."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class GraphLoad:
    """What one named graph held before and after the push."""

    graph: str
    expected: int
    before: int
    after: int
    method: str
    url: str
    seconds: float
    added: int | None = None  # triples sent by a diff push; None when the graph was replaced whole
    removed: int | None = None
    why_whole: str = ""  # why a graph was replaced whole rather than diffed

    @property
    def repaired(self) -> bool:
        """The server held a different number of triples in this graph before the push."""
        return self.added is None and self.before not in (0, self.expected)

    @property
    def diffed(self) -> bool:
        return self.added is not None


@dataclass(frozen=True)
class PushReport:
    """The graphs loaded and verified, in dump order."""

    endpoint: str
    dump: Path
    graphs: tuple[GraphLoad, ...]
    seconds: float

    @property
    def triples(self) -> int:
        return sum(g.after for g in self.graphs)

    def lines(self) -> list[str]:
        methods = sorted({f"{g.method} at {g.url}" for g in self.graphs})
        out = [f"pushed {self.dump} to {self.endpoint} ({'; '.join(methods)})"]
        width = max((len(g.graph) for g in self.graphs), default=0)
        for g in self.graphs:
            if g.diffed:
                out.append(
                    f"  {g.graph:<{width}}  {g.after:>7} triples, verified "
                    f"(sent {g.added} added and {g.removed} removed; server held {g.before} before)"
                )
                continue
            note = "repaired" if g.repaired else ("new" if g.before == 0 else "replaced")
            out.append(
                f"  {g.graph:<{width}}  {g.after:>7} triples, verified "
                f"(server held {g.before} before: {note})"
            )
            if g.why_whole:
                out.append(f"  {'':<{width}}  replaced whole: {g.why_whole}")
        diffed = [g for g in self.graphs if g.diffed]
        if diffed:
            out.append(
                f"pushed {sum(g.added or 0 for g in diffed)} added and {sum(g.removed or 0 for g in diffed)} "
                f"removed triples in {len(diffed)} graph(s)"
            )
        out.append(
            f"{self.triples} triples in {len(self.graphs)} graph(s), each count verified on the server, "
            f"in {self.seconds:.1f} s"
        )
        return out
