"""Progress of the long phases of a build (load, reasoning, validation, pages, dumps), on stderr.

The build is handed one reporter by keyword (``progress=``) and passes it down; lower layers call
:meth:`Progress.phase` when a phase starts (with its total when it is known), :meth:`~Progress.advance`
as units of work finish, :meth:`~Progress.note` for a detail (bytes read, triples inferred) and
:meth:`~Progress.done` at its end. Phases follow one another: a phase may be reported from a thread
(reasoning and validation run on one), but never two at once. Nothing here writes to stdout or to an
output file, so a build is byte-identical whatever its reporter.

Three reporters:

- :class:`NullProgress` says nothing (``--quiet``, and the default of :func:`nqgraph.build`);
- :class:`TerminalProgress` draws one tqdm bar a phase, with its count, the time spent and, when
  the total is known, the time left (stderr is a terminal);
- :class:`LineProgress` writes one line a phase when it ends, for logs and CI (stderr is not a
  terminal): ``load: 169/169 files (12.3 MB), 0.78 s``.

Page workers are forked processes: they report nothing themselves; the parent advances the bar by
the chunk results it receives anyway.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import IO, Any, Protocol, Self


class Progress(Protocol):
    """What a phase of work tells whoever watches it."""

    def phase(self, name: str, total: int | None = None, *, unit: str = "") -> None:
        """A phase starts (ending the previous one if it is still open); ``total`` units when known."""

    def advance(self, n: int = 1) -> None:
        """``n`` more units of the current phase are done."""

    def note(self, text: str) -> None:
        """A detail of the current phase (replaces the previous detail)."""

    def done(self) -> None:
        """The current phase has ended."""


class NullProgress:
    """Reports nothing."""

    def phase(self, name: str, total: int | None = None, *, unit: str = "") -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass

    def note(self, text: str) -> None:
        pass

    def done(self) -> None:
        pass

    def close(self) -> None:
        pass

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


NULL = NullProgress()


def size_text(size: int) -> str:
    """A byte count for people: ``999 B``, ``12.3 kB``, ``1.4 MB`` (decimal units).

    >>> size_text(999), size_text(12_345), size_text(1_360_000_000)
    ('999 B', '12.3 kB', '1.4 GB')
    """
    amount = float(size)
    for unit in ("B", "kB", "MB", "GB"):
        if amount < 999.95 or unit == "GB":
            return f"{size} B" if unit == "B" else f"{amount:.1f} {unit}"
        amount /= 1000
    raise AssertionError("unreachable")


class _Reporter:
    """What both visible reporters share: the open phase and closing it on leaving a ``with`` block."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._name: str | None = None

    def done(self) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Stop showing an unfinished phase (a build that failed): no line for it."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if kind is None:
            self.done()
        self.close()


class LineProgress(_Reporter):
    """One line a phase, written when it ends: name, count (of the total when known), detail, seconds.

    >>> import io
    >>> out = io.StringIO()
    >>> p = LineProgress(out, clock=iter([0.0, 0.78]).__next__)
    >>> p.phase("load", 169, unit="files"); p.advance(169); p.note("12.3 MB"); p.done()
    >>> out.getvalue()
    'load: 169/169 files (12.3 MB), 0.78 s\\n'
    """

    def __init__(self, stream: IO[str], *, clock: Callable[[], float] = time.perf_counter) -> None:
        super().__init__()
        self._stream = stream
        self._clock = clock
        self._total: int | None = None
        self._unit = ""
        self._count = 0
        self._note = ""
        self._started = 0.0

    def phase(self, name: str, total: int | None = None, *, unit: str = "") -> None:
        self.done()
        with self._lock:
            self._name, self._total, self._unit = name, total, unit
            self._count, self._note = 0, ""
            self._started = self._clock()

    def advance(self, n: int = 1) -> None:
        self._count += n

    def note(self, text: str) -> None:
        self._note = text

    def done(self) -> None:
        with self._lock:
            if self._name is None:
                return
            seconds = self._clock() - self._started
            self._stream.write(line(self._name, self._count, self._total, self._unit, self._note, seconds))
            self._stream.flush()
            self._name = None

    def close(self) -> None:
        self._name = None


