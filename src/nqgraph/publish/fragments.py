"""The small HTML fragments every page repeats: bilingual text, links, table values, task status.

They were Jinja macros; a national site calls them millions of times, and a macro call costs
several times a function call. They are Jinja globals now. Every value goes through markupsafe's
``escape``, as autoescape would put it (``Markup.format`` does the same but, written in Python,
costs more than the macro did), so no text reaches the page unescaped. Templates call them as
before: ``{{ link(ref) }}``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Protocol

from markupsafe import Markup, escape


class LinkTarget(Protocol):
    """What a link needs (``nqgraph.publish.site.Ref``)."""

    @property
    def href(self) -> str: ...
    @property
    def vi(self) -> str: ...
    @property
    def en(self) -> str: ...
    @property
    def external(self) -> bool: ...


_EMPTY = Markup("")

STATUS = {
    "overdue": ("quá hạn", "overdue"),
    "completed": ("đã hoàn thành", "completed"),
    "due": ("chưa đến hạn", "not yet due"),
    "recurring": ("định kỳ", "recurring"),
}
NO_DEADLINE = ("không có hạn", "no deadline")


def text(value: object) -> str:
    """``value`` escaped as markupsafe's ``escape`` does it, as a ``str`` to paste into a fragment.

    A plain string (nearly every value) is escaped by ``str.replace`` without the function calls
    and the ``Markup`` that ``escape`` makes (a third of a page's rendering time went there); the
    replacements are markupsafe's own, so the bytes are the same. Anything else (a ``Markup``, a
    number) goes through ``escape``.
    """
    if type(value) is str:
        return (
            value.replace("&", "&amp;")
            .replace(">", "&gt;")
            .replace("<", "&lt;")
            .replace("'", "&#39;")
            .replace('"', "&#34;")
        )
    return str(escape(value))


def _bi(vi: object, en: object) -> str:
    return f'<span class="bi" lang="vi">{text(vi)}</span><span class="bi" lang="en">{text(en)}</span>'


def bi(vi: object, en: object) -> Markup:
    """The same text in Vietnamese and English; the stylesheet shows one or both."""
    return Markup(_bi(vi, en))


# Browsers drop tabs and line ends anywhere in an address, and spaces and control characters
# before it, before they read its scheme ("java\tscript:" runs as javascript:).
_IGNORED_BY_BROWSERS = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"[\x00-\x20]*([A-Za-z][A-Za-z0-9+.-]*):")
WEB_SCHEMES = frozenset({"http", "https", "mailto"})


def linkable(target: LinkTarget | str | None) -> bool:
    """Whether an address may become a link: a path of the site, or an ``http(s)``/``mailto`` IRI.

    An IRI of data with any other scheme (``javascript:``, ``data:``, ``vbscript:``, ``file:`` …)
    is shown as text: a link to it would run or open what the data says, not what a reader chose.
    """
    if target is None:
        return False
    href = target if isinstance(target, str) else target.href
    if ":" not in href or href.startswith(("https://", "http://")):
        return True  # most addresses: a path of the site, or a web IRI (no need for the patterns)
    scheme = _SCHEME.match(_IGNORED_BY_BROWSERS.sub("", href))
    return scheme is None or scheme.group(1).lower() in WEB_SCHEMES


def link(ref: LinkTarget | None) -> Markup:
    """A link with both labels; an external one (a resource without a page) with its Vietnamese label,
    as text when its scheme is not one a page may link to (see :func:`linkable`)."""
    if ref is None:
        return _EMPTY
    return Markup(_link(ref))


def _link(ref: LinkTarget) -> str:
    if not linkable(ref):
        return f'<span class="iri">{text(ref.vi)}</span>'
    if ref.external:
        return f'<a href="{text(ref.href)}" rel="external">{text(ref.vi)}</a>'
    return f'<a href="{text(ref.href)}">{_bi(ref.vi, ref.en)}</a>'


def links(refs: Iterable[LinkTarget | None]) -> Markup:
    """Links separated by semicolons."""
    return Markup(_links(refs))


def _links(refs: Iterable[LinkTarget | None]) -> str:
    return "; ".join(_link(r) if r is not None else "" for r in refs)


def value(term: Mapping[str, Any] | None) -> Markup:
    """A value of a table cell, as ``nqgraph.publish.site.Site.term`` gives it: a link, or a literal."""
    if term is None:
        return _EMPTY
    return Markup(_value(term))


def _value(term: Mapping[str, Any]) -> str:
    if "ref" in term:
        return _link(term["ref"]) if term["ref"] is not None else ""
    if term["lang"]:
        return f'<span lang="{text(term["lang"])}">{text(term["literal"])}</span>'
    if term["datatype"]:
        return f'{text(term["literal"])} <small class="dt">{text(term["datatype"])}</small>'
    return text(term["literal"])


def property_rows(props: Iterable[Mapping[str, Any]]) -> Markup:
    """The rows of a properties table, one line each: a property's link, then its values one to a line.

    A fragment rather than a loop in the template: a resource page is mostly this table, and each
    Jinja call of ``link`` or ``value`` cost more than making the row here.
    """
    return Markup(
        "".join(
            f'    <tr><th scope="row">{_link(row["prop"]) if row["prop"] is not None else ""}</th>'
            f"<td>{'<br>'.join(_value(v) if v is not None else '' for v in row['objects'])}</td></tr>\n"
            for row in props
        )
    )


def backlink_items(rows: Iterable[Mapping[str, Any]]) -> Markup:
    """The items of a "what links here" list: the link, and the property that links (in small)."""
    return Markup(
        "".join(
            f"<li>{_link(row['ref']) if row['ref'] is not None else ''} "
            f"<small>({_bi(row['prop'].vi, row['prop'].en)})</small></li>\n"
            for row in rows
        )
    )


def crumb_items(crumbs: Sequence[LinkTarget]) -> Markup:
    """The items of the breadcrumbs after "Home": links, and the page itself as text."""
    *up, here = crumbs
    return Markup(
        "".join(f"<li>{_link(c) if c is not None else ''}</li>" for c in up)
        + f'<li><span aria-current="page">{_bi(here.vi, here.en)}</span></li>'
    )


def status(code: str) -> Markup:
    """A task's status (``nqgraph.publish.site.task_status``) in both languages."""
    return bi(*STATUS.get(code, NO_DEADLINE))


