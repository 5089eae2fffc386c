"""Progress of a build: one line a phase in logs, bars on a terminal, nothing with --quiet, and never a
change to stdout or to any output file."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from nqgraph.cli import cli
from nqgraph.corpora.synth import synthesize
from nqgraph.graph.loader import data_files
from nqgraph.paths import STATE_DIR
from nqgraph.runtime.forking import can_fork, fork_map
from nqgraph.runtime.progress import LineProgress, NullProgress, TerminalProgress, reporter

# A line of LineProgress: name, count (of the total), unit, detail in brackets, seconds.
LINE = re.compile(
    r"^(?P<name>[a-z]+): (?P<count>[\d,]+)(?:/(?P<total>[\d,]+))?(?: [a-z]+)?(?: \(.+\))?, \d+\.\d\d s$"
)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_line_reporter_writes_name_count_total_unit_detail_and_seconds() -> None:
    out = io.StringIO()
    clock = iter([10.0, 10.5, 20.0, 21.25])
    p = LineProgress(out, clock=clock.__next__)
    p.phase("load", 3, unit="files")
    p.advance(2)
    p.advance()
    p.note("1.2 MB")
    p.done()
    p.phase("reasoning", unit="rounds")
    p.advance(1_234)
    p.done()
    assert out.getvalue() == "load: 3/3 files (1.2 MB), 0.50 s\nreasoning: 1,234 rounds, 1.25 s\n"
    assert all(LINE.match(line) for line in out.getvalue().splitlines())


def test_a_new_phase_ends_the_open_one_and_done_twice_writes_one_line() -> None:
    out = io.StringIO()
    p = LineProgress(out)
    p.phase("load", 1)
    p.phase("reasoning")
    p.done()
    p.done()
    assert [line.split(":")[0] for line in out.getvalue().splitlines()] == ["load", "reasoning"]


def test_an_unfinished_phase_of_a_failed_build_writes_no_line() -> None:
    out = io.StringIO()
    try:
        with LineProgress(out) as p:
            p.phase("load", 10)
            p.advance(4)
            raise ValueError("stopped")
    except ValueError:
        pass
    assert out.getvalue() == ""


def test_the_reporter_is_chosen_by_the_stream_and_quiet() -> None:
    assert isinstance(reporter(io.StringIO()), LineProgress)
    assert isinstance(reporter(_Terminal()), TerminalProgress)
    assert isinstance(reporter(_Terminal(), quiet=True), NullProgress)
    assert isinstance(reporter(io.StringIO(), quiet=True), NullProgress)


def test_the_terminal_reporter_leaves_each_phase_s_final_count_on_screen() -> None:
    out = _Terminal()
    with reporter(out) as p:
        p.phase("pages", 40, unit="jobs")
        for _ in range(40):
            p.advance()
        p.done()
        p.phase("reasoning", unit="rounds")
        p.advance(3)
    screen = out.getvalue().replace("\r", "\n")
    assert "pages" in screen and "40/40" in screen
    assert "reasoning" in screen and "3 rounds" in screen


@pytest.mark.parametrize("workers", [1, 2])
def test_the_page_workers_report_through_the_chunk_results_they_return(workers: int) -> None:
    parent = os.getpid()
    told: list[tuple[int, int]] = []

    def chunk(number: int) -> int:
        return number * 10 + (os.getpid() != parent)  # pages written, and whether in a worker

    def tell(number: int, pages: int) -> None:
        assert os.getpid() == parent  # the reporter lives in the parent only
        told.append((number, pages))

    total = fork_map(chunk, 6, workers=workers, on_result=tell)
    assert total == sum(pages for _, pages in told)
    assert sorted(number for number, _ in told) == list(range(6))  # once a chunk, in any order
    assert all(pages // 10 == number for number, pages in told)
    if workers > 1 and can_fork():
        assert all(pages % 10 == 1 for _, pages in told)


# ---------------------------------------------------------------- the build's progress, end to end

PHASES = ["load", "reasoning", "validation", "pages", "dumps"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small synthetic corpus: ten files, two documents, a few seeded defects (the build exits 1)."""
    out = tmp_path_factory.mktemp("corpus") / "data"
    synthesize(triples=2_000, seed=11, out=out)
    return out


