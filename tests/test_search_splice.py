"""Splicing the search index: the same text as writing it whole, without splitting it."""

from __future__ import annotations

import random

from nqgraph.namespaces import ID
from nqgraph.publish.site.addresses import page_path
from nqgraph.publish.site.splice import spliced_search
from nqgraph.publish.site.views.search import PREFIX, SUFFIX, entry_text, search_body


def _iri(n: int) -> str:
    return f"{ID}agency/ha-noi/ban-{n:04d}"


def _entry(n: int, label: str = "Ban") -> str:
    # A label with a quote and the separator's own characters: escaped inside the JSON string.
    text = f'{label} "{n}" }},{{"h":"'
    return entry_text({"h": page_path(_iri(n)), "vi": text, "en": text, "k": "Agency", "f": label.lower()})


def _whole(entries: dict[int, str]) -> bytes:
    return search_body([entries[n] for n in sorted(entries, key=_iri)]).encode("utf-8")


def test_splicing_adds_replaces_and_removes_entries_as_a_whole_rewrite_would() -> None:
    rng = random.Random(7)
    entries = {n: _entry(n) for n in rng.sample(range(1000), 300)}
    for _ in range(40):
        previous = _whole(entries)
        changed: dict[str, str | None] = {}
        for n in rng.sample(range(1000), rng.randint(1, 12)):
            if n in entries and rng.random() < 0.5:
                changed[_iri(n)] = None
                del entries[n]
            else:
                entries[n] = changed[_iri(n)] = _entry(n, rng.choice(["Sở", "Ủy ban", "Ban"]))
        assert spliced_search(previous, changed) == _whole(entries)


def test_splicing_into_an_empty_index_and_emptying_it() -> None:
    empty = search_body([]).encode("utf-8")
    assert spliced_search(empty, {_iri(1): _entry(1), _iri(2): _entry(2)}) == _whole(
        {1: _entry(1), 2: _entry(2)}
    )
    assert spliced_search(_whole({1: _entry(1)}), {_iri(1): None}) == empty
    assert spliced_search(empty, {_iri(3): None}) == empty


def test_a_text_that_is_not_a_search_index_is_not_spliced() -> None:
    assert spliced_search(b"window.OTHER = [];\n", {_iri(1): _entry(1)}) is None
    # An entry whose path names no resource: the caller writes the index whole.
    broken = (PREFIX + '[{"h":"nowhere","vi":"x"}]' + SUFFIX).encode("utf-8")
    assert spliced_search(broken, {_iri(1): _entry(1)}) is None
