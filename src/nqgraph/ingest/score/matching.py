"""Pairing curated and drafted facts of one kind one to one.

A maximum matching rather than set intersection, so that a value stated twice must be drafted
twice, and facts of sentences (targets, observations, assignments) pair only within the same
sentence.
"""

from __future__ import annotations

from collections import defaultdict

from nqgraph.ingest.score.result import Fact
from nqgraph.text import fold


def overlap(a: Fact, b: Fact) -> bool:
    """Whether two facts stand in the same sentence: their places overlap, or where a sentence was
    not found in the text, one sentence holds the other."""
    if a.places and b.places:
        return any(x0 < y1 and y0 < x1 for x0, x1 in a.places for y0, y1 in b.places)
    sa, sb = fold(a.sentence), fold(b.sentence)
    return bool(sa and sb) and (sa in sb or sb in sa)


def match(curated: list[Fact], drafted: list[Fact], kind: str) -> tuple[list[Fact], list[Fact], int]:
    """Pair curated and drafted facts one to one (a maximum matching); return missed, extra, matched."""
    if kind in ("target", "observation", "assignment"):

        def compatible(c: Fact, d: Fact) -> bool:
            return overlap(c, d)

    elif kind == "citation":
        # A date that one side does not know agrees with any date.

        def compatible(c: Fact, d: Fact) -> bool:
            return not c.date or not d.date or c.date == d.date

    else:

        def compatible(c: Fact, d: Fact) -> bool:
            return True

    by_key: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for j, d in enumerate(drafted):
        by_key[d.key].append(j)
    partner: dict[int, int] = {}  # drafted index -> curated index

    # Augmenting paths (Kuhn's algorithm): a curated fact may take a drafted fact from another
    # curated fact that can be paired elsewhere.
    def augment(i: int, seen: set[int]) -> bool:
        for j in by_key.get(curated[i].key, ()):
            if j in seen or not compatible(curated[i], drafted[j]):
                continue
            seen.add(j)
            if j not in partner or augment(partner[j], seen):
                partner[j] = i
                return True
        return False

    for i in range(len(curated)):
        augment(i, set())
    paired = set(partner.values())
    missed = [c for i, c in enumerate(curated) if i not in paired]
    extra = [d for j, d in enumerate(drafted) if j not in partner]
    return missed, extra, len(partner)
