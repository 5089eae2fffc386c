"""Numbers of a sentence as targets (what is to be reached, by when) or observations (what was reached)."""

from __future__ import annotations

import re

from nqgraph.ingest.extract.components import component, nth_letter, provenance
from nqgraph.ingest.extract.indicators import indicator_iri
from nqgraph.ingest.extract.sections import is_heading
from nqgraph.ingest.extract.sentences import quote
from nqgraph.ingest.extract.state import DraftState, path_slug
from nqgraph.ingest.model import Span
from nqgraph.ingest.readers._text import fold_same_length
from nqgraph.ingest.readers.comparators import Relative, read_comparator, read_relative
from nqgraph.ingest.readers.numbers import Quantity, find_quantities
from nqgraph.ingest.structure import Node
from nqgraph.ingest.turtle import decimal, iri, plain, typed

# "mỗi năm", "hằng năm": the value recurs every year from the period's start.
_ANNUAL = re.compile(r"\b(moi nam|hang nam|hang nam|binh quan moi nam|binh quan hang nam)\b")
# A year printed as one ("năm 2025", "đến 2030"), not inside a date or a number.
_YEAR = re.compile(r"(?<![\d/.-])(?:nam|den|vao|tu nam|nam hoc)\s+((?:19|20)\d\d)(?![\d/])")
# "2021 - 2025": a period's first and last years.
_PERIOD = re.compile(r"((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)")
# Units the ontology defines; a quantity in any other has its target added by hand.
_ONTOLOGY_UNITS = {
    "Percent",
    "PercentPerYear",
    "Persons",
    "PersonsPerYear",
    "PersonsPer10000",
    "Years",
    "Centimetre",
    "Schools",
    "Count",
    "TimesPerYear",
    "Level",
    "BillionDong",
    "MillionDong",
    "BillionUSD",
    "MillionUSD",
    "Hectare",
}


def quantities(state: DraftState, sentence: Span) -> list[Quantity]:
    """The quantities of ``sentence`` that may be targets or values (not durations, ages, counts)."""
    text = state.text
    chunk = text[sentence.start : sentence.end]
    out: list[Quantity] = []
    for q in find_quantities(chunk, offset=sentence.start):
        folded_after = fold_same_length(text[q.span.start : q.span.end + 8])
        if re.match(r"[\d.,\s]*(thang|ngay|gio|lan thu|lan\s*/\s*nhiem ky)\b", folded_after):
            continue
        tail = fold_same_length(text[q.span.end : q.span.end + 30])
        if q.unit in (None, "Count") and (
            re.match(r"\s*chi tieu\b", tail) or "chi tieu" in fold_same_length(q.text)
        ):
            continue  # how many indicators a heading announces ("13 chỉ tiêu")
        if q.unit in (None, "Count") and (q.value == 1 or re.match(r"\s*(den|-|–)[^,;.]*tuoi", tail)):
            continue
        if (
            q.unit == "Years"
            and "tuoi" in folded_after
            and "tuoi tho" not in fold_same_length(text[max(0, q.span.start - 40) : q.span.start])
        ):
            continue
        out.append(q)
    return out


def _unit(state: DraftState, q: Quantity, clause: Span) -> str | None:
    """The ``nq:`` unit of a quantity (a count where none is printed), or None when the ontology has none."""
    unit = q.unit or "Count"
    if unit == "Persons" and _ANNUAL.search(fold_same_length(state.text[clause.start : q.span.start])):
        unit = "PersonsPerYear"
    return unit if unit in _ONTOLOGY_UNITS else None


def _target_year(state: DraftState, node: Node, sentence: Span, q: Quantity) -> tuple[int | None, int | None]:
    """(target year, first year) from the sentence, then the headings above, then the document."""
    text = state.text
    folded = fold_same_length(text[sentence.start : sentence.end])
    pos = q.span.start - sentence.start
    years = [
        (m.start(), int(m.group(1)))
        for m in _YEAR.finditer(folded)
        if not re.search(r"so voi\s*$", folded[max(0, m.start() - 12) : m.start()])
    ]
    starts = [y for at, y in years if folded[at : at + 6] == "tu nam"]
    years = [(at, y) for at, y in years if folded[at : at + 6] != "tu nam"]
    before = [y for at, y in years if at < pos]
    after = [y for at, y in years if at > pos]
    year = before[-1] if before else (after[0] if after else None)
    start: int | None = None
    for ancestor in (node, *node.ancestors()):
        if ancestor.title is None:
            continue
        heading = fold_same_length(text[ancestor.title.start : ancestor.title.end])
        if ancestor is node and not is_heading(state, node):
            continue
        heading = re.sub(r"so voi\s+nam\s+\d{4}", " ", heading)
        p = _PERIOD.search(heading)
        if p and start is None:
            start = int(p.group(1))
            if year is None:
                year = int(p.group(2))
        m = re.search(r"(?:den|nam)\s+((?:19|20)\d\d)", heading)
        if m and year is None:
            year = int(m.group(1))
    h = state.header
    if year is None and h.period:
        year = h.period[1]
    if year is None and h.horizons:
        year = h.horizons[0]
    if year is None and h.date:
        year = h.date.year
    if start is None and h.period:
        start = h.period[0]
    if starts:
        start = starts[-1]
    return year, start