_POINT_KINDS = {
    "target": ("chỉ tiêu", "target"),
    "relative": ("chỉ tiêu tăng/giảm", "relative target"),
    "baseline": ("giá trị gốc", "baseline"),
}
_REPORTED = ("đã đạt", "reported")


def _amount(
    value: object, upper: object, year: object, number: Callable[[object], str], *, before: str
) -> str:
    """A value as the tables write it: ``before`` it (its comparator and direction, as links), the
    value, its upper bound, and the year it is measured against."""
    amount = before + text(number(value))
    if upper:
        amount += f" – {text(number(upper))}"
    if year:
        amount += f" ({_bi('so với năm', 'against')} {text(year)})"
    return amount


def indicator_rows(points: Iterable[Mapping[str, Any]], number: Callable[[object], str]) -> Markup:
    """The rows of an indicator's table of targets and values, one per point: year, kind, document,
    value (with its comparator, upper bound and reference year), unit and source. A fragment for
    the reason :func:`property_rows` is: a national indicator page has thousands of rows, and the
    template's calls for each cell cost more than the page's other parts together. ``number``
    writes a value as the page shows numbers."""
    rows = []
    # The same document, unit and comparator are linked from many rows (a national indicator's
    # 1,900 rows name a few hundred documents and a handful of units): each is written once.
    written: dict[LinkTarget, str] = {}

    def shared(ref: LinkTarget) -> str:
        html = written.get(ref)
        if html is None:
            html = written[ref] = _link(ref)
        return html

    for p in points:
        comparator = f"{shared(p['comparator'])} " if p["comparator"] else ""
        amount = _amount(p["value"], p["max"], p["reference_year"], number, before=comparator)
        document = shared(p["document"]) if p["document"] is not None else ""
        unit = shared(p["unit"]) if p["unit"] is not None else ""
        source = _link(p["ref"]) if p["ref"] is not None else ""
        rows.append(
            f"    <tr>\n      <td>{text(p['year'])}</td>\n"
            f"      <td>{_bi(*_POINT_KINDS.get(p['kind'], _REPORTED))}</td>\n"
            f"      <td>{document}</td>\n"
            f"      <td>{amount}</td>\n"
            f"      <td>{unit}</td>\n      <td>{source}</td>\n    </tr>\n"
        )
    return Markup("".join(rows))


