"""Matching agencies: abbreviations, the province's name optional, renames and mergers.

A name is looked up among the agencies of the province first, then among the central bodies. A body
known under an old name resolves to the body that name denotes; :meth:`Agencies.match` also says which
bodies succeeded it (``nq:ChangeEvent`` with ``org:originalOrganization`` and
``org:resultingOrganization``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from nqgraph.ingest.model import Span
from nqgraph.ingest.readers._text import fold_same_length
from nqgraph.ingest.readers.agencies import normalise_name
from nqgraph.ingest.resolve.loading import AGENCY_PREFIX, CENTRAL, ORG, Facts, iri_slug
from nqgraph.ingest.resolve.names import (
    name_key,
    printed_key,
    printed_variants,
    variants,
    without_own_province,
    without_province,
)
from nqgraph.namespaces import NQ
from nqgraph.text import nfc


@dataclass(frozen=True)
class AgencyMatch:
    """The agency a name denotes, and the bodies that succeeded it after a rename or merger."""

    iri: str
    label: str
    successors: tuple[str, ...] = ()


@dataclass(frozen=True)
class KnownAgency:
    """A known agency's name found in a text: its span, the name as printed (one space), its IRI."""

    span: Span
    name: str
    iri: str


class Agencies:
    """The agencies, agency groups and congresses of the graph, indexed by their names per scope."""

    def __init__(self, facts: Facts) -> None:
        self._province_names = facts.province_names
        # scope → name variant → IRI → rank (lower is better: the rdfs:label, then the fuller form).
        self._agencies: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
        # Every label as printed (and without the province's name), for names found in a passage.
        self._printed: dict[str, dict[str, str]] = defaultdict(dict)
        self._full: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self._labels: dict[str, str] = {}
        self._congresses: dict[tuple[str, str], str] = {}
        agency_kinds = {NQ + "Agency", NQ + "AgencyGroup", NQ + "Congress"}
        for iri, kinds in facts.types.items():
            scope = iri_slug(iri, AGENCY_PREFIX)
            if scope is None or not kinds & agency_kinds:
                continue
            own = self._province_names.get(scope, [])
            for priority, label in facts.labels[iri]:
                for printed in (label, without_own_province(label, own)):
                    if printed:
                        self._printed[scope].setdefault(printed_key(printed), iri)
                self._full[scope][name_key(label)].add(iri)
                if priority == 0 and iri not in self._labels:
                    self._labels[iri] = label
                for rank, variant in enumerate(variants(without_province(name_key(label), own))):
                    score = priority * 10 + rank
                    known = self._agencies[scope][variant]
                    known[iri] = min(score, known.get(iri, score))
                if NQ + "Congress" in kinds and (ordinal := _ordinal(label)):
                    self._congresses[(scope, ordinal)] = iri
        self._name_patterns: dict[str, tuple[re.Pattern[str] | None, dict[str, str]]] = {}
        self._successors = _successors(facts)

    def congress(self, scope: str, ordinal: str) -> str | None:
        """The congress of ``scope`` (a province's slug or the centre) with that Roman ordinal."""
        return self._congresses.get((scope, ordinal))

    def names(self, province: str) -> dict[str, str]:
        """Every printed spelling of the province's and the central agencies' names, to the IRI."""
        names: dict[str, str] = {}
        for scope in (province, CENTRAL):
            for key, iri in self._printed.get(scope, {}).items():
                for variant in printed_variants(key):
                    names.setdefault(variant, iri)
        return names

    def known(self, text: str, span: Span, *, province: str) -> list[KnownAgency]:
        """The known agencies named in ``text[span]``, left to right, the longest name first.

        Names of several words only ("Đảng" alone is too common a word to mark a body), matched on
        a same-length folded copy so that a match is a span of the text.
        """
        if province not in self._name_patterns:
            names = self.names(province)
            alternatives = sorted((v for v in names if " " in v), key=len, reverse=True)
            pattern = "|".join(r"\s+".join(re.escape(w) for w in v.split()) for v in alternatives)
            compiled = re.compile(rf"(?<![\w&])(?:{pattern})(?![\w&])") if pattern else None
            self._name_patterns[province] = (compiled, names)
        compiled, names = self._name_patterns[province]
        if compiled is None:
            return []
        # Quotes, brackets and dots are dropped from the printed keys; blanking them keeps offsets.
        folded = re.sub(r"[\t\n\r\"“”'().]", " ", fold_same_length(text[span.start : span.end]))
        found: list[KnownAgency] = []
        for m in compiled.finditer(folded):
            start, end = span.start + m.start(), span.start + m.end()
            found.append(
                KnownAgency(
                    Span(start, end), " ".join(text[start:end].split()), names[" ".join(m.group(0).split())]
                )
            )
        return found

    def match(self, name: str, *, province: str | None) -> AgencyMatch | None:
        """The agency ``name`` denotes, with its successors; None when unknown or ambiguous.

        The province's agencies are searched first by their folded names, then the central bodies;
        without a province, the central bodies, then a name that only one province knows. A name
        may leave out the level ("tỉnh", "Đảng") or the committee ("Kiểm tra Tỉnh ủy", "Mặt trận Tổ
        quốc tỉnh") and open with "Giao" or "Đề nghị"; a name two bodies share settles nothing.
        """
        name = normalise_name(name)  # "Giao Sở Y tế", "Đề nghị: Hội Nông dân …": the address is no name
        key = name_key(name)
        own_names = self._province_names.get(province, []) if province else []
        scopes: list[str] = [province, CENTRAL] if province else [CENTRAL]
        # "UBND tỉnh Yên Bái" in a Lào Cai text names a body of another province.
        scopes += [
            slug
            for slug, names in sorted(self._province_names.items())
            if slug not in scopes and any(re.search(rf"\b(?:tinh )?{re.escape(n)}\b", key) for n in names)
        ]
        for scope in scopes:
            bare = without_province(key, self._province_names.get(scope, []))
            for candidate in (bare, f"{bare} tinh", f"{bare} dang", f"uy ban {bare}", f"uy ban {bare} tinh"):
                iri = self._find(scope, candidate)
                if iri:
                    return self._match(iri, name)
        # A body of another province named with it ("UBND tỉnh Yên Bái" in a Lào Cai text): whole names only.
        if province is not None and re.search(r"\btinh \w+ \w+$", without_province(key, own_names)):
            found_elsewhere = {
                iri
                for scope, index in self._full.items()
                if scope not in scopes
                for iri in index.get(key, ())
            }
            if len(found_elsewhere) == 1:
                return self._match(found_elsewhere.pop(), name)
        if province is None:
            found = {
                iri
                for scope in self._agencies
                if scope != CENTRAL
                and (iri := self._find(scope, without_province(key, self._province_names.get(scope, []))))
            }
            if len(found) == 1:
                return self._match(found.pop(), name)
        return None

    def _match(self, iri: str, name: str) -> AgencyMatch:
        return AgencyMatch(iri, self._labels.get(iri, name), self._successors.get(iri, ()))

    def _find(self, scope: str, key: str) -> str | None:
        index = self._agencies.get(scope)
        if not index:
            return None
        for variant in variants(key):
            known = index.get(variant)
            if known:
                best = min(known.values())
                winners = sorted(iri for iri, score in known.items() if score == best)
                return winners[0] if len(winners) == 1 else None
        return None


def _ordinal(label: str) -> str | None:
    """The congress number in a label: "… lần thứ XV …", "Đại hội XIII …"."""
    match = re.search(r"(?:lần thứ|Đại hội)\s+([IVXLC]+)\b", nfc(label))
    return match.group(1) if match else None


def _successors(facts: Facts) -> dict[str, tuple[str, ...]]:
    """For each body changed by an ``nq:ChangeEvent``, every body that followed it, transitively."""
    direct: dict[str, set[str]] = defaultdict(set)
    for iri, kinds in facts.types.items():
        if NQ + "ChangeEvent" not in kinds:
            continue
        for original in facts.values.get((iri, ORG + "originalOrganization"), []):
            for resulting in facts.values.get((iri, ORG + "resultingOrganization"), []):
                if isinstance(original, str) and isinstance(resulting, str) and original != resulting:
                    direct[original].add(resulting)
    closed: dict[str, tuple[str, ...]] = {}
    for body in direct:
        seen: set[str] = set()
        todo = list(direct[body])
        while todo:
            successor = todo.pop()
            if successor not in seen and successor != body:
                seen.add(successor)
                todo.extend(direct.get(successor, ()))
        closed[body] = tuple(sorted(seen))
    return closed
