"""Virtuoso's bulk loader, for a Virtuoso on this machine: a full push without HTTP.

The graphs are written as N-Triples files into a folder the server may read (a folder listed in
its ``DirsAllowed``; ``ld_dir`` silently loads nothing from any other), registered with
``ld_dir`` for their graph, and loaded by ``rdf_loader_run()`` in as many loader sessions as the
server has cores to give (two here); a ``checkpoint`` then makes the load durable, since the
loader writes no transaction log. SQL goes through Virtuoso's own client, ``isql-vt`` (``isql``
on some systems); its command line carries the password (see :meth:`Isql.run`), so other users of
this machine can read it in the process list while a bulk push runs.

What a reader sees: each graph is cleared, then grows while the loader runs, and holds the whole
graph once the push reports it verified. Loading into a staging graph and swapping it in was
measured and dropped: Virtuoso has no graph rename, and moving a million quads from one graph to
another took longer than loading them (``MOVE``: 24 s; an ``UPDATE`` of the quads' graph column:
43 s, against 27 s for the load). The generic HTTP path (``nqgraph push`` without ``--bulk``) is
kept for other stores and remote servers.
"""

from __future__ import annotations

import re
import secrets
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from nqgraph.errors import StoreError

ISQL_PROGRAMS = ("isql-vt", "isql")
# Triples per file: the loader sessions take files one at a time, so a large graph is cut into
# parts that two sessions can share.
PART_SIZE = 250_000
LOADERS = 2


def sql_string(text: str) -> str:
    """A Virtuoso SQL string literal; refuses characters that could end it or start an escape."""
    if any(ord(c) < 32 for c in text) or "\\" in text:
        raise StoreError(f"cannot pass {text!r} to Virtuoso: it holds a control character or a backslash")
    return "'" + text.replace("'", "''") + "'"


