"""What the graph already holds, read once from the data folder: resources, labels, documents.

The draft must not describe again what ``data/ttl`` describes (the loader refuses a resource
typed in two files) and must describe everything it refers to (the loader refuses a reference
to an undescribed resource). The catalogue answers both questions and finds agencies,
documents and indicators by their folded names.

Names it does not know are passed on to ``nqgraph.ingest.resolve.Resolver`` (renames and mergers
from change events, more spellings) before the draft proposes a new resource.
"""

from __future__ import annotations

import contextlib
import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from nqgraph.errors import DataError
from nqgraph.namespaces import ID, NQ, RDF_TYPE, RDFS
from nqgraph.text import fold

SKOS = "http://www.w3.org/2004/02/skos/core#"
_LABELS = {RDFS + "label", SKOS + "altLabel", SKOS + "prefLabel"}


# Abbreviations printed for the same words; both forms are indexed.
ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("uy ban nhan dan", "ubnd"),
    ("hoi dong nhan dan", "hdnd"),
    ("mat tran to quoc viet nam", "mttq"),
    ("mat tran to quoc", "mttq"),
    ("khoa hoc va cong nghe", "kh&cn"),
    ("tinh uy", "tu"),
)


def name_key(name: str) -> str:
    """The key two printings of one name share: folded, abbreviations expanded, spaced."""
    key = fold(name).replace("-", " - ")
    key = re.sub(r"[\"“”'().]", " ", key)
    for long, short in ABBREVIATIONS[:-1]:
        key = re.sub(rf"\b{re.escape(short)}(?=\s|$)", long, key)
    key = key.replace("mat tran to quoc viet nam", "mat tran to quoc")
    return " ".join(key.split())


@dataclass
class Document:
    iri: str
    number: str | None
    date: datetime.date | None
    province: str | None
    labels: list[str] = field(default_factory=list)


