"""The bodies a passage names: the reader's mentions, with the IRIs of the names the graph knows.

Nothing here finds or resolves a name itself. Known names come from
:meth:`nqgraph.ingest.resolve.Resolver.known_agencies` (labels and alternative labels as texts print
them); what lies between them is read by :func:`nqgraph.ingest.readers.agencies.find_agencies` and
left without an IRI for the draft to resolve or propose.
"""

from __future__ import annotations

from dataclasses import dataclass

from nqgraph.ingest.model import Span
from nqgraph.ingest.readers.agencies import find_agencies
from nqgraph.ingest.resolve import Resolver, printed_key


@dataclass(frozen=True)
class Mention:
    """A body named in the text: its span, its name as printed, and its IRI when known."""

    span: Span
    name: str
    iri: str | None


@dataclass(frozen=True)
class Bodies:
    """The bodies named in passages of one text of one province."""

    resolver: Resolver
    province: str

    def known(self, text: str, span: Span) -> list[Mention]:
        """Known agencies named in ``text[span]``, left to right, longest match first."""
        return [
            Mention(k.span, k.name, k.iri)
            for k in self.resolver.known_agencies(text, span, province=self.province)
        ]

    def in_list(self, text: str, span: Span) -> list[Mention]:
        """Bodies in a list ("A, B; các sở, ban, ngành"): known ones, then the reader's between them."""
        known = self.known(text, span)
        out = list(known)
        position = span.start
        for mention in [*known, None]:
            end = mention.span.start if mention else span.end
            out.extend(
                Mention(m.span, m.name, None) for m in find_agencies(text[position:end], offset=position)
            )
            if mention:
                position = mention.span.end
        out.sort(key=lambda m: m.span.start)
        return out


def is_group(name: str) -> bool:
    """Whether a name addresses several bodies together ("các sở, ban, ngành")."""
    return printed_key(name).startswith("cac ")
