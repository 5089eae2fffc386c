"""A thread for work that runs in Oxigraph's native code while Python works on this one.

Oxigraph releases the interpreter lock while it evaluates queries and updates, so reasoning and
validation on a thread leave this thread free for Python work (reading and indexing graphs).
Oxigraph's query answers may only be freed on the thread that made them: when the work fails,
the locals of its frames (answers among them) are dropped there, before the error is raised again
here.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")


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
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"nqgraph-{name}") as pool:
        yield pool.submit(_clearing_frames, func, *args, **kwargs)


def thread_map(func: Callable[[Any], T], items: Iterable[Any], *, workers: int, name: str) -> list[T]:
    """``func(item)`` for every item, on at most ``workers`` threads; the results in the items'
    order. A failure is raised here once every thread has ended, as :func:`on_thread` does."""
    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix=f"nqgraph-{name}") as pool:
        futures = [pool.submit(_clearing_frames, func, item) for item in items]
        return [future.result() for future in futures]
