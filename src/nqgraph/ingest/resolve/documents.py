"""Matching documents: by number with issuer, province and date; congress resolutions; named programmes.

A document is found by its number together with its date and its issuer, its province or a central
number: numbers restart with every term and repeat across provinces, so a number without its date
identifies only the province's one document of that number. A congress resolution is found by the
congress (its ordinal and province, or the national congress); a named programme or plan by its name.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field

from nqgraph.ingest.model import Span
from nqgraph.ingest.readers._text import fold_same_length
from nqgraph.ingest.readers.references import KIND_CLASSES, DocumentReference
from nqgraph.ingest.resolve.agencies import Agencies
from nqgraph.ingest.resolve.loading import CENTRAL, PROVINCE_PREFIX, Facts, iri_slug
from nqgraph.ingest.resolve.names import label_key, name_key, without_province
from nqgraph.ingest.resolve.references import is_central, number_key
from nqgraph.namespaces import ID, NQ
from nqgraph.text import fold


@dataclass(frozen=True)
class NamedDocument:
    """A document the graph holds, named in a text without a number: the kind word's span and class."""

    span: Span
    kind: str
    iri: str


# A kind word that opens a name printed in lower case ("các chương trình mục tiêu quốc gia …").
_NAMED_KIND = re.compile(r"(?<![a-z])(?:cac\s+)?(chuong trinh|de an|ke hoach|quy hoach)\s")


@dataclass
class _Document:
    iri: str
    kinds: set[str] = field(default_factory=set)
    number: str | None = None
    date: dt.date | None = None
    province: str | None = None
    issuer: str | None = None
    labels: list[str] = field(default_factory=list)


