"""Deterministic synthetic corpora for scale work: ``nqgraph synth --triples N --seed S --out DIR``.

The five real resolutions give about 12k triples; issue 6 needs one to five million with the same
shape. :func:`synthesize` writes a folder laid out like ``data/ttl/`` (``documents/`` with one
file per document, ``agencies/{province}.ttl``, ``indicators/shared.ttl``, ``periods.ttl``,
``provinces.ttl``) that ``nqgraph build --data DIR`` loads, reasons over and validates as it does
the bundled data, following ``docs/data-conventions.md``:

- up to the 63 provinces (with their ISO codes and names with diacritics), each with chains of
  resolutions on one topic across the committee terms 2010–2015 … 2025–2030; numbers restart with
  every term and repeat across provinces; a later resolution supersedes (or a conclusion
  continues) the earlier one, through an ``nq:Citation`` carrying the citing sentence; every
  resolution implements its provincial congress's resolution and cites the last national one;
- some resolutions have two text variants (two ``nq:Expression``\\s with their own section
  numbering, one ``nq:Attestation`` per variant for what both state);
- targets with all seven comparators, ranges, relative and yearly targets, baselines and reported
  values; key tasks, solutions, assignments and appendix rows (one lead, participants, supervisor,
  deadline as printed with its due date, recurrences) and progress records;
- agencies per province with their parent bodies and the 2025 merger, renaming and dissolution
  events, each task naming only bodies that existed on its document's date.

Everything is valid under ``shapes/`` except a seeded set of defects, each listed with the SHACL
result it must cause in ``DIR/defects.json``. The same seed and size give byte-identical folders
(one ``random.Random`` drives every choice, nothing iterates over a hash-ordered set, and
:func:`nqgraph.publish.serialize.turtle` sorts its output). The size is met within a few tenths of a
percent: documents are filled unit by unit against a running count of every triple written.
"""

from __future__ import annotations

from pathlib import Path

from nqgraph.corpora.synth.corpus import _Corpus
from nqgraph.corpora.synth.plan import Defect, SynthError, SynthResult
from nqgraph.corpora.synth.terms import MAX_TRIPLES, MIN_TRIPLES
from nqgraph.errors import OutputError
from nqgraph.paths import project_root
from nqgraph.runtime.atomic import refuse_protected, write_atomically


def check_size(triples: int) -> None:
    """Refuse a size outside the supported range, saying what the range is."""
    if not MIN_TRIPLES <= triples <= MAX_TRIPLES:
        raise SynthError(
            f"--triples {triples:,} is outside the supported range {MIN_TRIPLES:,}–{MAX_TRIPLES:,}"
        )


def check_out(out: Path) -> None:
    """Refuse an ``out`` whose replacement would destroy anything but an earlier corpus.

    A corpus replaces its folder whole; an earlier corpus is known by its ``defects.json``.
    """
    refuse_protected(out, root=project_root())
    if out.is_dir() and any(out.iterdir()) and not (out / "defects.json").is_file():
        shown = ", ".join(sorted(p.name for p in out.iterdir())[:5])
        raise OutputError(
            f"--out {out}: is a non-empty folder that holds no synthetic corpus ({shown}); choose an"
            " empty or new folder"
        )


def synthesize(*, triples: int, seed: int, out: Path) -> SynthResult:
    """Write a synthetic corpus of about ``triples`` asserted triples to ``out``, atomically.

    The folder is built in a temporary sibling and swapped in, so ``out`` is either the previous
    folder or the complete new one. Raises :class:`SynthError` for a size out of range.
    """
    check_size(triples)
    check_out(out)
    results: list[SynthResult] = []

    def write(folder: Path) -> None:
        results.append(_Corpus(triples, seed, folder).run(out))

    write_atomically(out, write)
    return results[0]


__all__ = ["MAX_TRIPLES", "MIN_TRIPLES", "Defect", "SynthError", "SynthResult", "check_size", "synthesize"]
