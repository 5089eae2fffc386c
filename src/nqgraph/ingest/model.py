"""The values passed between the stages of drafting: a source text, spans, warnings and a draft.

Every stage of ``nqgraph.ingest`` speaks in these types, so that each can be written and tested
alone: the format readers produce a :class:`SourceText`, the readers and the structure parser
return items tied to a :class:`Span` of ``SourceText.text``, and the extractor returns a
:class:`Draft` that the Turtle writer, the review page and the scorer consume.

Offsets are code-point offsets into ``SourceText.text`` (NFC), never into a cleaned copy: a
reviewer's highlight and ``nq:spanStart``/``nq:spanEnd`` in the draft land on the same passage.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import rdflib

SourceFormat = Literal["text", "docx", "pdf", "ocr"]

# What a person must decide, one kind per warning; the review page groups warnings by kind.
WarningKind = Literal[
    "unresolved-agency",
    "unresolved-document",
    "new-indicator",
    "unreadable-number",
    "number-not-extracted",
    "numbering-gap",
    "ocr-passage",
    "missing-english-label",
    "encoding-converted",
    "other",
]


@dataclass(frozen=True, order=True)
class Span:
    """A half-open range ``[start, end)`` of code points in ``SourceText.text``."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}-{self.end}")


@dataclass(frozen=True)
class SourceText:
    """One source document read into text.

    ``text`` is NFC. ``ocr_spans`` are the passages that came from OCR (all of a scanned file);
    ``notes`` say what the reader did that a reviewer should know (``"converted from TCVN3"``).
    """

    text: str
    path: Path
    format: SourceFormat
    ocr_spans: tuple[Span, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class DraftWarning:
    """Something a person must decide before the draft is accepted.

    ``message`` says what to decide ("Which agency is 'Ban Dân vận'? No agency of the province
    has this name."). ``subject`` is the IRI of the drafted resource concerned, when there is one.
    """

    kind: WarningKind
    message: str
    span: Span | None = None
    subject: str | None = None


@dataclass
class Draft:
    """A drafted document: its RDF graph, the Turtle text written from it, and the warnings.

    ``document`` is the IRI of the drafted document; ``turtle`` follows
    ``docs/data-conventions.md`` and is what ``nqgraph draft`` writes.
    """

    source: SourceText
    document: str
    graph: rdflib.Graph
    turtle: str
    warnings: list[DraftWarning] = field(default_factory=list)
