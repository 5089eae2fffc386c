"""The site's one Jinja environment (autoescape on) and its filters."""

from __future__ import annotations

from decimal import Decimal

import jinja2

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
    return env


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
