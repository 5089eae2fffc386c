"""``nqgraph score``: compare a drafted Turtle file with the curated data of the same source text."""

from __future__ import annotations

import json
from pathlib import Path

import click

from nqgraph.cli.common import reports_errors


@click.command("score")
@click.argument("draft", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--source",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    required=True,
    help="The source text the draft was made from (its nq:sourceFile in the curated data).",
)
@click.option(
    "--data",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder of curated Turtle data [default: data/ttl of the project].",
)
@click.option(
    "--format",
    "output",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="A table with the missed and extra facts, or JSON.",
)
@reports_errors
def score_command(draft: Path, source: Path, data: Path | None, output: str) -> None:
    """Score DRAFT against the curated facts of the same text: P/R/F1 per kind, missed and extra facts."""
    from nqgraph.ingest.score import ScoreError, curated_graph, read_graph, score, source_file_of, table
    from nqgraph.paths import Inputs, project_root

    folder = data or Inputs.default().data
    # The curated data names its texts relative to the project that holds it.
    root = folder.resolve().parents[1] if folder.resolve().name == "ttl" else project_root()
    try:
        text = source.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ScoreError(f"{source}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    result = score(
        read_graph([draft]),
        curated_graph(folder),
        source_file=source_file_of(source, root),
        text=text,
    )
    if output == "json":
        click.echo(json.dumps(result.as_json(), ensure_ascii=False, indent=2, sort_keys=True))
    else:
        click.echo(table(result), nl=False)