@dataclass
class Catalogue:
    """Resources of the data folder, indexed for the draft."""

    typed: set[str] = field(default_factory=set)
    types: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    labels: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    province_of: dict[str, str] = field(default_factory=dict)
    documents: list[Document] = field(default_factory=list)
    agency_keys: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    indicator_keys: dict[str, str] = field(default_factory=dict)
    # nqgraph.ingest.resolve.Resolver (renames and mergers from change events, more spellings),
    # asked when the catalogue's own names do not settle a body or a document.
    fallback: Any = None

    @classmethod
    def from_data(cls, data: Path) -> Catalogue:
        """Read every ``.ttl`` under ``data``; an unreadable file is a :class:`DataError`."""
        cat = cls()
        numbers: dict[str, str] = {}
        dates: dict[str, datetime.date] = {}
        for path in sorted(data.rglob("*.ttl")):
            try:
                quads = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
            except (SyntaxError, OSError, ValueError) as exc:
                raise DataError(f"{path}: cannot be read: {exc}") from exc
            for q in quads:
                s, p, o = q.subject, q.predicate.value, q.object
                if not isinstance(s, ox.NamedNode):
                    continue
                sv = s.value
                if p == RDF_TYPE and isinstance(o, ox.NamedNode):
                    cat.typed.add(sv)
                    cat.types[sv].add(o.value)
                elif p in _LABELS and isinstance(o, ox.Literal):
                    cat.labels[sv].append(o.value)
                elif p == NQ + "province" and isinstance(o, ox.NamedNode):
                    cat.province_of[sv] = o.value.rsplit("/", 1)[-1]
                elif p == NQ + "documentNumber" and isinstance(o, ox.Literal):
                    numbers[sv] = o.value
                elif p == NQ + "issuedOn" and isinstance(o, ox.Literal):
                    with contextlib.suppress(ValueError):
                        dates[sv] = datetime.date.fromisoformat(o.value)
        for iri, kinds in cat.types.items():
            local = {k.removeprefix(NQ) for k in kinds}
            if local & {"Agency", "AgencyGroup", "Congress"}:
                province = cat.province_of.get(iri) or _scope(iri)
                for label in cat.labels.get(iri, []):
                    cat.agency_keys[province].setdefault(name_key(label), iri)
                    stripped = _without_province(label, province, cat)
                    if stripped:
                        cat.agency_keys[province].setdefault(name_key(stripped), iri)
            if "Indicator" in local:
                for label in cat.labels.get(iri, []):
                    cat.indicator_keys.setdefault(fold(label), iri)
            if iri.startswith(ID + "eli/") and len(iri[len(ID) + 4 :].split("/")) == 4:
                cat.documents.append(
                    Document(
                        iri,
                        numbers.get(iri),
                        dates.get(iri),
                        cat.province_of.get(iri),
                        cat.labels.get(iri, []),
                    )
                )
        for iri in numbers:
            if iri not in {d.iri for d in cat.documents}:
                cat.documents.append(Document(iri, numbers[iri], dates.get(iri), cat.province_of.get(iri)))
        cat.documents.sort(key=lambda d: d.iri)
        try:
            from nqgraph.ingest.resolve import Resolver
        except ImportError:  # pragma: no cover - the resolver is optional here
            return cat
        cat.fallback = Resolver.from_data(data)
        return cat

    def exists(self, iri: str) -> bool:
        return iri in self.typed

    def province_label(self, slug: str) -> str | None:
        labels = self.labels.get(ID + "province/" + slug, [])
        return min((lb for lb in labels if not lb.startswith("Tỉnh")), default=None, key=len)

    def agency(self, name: str, *, province: str) -> str | None:
        """The agency of ``province`` (or a central body) printed as ``name``, or None."""
        key = name_key(name)
        key = re.sub(r"^(giao|de nghi)\s+", "", key)
        # A body printed without its level or its committee ("Mặt trận Tổ quốc" for the
        # provincial Front Committee) is read at the province's level.
        for candidate in (key, f"{key} tinh", f"{key} dang", f"uy ban {key}", f"uy ban {key} tinh"):
            for scope in (province, "vn"):
                found = self.agency_keys.get(scope, {}).get(candidate)
                if found:
                    return found
        if self.fallback is not None:
            resolved = self.fallback.agency(name, province=province)
            return str(resolved) if resolved else None
        return None

    def agency_names(self, province: str) -> dict[str, str]:
        """Every indexed name key of the province's and central agencies, to their IRI."""
        names = dict(self.agency_keys.get("vn", {}))
        names.update(self.agency_keys.get(province, {}))
        return names

    def document(self, *, number: str | None, date: datetime.date | None, province: str | None) -> str | None:
        """The document with this number (and date, where both are known), or None."""
        if not number:
            return None
        wanted = _number_key(number)
        hits = [d for d in self.documents if d.number and _number_key(d.number) == wanted]
        if date is not None:
            dated = [d for d in hits if d.date == date]
            undated = [
                d for d in hits if d.date is None and (province is None or d.province in (None, province))
            ]
            hits = dated or undated
        elif province is not None:
            hits = [d for d in hits if d.province in (None, province, "vn")] or hits
        if len(hits) > 1 and province is not None:
            hits = [d for d in hits if f"/eli/{province}/" in d.iri] or hits
        return hits[0].iri if len(hits) == 1 else None

    def indicator(self, phrase: str) -> str | None:
        key = fold(phrase)
        if key in self.indicator_keys:
            return self.indicator_keys[key]
        return None


def _number_key(number: str) -> str:
    return fold(re.sub(r"\s+", "", number))


def _scope(iri: str) -> str:
    m = re.match(re.escape(ID) + r"agency/([^/]+)/", iri)
    return m.group(1) if m else "vn"


def _without_province(label: str, province: str, cat: Catalogue) -> str | None:
    for name in cat.labels.get(ID + "province/" + province, []):
        bare = re.sub(r"^Tỉnh\s+", "", name)
        for suffix in (f" tỉnh {bare}", f" {bare}"):
            if fold(label).endswith(fold(suffix)):
                return label[: len(label) - len(suffix)]
    return None
