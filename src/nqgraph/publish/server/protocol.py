"""The SPARQL 1.1 Protocol's query operation read from an HTTP request, or the 4xx that a malformed
request gets (https://www.w3.org/TR/sparql11-protocol/#query-operation).

- GET: ``query`` (exactly one) and the dataset in the URL.
- POST with ``application/x-www-form-urlencoded``: ``query`` in the body, the dataset in the body or
  the URL.
- POST with ``application/sparql-query``: the query is the body (UTF-8), the dataset in the URL.
- Updates (an ``update`` parameter or ``application/sparql-update``) are refused with 403; a POST with
  no content type or another one, two queries, a missing query, text that is not UTF-8 and a graph
  name that is not an absolute IRI get 400 (the SPARQL 1.1 Protocol's answer to a malformed request).
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass

from nqgraph.publish.server.classify import Refused

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
FORMAT_PARAMETERS = ("format", "output", "results")
_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]*")
READ_ONLY = "this endpoint is read-only: SPARQL Update is refused"


@dataclass(frozen=True)
class Operation:
    """A query request: the text, the dataset it names (None where it names none) and format words."""

    query: str
    default_graphs: tuple[str, ...] | None
    named_graphs: tuple[str, ...] | None
    formats: tuple[str, ...]

    @property
    def names_dataset(self) -> bool:
        return self.default_graphs is not None or self.named_graphs is not None


def _parse(text: str, where: str) -> dict[str, list[str]]:
    try:
        return urllib.parse.parse_qs(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        raise Refused(400, f"the {where} is not UTF-8 once percent-decoded: {exc}") from exc


def from_get(query_string: str) -> Operation | None:
    """The operation of a GET, or None when it names no query at all (a visit to the endpoint)."""
    params = _parse(query_string, "query string")
    if "update" in params:
        raise Refused(403, READ_ONLY + " (and an update is never sent by GET)")
    if "query" not in params:
        if params:
            raise Refused(400, "missing query: the request has no 'query' parameter")
        return None
    return _operation(params["query"], params, "URL")


def from_post(query_string: str, content_type: str, body: bytes) -> Operation:
    media, _, parameters = content_type.partition(";")
    media = media.strip().lower()
    charset = _charset(parameters)
    url = _parse(query_string, "query string")
    if media == UPDATE or "update" in url:
        raise Refused(403, READ_ONLY)
    if not media:
        raise Refused(
            400, f"a POST to /sparql needs a Content-Type: {FORM} or {DIRECT} (this request has none)"
        )
    if charset not in ("", "utf-8", "utf8"):
        raise Refused(400, f"the body must be UTF-8; this request says charset={charset}")
    if media == FORM:
        try:
            text = body.decode("ascii")
        except UnicodeDecodeError as exc:
            raise Refused(400, f"a form body must be percent-encoded ASCII: {exc}") from exc
        form = _parse(text, "form body")
        if "update" in form:
            raise Refused(403, READ_ONLY)
        merged = {k: url.get(k, []) + form.get(k, []) for k in {*url, *form}}
        if "query" not in merged:
            raise Refused(400, "missing query: the form has no 'query' field")
        return _operation(merged["query"], merged, "form")
    if media == DIRECT:
        if "query" in url:
            raise Refused(400, "two queries: a 'query' parameter in the URL beside the query in the body")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise Refused(400, f"the query is not UTF-8: {exc}") from exc
        return _operation([text], url, "body")
    raise Refused(400, f"a POST to /sparql needs Content-Type {FORM} or {DIRECT}, not {media}")


def _charset(parameters: str) -> str:
    for part in parameters.split(";"):
        name, _, value = part.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return ""


def _operation(queries: list[str], params: dict[str, list[str]], where: str) -> Operation:
    if len(queries) != 1:
        raise Refused(400, f"{len(queries)} queries in one request ({where}); send exactly one")
    defaults = params.get("default-graph-uri")
    named = params.get("named-graph-uri")
    for iri in (*(defaults or ()), *(named or ())):
        if not _ABSOLUTE_IRI.fullmatch(iri):
            raise Refused(400, f"graph name {iri!r} is not an absolute IRI")
    words = tuple(w for name in FORMAT_PARAMETERS for w in params.get(name, []))
    if defaults is None and named is None:
        return Operation(queries[0], None, None, words)
    return Operation(queries[0], tuple(defaults or ()), tuple(named or ()), words)
