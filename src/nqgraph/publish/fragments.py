"""The small HTML fragments every page repeats: bilingual text, links, table values, task status.

They were Jinja macros; a national site calls them millions of times, and a macro call costs
several times a function call. They are Jinja globals now. Every value goes through markupsafe's
``escape``, as autoescape would put it (``Markup.format`` does the same but, written in Python,
costs more than the macro did), so no text reaches the page unescaped. Templates call them as
before: ``{{ link(ref) }}``.
"""

from __future__ import annotations

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


def link(ref: LinkTarget | None) -> Markup:
    """A link with both labels; an external one (a resource without a page) with its Vietnamese label."""
    if ref is None:
        return _EMPTY
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


GLOBALS = {"bi": bi, "link": link, "links": links, "value": value, "status": status}
