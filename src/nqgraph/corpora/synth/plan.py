"""The corpus plan: provinces, their chains of documents across committee terms, and the defects
to seed; the result types of a synthesis.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field
from pathlib import Path

from nqgraph.corpora.synth.terms import AVERAGE_DOCUMENT, DEFECTS_PER, LAST_DAY, SMALL_CORPUS, slugify
from nqgraph.corpora.synth.vocabulary import (
    COMPONENT_DEFECTS,
    EVENTS,
    FAMILY,
    GIVEN,
    MIDDLE,
    PROVINCES,
    TERMS,
    TOPICS,
)
from nqgraph.errors import NqgraphError


class SynthError(NqgraphError):
    """The generator was asked for something it does not support (a size out of range)."""


@dataclass(frozen=True)
class Defect:
    """One SHACL result the corpus is seeded to produce."""

    iri: str  # the focus node
    severity: str  # "Violation" or "Warning"
    shape: str  # the node shape or rule (nqsh:…) that reports it
    path: str  # the result path
    component: str  # local name of the constraint component, as in nqgraph.graph.validation.Finding
    kind: str  # which seeded defect causes it
    note: str  # what is wrong, in words

    def key(self) -> tuple[str, str, str, str]:
        """What a validation finding must match: focus, severity, path and component."""
        return (self.iri, self.severity, self.path, self.component)


@dataclass(frozen=True)
class SynthResult:
    """What :func:`synthesize` wrote."""

    out: Path
    seed: int
    requested: int
    triples: int  # asserted triples written, as the loader counts them
    files: int
    documents: int
    provinces: int
    defects: tuple[Defect, ...]


@dataclass
class Province:
    """A province in the corpus, with its congresses, secretaries, topic order and 2025 changes."""

    slug: str
    name: str
    iso: str
    city: bool
    congress: list[tuple[int, dt.date, dt.date]] = field(default_factory=list)  # per term
    secretaries: list[str] = field(default_factory=list)  # person names per term
    topics: list[int] = field(default_factory=list)
    event_dates: dict[str, dt.date | None] = field(default_factory=dict)

    def words(self) -> dict[str, str]:
        """The fill-ins of the agency and sentence templates."""
        if self.city:
            return {
                "u": "thanh-uy",
                "s": "thanh-pho",
                "U": "Thành ủy",
                "c": "thành phố",
                "pc": "City",
                "ce": "city",
                "P": self.name,
                "p": self.slug,
            }
        return {
            "u": "tinh-uy",
            "s": "tinh",
            "U": "Tỉnh ủy",
            "c": "tỉnh",
            "pc": "Provincial",
            "ce": "province",
            "P": self.name,
            "p": self.slug,
        }


@dataclass
class DocPlan:
    """A resolution or conclusion as planned: where it sits in its chain, its date and number, what
    it cites and which defects it carries. Every planned document is written, so any plan may
    refer to any other."""

    index: int
    province: Province
    term: int
    topic: int
    issuer: str  # "tu" or "btvtu"
    conclusion: bool
    date: dt.date
    weight: float
    previous: DocPlan | None = None
    relation: str | None = None  # "supersedes", "continues" or "cites", towards previous
    cites: list[DocPlan] = field(default_factory=list)
    number: int = 0
    variants: int = 1
    defects: list[str] = field(default_factory=list)
    cites_later: list[DocPlan] = field(default_factory=list)  # seeded defect
    supersedes_later: list[DocPlan] = field(default_factory=list)  # seeded cycle

    @property
    def series(self) -> str:
        return "KL/TU" if self.conclusion else "NQ/TU"

    @property
    def number_text(self) -> str:
        return f"{self.number:02d}-{self.series}"

    @property
    def path(self) -> str:
        return f"eli/{self.province.slug}/{self.issuer}/{self.date.year}/{slugify(self.number_text)}"

    @property
    def file(self) -> str:
        return f"documents/{self.province.slug}-{self.date.year}-{slugify(self.number_text)}.ttl"

    @property
    def period(self) -> tuple[int, int]:
        """The years it plans for: from its own year (the next, if issued in the congress year) to
        the end of the term."""
        start, end = TERMS[self.term]
        return (self.date.year if self.date.year > start else start + 1, end)


def _window(province: Province, term: int) -> tuple[dt.date, dt.date]:
    """The days a resolution of this term can bear: after its congress, before the next one's year."""
    closed = province.congress[term][2]
    end = min(dt.date(TERMS[term][1] - 1, 12, 31), LAST_DAY)
    return closed + dt.timedelta(days=30), end


def _random_day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


