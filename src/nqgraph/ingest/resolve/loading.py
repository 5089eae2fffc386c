"""Reading the graph's facts the resolver needs from a data folder, grouped by subject."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from nqgraph.errors import DataError
from nqgraph.namespaces import ID, NQ, RDF_TYPE, RDFS
from nqgraph.text import fold, nfc

_SKOS = "http://www.w3.org/2004/02/skos/core#"
ORG = "http://www.w3.org/ns/org#"
_LABEL, _ALT, _PREF = RDFS + "label", _SKOS + "altLabel", _SKOS + "prefLabel"
AGENCY_PREFIX = ID + "agency/"
PROVINCE_PREFIX = ID + "province/"
CENTRAL = "vn"

Value = str | dt.date

_WANTED = {
    RDF_TYPE,
    _LABEL,
    _ALT,
    _PREF,
    NQ + "documentNumber",
    NQ + "issuedOn",
    NQ + "issuedBy",
    NQ + "province",
    ORG + "originalOrganization",
    ORG + "resultingOrganization",
}


@dataclass(frozen=True)
class Facts:
    """The triples grouped: each subject's types, its labels (0: rdfs:label, 1: SKOS), other values.

    ``province_names`` holds each province's folded names (without "tỉnh"), the longest first.
    """

    types: dict[str, set[str]]
    labels: dict[str, list[tuple[int, str]]]
    values: dict[tuple[str, str], list[Value]]
    province_names: dict[str, list[str]]

    @classmethod
    def group(cls, triples: Iterable[tuple[str, str, Value]]) -> Facts:
        types: dict[str, set[str]] = defaultdict(set)
        labels: dict[str, list[tuple[int, str]]] = defaultdict(list)
        values: dict[tuple[str, str], list[Value]] = defaultdict(list)
        for subject, predicate, value in triples:
            if predicate == RDF_TYPE and isinstance(value, str):
                types[subject].add(value)
            elif predicate in (_LABEL, _PREF, _ALT) and isinstance(value, str):
                labels[subject].append((0 if predicate == _LABEL else 1, value))
            else:
                values[(subject, predicate)].append(value)
        province_names: dict[str, list[str]] = {}
        for iri, kinds in types.items():
            if NQ + "Province" in kinds and (slug := iri_slug(iri, PROVINCE_PREFIX)):
                names = {fold(label) for _, label in labels[iri]}
                province_names[slug] = sorted(
                    {re.sub(r"^tinh ", "", n) for n in names if not n.endswith("province")},
                    key=len,
                    reverse=True,
                )
        return cls(types, labels, values, province_names)

    def names_of(self, province: str | None) -> list[str]:
        """The folded names of ``province`` (a slug), none for None or an unknown province."""
        return self.province_names.get(province, []) if province else []


def iri_slug(iri: str, prefix: str) -> str | None:
    """The first path segment after ``prefix`` ("…/agency/dien-bien/so-y-te" → "dien-bien")."""
    return iri[len(prefix) :].split("/", 1)[0] if iri.startswith(prefix) else None


def read_triples(paths: list[Path]) -> Iterator[tuple[str, str, Value]]:
    """The triples the resolver needs: IRIs as strings, Vietnamese or untagged labels, dates."""
    for path in paths:
        try:
            triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
        except (SyntaxError, ValueError, OSError) as exc:
            raise DataError(f"{path}: cannot be read as Turtle: {exc}") from exc
        for triple in triples:
            predicate = triple.predicate.value
            if predicate not in _WANTED or not isinstance(triple.subject, ox.NamedNode):
                continue
            value = triple.object
            if isinstance(value, ox.NamedNode):
                yield triple.subject.value, predicate, value.value
            elif isinstance(value, ox.Literal):
                if predicate == NQ + "issuedOn":
                    try:
                        yield triple.subject.value, predicate, dt.date.fromisoformat(value.value)
                    except ValueError:
                        continue
                elif value.language in (None, "vi"):
                    yield triple.subject.value, predicate, nfc(value.value)