@dataclass(frozen=True)
class Isql:
    """One Virtuoso server reached through its SQL port with ``isql-vt``."""

    address: str
    user: str
    password: str
    program: str = "isql-vt"
    timeout: float = 30.0

    @classmethod
    def find(cls, *, address: str, user: str, password: str, timeout: float, program: str | None) -> Isql:
        if not re.fullmatch(r"[A-Za-z0-9.\-\[\]:]+:\d+", address):
            raise StoreError(
                f"--isql: {address!r} is not HOST:PORT (the server's SQL port, e.g. localhost:1111)"
            )
        candidates = [program] if program else list(ISQL_PROGRAMS)
        found = next(filter(None, map(shutil.which, candidates)), None)
        if not found:
            wanted = program or " or ".join(ISQL_PROGRAMS)
            raise StoreError(
                f"--bulk needs Virtuoso's SQL client ({wanted}) on PATH: "
                "run `bash scripts/setup-virtuoso.sh`, or push without --bulk (over HTTP)"
            )
        return cls(address=address, user=user, password=password, program=found, timeout=timeout)

    def run(self, *statements: str, timeout: float | None = None) -> str:
        """Run statements in one session; return what they printed, or raise with the server's error.

        The password goes on isql's command line: given on its standard input instead, isql first
        tries an empty password and then reads one password per line, so a wrong one was tried
        several times and Virtuoso locked the account after the failures.
        """
        script = "".join(s.rstrip().rstrip(";") + ";\n" for s in statements)
        try:
            proc = subprocess.run(
                [
                    self.program,
                    self.address,
                    self.user,
                    self.password,
                    "VERBOSE=OFF",
                    "BANNER=OFF",
                    "PROMPT=OFF",
                ],
                input=script,
                capture_output=True,
                text=True,
                timeout=self.timeout if timeout is None else timeout,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise StoreError(f"Virtuoso at {self.address} did not finish within {exc.timeout:g} s") from exc
        err = proc.stderr
        if "CL034" in err or "Bad login" in err:
            raise StoreError(f"Virtuoso at {self.address} refused the credentials of user {self.user!r}")
        if "*** Error" in err or proc.returncode != 0:
            message = re.sub(r"\s+", " ", err.split("*** Error", 1)[-1]).strip() or f"exit {proc.returncode}"
            if "Connect failed" in message or "08001" in message:
                raise StoreError(f"cannot reach Virtuoso's SQL port at {self.address}: {message}")
            raise StoreError(f"Virtuoso at {self.address} answered an error: {message}")
        return proc.stdout

    def number(self, statement: str) -> int:
        out = self.run(statement).split()
        try:
            return int(out[-1])
        except (IndexError, ValueError) as exc:
            raise StoreError(f"Virtuoso at {self.address} gave no number for {statement!r}: {out!r}") from exc


def _iri(graph: str) -> str:
    if not re.fullmatch(r"[^\s<>\"{}|^`\\]+", graph):
        raise StoreError(f"cannot bulk-load into {graph!r}: not an IRI")
    return graph


Writer = Callable[[Path], list[tuple[str, Path]]]


def triples_writer(graphs: Mapping[str, Sequence[ox.Triple]]) -> Writer:
    """Files of at most :data:`PART_SIZE` triples for graphs held in memory."""

    def write(work: Path) -> list[tuple[str, Path]]:
        files: list[tuple[str, Path]] = []
        for i, (graph, triples) in enumerate(graphs.items()):
            for j in range(0, len(triples), PART_SIZE):
                path = work / f"g{i}-{j // PART_SIZE:04d}.nt"
                ox.serialize(triples[j : j + PART_SIZE], output=str(path), format=ox.RdfFormat.N_TRIPLES)
                files.append((graph, path))
        return files

    return write


def dump_writer(
    dump: Path, *, rename: Callable[[str], str], wanted: set[str], counts: dict[str, int]
) -> Writer:
    """Files streamed from a TriG dump, graph by graph, never holding a graph in memory.

    ``rename`` gives a dump graph's name on the server; graphs not in ``wanted`` are skipped;
    ``counts`` receives the triples written per graph (the dump's graphs hold distinct triples).
    """

    def write(work: Path) -> list[tuple[str, Path]]:
        files: list[tuple[str, Path]] = []
        reader = _Quads(iter(ox.parse(path=str(dump), format=ox.RdfFormat.TRIG)))
        names: dict[str, int] = {}
        while reader.head is not None:
            raw = reader.head.graph_name
            if not isinstance(raw, ox.NamedNode):
                raise StoreError(f"{dump}: has triples outside a named graph; push loads named graphs only")
            graph = rename(raw.value)
            i = names.setdefault(graph, len(names))
            if graph in wanted:
                path = work / f"g{i}-{sum(1 for g, _ in files if g == graph):04d}.nt"
                counter = _Counting(reader.part(raw, PART_SIZE))
                ox.serialize(counter, output=str(path), format=ox.RdfFormat.N_TRIPLES)
                counts[graph] = counts.get(graph, 0) + counter.n
                files.append((graph, path))
            else:
                for _ in reader.part(raw, PART_SIZE):
                    pass
        for graph in wanted - set(names):
            counts[graph] = 0
        return files

    return write


class _Quads:
    """Quads read one ahead, handed out as runs of one graph."""

    def __init__(self, quads: Iterator[ox.Quad]) -> None:
        self.quads = quads
        self.head: ox.Quad | None = next(quads, None)

    def part(self, graph: ox.NamedNode, limit: int) -> Iterator[ox.Triple]:
        """Up to ``limit`` triples of ``graph`` from here on (all of them must be consumed)."""
        n = 0
        while self.head is not None and self.head.graph_name == graph and n < limit:
            q = self.head
            self.head = next(self.quads, None)
            n += 1
            yield ox.Triple(q.subject, q.predicate, q.object)


class _Counting:
    """An iterator that counts what passes through it."""

    def __init__(self, inner: Iterator[ox.Triple]) -> None:
        self.inner = inner
        self.n = 0

    def __iter__(self) -> _Counting:
        return self

    def __next__(self) -> ox.Triple:
        item = next(self.inner)
        self.n += 1
        return item


def bulk_load(
    isql: Isql,
    folder: Path,
    graphs: Sequence[str],
    write: Writer,
    *,
    progress: Callable[[str], None],
) -> dict[str, float]:
    """Replace each graph by what ``write`` puts in files, through the bulk loader.

    ``folder`` must be readable by the server and listed in its ``DirsAllowed``; the files are
    written into a fresh subfolder of it and removed afterwards. Returns seconds per phase.
    """
    if not folder.is_dir():
        raise StoreError(
            f"--bulk-dir {folder}: not a folder (it must be one that Virtuoso's DirsAllowed lists)"
        )
    for graph in graphs:
        _iri(graph)
    times: dict[str, float] = {}
    work = folder.resolve() / f"nqgraph-push-{secrets.token_hex(6)}"
    work.mkdir()
    try:
        t0 = time.perf_counter()
        files = write(work)
        work.chmod(0o755)
        for _, path in files:
            path.chmod(0o644)
        times["write files"] = time.perf_counter() - t0
        progress(f"  wrote {len(files)} N-Triples file(s) for the loader in {times['write files']:.1f} s")

        t0 = time.perf_counter()
        mask = sql_string(str(work) + "/%")
        isql.run(f"DELETE FROM DB.DBA.LOAD_LIST WHERE ll_file LIKE {mask}")
        for graph in graphs:
            # Without a transaction log: a million quads are cleared in seconds, not minutes.
            isql.run("log_enable(3,1)", f"SPARQL CLEAR GRAPH <{_iri(graph)}>", timeout=None)
        times["clear"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        for graph, path in files:
            isql.run(f"ld_dir({sql_string(str(work))}, {sql_string(path.name)}, {sql_string(graph)})")
        registered = isql.number(f"SELECT COUNT(*) FROM DB.DBA.LOAD_LIST WHERE ll_file LIKE {mask}")
        if registered != len(files):
            raise StoreError(
                f"Virtuoso registered {registered} of {len(files)} files in {work}: "
                "is the folder listed in the server's DirsAllowed (virtuoso.ini)?"
            )
        errors: list[BaseException] = []

        def loader() -> None:
            try:
                isql.run("rdf_loader_run()", timeout=None)
            except BaseException as exc:  # handed to the caller's thread
                errors.append(exc)

        threads = [threading.Thread(target=loader) for _ in range(min(LOADERS, len(files)))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if errors:
            raise errors[0]
        failed = isql.run(
            f"SELECT ll_file, ll_error FROM DB.DBA.LOAD_LIST WHERE ll_file LIKE {mask} "
            "AND (ll_state <> 2 OR ll_error IS NOT NULL)"
        )
        if any(str(path) in failed for _, path in files):
            raise StoreError(f"Virtuoso's bulk loader failed on some files: {' '.join(failed.split())[:600]}")
        times["load"] = time.perf_counter() - t0
        progress(f"  bulk loader: {len(files)} file(s) in {times['load']:.1f} s")

        t0 = time.perf_counter()
        isql.run("checkpoint", timeout=None)
        isql.run(f"DELETE FROM DB.DBA.LOAD_LIST WHERE ll_file LIKE {mask}")
        times["checkpoint"] = time.perf_counter() - t0
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return times
