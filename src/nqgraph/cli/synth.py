"""``nqgraph synth``: write a deterministic synthetic corpus for scale tests and benchmarks."""

from __future__ import annotations

from pathlib import Path

import click

from nqgraph.cli.common import CliError, reports_errors
from nqgraph.corpora.synth import MAX_TRIPLES, MIN_TRIPLES, check_size


@click.command()
@click.option(
    "--triples",
    type=int,
    required=True,
    metavar="N",
    help=f"About how many asserted triples to write ({MIN_TRIPLES:,}–{MAX_TRIPLES:,}; met within 5%).",
)
@click.option(
    "--seed", type=int, default=0, show_default=True, help="Seed: the same seed and N give the same bytes."
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Folder to write (replaced atomically); build it with `nqgraph build --data DIR`.",
)
@reports_errors
def synth(triples: int, seed: int, out: Path) -> None:
    """Write a synthetic corpus of about N triples, valid except for the defects it lists."""
    from nqgraph.corpora.synth import synthesize

    try:
        check_size(triples)
        result = synthesize(triples=triples, seed=seed, out=out)
    except OSError as exc:
        raise CliError(f"{out}: cannot write: {exc}") from exc
    off = (result.triples - triples) / triples
    click.echo(
        f"wrote {out}/: {result.triples:,} asserted triples ({off:+.2%} of {triples:,}), "
        f"{result.documents:,} documents in {result.provinces} province(s), {result.files:,} files"
    )
    click.echo(f"seeded {len(result.defects)} SHACL result(s), listed in {out}/defects.json")
