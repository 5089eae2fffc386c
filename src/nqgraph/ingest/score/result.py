"""What a score says: the facts compared, the counts and ratios of each kind, and their reports.

Kept apart from how facts are read and matched so that a reader of saved results (the benchmark's
tables, the ``score`` command) needs none of the graph machinery.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

KINDS = ("header", "citation", "target", "observation", "assignment", "appendix", "section")


@dataclass(frozen=True)
class Fact:
    """One fact of one side: what is compared (``key``), how a person reads it, and where it is."""

    kind: str
    key: tuple[str, ...]
    text: str
    sentence: str
    iri: str
    places: tuple[tuple[int, int], ...] = ()
    date: str = ""  # citations: the cited document's date, compared leniently

    def as_json(self) -> dict[str, str]:
        return {"fact": self.text, "sentence": self.sentence, "iri": self.iri}


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class KindScore:
    """The comparison of one kind of fact."""

    kind: str
    curated: int
    drafted: int
    matched: int
    missed: tuple[Fact, ...] = ()
    extra: tuple[Fact, ...] = ()
    not_printed: tuple[Fact, ...] = ()
    not_recorded: tuple[Fact, ...] = ()

    @property
    def precision(self) -> float | None:
        return _ratio(self.matched, self.drafted)

    @property
    def recall(self) -> float | None:
        return _ratio(self.matched, self.curated)

    @property
    def f1(self) -> float | None:
        return f1(self.matched, self.curated, self.drafted)

    def as_json(self) -> dict[str, Any]:
        return {
            "curated": self.curated,
            "drafted": self.drafted,
            "matched": self.matched,
            "precision": _round(self.precision),
            "recall": _round(self.recall),
            "f1": _round(self.f1),
            "missed": [f.as_json() for f in self.missed],
            "extra": [f.as_json() for f in self.extra],
            "not_printed": [f.as_json() for f in self.not_printed],
            "not_recorded": [f.as_json() for f in self.not_recorded],
        }


def f1(matched: int, curated: int, drafted: int) -> float | None:
    """F1 of a comparison; None when neither side has a fact of the kind (nothing to score)."""
    if curated + drafted == 0:
        return None
    return 2 * matched / (curated + drafted)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


@dataclass(frozen=True)
class Score:
    """A draft scored against the curated data of one source text."""

    source_file: str
    document: str
    kinds: tuple[KindScore, ...]

    def kind(self, name: str) -> KindScore:
        for k in self.kinds:
            if k.kind == name:
                return k
        raise KeyError(name)

    def as_json(self) -> dict[str, Any]:
        return {
            "source_file": self.source_file,
            "document": self.document,
            "kinds": {k.kind: k.as_json() for k in self.kinds},
        }


def figure(value: float | None) -> str:
    """A ratio as printed in the tables: two decimals, or an en dash when there is nothing to score."""
    return "–" if value is None else f"{value:.2f}"


def table(score: Score) -> str:
    """The plain-text report of one score: a row per kind, then the missed and extra facts."""
    lines = [f"{score.source_file} ({score.document})", ""]
    lines.append(f"{'kind':<12} {'curated':>7} {'drafted':>7} {'matched':>7} {'P':>5} {'R':>5} {'F1':>5}")
    for k in score.kinds:
        lines.append(
            f"{k.kind:<12} {k.curated:>7} {k.drafted:>7} {k.matched:>7} "
            f"{figure(k.precision):>5} {figure(k.recall):>5} {figure(k.f1):>5}"
        )
    lines += listing(score)
    return "\n".join(lines) + "\n"


def listing(score: Score) -> list[str]:
    """Every missed, extra and unprinted fact, one line each, with its sentence."""
    lines: list[str] = []
    for k in score.kinds:
        for title, facts in (
            ("missed", k.missed),
            ("extra", k.extra),
            ("not printed in the text, not scored", k.not_printed),
            ("not recorded in the curated data, not scored", k.not_recorded),
        ):
            if facts:
                lines += ["", f"{k.kind}, {title} ({len(facts)}):"]
                lines += [f"  - {f.text}" + (f"  «{f.sentence}»" if f.sentence else "") for f in facts]
    return lines


def to_json(scores: Iterable[Score]) -> str:
    return json.dumps([s.as_json() for s in scores], ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def facts(score: Score) -> Iterator[tuple[str, str, Fact]]:
    """Every listed fact of a score as (kind, missed|extra|not printed|not recorded, fact)."""
    for k in score.kinds:
        for f in k.missed:
            yield k.kind, "missed", f
        for f in k.extra:
            yield k.kind, "extra", f
        for f in k.not_printed:
            yield k.kind, "not printed", f
        for f in k.not_recorded:
            yield k.kind, "not recorded", f
