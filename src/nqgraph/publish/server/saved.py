"""``/queries/<name>``: one page of a saved query's answer, as SPARQL JSON results or CSV.

``?limit=`` (default 100, at most the server's row cap), ``?offset=`` or ``?cursor=`` choose the
page; every other parameter of the URL binds the query parameter of that name, typed and checked by
the query's header and bound by :mod:`nqgraph.graph.sparql`, never pasted. The rows come in the
query's total order (:mod:`nqgraph.graph.paging`), from the query workers, so a page has the same
deadline and memory limit as any query of ``/sparql``. A page that another one follows names it in
``Link: <…>; rel="next"`` and in ``X-Nqgraph-Next-Cursor``; the cursor holds the build's label, so a
cursor from a build the server no longer serves is refused (400) instead of paging a changed answer.
"""

from __future__ import annotations

import functools
import re
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nqgraph.errors import QueryError
from nqgraph.graph import paging
from nqgraph.graph.answer_files import FOLDER, AnswerFile, open_answer, read_rows
from nqgraph.graph.queries import SavedQuery, bindings_for, check_syntax, load_queries
from nqgraph.graph.sparql import bind_values
from nqgraph.graph.store import names_dataset, to_ox
from nqgraph.publish.server.classify import Refused
from nqgraph.publish.server.negotiation import preferred
from nqgraph.publish.server.results import SOLUTION_TYPES, TEXT, Answer, Job, serialize_solutions
from nqgraph.publish.server.workers import Busy, QueryPool

PREFIX = "/queries/"
DEFAULT_LIMIT = 100
# URL parameters that choose the page and the format, not a parameter of the query.
RESERVED = frozenset(("limit", "offset", "cursor", "format"))
_PATH = re.compile(r"/queries/([A-Za-z0-9][A-Za-z0-9_-]*)\Z")
OFFERED = ("application/sparql-results+json", "application/json", "text/csv")


@dataclass(frozen=True)
class Request:
    """A page request read from the URL: the query, its parameters, the page and the format."""

    query: SavedQuery
    params: dict[str, str]
    limit: int
    offset: int
    cursor: str | None
    fmt: str


@dataclass
class Reply:
    """What the endpoint answers: an HTTP status, media type, body and headers."""

    status: int
    media_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def saved_name(path: str, folder: Path) -> str | None:
    """The saved query ``path`` names, or None when it names none (the site's files are served)."""
    match = _PATH.match(path)
    if match is None or match.group(1) not in _queries(folder, _stamp(folder)):
        return None
    return match.group(1)


def _stamp(folder: Path) -> tuple[int, ...]:
    try:
        return tuple(p.stat().st_mtime_ns for p in sorted(folder.glob("*.rq")))
    except OSError:
        return ()


@functools.lru_cache(maxsize=4)
def _queries(folder: Path, stamp: tuple[int, ...]) -> dict[str, SavedQuery]:
    # Read again whenever a file of the folder changes (its modification times are the key).
    try:
        return load_queries(folder)
    except QueryError:
        return {}


def read_request(name: str, query_string: str, accept: str, *, folder: Path, row_cap: int) -> Request:
    """The page the URL asks for, or :class:`Refused` (400, 406) saying what is wrong with it."""
    query = _queries(folder, _stamp(folder))[name]
    try:
        fields = urllib.parse.parse_qs(
            query_string, keep_blank_values=True, encoding="utf-8", errors="strict"
        )
    except UnicodeDecodeError as exc:
        raise Refused(400, f"the query string is not UTF-8 once percent-decoded: {exc}") from exc
    repeated = sorted(k for k, v in fields.items() if len(v) > 1)
    if repeated:
        raise Refused(400, f"each parameter may be given once: {', '.join(repeated)}")
    given = {k: v[0] for k, v in fields.items()}
    fmt = given.get("format")
    if fmt is None:
        chosen = preferred(accept, OFFERED) if accept.strip() else OFFERED[0]
        if chosen is None:
            raise Refused(406, f"the answer is offered as {', '.join(OFFERED)}")
        fmt = "csv" if chosen == "text/csv" else "json"
    elif fmt not in ("json", "csv"):
        raise Refused(400, f"format must be json or csv, not {fmt!r}")
    try:
        limit, offset = paging.check_page(given.get("limit", DEFAULT_LIMIT), given.get("offset"))
    except QueryError as exc:
        raise Refused(400, str(exc)) from exc
    if limit is None or limit > row_cap:
        raise Refused(400, f"limit must be at most {row_cap:,} (the server's row cap), not {limit}")
    if "cursor" in given and "offset" in given:
        raise Refused(400, "give an offset or a cursor, not both")
    params = {k: v for k, v in given.items() if k not in RESERVED}
    return Request(query, params, limit, offset, given.get("cursor"), fmt)


