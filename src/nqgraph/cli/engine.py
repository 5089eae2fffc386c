"""``nqgraph build``, ``validate`` and ``stats``: the graph from the data files.

Exit codes: 0 success; 1 the data has SHACL Violations; 2 an error; 130 Ctrl-C; 143 SIGTERM.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from nqgraph.cli.common import data_options, parse_date, reports_errors, validator_option


@click.command()
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("build"),
    show_default=True,
    help="Output folder (replaced atomically; new, empty or an earlier build's output).",
)
@click.option(
    "--force",
    is_flag=True,
    default=False,
    help="Replace a non-empty --out folder that no build wrote (never the data, the project or a .git).",
)
@click.option(
    "--today", default=None, help="Build date (YYYY-MM-DD) used for 'as of' answers [default: today]."
)
@click.option(
    "--site",
    "site_scope",
    type=click.Choice(("all", "core", "none")),
    default="all",
    show_default=True,
    help="Pages to write: all resources, core (documents, agencies, indicators: national corpora) or none.",
)
@click.option(
    "--clean",
    is_flag=True,
    default=False,
    help="Build everything again, even when only data files changed since the build in --out.",
)
@click.option(
    "--quiet",
    is_flag=True,
    default=False,
    help="No progress on stderr (bars on a terminal, otherwise one line a phase).",
)
@data_options
@validator_option
@reports_errors
def build(
    out: Path,
    force: bool,
    today: str | None,
    site_scope: str,
    clean: bool,
    quiet: bool,
    data: Path | None,
    engine: str,
    validator: str,
) -> None:
    """Load, reason, validate and write the graph, its report and a summary.

    A build into the --out of an earlier build does only what the changes need: nothing when no
    input changed, only the changed data files otherwise; a change of the ontology, shapes, saved
    queries or options builds everything again, and so does --clean. One line on stderr says which.
    """
    from nqgraph.pipeline.build import build as run_build
    from nqgraph.runtime.progress import reporter

    day = parse_date(today)
    with reporter(sys.stderr, quiet=quiet) as progress:
        result = run_build(
            out=out,
            data=data,
            engine=engine,
            today=day,
            validator=validator,
            site=site_scope != "none",
            site_scope="all" if site_scope == "none" else site_scope,
            force=force,
            clean=clean,
            progress=progress,
            on_plan=lambda line: click.echo(line, err=True),
        )
    v = result.validation
    click.echo(f"wrote {out}/: nqgraph.trig, nqgraph.ttl, validation.ttl, summary.txt, summary.json")
    click.echo(
        f"{result.counts['Document']} documents, {result.counts['Target']} targets, "
        f"{result.counts['Task']} tasks, {result.counts['Agency']} agencies, "
        f"{result.counts['Indicator']} indicators; {result.counts['triples.total']} triples"
    )
    click.echo(f"validation: {v.violations} violation(s), {v.warnings} warning(s)")
    for f in v.findings:
        if f.severity == "Violation":
            where = f" [{f.file}]" if f.file else ""
            click.echo(f"  Violation: {f.focus} {f.path}{where}: {f.message}", err=True)
    sys.exit(result.exit_code)


@click.command()
@data_options
@validator_option
@reports_errors
def validate(data: Path | None, engine: str, validator: str) -> None:
    """Validate the reasoned graph against the SHACL shapes and print the findings."""
    from nqgraph.graph.knowledge import open_graph
    from nqgraph.graph.validation import load_shapes, validate_store

    kg = open_graph(data=data, engine=engine)
    result = validate_store(
        kg.store, load_shapes(kg.inputs.shapes), defined_in=kg.loaded.defined_in, validator=validator
    )
    for f in result.findings:
        where = f" [{f.file}]" if f.file else ""
        click.echo(f"{f.severity}: {f.focus} {f.path}{where}: {f.message}")
    click.echo(f"{result.violations} violation(s), {result.warnings} warning(s)")
    sys.exit(0 if result.conforms else 1)


@click.command()
@data_options
@reports_errors
def stats(data: Path | None, engine: str) -> None:
    """Count documents, targets, tasks, agencies, indicators and triples."""
    from nqgraph.graph.knowledge import open_graph
    from nqgraph.graph.stats import stats as count

    for key, n in count(open_graph(data=data, engine=engine).store).items():
        click.echo(f"{key:<22} {n}")
