"""The indicator a target or reported value measures: the graph's by name, else a proposed one."""

from __future__ import annotations

import re

from nqgraph.ingest.extract.sentences import quote
from nqgraph.ingest.extract.state import DraftState, slug
from nqgraph.ingest.model import Span
from nqgraph.ingest.readers.numbers import Quantity
from nqgraph.ingest.turtle import Resource, iri, vi
from nqgraph.namespaces import ID
from nqgraph.text import fold


def indicator_iri(state: DraftState, clause: Span, q: Quantity, unit: str) -> str:
    """The indicator ``q`` of ``clause`` measures; a new one is proposed once per name and unit."""
    text = state.text
    before = text[clause.start : q.span.start]
    phrase = re.split(r"[:;]|,\s(?=[^,]*$)", before)[-1] if before.strip() else ""
    phrase = re.sub(
        r"^\W*(?:(?:phấn đấu|phần đầu|phân đầu|đến năm \d{4},?|vào năm \d{4},?|năm \d{4},?|trong đó,?|"
        r"nâng|duy trì|bảo đảm|đảm bảo|giảm|tăng|còn|có|đạt)\s+)+",
        "",
        " ".join(phrase.split()),
        flags=re.IGNORECASE,
    )
    # Repeated: the verb and its comparator come together ("đạt trên", "chiếm khoảng").
    phrase = re.sub(
        r"(?:\s+(?:đạt(?: tỷ lệ| mức)?|trên|dưới|từ|ít nhất|tối thiểu|khoảng|chiếm|là|còn|thấp hơn|"
        r"cao hơn|tối đa))+\s*$",
        "",
        phrase,
        flags=re.IGNORECASE,
    ).strip(" ,.:(")
    if len(phrase) < 4:
        after = text[q.span.end : clause.end]
        phrase = " ".join(after.split()[:8]).strip(" ,.;:")
    phrase = phrase[:1].upper() + phrase[1:] if phrase else quote(text, clause)[:80]
    found = state.resolver.indicator(phrase)
    if found:
        return found
    key = fold(phrase) + "|" + unit
    if key in state.indicators:
        return state.indicators[key]
    base = f"{ID}indicator/{slug(phrase)[:70].strip('-') or 'indicator'}"
    candidate = base
    n = 2
    while state.resolver.exists(candidate) or candidate in state.described:
        candidate = f"{base}-{n}"
        n += 1
    res = Resource(candidate, ["nq:Indicator"])
    res.add("rdfs:label", vi(phrase))
    res.add("skos:prefLabel", vi(phrase))
    res.add("skos:inScheme", iri(f"{ID}indicator"))
    res.add("nq:unit", iri(f"nq:{unit}"))
    state.described.add(candidate)
    state.extra.append(res)
    state.indicators[key] = candidate
    state.warn(
        "new-indicator",
        f"No indicator of the graph is named '{phrase}': use an existing one or accept the new one.",
        Span(clause.start, q.span.end),
        candidate,
    )
    return candidate
