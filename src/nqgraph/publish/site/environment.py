"""The site's one Jinja environment (autoescape on) and its filters."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from decimal import Decimal

import jinja2
import jinja2.bccache
from markupsafe import Markup

from nqgraph.publish import fragments


def make_env(*, bytecode_cache: jinja2.BytecodeCache | None = None) -> jinja2.Environment:
    """The one Jinja environment: package templates, autoescape on for every template."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("nqgraph.publish", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        bytecode_cache=bytecode_cache,
    )
    env.filters["num"] = format_number
    # A global, not a render variable: the macros use it, and macros imported without the page's
    # context are compiled once and cached instead of being re-run for every page.
    env.globals["num"] = format_number
    env.globals.update(fragments.GLOBALS)
    env.globals["site_header"] = header_renderer(env)
    return env


@functools.cache
def shared_env() -> jinja2.Environment:
    """The environment every page of this process is rendered with, its templates compiled once.

    Compiled templates are also kept between processes in Jinja's per-user cache folder (checked
    against each template's source): an incremental build renders a few pages, and compiling
    every template cost it half a second. A cache that cannot be read or written is not used."""
    return make_env(bytecode_cache=_bytecode_cache())


class TemplateCache(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache, which a failure to read or write only makes compile again."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, ValueError, EOFError):
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    try:
        return TemplateCache()
    except (OSError, RuntimeError):  # no private temporary folder to keep it in
        return None


def header_renderer(env: jinja2.Environment) -> Callable[[str], Markup]:
    """The header of every page (brand, menu, language switch), rendered once for each way to the
    site root (``root``, the only thing in it that changes from page to page) and then reused: it
    was a tenth of a resource page's rendering."""
    rendered: dict[str, Markup] = {}

    def site_header(root: str) -> Markup:
        header = rendered.get(root)
        if header is None:
            # Rendered with autoescape on, so the text is escaped HTML already.
            header = rendered[root] = Markup(env.get_template("_header.html").render(root=root))
        return header

    return site_header


def format_number(value: object) -> str:
    """A decimal as Vietnamese print shows it: decimal comma, thousands dots.

    >>> format_number(Decimal("668030")), format_number(Decimal("99.89")), format_number("7.45")
    ('668.030', '99,89', '7,45')
    """
    if value in (None, ""):
        return ""
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        return str(value)  # invalid data is shown as written; validation reports it
    sign = "-" if number < 0 else ""
    whole, _, frac = f"{abs(number):f}".partition(".")
    frac = frac.rstrip("0")
    grouped = f"{int(whole):,}".replace(",", ".")
    return sign + grouped + ("," + frac if frac else "")