def _build_args(data: Path, out: Path, *extra: str) -> list[str]:
    return ["build", "--data", str(data), "--out", str(out), "--today", "2026-11-23", *extra]


def _progress_lines(stderr: str) -> list[str]:
    """stderr without the Violations the build reports there anyway."""
    return [line for line in stderr.splitlines() if not line.startswith("  Violation: ")]


def _files(folder: Path) -> dict[str, bytes]:
    # The build's state (its on-disk store's files are not byte-for-byte reproducible) is no output.
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and STATE_DIR not in p.relative_to(folder).parts
    }


@pytest.fixture(scope="module")
def quiet(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    """A build of the corpus with --quiet: where it wrote, and what it printed."""
    out = tmp_path_factory.mktemp("quiet") / "out"
    return out, CliRunner().invoke(cli, _build_args(corpus, out, "--quiet"))


def test_quiet_writes_no_progress(quiet: tuple[Path, Result]) -> None:
    _, result = quiet
    assert result.exit_code == 1, result.output
    assert _progress_lines(result.stderr) == []


def test_a_build_without_a_terminal_writes_one_line_a_phase_to_stderr_and_nothing_more_to_stdout(
    corpus: Path, quiet: tuple[Path, Result], tmp_path: Path
) -> None:
    quiet_out, quiet_result = quiet
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, _build_args(corpus, out))
    assert result.exit_code == 1, result.output
    assert result.stdout.replace(str(out), str(quiet_out)) == quiet_result.stdout
    lines = _progress_lines(result.stderr)
    assert [line.split(":")[0] for line in lines] == PHASES, result.stderr
    assert all(LINE.match(line) for line in lines), lines
    files = len(data_files(corpus))
    assert lines[0].startswith(f"load: {files}/{files} files ("), lines[0]  # with the bytes read
    pages = LINE.match(lines[3])
    assert pages is not None and pages["count"] == pages["total"]
    assert _files(out) == _files(quiet_out)


def test_on_a_terminal_the_bars_show_their_counts_and_the_outputs_are_those_of_a_quiet_build(
    corpus: Path, quiet: tuple[Path, Result], tmp_path: Path
) -> None:
    quiet_out, quiet_result = quiet
    out = tmp_path / "out"
    command = [str(Path(sys.executable).with_name("nqgraph")), *_build_args(corpus, out)]
    stdout, screen, code = _on_a_terminal(command)
    assert code == 1, screen
    assert stdout.replace(str(out), str(quiet_out)) == quiet_result.stdout
    drawn = screen.replace("\r\n", "\n").replace("\r", "\n")
    for phase in PHASES:
        assert re.search(rf"^{phase}:", drawn, re.MULTILINE), drawn
    files = len(data_files(corpus))
    assert re.search(rf"^load: 100%\|.*\| {files}/{files} files \[.* kB\]", drawn, re.MULTILINE), drawn
    assert re.search(r"^reasoning: \d+ rounds \[.*triples inferred\]", drawn, re.MULTILINE), drawn
    assert re.search(r"^pages: 100%\|.*\| (\d+)/\1 jobs \[", drawn, re.MULTILINE), drawn
    assert re.search(r"\d+/\d+ \w+ \[\d\d:\d\d<\d\d:\d\d", drawn), drawn  # the time left
    assert _files(out) == _files(quiet_out)


def _on_a_terminal(command: list[str]) -> tuple[str, str, int]:
    """Run ``command`` with stderr on a pseudo-terminal of 100 × 30; return stdout, what the
    terminal received and the exit code."""
    import fcntl
    import pty
    import struct
    import termios

    main, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    with open(os.devnull) as nothing:
        process = subprocess.Popen(command, stdin=nothing, stdout=subprocess.PIPE, stderr=child)
    os.close(child)
    received = bytearray()
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal's other side closed (Linux says EIO)
            break
        if not chunk:
            break
        received += chunk
    os.close(main)
    assert process.stdout is not None
    stdout = process.stdout.read().decode("utf-8")
    code = process.wait(timeout=300)
    return stdout, received.decode("utf-8"), code