def line(name: str, count: int, total: int | None, unit: str, note: str, seconds: float) -> str:
    """The line :class:`LineProgress` writes for a finished phase.

    >>> line("reasoning", 3, None, "rounds", "21,345 triples inferred", 0.904)
    'reasoning: 3 rounds (21,345 triples inferred), 0.90 s\\n'
    >>> line("pages", 1200, 1300, "", "", 12.0)
    'pages: 1,200/1,300, 12.00 s\\n'

    A phase that counted nothing and has no total shows its detail alone:

    >>> line("validation", 0, None, "", "pySHACL, 6 results", 1.5)
    'validation: pySHACL, 6 results, 1.50 s\\n'
    """
    if count == 0 and total is None and not unit:
        return f"{name}: {note + ', ' if note else ''}{seconds:.2f} s\n"
    counted = f"{count:,}" if total is None else f"{count:,}/{total:,}"
    text = f"{name}: {counted}" + (f" {unit}" if unit else "") + (f" ({note})" if note else "")
    return f"{text}, {seconds:.2f} s\n"


# How often a bar is drawn at most.
REDRAW_SECONDS = 0.1
# Count, time spent and time left, and the detail; no rate, which says nothing of a phase counted
# at its end (the dumps) and leaves less room for the detail.
BAR_FORMAT = "{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt}{unit} [{elapsed}<{remaining}{postfix}]"
COUNT_FORMAT = "{desc}: {n_fmt}{unit} [{elapsed}{postfix}]"


class TerminalProgress(_Reporter):
    """A tqdm bar a phase on a terminal: count of total, time spent and left; left on screen when done.

    tqdm draws at most ten times a second from the thread that advances (no display thread: the
    build forks workers, and a thread holding the stream's lock at a fork would leave the child's
    copy locked), so an :meth:`advance` costs about a microsecond and a half.
    """

    def __init__(self, stream: IO[str]) -> None:
        super().__init__()
        self._stream = stream
        self._bar: Any = None

    def phase(self, name: str, total: int | None = None, *, unit: str = "") -> None:
        self.done()
        bar = _bar_class()
        shape = _shape(self._stream)
        with self._lock:
            self._name = name
            self._bar = bar(
                desc=name,
                total=total,
                unit=f" {unit}" if unit else "",
                bar_format=BAR_FORMAT if total is not None else COUNT_FORMAT,
                file=self._stream,
                leave=True,
                ncols=shape and shape[0],
                nrows=shape and shape[1],
                dynamic_ncols=shape is None,
                mininterval=REDRAW_SECONDS,
            )

    def advance(self, n: int = 1) -> None:
        bar = self._bar
        if bar is not None:
            bar.update(n)

    def note(self, text: str) -> None:
        bar = self._bar
        if bar is not None:
            bar.set_postfix_str(text, refresh=False)
            # Drawn when tqdm has not drawn the count for a while (it times its draws with
            # time.time): a phase whose count moves rarely (a reasoning round) still shows which
            # step it is in, and a bar is never drawn more than ten times a second.
            now = time.time()
            if now - bar.last_print_t >= REDRAW_SECONDS:
                bar.refresh()
                bar.last_print_t = now

    def done(self) -> None:
        with self._lock:
            bar, self._bar, self._name = self._bar, None, None
        if bar is not None:
            if bar.total is not None and bar.n != bar.total:
                bar.total = bar.n  # a total that was an estimate: end at 100 %
            bar.close()

    def close(self) -> None:
        with self._lock:
            bar, self._bar, self._name = self._bar, None, None
        if bar is not None:
            bar.close()


def _shape(stream: IO[str]) -> tuple[int, int] | None:
    """None when the terminal tells its size (tqdm then follows it), else 80 columns and 24 lines:
    tqdm draws nothing on a terminal that says it has none (a fresh pseudo-terminal does)."""
    try:
        size = os.get_terminal_size(stream.fileno())
    except (AttributeError, OSError, ValueError):
        return 80, 24
    return None if size.columns > 0 and size.lines > 0 else (80, 24)


_BAR: Any = None


def _bar_class() -> Any:
    """tqdm's bar without its monitor thread (imported on first use: 13 ms a build that shows it)."""
    global _BAR
    if _BAR is None:
        from tqdm import tqdm  # type: ignore[import-untyped]  # no stubs in the lock

        class Bar(tqdm):  # type: ignore[misc]
            monitor_interval = 0  # no monitor thread (see TerminalProgress)

        _BAR = Bar
    return _BAR


def reporter(stream: IO[str], *, quiet: bool = False) -> NullProgress | LineProgress | TerminalProgress:
    """The reporter for ``stream``: nothing when ``quiet``, bars on a terminal, else a line a phase."""
    if quiet:
        return NullProgress()
    isatty = getattr(stream, "isatty", None)
    if isatty is not None and isatty():
        return TerminalProgress(stream)
    return LineProgress(stream)