def page_job(request: Request, *, build: str) -> tuple[Job, int, str]:
    """The job that computes the page (one row more than the page, to know whether another page
    follows), the page's offset and the digest a cursor must carry; :class:`Refused` (400) for a
    parameter or a cursor that is wrong."""
    query = request.query
    try:
        bindings = bindings_for(query, request.params)
        check_syntax(query.text, where=query.name)
        digest = paging.query_digest(query.text, bindings)
        offset = request.offset
        if request.cursor is not None:
            offset = paging.read_cursor(request.cursor, build=build, query=digest).offset
        text = paging.paged(query.text, paging.projection(query.text), limit=request.limit + 1, offset=offset)
        text = bind_values(text, bindings)
    except QueryError as exc:
        raise Refused(400, f"query {query.name}: {exc}") from exc
    job = Job(
        query=text,
        solutions_format=request.fmt,
        graph_format="ttl",
        union_default_graph=not names_dataset(text),
        row_cap=request.limit,
    )
    return job, offset, digest


def reply(
    request: Request, answer: Answer, *, offset: int, digest: str, build: str, source: str = "computed"
) -> Reply:
    """The HTTP reply for a page, with the link to the next page; ``X-Nqgraph-Answer`` says whether the
    page was ``computed`` by the workers or read from the answer the build ``written``."""
    if answer.status != 200:
        return Reply(answer.status, answer.media_type, answer.body)
    headers = {"Vary": "Accept", "X-Nqgraph-Offset": str(offset), "X-Nqgraph-Answer": source}
    # A page cut by the byte cap goes on where it stopped; one cut by the row cap (the extra row
    # asked for) has a next page after its last row.
    more = answer.capped in ("rows", "bytes") and answer.rows > 0
    if more:
        cursor = paging.Cursor(offset + answer.rows, build, digest).encode()
        link = urllib.parse.urlencode(
            {**request.params, "limit": str(request.limit), "format": request.fmt, "cursor": cursor}
        )
        headers["X-Nqgraph-Next-Cursor"] = cursor
        headers["Link"] = f'<{PREFIX}{request.query.name}?{link}>; rel="next"'
    if answer.capped == "bytes":
        headers["X-NQGraph-Byte-Cap"] = "1"
    media = SOLUTION_TYPES[request.fmt]
    return Reply(200, media, answer.body, headers)


def answer_page(
    name: str,
    environ: dict[str, Any],
    *,
    folder: Path,
    label: str,
    pool: QueryPool,
    row_cap: int,
    deadline: float,
    answers: Path | None = None,
) -> Reply:
    """The reply to a GET of ``/queries/<name>`` on the build labelled ``label``: read from the
    answer the build wrote into ``answers`` when it wrote one for this request, else run by ``pool``."""
    request = read_request(
        name,
        str(environ.get("QUERY_STRING", "")),
        str(environ.get("HTTP_ACCEPT", "")),
        folder=folder,
        row_cap=row_cap,
    )
    written = open_answer(answers, request.query) if answers is not None and not request.params else None
    if written is not None:
        return _from_file(request, written, build=label)
    job, offset, digest = page_job(request, build=label)
    try:
        answer = pool.run(job, deadline)
    except Busy as exc:
        return Reply(503, TEXT, str(exc).encode(), {"Retry-After": str(max(1, round(exc.retry_after)))})
    return reply(request, answer, offset=offset, digest=digest, build=label)


def _from_file(request: Request, written: AnswerFile, *, build: str) -> Reply:
    """A page read from the answer the build wrote (no query runs: a seek and a few kilobytes)."""
    offset = request.offset
    if request.cursor is not None:
        try:
            offset = paging.read_cursor(request.cursor, build=build, query=written.digest).offset
        except QueryError as exc:
            raise Refused(400, f"query {request.query.name}: {exc}") from exc
    rows = read_rows(written, offset=offset, limit=request.limit + 1)
    page = [[None if t is None else to_ox(t) for t in row] for row in rows[: request.limit]]
    body = serialize_solutions(list(written.variables), page, request.fmt)
    answer = Answer(
        200, SOLUTION_TYPES[request.fmt], body, "rows" if len(rows) > request.limit else "", len(page)
    )
    return reply(request, answer, offset=offset, digest=written.digest, build=build, source="written")


def answers_folder(out: Path) -> Path:
    """Where the build in ``out`` wrote the answers of the queries asked without parameters."""
    return out / FOLDER
