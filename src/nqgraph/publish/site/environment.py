"""The site's one Jinja environment (autoescape on) and its filters."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import jinja2
from markupsafe import Markup

from nqgraph.publish import fragments


def make_env() -> jinja2.Environment:
    """The one Jinja environment: package templates, autoescape on for every template."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("nqgraph.publish", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["num"] = format_number
    # A global, not a render variable: the macros use it, and macros imported without the page's
    # context are compiled once and cached instead of being re-run for every page.
    env.globals["num"] = format_number
    env.globals.update(fragments.GLOBALS)
    env.globals["site_header"] = header_renderer(env)
    return env


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
