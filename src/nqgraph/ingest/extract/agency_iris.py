"""The IRI of a body a passage names: the graph's, or a new agency proposed once per draft."""

from __future__ import annotations

from nqgraph.ingest.extract.agencies import Mention, is_group
from nqgraph.ingest.extract.state import DraftState, slug
from nqgraph.ingest.model import Span
from nqgraph.ingest.readers.agencies import normalise_name
from nqgraph.ingest.turtle import Resource, iri, vi
from nqgraph.namespaces import ID
from nqgraph.text import fold


def agency_iri(state: DraftState, mention: Mention) -> str:
    """The IRI of a named body: the reader's known IRI, else the graph's by name, else a proposed one."""
    if mention.iri:
        return mention.iri
    known = state.resolver.agency(mention.name, province=state.province)
    return known or new_agency(state, mention.name, mention.span)


def new_agency(state: DraftState, name: str, span: Span | None) -> str:
    """Propose an agency the graph lacks, once per folded name, with a warning a curator must answer."""
    name = normalise_name(name)
    key = fold(name)
    if key in state.new_agencies:
        return state.new_agencies[key]
    candidate = f"{ID}agency/{state.province}/{slug(name)[:70].strip('-')}"
    if state.resolver.exists(candidate):
        state.new_agencies[key] = candidate
        return candidate
    res = Resource(candidate, ["nq:AgencyGroup" if is_group(name) else "nq:Agency"])
    res.add("rdfs:label", vi(name[:1].upper() + name[1:]))
    res.add("nq:province", iri(f"{ID}province/{state.province}"))
    state.described.add(candidate)
    state.extra.append(res)
    state.new_agencies[key] = candidate
    state.warn(
        "unresolved-agency",
        f"Which agency is '{name}'? No agency of the province has this name; a new one is proposed.",
        span,
        candidate,
    )
    return candidate
