"""Warnings about the text as a whole: numbering gaps, passages read by OCR, labels without English."""

from __future__ import annotations

import re

from nqgraph.ingest.extract.state import DraftState
from nqgraph.ingest.model import Span
from nqgraph.ingest.turtle import Resource
from nqgraph.namespaces import ID


def warn_numbering_gaps(state: DraftState) -> None:
    """A warning where the outline's numbering skips or repeats."""
    for node, message in state.outline.gaps:
        state.warn("numbering-gap", f"Numbering does not follow: {message} (section {node.path}).", node.span)


# A token mixing digits with letters OCR confuses with them ("5l triệu", "(0Š", "2Š hằng tháng").
_GARBLED = re.compile(r"(?<![\w/.-])(?:\d+[lIÏŠSOo|]+\d*|[lIÏŠ|]+\d+)(?![\w/-])")


def warn_ocr_passages(state: DraftState) -> None:
    """A warning on each passage read by OCR, and on each token in it that looks misread."""
    text = state.text
    for span in state.source.ocr_spans:
        state.warn(
            "ocr-passage",
            "This passage was read by OCR: check numbers, dates and names against the scan.",
            span,
        )
        for m in _GARBLED.finditer(text, span.start, span.end):
            state.warn(
                "unreadable-number",
                f"{m.group(0)!r} looks like a number OCR misread: read it from the scan.",
                Span(m.start(), m.end()),
            )


def warn_missing_english_labels(state: DraftState, resources: list[Resource]) -> None:
    """Every labelled resource without an English label: the graph's pages show both languages."""
    for res in resources:
        labels = [v for p, v in res.props if p == "rdfs:label"]
        if labels and not any(getattr(v, "language", None) == "en" for v in labels):
            state.warn(
                "missing-english-label",
                f"Give an English label to {res.iri.removeprefix(ID)}.",
                subject=res.iri,
            )
