"""Resolving what a text names against the graph: agencies, documents and indicators.

Names are compared after folding (case, diacritics and tone-mark placement: "Uỷ"/"Ủy"), with
abbreviations written out (UBND, HĐND, MTTQ, BCH, BTV, TU, TW, KH&CN …) and the province's own name
optional ("Ban Tổ chức Tỉnh ủy" is "Ban Tổ chức Tỉnh ủy Điện Biên" in Điện Biên): :mod:`.names`.
Agencies are matched in :mod:`.agencies` (renames and mergers too), documents in :mod:`.documents`,
indicators in :mod:`.indicators`; :mod:`.loading` reads the facts they need from a data folder. A
document the graph does not hold is given a stub IRI by :func:`is_central` (central or provincial)
and :func:`stub_issuer` (:mod:`.references`).

What the graph knows also finds names the readers cannot tell from ordinary words:
:meth:`Resolver.known_agencies` marks the known agencies' names in a passage as texts print them
(:func:`printed_key`), and :meth:`Resolver.document_by_name` a document named in lower case.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from nqgraph.errors import DataError
from nqgraph.ingest.model import Span
from nqgraph.ingest.readers.references import DocumentReference
from nqgraph.ingest.resolve.agencies import Agencies, AgencyMatch, KnownAgency
from nqgraph.ingest.resolve.documents import Documents, NamedDocument
from nqgraph.ingest.resolve.indicators import Indicators
from nqgraph.ingest.resolve.loading import Facts, Value, read_triples
from nqgraph.ingest.resolve.names import printed_key, printed_variants
from nqgraph.ingest.resolve.references import is_central, stub_issuer
from nqgraph.paths import Inputs

__all__ = [
    "AgencyMatch",
    "KnownAgency",
    "NamedDocument",
    "Resolver",
    "is_central",
    "printed_key",
    "printed_variants",
    "stub_issuer",
]


class Resolver:
    """Look-ups against the agencies, documents and indicators of a data folder."""

    def __init__(self, triples: Iterable[tuple[str, str, Value]]) -> None:
        facts = Facts.group(triples)
        self._typed = frozenset(facts.types)
        self._agencies = Agencies(facts)
        self._documents = Documents(facts, self._agencies)
        self._indicators = Indicators(facts)

    @classmethod
    def from_data(cls, data: Path | None = None) -> Resolver:
        """Load every ``*.ttl`` file under ``data`` (default: the project's ``data/ttl``)."""
        folder = data or Inputs.default().data
        if not folder.is_dir():
            raise DataError(f"{folder}: no such data folder")
        return cls(read_triples(sorted(folder.rglob("*.ttl"))))

    def exists(self, iri: str) -> bool:
        """Whether the data folder describes ``iri`` (gives it a type): a draft must not again."""
        return iri in self._typed

    # Agencies

    def agency(self, name: str, *, province: str | None) -> str | None:
        """The IRI of the agency ``name`` denotes in ``province`` (a slug), or None."""
        match = self.agency_match(name, province=province)
        return match.iri if match else None

    def agency_match(self, name: str, *, province: str | None) -> AgencyMatch | None:
        """The agency ``name`` denotes, with its successors; None when unknown or ambiguous.

        See :meth:`Agencies.match <nqgraph.ingest.resolve.agencies.Agencies.match>`.
        """
        return self._agencies.match(name, province=province)

    def agency_names(self, province: str) -> dict[str, str]:
        """Every printed spelling of the province's and the central agencies' names, to the IRI."""
        return self._agencies.names(province)

    def known_agencies(self, text: str, span: Span, *, province: str) -> list[KnownAgency]:
        """The known agencies named in ``text[span]``, left to right, the longest name first."""
        return self._agencies.known(text, span, province=province)

    # Documents

    def document(self, ref: DocumentReference, *, province: str | None) -> str | None:
        """The IRI of the document ``ref`` cites, or None when the graph has none that agrees."""
        return self._documents.find(ref, province=province)

    def document_by_name(self, phrase: str) -> str | None:
        """The document whose label is ``phrase`` (folded, without commas or a leading "các"), or None."""
        return self._documents.by_name(phrase)

    def documents_named(self, text: str, span: Span) -> list[NamedDocument]:
        """Documents the graph holds that ``text[span]`` names by their label, in lower case too."""
        return self._documents.named(text, span)

    # Indicators

    def indicator(self, phrase: str) -> str | None:
        """The indicator whose label, preferred or alternative label is ``phrase`` (folded), or None."""
        return self._indicators.find(phrase)
