"""Native work on a thread: answers, errors, and query answers freed where they were made."""

from __future__ import annotations

import gc
import logging
import sys
import threading

import pyoxigraph as ox
import pytest

from nqgraph.graph.store import OxigraphStore
from nqgraph.runtime.threads import on_thread, thread_map

XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")


def test_work_on_a_thread_returns_its_answer_and_the_thread_ends_with_the_block() -> None:
    with on_thread(lambda a, *, b: a + b, 2, b=3, name="test") as future:
        assert future.result() == 5
    assert not [t for t in threading.enumerate() if t.name.startswith("nqgraph-test")]


@pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")
def test_a_query_answer_held_by_failed_work_is_freed_on_its_own_thread() -> None:
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("o")))

    def fail() -> None:
        answer = store.query("SELECT * WHERE { ?s ?p ?o }")
        raise ValueError(f"bad answer {answer}")

    with pytest.raises(ValueError, match="bad answer") as info, on_thread(fail, name="test") as future:
        future.result()
    tb = info.value.__traceback__
    while tb is not None:
        assert "answer" not in tb.tb_frame.f_locals, tb.tb_frame.f_code.co_name
        tb = tb.tb_next
    del info
    gc.collect()


def test_reading_an_ill_typed_date_logs_no_traceback_that_would_keep_the_answer(
    caplog: pytest.LogCaptureFixture,
) -> None:
    store = OxigraphStore()
    store.add_native(
        [ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("2021-02-30", datatype=XSD_DATE))]
    )
    query = "SELECT ?o WHERE { ?s ?p ?o }"
    with caplog.at_level(logging.WARNING), on_thread(store.query, query, name="t") as f:
        assert str(f.result().rows[0][0]) == "2021-02-30"
    assert not [r for r in caplog.records if r.exc_info]


def test_work_mapped_on_threads_comes_back_in_the_order_of_its_items() -> None:
    seen: set[str] = set()

    def work(n: int) -> int:
        seen.add(threading.current_thread().name)
        return n * n

    assert thread_map(work, range(20), workers=2, name="squares") == [n * n for n in range(20)]
    assert seen and all(name.startswith("nqgraph-squares") for name in seen)


def test_a_failure_of_mapped_work_is_raised_after_every_thread_ended() -> None:
    def work(n: int) -> int:
        if n == 3:
            raise ValueError("three")
        return n

    before = threading.active_count()
    with pytest.raises(ValueError, match="three"):
        thread_map(work, range(6), workers=2, name="failing")
    assert threading.active_count() == before


def test_the_switch_interval_is_short_while_threads_run_and_restored_after_even_a_failure() -> None:
    before = sys.getswitchinterval()
    seen: list[float] = []

    def look(_: object) -> float:
        return sys.getswitchinterval()

    with on_thread(lambda: sys.getswitchinterval(), name="test") as future:
        seen.append(future.result())
        seen += thread_map(look, [1, 2], workers=2, name="test")  # nested: still short
        seen.append(sys.getswitchinterval())
    assert sys.getswitchinterval() == before
    assert all(s <= 0.0002 for s in seen) and len(seen) == 4
    with pytest.raises(ZeroDivisionError), on_thread(lambda: 1 / 0, name="test") as failing:
        failing.result()
    assert sys.getswitchinterval() == before
