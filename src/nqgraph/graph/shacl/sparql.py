"""SPARQL-based constraints: the SPARQL that SHACL forbids, and queries with ``$this`` pre-bound.

SHACL (section 5.3.1) pre-binds ``$this`` to the focus node: its value is the focus node everywhere
in the query, in UNION branches, nested groups and sub-SELECTs alike, which a VALUES block at the
top of the query does not give. Oxigraph's query substitutions do; rdflib's ``initBindings`` do the
same for the rdflib engine. SHACL forbids what would make pre-binding ambiguous (MINUS, VALUES,
SERVICE, ``SELECT *``, a sub-SELECT not returning ``$this``, and assigning ``$this``): such a
query is refused with the shape named.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

import pyoxigraph as ox
from rdflib import Literal
from rdflib.term import BNode, Identifier, Node

from nqgraph.errors import DataError
from nqgraph.graph.shacl.shapes import name
from nqgraph.graph.store import OxigraphStore, RdflibStore, from_ox, to_ox

# Comments, strings and IRIs (which may hold any word), and the words that matter here.
_TOKENS = re.compile(
    r"#[^\n]*"
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\s]*>'
    r"|[?$][A-Za-z0-9_]+"
    r"|[A-Za-z_][A-Za-z0-9_-]*(?::[A-Za-z0-9_.-]*)?"
    r"|\*|\{|\}|\(|\)",
)
_FORBIDDEN = {"MINUS", "VALUES", "SERVICE"}
_PREBOUND_UNSUPPORTED = ("shapesGraph", "currentShape")


def _tokens(text: str) -> list[str]:
    out = []
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token[0] in "#'\"<":
            continue
        out.append(token)
    return out


def check_select(shape: Node, select: str, prebound: Iterable[str] = ("this",)) -> None:
    """Refuse a SPARQL constraint's (or validator's) query that SHACL forbids or that needs what is
    not compiled; ``prebound`` names its pre-bound variables besides $shapesGraph and $currentShape."""
    tokens = _tokens(select)
    bound = {f"{mark}{var}" for var in prebound for mark in "$?"}

    def refuse(what: str) -> DataError:
        return DataError(f"shape {name(shape)}: its SPARQL constraint {what}, which SHACL forbids")

    upper = [t.upper() for t in tokens]
    for word in _FORBIDDEN:
        if word in upper:
            raise refuse(f"uses {word}")
    for var in _PREBOUND_UNSUPPORTED:
        if f"${var}" in tokens or f"?{var}" in tokens:
            from nqgraph.graph.shacl.shapes import unsupported

            raise unsupported(shape, f"the pre-bound variable ${var} in a SPARQL constraint")
    selects = [i for i, t in enumerate(upper) if t == "SELECT"]
    for n, at in enumerate(selects):
        projection = []
        for token in tokens[at + 1 :]:
            if token.upper() in ("WHERE", "FROM") or token == "{":
                break
            projection.append(token)
        if "*" in projection:
            raise refuse("uses SELECT *")
        if n > 0 and not {"$this", "?this"} & set(projection):
            raise refuse("has a sub-SELECT that does not return $this")
    for i, token in enumerate(upper[:-1]):
        if token == "AS" and tokens[i + 1] in bound:
            raise refuse(f"assigns the pre-bound ${tokens[i + 1][1:]}")


# bound($this) is always true under pre-binding; Oxigraph's substitution leaves the variable
# unbound for bound() and BIND, so the call is written as what it means.
_BOUND_THIS = re.compile(r"\bbound\s*\(\s*[?$]this\s*\)", re.IGNORECASE)


def prebind(text: str, this: Node, n3: Callable[[Node], str], *, var: str = "this") -> str:
    """``text`` with ``$this`` pre-bound to the IRI or literal ``this`` as SHACL defines it: every
    use of the variable in the query's patterns and expressions replaced by the value (written by
    ``n3``, as any bound parameter). Only a SELECT's own projection keeps the variable: the
    solutions' focus node is ``this`` anyway. The syntax SHACL forbids in these queries (checked by
    :func:`check_select`) is what would make the replacement differ from pre-binding."""
    if var == "this":
        text = _BOUND_THIS.sub("(true)", text)
    value = n3(this)
    out: list[str] = []
    last = 0
    projection = False
    depth = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        upper = token.upper()
        if upper == "SELECT":
            projection, depth = True, 0
        elif projection and (upper == "WHERE" or token == "{"):
            projection = False
        elif projection and token == "(":
            depth += 1
        elif projection and token == ")":
            depth -= 1
        elif token in (f"${var}", f"?{var}") and not (projection and depth == 0):
            out.append(text[last : match.start()])
            out.append(value)
            last = match.end()
    out.append(text[last:])
    return "".join(out)


def _written(text: str, values: dict[str, Node], n3: Callable[[Node], str]) -> tuple[str, dict[str, Node]]:
    """``text`` with each pre-bound IRI or literal written in; the blank nodes, left to bind."""
    blanks: dict[str, Node] = {var: value for var, value in values.items() if isinstance(value, BNode)}
    if "this" in blanks:
        text = _BOUND_THIS.sub("(true)", text)
    for var, value in values.items():
        if var not in blanks:
            text = prebind(text, value, n3, var=var)
    return text, blanks


def ask(
    store: OxigraphStore | RdflibStore, text: str, values: dict[str, Node], n3: Callable[[Node], str]
) -> bool:
    """The answer of an ASK query with ``values`` pre-bound."""
    text, blanks = _written(text, values, n3)
    try:
        if isinstance(store, OxigraphStore):
            subs = {ox.Variable(k): to_ox(v) for k, v in blanks.items()}
            answer = store.native.query(text, use_default_graph_as_union=True, substitutions=subs or None)
            return bool(answer)
        result = store.native.query(text, initBindings=dict(blanks))  # type: ignore[arg-type]
        return bool(result.askAnswer)
    except Exception as exc:  # both engines raise assorted errors on a bad query
        raise DataError(f"SPARQL validator cannot run: {exc}") from exc


def prebound(
    store: OxigraphStore | RdflibStore,
    text: str,
    this: Node,
    n3: Callable[[Node], str],
    extra: dict[str, Node] | None = None,
) -> Iterator[dict[str, Node]]:
    """The solutions of ``text`` with ``$this`` pre-bound to ``this`` (and ``extra`` variables to
    their values), each as a dict of the bound variables (``this`` always among them). A blank node
    cannot be written in a query: it is pre-bound with Oxigraph's substitutions (rdflib's
    ``initBindings`` on the rdflib engine)."""
    text, blanks = _written(text, {**(extra or {}), "this": this}, n3)
    if isinstance(store, OxigraphStore):
        subs = {ox.Variable(k): to_ox(v) for k, v in blanks.items()} or None
        try:
            answer = store.native.query(text, use_default_graph_as_union=True, substitutions=subs)
        except (SyntaxError, OSError, RuntimeError) as exc:
            raise DataError(f"SPARQL constraint cannot run: {exc}") from exc
        assert isinstance(answer, ox.QuerySolutions)
        names = [v.value for v in answer.variables]
        for solution in answer:
            row = {k: from_ox(v) for k, v in zip(names, solution, strict=True) if v is not None}
            row["this"] = this
            yield row
        return
    try:
        # Bound for rdflib even when written in: rdflib drops a solution whose projected variables
        # are all unbound, as `SELECT $this` with $this written in would be.
        bindings: dict[str, Identifier] = {**blanks, "this": this}  # type: ignore[dict-item]
        result = store.native.query(text, initBindings=bindings)
    except Exception as exc:  # rdflib raises pyparsing and assorted errors
        raise DataError(f"SPARQL constraint cannot run: {exc}") from exc
    variables = [str(v) for v in (result.vars or [])]
    for solution in result:
        assert isinstance(solution, tuple)
        row = {k: v for k, v in zip(variables, solution, strict=True) if v is not None}
        row["this"] = this
        yield row


def fill(message: Literal, bound: dict[str, Node]) -> Literal:
    """pySHACL's substitution of ``{?var}`` / ``{$var}`` in a SPARQL constraint's message."""
    text = str(message)
    for var, value in bound.items():
        text = re.sub(r"\{[?$]" + re.escape(var) + r"\}", _as_text(value), text)
    return Literal(text)  # as the report has always written it (no language tag)


def _as_text(value: Node) -> Callable[[re.Match[str]], str]:
    # A function, not a replacement string: a value's backslashes must not become escapes.
    return lambda _match: str(value)
