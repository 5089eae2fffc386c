"""``nqgraph draft``: one resolution or plan in, a draft Turtle file and its review page out."""

from __future__ import annotations

from pathlib import Path

import click

from nqgraph.cli.common import CliError, reports_errors
from nqgraph.errors import DataError
from nqgraph.runtime.atomic import write_file


def _relative(path: Path) -> str:
    """The source path as the data records it: relative to the current folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.name


@click.command()
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--province", default=None, metavar="SLUG", help="Province slug (dien-bien …) when the text names none."
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Draft file [default: DATA/documents/{province}-{year}-{number}.ttl].",
)
@click.option(
    "--data",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder of Turtle data to resolve against [default: data/ttl of the project].",
)
@click.option("--force", is_flag=True, help="Overwrite an existing draft file.")
@click.option("--ocr", is_flag=True, help="The text is OCR output: mark all of it for checking.")
@click.option(
    "--review",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Review page [default: beside --out, or build/drafts/{name}.review.html for a draft in the data].",
)
@click.option("--no-review", is_flag=True, help="Write no review page (faster; for batch runs).")
@reports_errors
def draft(
    source: Path,
    *,
    province: str | None,
    out: Path | None,
    data: Path | None,
    force: bool,
    ocr: bool,
    review: Path | None,
    no_review: bool,
) -> None:
    """Draft the Turtle of one resolution or plan (text, .docx, PDF or scan) for review.

    Writes the draft, its review page and, for a non-text source, the extracted text. A draft
    written into the data folder (the default) keeps the data folder for Turtle alone: its text goes
    to the sources beside it (data/sources/<name>.txt) and its review page to build/drafts/.
    Nothing is written when the input is refused.
    """
    from nqgraph.ingest.draft import draft_source
    from nqgraph.ingest.formats import read_source
    from nqgraph.ingest.resolve import Resolver
    from nqgraph.paths import Inputs

    inputs = Inputs.default(data=data)
    text = read_source(source, assume_ocr=ocr)
    resolver = Resolver.from_data(inputs.data)
    is_text = text.format == "text" or (text.format == "ocr" and source.suffix.lower() in (".txt", ".md"))
    target = out
    # The file name needs the draft (province, year, number); the .txt name needs the target.
    in_data = out is None or out.resolve().is_relative_to(inputs.data.resolve())
    result = draft_source(text, resolver=resolver, province=province)
    if target is None:
        tail = result.document.split("/eli/", 1)[1].split("/")
        target = inputs.data / "documents" / f"{tail[0]}-{tail[2]}-{tail[3]}.ttl"
    txt = inputs.data.parent / "sources" / f"{target.stem}.txt" if in_data else target.with_suffix(".txt")
    if not is_text:
        result = draft_source(text, resolver=resolver, province=province, source_file=_relative(txt))
    else:
        result = draft_source(text, resolver=resolver, province=province, source_file=_relative(source))
    if review is None:
        folder = Path("build") / "drafts" if in_data else target.parent  # as `nqgraph build` writes build/
        review = folder / f"{target.stem}.review.html"
    if target.exists() and not force:
        raise CliError(f"{target}: exists; give --force to overwrite it")
    if not is_text and txt.exists() and not force:
        raise CliError(f"{txt}: exists; give --force to overwrite it")
    try:
        if not is_text:
            write_file(txt, text.text.encode("utf-8"))
        write_file(target, result.turtle.encode("utf-8"))
    except OSError as exc:
        raise DataError(f"{target}: cannot write: {exc}") from exc
    click.echo(f"wrote {target}")
    if not no_review:
        try:
            from nqgraph.ingest.review import write_review
        except ImportError:  # the review page is optional until its module lands
            write_review = None  # type: ignore[assignment]
        if write_review is not None:
            write_review(result, review, data=inputs.data)
            click.echo(f"wrote {review}")
    counts: dict[str, int] = {}
    for w in result.warnings:
        counts[w.kind] = counts.get(w.kind, 0) + 1
    summary = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items())) or "none"
    click.echo(f"warnings: {summary}")
