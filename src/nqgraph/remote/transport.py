"""HTTP for a push: requests with the push's credentials, and where a server keeps its services.

Authentication is answered here (Digest or Basic, see :class:`Http`); the URL conventions of
Virtuoso, Fuseki, Oxigraph, GraphDB and RDF4J are in :func:`graph_store_candidates` and
:func:`update_candidates`.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
import secrets
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field

from nqgraph.errors import StoreError

USER_AGENT = "nqgraph-push/0.1 (https://w3id.org/nqgraph)"


# ---------------------------------------------------------------- HTTP


@dataclass(frozen=True)
class Response:
    status: int
    body: str
    headers: dict[str, str] = field(default_factory=dict)


class Http:
    """HTTP with the credentials and timeout of one push.

    Authentication is done here rather than by urllib's handlers: those send the request body
    first without credentials, and Virtuoso closes the connection on its 401 while a large
    graph is still being sent ("broken pipe"). A bodiless HEAD fetches the challenge (Digest or
    Basic); every request after it carries the answer.
    """

    def __init__(self, *, user: str | None, password: str | None, timeout: float) -> None:
        self.user = user
        self.password = password
        self.timeout = timeout
        self._challenges: dict[str, dict[str, str]] = {}
        self._nonce_count: dict[str, int] = defaultdict(int)

    def send(
        self, method: str, url: str, *, body: bytes | None = None, content_type: str | None = None
    ) -> Response:
        """One request; transport failures and refused credentials raise :class:`StoreError`."""
        return _send(self, method, url, body=body, content_type=content_type)

    def raw(self, method: str, url: str, body: bytes | None, headers: dict[str, str]) -> Response:
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as resp:
                return Response(
                    resp.status, resp.read().decode("utf-8", errors="replace"), dict(resp.headers)
                )
        except urllib.error.HTTPError as exc:
            text = exc.read().decode("utf-8", errors="replace") if exc.fp is not None else ""
            return Response(exc.code, text, dict(exc.headers or {}))
        except TimeoutError as exc:
            raise StoreError(f"{url} did not answer within {self.timeout:g} s") from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise StoreError(f"{url} did not answer within {self.timeout:g} s") from exc
            raise StoreError(f"cannot reach {url}: {exc.reason}") from exc
        except OSError as exc:
            raise StoreError(f"cannot reach {url}: {exc}") from exc

    def learn(self, url: str, response: Response) -> bool:
        """Remember the challenge of a 401 answer; False if it has none this client can answer."""
        header = next((v for k, v in response.headers.items() if k.lower() == "www-authenticate"), "")
        scheme, _, rest = header.strip().partition(" ")
        if scheme.lower() not in ("digest", "basic"):
            return False
        params = urllib.request.parse_keqv_list(urllib.request.parse_http_list(rest)) if rest else {}
        params["scheme"] = scheme.lower()
        self._challenges[_key(url)] = params
        return True

    def knows(self, url: str) -> bool:
        """Whether a challenge for this URL has been seen."""
        return _key(url) in self._challenges

    def authorization(self, method: str, url: str) -> str | None:
        chal = self._challenges.get(_key(url))
        if chal is None or self.user is None:
            return None
        password = self.password or ""
        if chal["scheme"] == "basic":
            return "Basic " + base64.b64encode(f"{self.user}:{password}".encode()).decode("ascii")
        parts = urllib.parse.urlsplit(url)
        uri = parts.path + ("?" + parts.query if parts.query else "")
        realm, nonce = chal.get("realm", ""), chal.get("nonce", "")

        def md5(text: str) -> str:
            return hashlib.md5(text.encode("utf-8"), usedforsecurity=False).hexdigest()

        ha1 = md5(f"{self.user}:{realm}:{password}")
        ha2 = md5(f"{method}:{uri}")
        fields = {"username": self.user, "realm": realm, "nonce": nonce, "uri": uri}
        if "auth" in chal.get("qop", "").split(","):
            self._nonce_count[nonce] += 1
            nc = f"{self._nonce_count[nonce]:08x}"
            cnonce = secrets.token_hex(8)
            fields["response"] = md5(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")
            extra = f', qop=auth, nc={nc}, cnonce="{cnonce}"'
        else:
            fields["response"] = md5(f"{ha1}:{nonce}:{ha2}")
            extra = ""
        if "opaque" in chal:
            fields["opaque"] = chal["opaque"]
        quoted = ", ".join(f'{k}="{v}"' for k, v in fields.items())
        return f"Digest {quoted}, algorithm=MD5{extra}"


def _key(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


def _send(http: Http, method: str, url: str, *, body: bytes | None, content_type: str | None) -> Response:
    headers = {"User-Agent": USER_AGENT, "Accept": "*/*"}
    if content_type:
        headers["Content-Type"] = content_type
    if http.user is not None and not http.knows(url):
        # HEAD: the challenge without a body (a graph store would send the whole graph to a GET).
        probe = http.raw("HEAD", url, None, {"User-Agent": USER_AGENT})
        if probe.status == 401:
            http.learn(url, probe)
    for attempt in (1, 2):
        auth = http.authorization(method, url)
        resp = http.raw(method, url, body, {**headers, **({"Authorization": auth} if auth else {})})
        if resp.status != 401:
            break
        if http.user is None:
            raise StoreError(f"{url} requires authentication (HTTP 401): give --user and --password")
        # One retry: a first challenge seen only now, or a nonce the server has let go stale.
        if (
            attempt == 1
            and http.learn(url, resp)
            and (auth is None or "stale=true" in str(resp.headers).lower())
        ):
            continue
        raise StoreError(
            f"{url} refused the credentials of user {http.user!r} (HTTP 401): wrong user name or password"
        )
    if resp.status == 403:
        who = f"user {http.user!r}" if http.user else "anonymous users"
        raise StoreError(f"{url} forbids {method} for {who} (HTTP 403): {server_message(resp.body)}")
    return resp


def server_message(body: str, *, limit: int = 600) -> str:
    """The readable part of an error page (Virtuoso puts its message in ``<xmp>``)."""
    m = re.search(r"<xmp>(.*?)</xmp>", body, re.DOTALL | re.IGNORECASE)
    text = m.group(1) if m else re.sub(r"<[^>]+>", " ", body)
    text = re.sub(r"\s+", " ", html.unescape(text)).strip()
    return (text[:limit] + "…") if len(text) > limit else (text or "(empty answer)")


# ---------------------------------------------------------------- where to send what


def _split(endpoint: str) -> tuple[str, str]:
    parts = urllib.parse.urlsplit(endpoint)
    return f"{parts.scheme}://{parts.netloc}", parts.path.rstrip("/")


def graph_store_candidates(endpoint: str, *, authenticated: bool) -> list[str]:
    """Graph Store Protocol URLs to try for a query endpoint, by the servers' conventions.

    Virtuoso ``/sparql`` → ``/sparql-graph-crud-auth`` (``/sparql-graph-crud`` without a user);
    Fuseki ``/ds/sparql`` or ``/ds/query`` → ``/ds/data``; Oxigraph ``/query`` → ``/store``;
    GraphDB and RDF4J ``/repositories/ID`` → ``/repositories/ID/rdf-graphs/service``.
    """
    origin, path = _split(endpoint)
    head = path.rsplit("/", 1)[0]
    out: list[str] = []
    if path.endswith("/sparql"):
        out.append(origin + path + ("-graph-crud-auth" if authenticated else "-graph-crud"))
        out.append(origin + head + "/data")
    elif path.endswith("/query"):
        out += [origin + head + "/store", origin + head + "/data"]
    elif re.search(r"/repositories/[^/]+$", path):
        out.append(origin + path + "/rdf-graphs/service")
    out.append(endpoint)
    return list(dict.fromkeys(out))


def update_candidates(endpoint: str, *, authenticated: bool) -> list[str]:
    """SPARQL Update URLs to try: Virtuoso ``/sparql-auth``, Fuseki/Oxigraph ``…/update``, GraphDB
    ``/repositories/ID/statements``, then the endpoint itself."""
    origin, path = _split(endpoint)
    head = path.rsplit("/", 1)[0]
    out: list[str] = []
    if path.endswith("/sparql"):
        if authenticated:
            out.append(origin + path + "-auth")
        out.append(origin + head + "/update")
    elif path.endswith("/query"):
        out.append(origin + head + "/update")
    elif re.search(r"/repositories/[^/]+$", path):
        out.append(origin + path + "/statements")
    out.append(endpoint)
    return list(dict.fromkeys(out))


class NotHere(Exception):
    """The URL has no service of that kind (404, 405, …): try the next candidate."""
