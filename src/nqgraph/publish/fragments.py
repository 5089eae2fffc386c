"""The small HTML fragments every page repeats: bilingual text, links, table values, task status.

They were Jinja macros; a national site calls them millions of times, and a macro call costs
several times a function call. They are Jinja globals now. Every value goes through markupsafe's
``escape``, as autoescape would put it (``Markup.format`` does the same but, written in Python,
costs more than the macro did), so no text reaches the page unescaped. Templates call them as
before: ``{{ link(ref) }}``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
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
_SEPARATOR = Markup("; ")

STATUS = {
    "overdue": ("quá hạn", "overdue"),
    "completed": ("đã hoàn thành", "completed"),
    "due": ("chưa đến hạn", "not yet due"),
    "recurring": ("định kỳ", "recurring"),
}
NO_DEADLINE = ("không có hạn", "no deadline")


def bi(vi: object, en: object) -> Markup:
    """The same text in Vietnamese and English; the stylesheet shows one or both."""
    return Markup(
        f'<span class="bi" lang="vi">{escape(vi)}</span><span class="bi" lang="en">{escape(en)}</span>'
    )


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
    scheme = _SCHEME.match(_IGNORED_BY_BROWSERS.sub("", href))
    return scheme is None or scheme.group(1).lower() in WEB_SCHEMES


def link(ref: LinkTarget | None) -> Markup:
    """A link with both labels; an external one (a resource without a page) with its Vietnamese label,
    as text when its scheme is not one a page may link to (see :func:`linkable`)."""
    if ref is None:
        return _EMPTY
    if not linkable(ref):
        return Markup(f'<span class="iri">{escape(ref.vi)}</span>')
    if ref.external:
        return Markup(f'<a href="{escape(ref.href)}" rel="external">{escape(ref.vi)}</a>')
    return Markup(f'<a href="{escape(ref.href)}">{bi(ref.vi, ref.en)}</a>')


def links(refs: Iterable[LinkTarget | None]) -> Markup:
    """Links separated by semicolons."""
    return _SEPARATOR.join(link(r) for r in refs)


def value(term: Mapping[str, Any] | None) -> Markup:
    """A value of a table cell, as ``nqgraph.publish.site.Site.term`` gives it: a link, or a literal."""
    if term is None:
        return _EMPTY
    if "ref" in term:
        return link(term["ref"])
    if term["lang"]:
        return Markup(f'<span lang="{escape(term["lang"])}">{escape(term["literal"])}</span>')
    if term["datatype"]:
        return Markup(f'{escape(term["literal"])} <small class="dt">{escape(term["datatype"])}</small>')
    return escape(term["literal"])


def status(code: str) -> Markup:
    """A task's status (``nqgraph.publish.site.task_status``) in both languages."""
    return bi(*STATUS.get(code, NO_DEADLINE))


GLOBALS = {"bi": bi, "link": link, "links": links, "linkable": linkable, "value": value, "status": status}
