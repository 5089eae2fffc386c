"""What one draft carries while it is made: the source, its header and outline, the resources so far.

Every stage of :func:`nqgraph.ingest.draft.draft_source` adds to one :class:`DraftState`, because
IRIs must stay unique across the whole draft (``add`` suffixes a repeated one), counters number
components document-wide, and indicators and agencies proposed once are reused by later passages.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from nqgraph.ingest.extract.agencies import Bodies
from nqgraph.ingest.header import Header
from nqgraph.ingest.model import DraftWarning, SourceText, Span
from nqgraph.ingest.resolve import Resolver
from nqgraph.ingest.structure import Outline
from nqgraph.ingest.turtle import Resource
from nqgraph.text import fold


@functools.lru_cache(maxsize=4096)
def slug(text: str) -> str:
    """Lower-case ASCII slug: diacritics stripped (đ → d), anything else → "-"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def path_slug(path: str) -> str:
    """The IRI segment of a section path; the preamble and appendix rows get fixed names."""
    if path == "Mở đầu":
        return "preamble"
    return slug(path.replace("Phụ lục, STT", "phu luc"))


@dataclass
class DraftState:
    """The draft so far: the source, its header and outline, resources, warnings, counters."""

    source: SourceText
    header: Header
    outline: Outline
    resolver: Resolver
    province: str
    document: str
    expression: str
    agencies: Bodies
    resources: list[Resource] = field(default_factory=list)
    extra: list[Resource] = field(default_factory=list)
    warnings: list[DraftWarning] = field(default_factory=list)
    described: set[str] = field(default_factory=set)
    counters: dict[str, int] = field(default_factory=dict)
    indicators: dict[str, str] = field(default_factory=dict)
    new_agencies: dict[str, str] = field(default_factory=dict)
    doc_resource: Resource | None = None
    source_file: str | None = None

    @property
    def text(self) -> str:
        return self.source.text

    def next(self, kind: str) -> int:
        self.counters[kind] = self.counters.get(kind, 0) + 1
        return self.counters[kind]

    def add(self, resource: Resource) -> Resource:
        if resource.iri in self.described:
            n = 2
            while f"{resource.iri}-{n}" in self.described:
                n += 1
            resource.iri = f"{resource.iri}-{n}"
        self.described.add(resource.iri)
        self.resources.append(resource)
        return resource

    def warn(self, kind: str, message: str, span: Span | None = None, subject: str | None = None) -> None:
        self.warnings.append(DraftWarning(kind, message, span, subject))  # type: ignore[arg-type]
