"""Matching indicators: a phrase is an indicator's label, preferred or alternative label."""

from __future__ import annotations

from nqgraph.ingest.resolve.loading import Facts
from nqgraph.ingest.resolve.names import name_key
from nqgraph.namespaces import NQ


class Indicators:
    """The graph's indicators by the :func:`~nqgraph.ingest.resolve.names.name_key` of each label."""

    def __init__(self, facts: Facts) -> None:
        self._by_key: dict[str, str] = {}
        # Sorted, so that a key two indicators share goes to the same one on every run.
        for iri, kinds in sorted(facts.types.items()):
            if NQ + "Indicator" in kinds:
                for _, label in sorted(facts.labels[iri]):
                    self._by_key.setdefault(name_key(label), iri)

    def find(self, phrase: str) -> str | None:
        """The indicator whose label, preferred or alternative label is ``phrase`` (folded), or None."""
        return self._by_key.get(name_key(phrase))
