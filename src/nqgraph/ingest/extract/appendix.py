"""Rows of the appendix table of tasks: the columns read by their headers, one ``nq:AppendixTask`` a row."""

from __future__ import annotations

from nqgraph.ingest.extract.agency_iris import agency_iri, new_agency
from nqgraph.ingest.extract.components import component, provenance
from nqgraph.ingest.extract.sentences import quote
from nqgraph.ingest.extract.state import DraftState
from nqgraph.ingest.extract.targets import add_targets, quantities
from nqgraph.ingest.readers.deadlines import read_deadline
from nqgraph.ingest.structure import Node
from nqgraph.ingest.turtle import iri, typed, vi

# A column's role from the words of its header; the first pair found wins, so the order matters.
_COLUMN_ROLES: tuple[tuple[str, str], ...] = (
    ("theo doi", "supervisor"),
    ("cap uy", "supervisor"),
    ("chu tri", "lead"),
    ("phoi hop", "participant"),
    ("thuc hien", "participant"),
    ("thoi gian", "deadline"),
    ("thoi han", "deadline"),
    ("hoan thanh", "deadline"),
    ("nhiem vu", "task"),
    ("noi dung", "task"),
    ("stt", "ordinal"),
)


def _roles(columns: list[str], count: int) -> list[str]:
    roles: list[str] = []
    for column in columns:
        for word, role in _COLUMN_ROLES:
            if word in column:
                roles.append(role)
                break
        else:
            roles.append("other")
    if len(roles) != count:
        # No header read: number, task, …, lead, participants, deadline.
        guess = ["ordinal", "task"] + ["other"] * max(0, count - 5) + ["lead", "participant", "deadline"]
        return guess[:count] if count >= 5 else (["ordinal", "task", "lead", "deadline"][:count])
    return roles


def add_appendix_row(state: DraftState, node: Node) -> None:
    """One row of the appendix table as an ``nq:AppendixTask``, its numbers as the row's targets."""
    text = state.text
    roles = _roles(node.columns, len(node.cells))
    cell = dict(zip(roles, node.cells, strict=False))
    task = cell.get("task")
    if task is None:
        return
    span = node.span
    res = component(
        state,
        f"{state.document}/task/appendix-{node.label}",
        ["nq:AppendixTask"],
        node,
        span,
        quote(text, task),
    )
    lead: str | None = None
    if "supervisor" in cell:
        for m in state.agencies.in_list(text, cell["supervisor"]):
            res.add("nq:supervisor", iri(agency_iri(state, m)))
    if "lead" in cell:
        leads = state.agencies.in_list(text, cell["lead"])
        if leads:
            lead = agency_iri(state, leads[0])
            res.add("nq:leadAgency", iri(lead))
            for extra in leads[1:]:
                res.add("nq:participant", iri(agency_iri(state, extra)))
        else:
            lead = new_agency(state, quote(text, cell["lead"]), cell["lead"])
            res.add("nq:leadAgency", iri(lead))
    if "participant" in cell:
        for m in state.agencies.in_list(text, cell["participant"]):
            agency = agency_iri(state, m)
            if agency != lead:
                res.add("nq:participant", iri(agency))
    if "deadline" in cell:
        printed = quote(text, cell["deadline"])
        res.add("nq:deadlineText", vi(printed))
        deadline = read_deadline(printed)
        if deadline is not None and deadline.due is not None:
            res.add("nq:dueDate", typed(deadline.due.isoformat(), "date"))
        elif deadline is not None and deadline.recurrence:
            res.add("nq:recurrence", iri(f"nq:{deadline.recurrence}"))
    provenance(state, res, span)
    state.add(res)
    if lead is None:
        state.warn("unresolved-agency", f"Appendix row {node.label} names no lead body.", span, res.iri)
    # Numbers in the task column ("Ký kết 05 biên bản …") are targets of the row.
    found = quantities(state, task)
    if found:
        add_targets(state, node, task, task, found)
