"""Progress of a build: one line a phase in logs, bars on a terminal, nothing with --quiet, and never a
change to stdout or to any output file."""

from __future__ import annotations

import io
import re

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
