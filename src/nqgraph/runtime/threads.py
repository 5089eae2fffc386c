"""A thread for work that runs in Oxigraph's native code while Python works on this one.

Oxigraph releases the interpreter lock while it evaluates queries and updates, so reasoning and
validation on a thread leave this thread free for Python work (reading and indexing graphs).
Oxigraph's query answers may only be freed on the thread that made them: when the work fails,
the locals of its frames (answers among them) are dropped there, before the error is raised again
here.

While such threads run, the interpreter hands its lock over more often (see :func:`_quick_handover`).
"""

from __future__ import annotations

import sys
import threading
import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")

# Oxigraph gives the interpreter lock up for each row it yields, and a thread that gives it up waits
# for the lock up to the switch interval (5 ms by default) whenever another thread runs Python: 700
# rows read beside a busy thread took 3.5 s against 0.08 s alone, 0.2 s at this interval; the
# validation of 1M triples 37.6 s against 3.8 s alone, 5.1 s at this interval. A clean build
# validates on a thread while this one indexes the graph for the pages.
_HANDOVER = 0.0002
_lock = threading.Lock()
_active = 0
_saved = 0.0


@contextmanager
def _quick_handover() -> Iterator[None]:
    """Shorten the interpreter's switch interval while the block runs (nested blocks, from any
    thread, share it); the interval set before is restored when the last one ends."""
    global _active, _saved
    with _lock:
        if _active == 0:
            _saved = sys.getswitchinterval()
            sys.setswitchinterval(min(_saved, _HANDOVER))
        _active += 1
    try:
        yield
    finally:
        with _lock:
            _active -= 1
            if _active == 0:
                sys.setswitchinterval(_saved)


def _clearing_frames(func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    try:
        return func(*args, **kwargs)
    except BaseException as exc:
        seen: set[int] = set()
        error: BaseException | None = exc
        while error is not None and id(error) not in seen:
            seen.add(id(error))
            traceback.clear_frames(error.__traceback__)
            error = error.__cause__ or error.__context__
        raise


@contextmanager
def on_thread(func: Callable[..., T], *args: Any, name: str, **kwargs: Any) -> Iterator[Future[T]]:
    """Run ``func(*args, **kwargs)`` on a thread; the thread has ended when the block is left."""
    with _quick_handover(), ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"nqgraph-{name}") as pool:
        yield pool.submit(_clearing_frames, func, *args, **kwargs)


def thread_map(func: Callable[[Any], T], items: Iterable[Any], *, workers: int, name: str) -> list[T]:
    """``func(item)`` for every item, on at most ``workers`` threads; the results in the items'
    order. A failure is raised here once every thread has ended, as :func:`on_thread` does."""
    with (
        _quick_handover(),
        ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix=f"nqgraph-{name}") as pool,
    ):
        futures = [pool.submit(_clearing_frames, func, item) for item in items]
        return [future.result() for future in futures]