class Documents:
    """The graph's documents, by number, by name and by label."""

    def __init__(self, facts: Facts, agencies: Agencies) -> None:
        self._facts = facts
        self._agencies = agencies
        self._typed = frozenset(facts.types)
        self._documents = _documents(facts)
        self._by_number: dict[str, list[_Document]] = defaultdict(list)
        self._named_keys: dict[str | None, list[tuple[str, str]]] = defaultdict(list)
        for document in self._documents:
            if document.number:
                self._by_number[number_key(document.number)].append(document)
                continue
            own = facts.names_of(document.province)
            for label in document.labels:
                key = re.sub(r"^cac ", "", without_province(name_key(label), own))
                self._named_keys[document.province].append((key, document.iri))
        self._by_label: dict[str, str] = {}
        for document in self._documents:
            for label in document.labels:
                key = label_key(label)
                self._by_label.setdefault(key, document.iri)
                self._by_label.setdefault(re.sub(r"^cac\s+", "", key), document.iri)

    def find(self, ref: DocumentReference, *, province: str | None) -> str | None:
        """The IRI of the document ``ref`` cites, or None when the graph has none that agrees.

        A numbered document needs its number and date to agree, and its issuer, its province or a
        central number; a number without a date, to be the province's only document of that number.
        """
        if ref.number:
            return self._numbered(ref, province)
        if ref.kind == "CongressResolution" and ref.ordinal:
            return self._congress_resolution(ref, province)
        if ref.title:
            return self._named(ref, province)
        return None

    def _numbered(self, ref: DocumentReference, province: str | None) -> str | None:
        assert ref.number is not None
        central = is_central(ref)
        if ref.date is None:
            # A number printed without its date ("the Resolution 06-NQ/TU" after its first mention)
            # is the graph's only document of that number in the province (or the centre); where
            # the number was reused in another term, it identifies none.
            scopes = (None, CENTRAL) if central else (province,)
            same = {d.iri for d in self._by_number.get(number_key(ref.number), []) if d.province in scopes}
            return same.pop() if province is not None and len(same) == 1 else None
        found = []
        match = self._agencies.match(ref.issuer_text, province=province) if ref.issuer_text else None
        issuer = match.iri if match else None
        for document in self._by_number.get(number_key(ref.number), []):
            undated = document.date is None and _iri_year(document.iri) == ref.date.year
            if document.date != ref.date and not undated:
                continue
            by_issuer = issuer is not None and issuer == document.issuer
            by_province = province is not None and document.province == province
            # A central number ("57-NQ/TW") and its date identify the document in any province.
            by_centre = central and document.province in (None, CENTRAL)
            if by_issuer or by_province or by_centre:
                found.append(document.iri)
        return found[0] if len(found) == 1 else None

    def _congress_resolution(self, ref: DocumentReference, province: str | None) -> str | None:
        assert ref.ordinal is not None
        scope = CENTRAL if is_central(ref) else province
        if scope is None:
            return None
        congress = self._agencies.congress(scope, ref.ordinal.upper())
        found = [
            d.iri
            for d in self._documents
            if congress and d.issuer == congress and NQ + "CongressResolution" in d.kinds
        ]
        if len(found) == 1:
            return found[0]
        # A congress the graph does not describe as a body: its resolution by label or by IRI.
        ordinal = ref.ordinal.lower()
        for document in self._documents:
            labels = " ".join(fold(label) for label in document.labels)
            in_scope = f"/eli/{scope}/" in document.iri and "dai hoi" in labels
            if in_scope and re.search(rf"\blan thu {ordinal}\b", labels):
                return document.iri
        suffix = f"/nq-dai-hoi-{ordinal}"
        return next(
            (iri for iri in sorted(self._typed) if iri.endswith(suffix) and f"/eli/{scope}/" in iri), None
        )

    def _named(self, ref: DocumentReference, province: str | None) -> str | None:
        """A document without a number, by its name; a name cut short in the text matches the start.

        "Kế hoạch kiên cố hóa trường" finds "Kế hoạch kiên cố hóa trường, lớp học" when no other
        document of the province (or of the centre) starts so; a short name must match whole.
        """
        assert ref.title is not None
        for scope in (province, None):
            title = re.sub(r"^cac ", "", without_province(name_key(ref.title), self._facts.names_of(scope)))
            found = {
                iri
                for key, iri in self._named_keys.get(scope, [])
                if key == title
                or (
                    min(len(key.split()), len(title.split())) >= 4
                    and (key.startswith(title + " ") or title.startswith(key + " "))
                )
            }
            if len(found) == 1:
                return found.pop()
        return None

    def by_name(self, phrase: str) -> str | None:
        """The document whose label is ``phrase`` (folded, without commas or a leading "các"), or None.

        For names printed in lower case inside a sentence ("chương trình mục tiêu quốc gia …"), which
        the reference reader does not take for names: the graph knowing the name is what makes one.
        """
        return self._by_label.get(label_key(phrase))

    def named(self, text: str, span: Span) -> list[NamedDocument]:
        """Documents the graph holds that ``text[span]`` names by their label, in lower case too.

        From each kind word ("chương trình", "đề án", "kế hoạch", "quy hoạch"), the longest run of
        up to 40 words that is a document's whole label (:meth:`by_name`).
        """
        folded = fold_same_length(text[span.start : span.end]).replace("\n", " ")
        found: list[NamedDocument] = []
        for m in _NAMED_KIND.finditer(folded):
            best: str | None = None
            for word in list(re.finditer(r"\S+", folded[m.start() :]))[:40]:
                best = self.by_name(folded[m.start() : m.start() + word.end()].rstrip(".;:")) or best
            if best:
                at = span.start + m.start()
                found.append(NamedDocument(Span(at, at + len(m.group(0))), KIND_CLASSES[m.group(1)], best))
        return found


def _iri_year(iri: str) -> int | None:
    match = re.search(r"/eli/[^/]+/[^/]+/(\d{4})/", iri)
    return int(match.group(1)) if match else None


def _documents(facts: Facts) -> list[_Document]:
    documents = []
    for iri, kinds in sorted(facts.types.items()):
        # eli/{province}/{issuer}/{year}/{name}: deeper IRIs are the document's parts.
        if not iri.startswith(ID + "eli/") or len(iri[len(ID + "eli/") :].split("/")) != 4:
            continue
        number = facts.values.get((iri, NQ + "documentNumber"), [None])[0]
        date = facts.values.get((iri, NQ + "issuedOn"), [None])[0]
        province = facts.values.get((iri, NQ + "province"), [None])[0]
        issuer = facts.values.get((iri, NQ + "issuedBy"), [None])[0]
        labels = facts.labels.get(iri, [])
        documents.append(
            _Document(
                iri,
                kinds,
                number if isinstance(number, str) else None,
                date if isinstance(date, dt.date) else None,
                iri_slug(province, PROVINCE_PREFIX) if isinstance(province, str) else None,
                issuer if isinstance(issuer, str) else None,
                [label for _, label in labels if not label.isascii()] or [label for _, label in labels],
            )
        )
    return documents
