"""The counters behind the dataset description, kept between builds and adjusted by a change.

:func:`nqgraph.publish.describe.facts` reports what VoID and DCAT say about the data: triples per
graph and in all, entities, classes, properties, links, the first issue date and the last target
year. Most of them are counts over the merged graph (every triple once, whatever graphs hold
it), which an added or removed triple moves by one; the first date and the last year are kept as
counts of each date and year, so that removing the earliest leaves the next one. A :class:`Tally`
holds them, :meth:`Tally.count` counts them from the graphs (a clean build), :meth:`Tally.apply`
moves them by the triples a change added to and removed from the merged graph, and
:meth:`Tally.to_bytes` / :meth:`Tally.from_bytes` keep them in a state file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from itertools import chain, compress
from operator import itemgetter, methodcaller
from typing import TYPE_CHECKING, Any

from nqgraph.errors import NqgraphError
from nqgraph.graph.ntriples import NTriple, split_literal, unquote
from nqgraph.namespaces import ID, NQ, RDF_TYPE

if TYPE_CHECKING:
    from nqgraph.publish.describe import Facts

SKOS = "http://www.w3.org/2004/02/skos/core#"
WD = "http://www.wikidata.org/entity/"
SDG = "http://metadata.un.org/sdg/"
LINK_SPACES = (WD, SDG)
_TYPE = f"<{RDF_TYPE}>"
_ISSUED = f"<{NQ}issuedOn>"
_YEAR = f"<{NQ}targetYear>"
_PROVINCE = f"<{NQ}Province>"
_ID = "<" + ID
FORMAT = "nqgraph-tally/1"


class TallyError(NqgraphError):
    """A kept tally that cannot be read (corrupt, foreign or from another version)."""


def _is_link(p: str) -> bool:
    return p.startswith("<" + SKOS) and p.endswith("Match>")


@dataclass
class Tally:
    """What the description counts, as counters that a change adjusts."""

    graphs: dict[str, int] = field(default_factory=dict)  # graph IRI -> its triples
    total: int = 0  # triples of the merged graph
    entities: int = 0  # subjects in the URI space with at least one triple
    classes: Counter[str] = field(default_factory=Counter)
    properties: Counter[str] = field(default_factory=Counter)
    links: Counter[tuple[str, str]] = field(default_factory=Counter)
    issued: Counter[str] = field(default_factory=Counter)  # ISO date -> nq:issuedOn triples
    years: Counter[int] = field(default_factory=Counter)
    provinces: Counter[str] = field(default_factory=Counter)

    @classmethod
    def count(cls, graphs: Mapping[str, Iterable[NTriple]]) -> Tally:
        """The tally of ``graphs`` (graph IRI -> triples as N-Triples term strings)."""
        sets = {name: set(ts) for name, ts in graphs.items()}
        # Counted over the graphs' lists (in the order the triples came: walking a million triples
        # in hash order, as over a set, costs several times more in cache misses), each triple
        # once per graph, then a triple held by several graphs is taken off all but once.
        lists: dict[str, Collection[NTriple]] = {}
        for name, ts in graphs.items():
            lists[name] = (
                ts if isinstance(ts, Collection) and len(ts) == len(sets[name]) else list(sets[name])
            )
        names = list(sets)
        shared: set[NTriple] = set()
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                shared |= sets[a] & sets[b]
        extra = {t: sum(t in sets[name] for name in names) - 1 for t in shared}
        tally = cls(
            graphs={name: len(ts) for name, ts in sets.items()},
            total=sum(map(len, sets.values())) - sum(extra.values()),
        )
        predicates: Counter[str] = Counter()
        for ts in lists.values():
            predicates.update(map(itemgetter(1), ts))
        for t, n in extra.items():
            predicates[t[1]] -= n
        tally.properties = Counter({p[1:-1]: n for p, n in predicates.items() if n > 0})
        subjects = set(chain.from_iterable(map(itemgetter(0), ts) for ts in lists.values()))
        tally.entities = sum(1 for s in subjects if s.startswith(_ID))
        # Classes are counted in native code (a Counter of the typed objects), the few other
        # triples the description reads one by one; then a triple counted in several graphs is
        # uncounted all but once.
        picked = {_ISSUED, _YEAR, *(p for p in predicates if _is_link(p))}
        for ts in lists.values():
            typed = list(compress(ts, map(_TYPE.__eq__, map(itemgetter(1), ts))))
            ours = list(compress(typed, map(methodcaller("startswith", _ID), map(itemgetter(0), typed))))
            for o, n in Counter(map(itemgetter(2), ours)).items():
                if o[0] == "<":
                    tally.classes[o[1:-1]] += n
            for t in compress(ours, map(_PROVINCE.__eq__, map(itemgetter(2), ours))):
                tally.provinces[t[0][1:-1]] += 1
            for t in compress(ts, map(picked.__contains__, map(itemgetter(1), ts))):
                tally._described(t, 1)
        for t, n in extra.items():
            tally._described(t, -n)
        tally._drop_empty()
        return tally

    def _described(self, t: NTriple, sign: int) -> None:
        """Count (``sign`` 1) or uncount (-1) what triple ``t`` adds to the classes, links and dates."""
        s, p, o = t
        if not s.startswith(_ID):
            return
        if p == _TYPE:
            if o[0] == "<":
                self.classes[o[1:-1]] += sign
                if o == _PROVINCE:
                    self.provinces[s[1:-1]] += sign
        elif p == _ISSUED:
            if o[0] == '"':
                with contextlib.suppress(ValueError):
                    self.issued[dt.date.fromisoformat(unquote(split_literal(o)[0])).isoformat()] += sign
        elif p == _YEAR:
            if o[1:5].isdigit():
                self.years[int(o[1:5])] += sign
        elif _is_link(p):
            for space in LINK_SPACES:
                if o.startswith("<" + space):
                    self.links[(p[1:-1], space)] += sign

    def apply(
        self,
        *,
        graph_sizes: Mapping[str, int],
        added: Iterable[NTriple],
        removed: Iterable[NTriple],
        entities: int,
    ) -> None:
        """Move the counts by a change: ``graph_sizes`` the graphs' new sizes, ``added`` and
        ``removed`` the triples the merged graph gained and lost, ``entities`` the change in the
        number of subjects in the URI space that have a triple."""
        self.graphs.update(graph_sizes)
        for sign, triples in ((1, added), (-1, removed)):
            for t in triples:
                self.total += sign
                self.properties[t[1][1:-1]] += sign
                self._described(t, sign)
        self.entities += entities
        self._drop_empty()

    def _drop_empty(self) -> None:
        """Forget what is counted no more (a count of 0 would still be listed)."""
        for counter in (self.classes, self.properties, self.links, self.issued, self.years, self.provinces):
            for key in [k for k, n in counter.items() if n <= 0]:
                del counter[key]

    def facts(self) -> Facts:
        """The facts :func:`nqgraph.publish.describe.facts` reports for the counted graphs."""
        from nqgraph.publish.describe import Facts  # describe counts with this module

        return Facts(
            triples={**self.graphs, "total": self.total},
            entities=self.entities,
            classes=Counter(self.classes),
            properties=Counter(self.properties),
            links=Counter(self.links),
            first_issued=dt.date.fromisoformat(min(self.issued)) if self.issued else None,
            last_year=max(self.years) if self.years else None,
            provinces=tuple(sorted(self.provinces)),
        )

    def to_bytes(self) -> bytes:
        """The tally as JSON (sorted keys: the same tally gives the same bytes)."""
        data: dict[str, Any] = {
            "format": FORMAT,
            "graphs": self.graphs,
            "total": self.total,
            "entities": self.entities,
            "classes": self.classes,
            "properties": self.properties,
            "links": sorted([p, space, n] for (p, space), n in self.links.items()),
            "issued": self.issued,
            "years": {str(y): n for y, n in self.years.items()},
            "provinces": self.provinces,
        }
        return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes) -> Tally:
        """The tally written by :meth:`to_bytes`; :class:`TallyError` if it is not one."""
        try:
            raw = json.loads(data.decode("utf-8"))
            if not isinstance(raw, dict) or raw.get("format") != FORMAT:
                raise TallyError(f"not a tally of this version (expected format {FORMAT})")
            return cls(
                graphs={str(k): int(v) for k, v in raw["graphs"].items()},
                total=int(raw["total"]),
                entities=int(raw["entities"]),
                classes=Counter({str(k): int(v) for k, v in raw["classes"].items()}),
                properties=Counter({str(k): int(v) for k, v in raw["properties"].items()}),
                links=Counter({(str(p), str(space)): int(n) for p, space, n in raw["links"]}),
                issued=Counter({str(k): int(v) for k, v in raw["issued"].items()}),
                years=Counter({int(k): int(v) for k, v in raw["years"].items()}),
                provinces=Counter({str(k): int(v) for k, v in raw["provinces"].items()}),
            )
        except TallyError:
            raise
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise TallyError(f"the kept tally cannot be read: {exc}") from exc
