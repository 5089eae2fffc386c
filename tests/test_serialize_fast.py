"""The dump writer's fast path gives the bytes of the general writer it replaced for most subjects."""

from __future__ import annotations

import random

from nqgraph.graph.ntriples import NTriple
from nqgraph.namespaces import PREFIXES, RDF_TYPE
from nqgraph.publish.serialize import _Writer, dump_chunks, header, trig_nt_chunks, turtle_nt

NS = "https://w3id.org/nqgraph/id/"
NQ = PREFIXES["nq"]


def _reference_turtle(triples: list[NTriple]) -> str:
    """The Turtle written by the general writer alone (inlining, labels, every subject by hand)."""
    blocks = _Writer(triples, PREFIXES).blocks()
    return header(PREFIXES) + "\n\n".join(blocks) + ("\n" if blocks else "")


def _random_triples(seed: int, *, blanks: bool) -> list[NTriple]:
    rng = random.Random(seed)
    # IRIs where one is the other's prefix ("x/1", "x/10", "x/1-a"): the order of their text
    # without brackets differs from that of the bracketed form.
    subjects = [f"<{NS}x/{n}>" for n in ("1", "10", "1-a", "2", "b", "B", "ä", "1/x")]
    subjects += ["<http://example.org/a b>", f"<{NS}x/>"]
    predicates = [f"<{RDF_TYPE}>", f"<{NQ}value>", f"<{NQ}label>", f"<{NQ}a>", "<http://example.org/p>"]
    objects = [
        f"<{NQ}Target>",
        f"<{NQ}Resolution>",
        '"1.5"^^<http://www.w3.org/2001/XMLSchema#decimal>',
        '"15"^^<http://www.w3.org/2001/XMLSchema#integer>',
        '"x"^^<http://www.w3.org/2001/XMLSchema#integer>',
        '"2021-01-01"^^<http://www.w3.org/2001/XMLSchema#date>',
        '"xin chào"@vi',
        '"say \\"hi\\"\\n"',
        '"plain"',
        *subjects,
    ]
    triples = [(rng.choice(subjects), rng.choice(predicates), rng.choice(objects)) for _ in range(60)]
    if blanks:
        triples += [
            (subjects[0], predicates[1], "_:b1"),
            ("_:b1", predicates[2], '"inside"'),
            (subjects[1], predicates[1], "_:b2"),
            (subjects[2], predicates[1], "_:b2"),
            ("_:b2", predicates[2], '"shared"'),
            ("_:r1", predicates[1], "_:r2"),
            ("_:r2", predicates[1], "_:r1"),
        ]
    return triples + triples[:5]  # some triples twice


def test_the_fast_writer_gives_the_general_writers_bytes_on_random_graphs() -> None:
    for seed in range(40):
        triples = _random_triples(seed, blanks=seed % 2 == 1)
        assert turtle_nt(triples, prefixes=PREFIXES) == _reference_turtle(triples), seed


def test_a_trig_graph_is_the_turtle_of_its_triples_indented() -> None:
    triples = _random_triples(7, blanks=False)
    trig = "".join(trig_nt_chunks([("http://example.org/g", triples)], prefixes=PREFIXES))
    body = trig.split(" {\n", 1)[1].rsplit("}\n", 1)[0]
    turtle_body = turtle_nt(triples, prefixes=PREFIXES).split("\n\n", 1)[1]
    assert body == "".join("    " + line if line != "\n" else line for line in turtle_body.splitlines(True))


def test_an_empty_graph_is_written_as_an_empty_block() -> None:
    trig = "".join(trig_nt_chunks([("http://example.org/g", [])], prefixes=PREFIXES))
    assert trig.endswith("\n<http://example.org/g> {\n}\n")
    assert turtle_nt([], prefixes=PREFIXES) == header(PREFIXES)


def _reference_trig(graphs: list[tuple[str, list[NTriple]]]) -> str:
    out = [header(PREFIXES).rstrip("\n") + "\n"]
    for name, triples in graphs:
        blocks = _Writer(triples, PREFIXES).blocks("    ")
        out.append(f"\n<{name}> {{\n" + "\n\n".join(blocks) + ("\n" if blocks else "") + "}\n")
    return "".join(out)


def test_both_dumps_written_together_give_the_general_writers_bytes() -> None:
    for seed in range(20):
        # The graphs share subjects and triples; a subject reaching a blank node in one graph
        # is written plainly in another and by the general writer in the merged Turtle.
        graphs = [
            ("http://example.org/g1", _random_triples(seed, blanks=seed % 2 == 0)),
            ("http://example.org/g2", _random_triples(seed + 100, blanks=False)),
            ("http://example.org/empty", []),
            ("http://example.org/g3", _random_triples(seed, blanks=False)[:20]),
        ]
        trig, turtle = dump_chunks(graphs, prefixes=PREFIXES)
        assert "".join(trig) == _reference_trig(graphs), seed
        assert "".join(turtle) == _reference_turtle([t for _, ts in graphs for t in ts]), seed
        assert "".join(trig_nt_chunks(graphs, prefixes=PREFIXES)) == _reference_trig(graphs), seed
