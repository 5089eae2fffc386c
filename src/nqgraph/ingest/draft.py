"""From a source text to a draft: the header, outline and components as Turtle, with warnings.

``draft_source`` runs the stages in order: the outline (``structure``), the header (``header``),
the document's own triples (``extract.document``), one pass over the outline that turns each
heading and item into a section and its content into components (``extract.walk``), then the
warnings about the text as a whole (``extract.text_warnings``). Every component keeps its sentence
(``nq:sourceText``) and span (``nq:spanStart``/``nq:spanEnd``); whatever a person must decide
becomes a :class:`DraftWarning`.
"""

from __future__ import annotations

from nqgraph.errors import DataError
from nqgraph.ingest.extract.agencies import Bodies
from nqgraph.ingest.extract.document import add_document
from nqgraph.ingest.extract.state import DraftState, slug
from nqgraph.ingest.extract.text_warnings import (
    warn_missing_english_labels,
    warn_numbering_gaps,
    warn_ocr_passages,
)
from nqgraph.ingest.extract.walk import walk
from nqgraph.ingest.header import read_header
from nqgraph.ingest.model import Draft, SourceText
from nqgraph.ingest.resolve import Resolver
from nqgraph.ingest.structure import parse
from nqgraph.ingest.turtle import to_graph, write_turtle
from nqgraph.namespaces import ID


def draft_source(
    source: SourceText, *, resolver: Resolver, province: str | None = None, source_file: str | None = None
) -> Draft:
    """Draft ``source``: its header, outline and components as Turtle, and the warnings.

    ``source_file`` is what the expression's ``nq:sourceFile`` says (by default the source's path
    from its ``data/`` folder, or its name).
    """
    text = source.text
    if not text.strip():
        raise DataError(f"{source.path}: the file is empty")
    outline = parse(text)
    header = read_header(source, outline)
    slug_province = province or (slug(header.province_name) if header.province_name else None)
    if slug_province is None:
        raise DataError(f"{source.path}: no province is printed in the header; give one with --province")
    year = str(header.date.year) if header.date else "unknown"
    if header.number:
        local = slug(header.number)
    else:
        local = slug(f"{header.kind_word} {header.title or ''}")[:60].strip("-")
    document = f"{ID}eli/{slug_province}/{header.issuer_slug}/{year}/{local}"
    expression = f"{document}/text"
    state = DraftState(
        source,
        header,
        outline,
        resolver,
        slug_province,
        document,
        expression,
        Bodies(resolver, slug_province),
    )
    state.source_file = source_file
    if resolver.exists(document):
        state.warn(
            "other",
            f"The graph already describes {document.removeprefix(ID)}: compare the draft with it and"
            " replace the curated file rather than adding a second one (the loader refuses duplicates).",
            subject=document,
        )
    add_document(state)
    walk(state, outline.root, set())
    warn_numbering_gaps(state)
    warn_ocr_passages(state)
    resources = state.resources + state.extra
    warn_missing_english_labels(state, resources)
    turtle = write_turtle(resources)
    return Draft(source, document, to_graph(resources), turtle, state.warnings)
