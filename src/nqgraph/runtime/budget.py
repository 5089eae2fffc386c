"""Stop a build that will not fit in memory with a message naming the phase, not a kill.

Oxigraph allocates in Rust, where running out of memory aborts the process: by then it is too
late for a clear message. So before each phase the build estimates the peak it will reach from
the size of its Turtle input (factors measured on synthetic corpora, ``benchmarks/README.md``)
and compares it with the memory it may use: ``NQGRAPH_MEMORY_LIMIT`` (``"2G"``, ``"500M"``) when
set, otherwise what the system reports as available plus what the process already holds, and
never more than an address-space limit (``ulimit -v``). A ``MemoryError`` raised in Python code
is turned into the same kind of message.
"""

from __future__ import annotations

import os
import re
import resource
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from nqgraph.errors import ResourceError

# Peak memory of a build (all its processes), in bytes per byte of Turtle read, by the end of each
# phase. Measured at 100k triples (all phases) and 1M, rounded up (benchmarks/README.md). The site
# phase holds the most: the main process, two page workers and the dumps writer all at once.
PEAK_PER_INPUT_BYTE = {"load": 20.0, "reasoning": 24.0, "validation": 24.0, "writing": 32.0, "site": 50.0}
# What the interpreter, the libraries and the ontology take before any data.
BASELINE_BYTES = 120 * 2**20

_SIZE = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([KMGT]?)i?B?\s*\Z", re.IGNORECASE)


def parse_size(text: str) -> int:
    """``"2G"`` → 2 GiB in bytes; also ``"500M"``, ``"1.5G"``, ``"800000K"`` or plain bytes."""
    m = _SIZE.match(text)
    if not m:
        raise ResourceError(f"NQGRAPH_MEMORY_LIMIT: {text!r} is not a size such as 2G or 500M")
    scale = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}[m.group(2).upper()]
    return int(float(m.group(1)) * scale)


def _meminfo_available() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def _resident() -> int:
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def memory_limit() -> tuple[int | None, str]:
    """How many bytes the build may use, and where that figure comes from."""
    env = os.environ.get("NQGRAPH_MEMORY_LIMIT")
    if env:
        return parse_size(env), "NQGRAPH_MEMORY_LIMIT"
    limits: list[tuple[int, str]] = []
    available = _meminfo_available()
    if available is not None:
        limits.append((available + _resident(), "memory available on this machine"))
    soft, _hard = resource.getrlimit(resource.RLIMIT_AS)
    if soft not in (resource.RLIM_INFINITY, -1):
        limits.append((soft, "the address-space limit (ulimit -v)"))
    return min(limits) if limits else (None, "unknown")


def input_bytes(paths: list[Path]) -> int:
    """Total size of the Turtle files a build reads."""
    return sum(p.stat().st_size for p in paths if p.is_file())


def check(phase: str, size: int) -> None:
    """Raise :class:`ResourceError` when ``phase`` is expected to need more memory than allowed."""
    limit, source = memory_limit()
    if limit is None:
        return
    need = BASELINE_BYTES + int(PEAK_PER_INPUT_BYTE[phase] * size)
    if need > limit:
        raise ResourceError(
            f"not enough memory for {phase}: {size / 2**20:,.0f} MB of Turtle needs about "
            f"{need / 2**20:,.0f} MB at that phase, and {limit / 2**20:,.0f} MB is allowed ({source}). "
            "Nothing was written. Use a machine with more memory, raise the limit, or build the "
            "corpus in parts (one folder per province)."
        )


@contextmanager
def phase(name: str, size: int) -> Iterator[None]:
    """Check the budget before ``name`` runs, and name it if Python runs out of memory inside."""
    check(name, size)
    try:
        yield
    except MemoryError as exc:
        raise ResourceError(f"out of memory during {name}; nothing was written") from exc