def chart_marks(marks: Iterable[Mapping[str, Any]], number: Callable[[object], str]) -> Markup:
    """The marks of an indicator's chart (``views.indicator.chart_svg``), each a link to its
    source: a square for a target (with a bar for a range), a circle for a baseline or a reported
    value, titled with its document, year and value. A fragment for the reason
    :func:`indicator_rows` is: a national indicator has thousands of points."""
    parts = []
    for m in marks:
        linked = linkable(m["ref"])
        parts.append(f'<a href="{text(m["ref"].href)}">' if linked else "<g>")
        cx, cy = m["cx"], m["cy"]
        if m["top"] is not None:
            parts.append(
                f'<line x1="{text(cx)}" x2="{text(cx)}" y1="{text(cy)}" y2="{text(m["top"])}" class="range"/>'
            )
        said = f"{text(m['number'])} {text(m['year'])}: {text(number(m['value']))}"
        if m["kind"] == "target":
            upper = f"–{text(number(m['max']))}" if m["max"] else ""
            parts.append(
                f'<rect x="{text(cx - 6)}" y="{text(cy - 6)}" width="12" height="12" class="mark-target">'
                f"<title>{said}{upper}</title></rect>\n"
            )
        else:
            parts.append(
                f'<circle cx="{text(cx)}" cy="{text(cy)}" r="6" class="mark-{text(m["kind"])}">'
                f"<title>{text(m['kind'])} {said}</title></circle>"
            )
        parts.append("</a>" if linked else "</g>")
    return Markup("".join(parts))


def target_rows(rows: Iterable[Mapping[str, Any]], number: Callable[[object], str]) -> Markup:
    """The rows of a document's table of targets (``nqgraph.publish.site.rows.target_row``): code,
    indicator, year, value (comparator, direction, upper bound, reference year), unit, baseline.
    A fragment for the reason :func:`indicator_rows` is: a document lists dozens of targets, and
    a national site renders thousands of documents."""
    out = []
    for row in rows:
        ref = row["ref"]
        code = text(row["code"])
        if linkable(ref):
            code = f'<a href="{text(ref.href)}" title="{text(ref.vi)}">{code}</a>'
        start = f"{text(row['from'])}–" if row["from"] else ""
        before = f"{_link(row['comparator'])} " if row["comparator"] else ""
        if row.get("direction"):
            before += f"{_link(row['direction'])} "
        amount = _amount(row["value"], row["max"], row["reference_year"], number, before=before)
        baseline = ""
        if row["baseline"]:
            baseline = f"{text(number(row['baseline']))} ({text(row['baseline_year'])})"
        indicator = _link(row["indicator"]) if row["indicator"] is not None else ""
        unit = _link(row["unit"]) if row["unit"] is not None else ""
        out.append(
            f'    <tr id="{text(row["anchor"])}">\n      <td>{code}</td>\n      <td>{indicator}</td>\n'
            f"      <td>{start}{text(row['year'])}</td>\n      <td>{amount}</td>\n"
            f"      <td>{unit}</td>\n      <td>{baseline}</td>\n    </tr>\n"
        )
    return Markup("".join(out))


def task_rows(rows: Iterable[Mapping[str, Any]], show_document: bool = False, prefix: str = "") -> Markup:
    """The rows of a table of tasks (``nqgraph.publish.site.rows.task_row``): the task, its
    document (``show_document``), kinds, lead, participants, supervisor, deadline, due date and
    status; each row's id is ``prefix`` and its anchor. A fragment for the reason
    :func:`target_rows` is."""
    out = []
    for row in rows:
        document = ""
        if show_document:
            document = f"<td>{_link(row['document']) if row['document'] is not None else ''}</td>"
        recurrence = _links(row["recurrence"]) if row["recurrence"] else ""
        out.append(
            f'    <tr id="{text(prefix)}{text(row["anchor"])}">\n'
            f"      <td>{_link(row['ref']) if row['ref'] is not None else ''}</td>\n"
            f"{document}      <td>{_links(row['kinds'])}</td>\n      <td>{_links(row['lead'])}</td>\n"
            f"      <td>{_links(row['participants'])}</td>\n      <td>{_links(row['supervisor'])}</td>\n"
            f'      <td lang="vi">{text(row["deadline"])}</td>\n'
            f"      <td>{text(row['due'])}{recurrence}</td>\n"
            f'      <td><span class="status status-{text(row["status"])}">'
            f"{_bi(*STATUS.get(row['status'], NO_DEADLINE))}</span></td>\n    </tr>\n"
        )
    return Markup("".join(out))


def table_rows(rows: Iterable[Sequence[Mapping[str, Any] | None]]) -> Markup:
    """The rows of a table of values (a saved query's results), one cell a value as :func:`value`
    writes it. A fragment so that a query page's rows can be kept apart from the page between
    builds (``nqgraph.publish.site.views.queries``)."""
    return Markup(
        "".join(
            "<tr>" + "".join(f"<td>{_value(c) if c is not None else ''}</td>" for c in row) + "</tr>"
            for row in rows
        )
    )


GLOBALS = {
    "chart_marks": chart_marks,
    "indicator_rows": indicator_rows,
    "target_rows": target_rows,
    "task_rows": task_rows,
    "bi": bi,
    "link": link,
    "links": links,
    "linkable": linkable,
    "value": value,
    "status": status,
    "property_rows": property_rows,
    "backlink_items": backlink_items,
    "crumb_items": crumb_items,
}
