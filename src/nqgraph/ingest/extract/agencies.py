"""The bodies a passage names: the reader's mentions, with the IRIs of the names the graph knows.

Nothing here finds or resolves a name itself. Known names come from
:meth:`nqgraph.ingest.resolve.Resolver.known_agencies` (labels and alternative labels as texts print
them); what lies between them is read by :func:`nqgraph.ingest.readers.agencies.find_agencies` and
left without an IRI for the draft to resolve or propose.
"""

from __future__ import annotations

import re
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
        return _with_parents(text, out)


# A committee printed alone ("Tỉnh ủy"): right after an unknown body it is that body's parent, part of
# its name ("Ủy ban Kiểm tra Tỉnh ủy"), as Vietnamese names a unit of a committee.
_PARENT = re.compile(r"(?:tinh|thanh|huyen|quan|thi) uy")


def _with_parents(text: str, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` with each unknown body joined to the committee printed right after it."""
    out: list[Mention] = []
    for mention in mentions:
        last = out[-1] if out else None
        if (
            last is not None
            and last.iri is None
            and not is_group(last.name)
            and text[last.span.end : mention.span.start] == " "
            and _PARENT.fullmatch(printed_key(mention.name))
        ):
            span = Span(last.span.start, mention.span.end)
            out[-1] = Mention(span, text[span.start : span.end], None)
            continue
        out.append(mention)
    return out


def is_group(name: str) -> bool:
    """Whether a name addresses several bodies together ("các sở, ban, ngành")."""
    return printed_key(name).startswith("cac ")