class _Plan:
    """Which provinces, chains and documents the corpus has, and where the defects go."""

    def __init__(self, n: int, rng: random.Random) -> None:
        self.n = n
        self.rng = rng
        est_docs = max(1, round(n * 0.85 / AVERAGE_DOCUMENT))
        chains = math.ceil(est_docs / len(TERMS))
        n_prov = min(len(PROVINCES), max(1 if est_docs < 3 else 2, math.ceil(est_docs / 16)), chains)
        capacity = n_prov * len(TOPICS) * len(TERMS)
        self.n_docs = min(est_docs, capacity)
        chains = math.ceil(self.n_docs / len(TERMS))
        picked = rng.sample(range(len(PROVINCES)), n_prov)
        self.provinces = [self._province(i) for i in picked]
        self.docs: list[DocPlan] = []
        for c in range(chains):
            province = self.provinces[c % n_prov]
            topic = province.topics[c // n_prov]
            length = len(TERMS) if c < chains - 1 else self.n_docs - len(TERMS) * (chains - 1)
            self._chain(province, topic, range(len(TERMS) - length, len(TERMS)))
        resolutions = [d for d in self.docs if not d.conclusion]
        if len(resolutions) > 2 and not any(d.variants == 2 for d in resolutions):  # show text variants
            rng.choice(resolutions).variants = 2
        self._number()
        self._cross_citations()
        self.defect_count = max(1, round(n / DEFECTS_PER))
        self._place_defects()

    def _province(self, i: int) -> Province:
        name, iso, city = PROVINCES[i]
        rng = self.rng
        p = Province(slug=slugify(name), name=name, iso=iso, city=city)
        first = rng.randint(9, 17)
        restarted = rng.random() < 0.4  # a province formed by the 2025 merger starts again at I
        for t, (start, _end) in enumerate(TERMS):
            numeral = 1 if (restarted and t == len(TERMS) - 1) else first + t
            opened = dt.date(start, 9, 1) + dt.timedelta(days=rng.randint(0, 50))
            p.congress.append((numeral, opened, opened + dt.timedelta(days=rng.randint(2, 3))))
            p.secretaries.append(f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}")
        p.topics = rng.sample(range(len(TOPICS)), len(TOPICS))
        for spec in EVENTS:
            if spec.kind == "Rename" and rng.random() < 0.2:
                p.event_dates[spec.slug] = None  # the sources give no date: "unknown"
            elif spec.kind == "Dissolution":
                p.event_dates[spec.slug] = dt.date(2025, 7, 1)
            else:
                p.event_dates[spec.slug] = dt.date(2025, spec.month, 1) + dt.timedelta(
                    days=rng.randint(0, 27)
                )
        return p

    def _chain(self, province: Province, topic: int, terms: range) -> None:
        """One document per term on one topic, each superseding (or citing) the last resolution
        before it; now and then a conclusion that continues it instead."""
        previous: DocPlan | None = None
        last_resolution: DocPlan | None = None
        for t in terms:
            start, end = _window(province, t)
            conclusion = previous is not None and self.rng.random() < 0.1
            doc = DocPlan(
                index=len(self.docs),
                province=province,
                term=t,
                topic=topic,
                issuer="btvtu" if self.rng.random() < 0.3 else "tu",
                conclusion=conclusion,
                date=_random_day(self.rng, start, end),
                weight=(0.4 if conclusion else 1.0) * self.rng.uniform(0.6, 1.4),
                variants=2 if (not conclusion and self.rng.random() < 0.15) else 1,
            )
            if conclusion:
                doc.previous, doc.relation = previous, "continues"
            elif last_resolution is not None:
                doc.previous = last_resolution
                doc.relation = "supersedes" if self.rng.random() < 0.8 else "cites"
            self.docs.append(doc)
            previous = doc
            if not conclusion:
                last_resolution = doc

    def _number(self) -> None:
        """Numbers restart with each term, per series, in date order, with gaps for the documents
        the corpus leaves out (so the same number recurs across provinces and terms)."""
        groups: dict[tuple[str, int, str], list[DocPlan]] = {}
        for d in self.docs:
            groups.setdefault((d.province.slug, d.term, d.series), []).append(d)
        for docs in groups.values():
            n = 0
            for d in sorted(docs, key=lambda d: (d.date, d.index)):
                n += self.rng.randint(1, 5)
                d.number = n

    def _cross_citations(self) -> None:
        """Some documents also cite an earlier document of the same province on another topic."""
        by_province: dict[str, list[DocPlan]] = {}
        for d in self.docs:
            by_province.setdefault(d.province.slug, []).append(d)
        for d in self.docs:
            earlier = [o for o in by_province[d.province.slug] if o.date < d.date and o is not d.previous]
            if earlier and self.rng.random() < 0.3:
                d.cites.append(self.rng.choice(earlier))

    def _place_defects(self) -> None:
        """Choose where each seeded defect goes: document-level ones (a supersession cycle, a
        citation of a later document) on documents kept apart from each other, so that each
        causes exactly the SHACL results listed for it."""
        rng, k = self.rng, self.defect_count
        in_cycle: set[int] = set()
        links = [d for d in self.docs if d.relation == "supersedes" and d.previous is not None]
        for d in rng.sample(links, min(k, len(links))):
            assert d.previous is not None
            if d.index in in_cycle or d.previous.index in in_cycle:
                continue
            d.previous.supersedes_later.append(d)
            in_cycle.update((d.index, d.previous.index))
        free = [d for d in self.docs if d.index not in in_cycle]
        by_province: dict[str, list[DocPlan]] = {}
        for d in free:
            by_province.setdefault(d.province.slug, []).append(d)
        citing = [d for d in free if any(o.date > d.date for o in by_province[d.province.slug])]
        for d in rng.sample(citing, min(k, len(citing))):
            later = [o for o in by_province[d.province.slug] if o.date > d.date]
            d.cites_later.append(rng.choice(later))
        kinds = list(COMPONENT_DEFECTS)
        if self.n < SMALL_CORPUS:
            # A corpus of a few documents cannot hold every kind without overshooting its size.
            picked = set(rng.sample(kinds, max(2, self.n // 500)))
            kinds = [kind for kind in kinds if kind in picked]
        for kind in kinds:
            for _ in range(k):
                rng.choice(self.docs).defects.append(kind)
        recent = [d for d in self.docs if d.date > dt.date(2025, 7, 1)]
        for _ in range(k if recent else 0):
            rng.choice(recent).defects.append("agency-after-dissolution")