def add_targets(state: DraftState, node: Node, sentence: Span, clause: Span, qs: list[Quantity]) -> int:
    """A target for each quantity of ``clause`` whose unit and year are known; returns how many."""
    text = state.text
    made = 0
    for q in qs:
        unit, value, value_max = _unit(state, q, clause), q.value, q.value_max
        if unit is None:
            state.warn(
                "unreadable-number", f"The unit of {q.text!r} is not known: add the target by hand.", q.span
            )
            continue
        if unit == "Percent" and (value > 100 or (value_max is not None and value_max > 100)):
            state.warn("other", f"{q.text!r} is a percentage above 100: decide how to record it.", q.span)
            continue
        chunk = text[sentence.start : sentence.end]
        local = Quantity(
            Span(q.span.start - sentence.start, q.span.end - sentence.start),
            q.text,
            q.value,
            q.value_max,
            q.unit,
        )
        comparator = read_comparator(chunk, local)
        if value_max is not None:
            comparator = "Between"
        elif comparator == "Between":
            comparator = "Equal"
        relative = read_relative(chunk, local)
        year, start = _target_year(state, node, sentence, q)
        if year is None:
            state.warn("other", f"No year is printed for {q.text!r}: give the target year.", q.span)
            continue
        before = fold_same_length(text[clause.start : q.span.start])
        if relative is None or relative.reference_year is None:
            # "Giảm tỷ lệ hộ nghèo so với năm trước … đạt 1,5%": a change against the year before.
            change = re.match(r"\W*(giam|tang)\b", before)
            if change and "so voi nam truoc" in fold_same_length(text[clause.start : clause.end]):
                direction = "Decrease" if change.group(1) == "giam" else "Increase"
                relative = Relative(direction, year - 1, "năm trước")
        if unit == "Percent" and "toc do tang" in before:
            unit = "PercentPerYear"  # a growth rate ("Tốc độ tăng trưởng kinh tế đạt trên 10%")
        if unit == "Percent" and re.search(r"tuoi tho|so nam song", before):
            unit = "Years"  # life expectancy printed with "%" (a misprint or an OCR confusion)
        letter = nth_letter(state.next("target:" + node.path) - 1)
        target = f"{state.document}/target/{path_slug(node.path)}-{letter}"
        is_relative = relative is not None and relative.reference_year is not None
        types = ["nq:RelativeTarget"] if is_relative else ["nq:Target"]
        indicator = indicator_iri(state, clause, q, unit)
        res = component(state, target, types, node, sentence, quote(text, clause))
        res.add("nq:indicator", iri(indicator))
        res.add("nq:targetYear", typed(str(year), "gYear"))
        res.add("nq:comparator", iri(f"nq:{comparator}"))
        res.add("nq:value", decimal(value))
        if value_max is not None:
            res.add("nq:valueMax", decimal(value_max))
        res.add("nq:valueText", plain(q.text))
        res.add("nq:unit", iri(f"nq:{unit}"))
        annual = unit in ("PersonsPerYear",) or bool(
            _ANNUAL.search(fold_same_length(text[clause.start : q.span.start]))
        )
        if annual and start is not None and start < year:
            res.add("nq:appliesFrom", typed(str(start), "gYear"))
            res.add("nq:recurrence", iri("nq:Annual"))
        if is_relative and relative is not None:
            res.add("nq:changeDirection", iri(f"nq:{relative.direction}"))
            res.add("nq:referenceYear", typed(str(relative.reference_year), "gYear"))
        provenance(state, res, sentence)
        state.add(res)
        made += 1
    return made


def add_observations(state: DraftState, node: Node, sentence: Span, clause: Span, qs: list[Quantity]) -> int:
    """A reported value for each quantity whose unit and year are known; returns how many."""
    text = state.text
    made = 0
    for q in qs:
        unit, value = _unit(state, q, clause), q.value
        if unit is None:
            continue
        if unit == "Percent" and value > 100:
            continue
        if unit == "Years" and not re.search(
            r"tuoi tho|nam song", fold_same_length(text[clause.start : q.span.start])
        ):
            continue  # "Sau 09 năm triển khai": a duration, not a reported value
        # The year the value is reported for: printed in its clause and not after the document
        # ("đạt 57% năm 2020"), else the end of a period printed in the sentence ("Giai đoạn
        # 2016 - 2020, … đạt 2,4%/năm"), else the document's year ("hiện nay").
        now = state.header.date.year if state.header.date else None
        folded = fold_same_length(text[clause.start : clause.end])
        years = [int(m.group(1)) for m in _YEAR.finditer(folded) if now is None or int(m.group(1)) <= now]
        whole = fold_same_length(text[sentence.start : sentence.end])
        periods = [int(m.group(2)) for m in _PERIOD.finditer(whole)]
        periods = [y for y in periods if now is None or y <= now]
        year = years[-1] if years else (periods[0] if periods else now)
        if year is None:
            continue
        n = state.next("observation")
        res = component(
            state,
            f"{state.document}/observation/{n}",
            ["nq:Observation"],
            node,
            sentence,
            quote(text, clause),
        )
        res.add("nq:indicator", iri(indicator_iri(state, clause, q, unit)))
        res.add("nq:observedYear", typed(str(year), "gYear"))
        res.add("nq:value", decimal(value))
        res.add("nq:valueText", plain(q.text))
        res.add("nq:unit", iri(f"nq:{unit}"))
        provenance(state, res, sentence)
        state.add(res)
        made += 1
    return made
