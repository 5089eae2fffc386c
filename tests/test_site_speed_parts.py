"""The faster parts of page rendering give the bytes the plain ones gave."""

from __future__ import annotations

import os
from pathlib import Path

import jinja2
import pytest
from markupsafe import Markup, escape

from nqgraph.publish import fragments
from nqgraph.publish.serialize import subject_turtle, turtle_nt
from nqgraph.publish.site.context import Ref, write_new
from nqgraph.publish.site.environment import format_number, make_env

AWKWARD = ["", "plain", "a < b & c > d", "'quoted' \"twice\"", "&amp; already", "Tiếng Việt", "\t\n"]


@pytest.mark.parametrize("value", AWKWARD)
def test_text_escapes_a_string_as_markupsafe_does(value: str) -> None:
    assert fragments.text(value) == str(escape(value))


def test_text_leaves_markup_as_it_is_and_escapes_other_values_as_markupsafe_does() -> None:
    assert fragments.text(Markup("<b>x</b>")) == "<b>x</b>"
    assert fragments.text(12) == "12"


def _plain(source: str, **context: object) -> str:
    """The fragment as the former Jinja loop wrote it (autoescape on)."""
    env = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(fragments.GLOBALS)
    return env.from_string(source).render(**context)


REFS = [
    Ref("../a/b.html", "Bộ <Tài chính>", "Ministry & Finance"),
    Ref("https://example.org/x?a=1&b=2", 'x "q"', "x", external=True),
    Ref("javascript:alert(1)", "bad", "bad", external=True),
]


def test_property_rows_are_the_rows_the_template_loop_wrote() -> None:
    props = [
        {"prop": REFS[0], "objects": [{"ref": REFS[1]}, {"literal": "a<b", "lang": "vi", "datatype": ""}]},
        {"prop": REFS[2], "objects": [{"literal": "3", "lang": "", "datatype": "xsd:int"}]},
        {"prop": REFS[1], "objects": []},
    ]
    loop = (
        "  {% for row in props %}\n"
        '    <tr><th scope="row">{{ link(row.prop) }}</th><td>{% for v in row.objects %}{{ value(v) }}'
        "{% if not loop.last %}<br>{% endif %}{% endfor %}</td></tr>\n"
        "  {% endfor %}\n"
    )
    assert fragments.property_rows(props) == _plain(loop, props=props)
    assert fragments.property_rows([]) == ""


def test_chart_marks_are_the_marks_the_template_loop_wrote() -> None:
    def mark(kind: str, ref: Ref | None, **values: object) -> dict[str, object]:
        base = {"ref": ref, "kind": kind, "cx": 93.3, "cy": 20.1, "top": None, "number": "1-NQ/TU"}
        return base | {"year": "2030", "value": "1234.5", "max": ""} | values

    marks = [
        mark("target", REFS[0], top=12.7, max="2000"),
        mark("target", REFS[1], number="<b>&"),
        mark("baseline", REFS[2], value="not a number"),
        mark("reported", None, cx=100.0, year="2015 <x>"),
    ]
    loop = (
        "  {% for m in marks %}\n"
        '  {% if linkable(m.ref) %}<a href="{{ m.ref.href }}">{% else %}<g>{% endif %}\n'
        '    {% if m.top is not none %}<line x1="{{ m.cx }}" x2="{{ m.cx }}" y1="{{ m.cy }}" '
        'y2="{{ m.top }}" class="range"/>{% endif %}\n'
        '    {% if m.kind == "target" %}<rect x="{{ m.cx - 6 }}" y="{{ m.cy - 6 }}" width="12" '
        'height="12" class="mark-target"><title>{{ m.number }} {{ m.year }}: {{ num(m.value) }}'
        "{% if m.max %}–{{ num(m.max) }}{% endif %}</title></rect>\n"
        '    {% else %}<circle cx="{{ m.cx }}" cy="{{ m.cy }}" r="6" class="mark-{{ m.kind }}"><title>'
        "{{ m.kind }} {{ m.number }} {{ m.year }}: {{ num(m.value) }}</title></circle>{% endif %}\n"
        "  {% if linkable(m.ref) %}</a>{% else %}</g>{% endif %}\n"
        "  {% endfor %}\n"
    )
    written = fragments.chart_marks(marks, format_number)
    assert written == _plain(loop, marks=marks, num=format_number)
    assert "javascript:" not in written
    assert fragments.chart_marks([], format_number) == ""


def test_table_rows_are_the_rows_the_query_pages_loop_wrote() -> None:
    rows = [
        [{"ref": REFS[0]}, None, {"literal": "a<b & 'c'", "lang": "vi", "datatype": ""}],
        [{"ref": REFS[2]}, {"ref": None}, {"literal": "3", "lang": "", "datatype": "xsd:<int>"}],
        [],
    ]
    loop = (
        "{% for row in rows %}<tr>{% for cell in row %}<td>{{ value(cell) }}</td>{% endfor %}</tr>"
        "{% endfor %}"
    )
    assert fragments.table_rows(rows) == _plain(loop, rows=rows)
    assert "javascript:" not in fragments.table_rows(rows)
    assert fragments.table_rows([]) == ""


def _point(kind: str, **values: object) -> dict[str, object]:
    base: dict[str, object] = {
        "ref": REFS[0],
        "document": REFS[1],
        "number": "1-NQ/TU",
        "unit": REFS[2],
        "kind": kind,
        "year": "2030",
        "value": "1234.5",
        "max": "",
        "comparator": None,
        "reference_year": "",
    }
    return base | values


def test_indicator_rows_are_the_rows_the_template_loop_wrote() -> None:
    points = [
        _point("target", comparator=REFS[0], max="2000", reference_year="2020 <b>"),
        _point("relative", value="not a number & <more>", document=None),
        _point("baseline", year="<2015>"),
        _point("reported", unit=None, ref=REFS[2]),
    ]
    loop = (
        "  {% for p in points %}\n"
        "    <tr>\n"
        "      <td>{{ p.year }}</td>\n"
        '      <td>{% if p.kind == "target" %}{{ bi("chỉ tiêu", "target") }}{% elif p.kind == "relative" %}'
        '{{ bi("chỉ tiêu tăng/giảm", "relative target") }}{% elif p.kind == "baseline" %}'
        '{{ bi("giá trị gốc", "baseline") }}{% else %}{{ bi("đã đạt", "reported") }}{% endif %}</td>\n'
        "      <td>{{ link(p.document) }}</td>\n"
        "      <td>{% if p.comparator %}{{ link(p.comparator) }} {% endif %}{{ num(p.value) }}"
        "{% if p.max %} – {{ num(p.max) }}{% endif %}{% if p.reference_year %} "
        '({{ bi("so với năm", "against") }} {{ p.reference_year }}){% endif %}</td>\n'
        "      <td>{{ link(p.unit) }}</td>\n"
        "      <td>{{ link(p.ref) }}</td>\n"
        "    </tr>\n"
        "  {% endfor %}\n"
    )
    assert fragments.indicator_rows(points, format_number) == _plain(loop, points=points, num=format_number)
    assert "javascript:" not in fragments.indicator_rows(points, format_number)
    assert fragments.indicator_rows([], format_number) == ""


def test_backlink_items_are_the_items_the_template_loop_wrote() -> None:
    rows = [{"ref": REFS[0], "prop": REFS[1]}, {"ref": REFS[2], "prop": REFS[0]}]
    loop = (
        "  {% for l in backlinks %}<li>{{ link(l.ref) }} "
        "<small>({{ bi(l.prop.vi, l.prop.en) }})</small></li>\n"
        "  {% endfor %}\n"
    )
    assert fragments.backlink_items(rows) == _plain(loop, backlinks=rows)


@pytest.mark.parametrize("crumbs", [REFS[:1], REFS])
def test_crumb_items_are_the_items_the_template_loop_wrote(crumbs: list[Ref]) -> None:
    loop = (
        '    {% for c in crumbs %}<li>{% if loop.last %}<span aria-current="page">{{ bi(c.vi, c.en) }}'
        "</span>{% else %}{{ link(c) }}{% endif %}</li>{% endfor %}\n"
    )
    assert fragments.crumb_items(crumbs) == _plain(loop, crumbs=crumbs)


def test_links_are_the_links_joined_by_semicolons() -> None:
    assert fragments.links([*REFS, None]) == Markup("; ").join(fragments.link(r) for r in [*REFS, None])


@pytest.mark.parametrize("root", ["./", "../", "../../../"])
def test_the_reused_header_is_the_header_rendered_for_its_root(root: str) -> None:
    env = make_env()
    once = env.globals["site_header"](root)  # type: ignore[operator]
    assert env.globals["site_header"](root) is once  # type: ignore[operator]
    assert once == env.get_template("_header.html").render(root=root)
    assert f'href="{root}documents.html"' in once


def test_a_new_file_is_written_with_its_folders_and_an_old_one_replaced_not_changed(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "page.html"
    write_new(str(target), "một".encode())
    assert target.read_text(encoding="utf-8") == "một"
    shared = tmp_path / "shared.html"
    os.link(target, shared)  # as an incremental build's copy shares the previous output's files
    write_new(str(target), b"new")
    assert target.read_bytes() == b"new"
    assert shared.read_text(encoding="utf-8") == "một"


SUBJECT = "<https://w3id.org/nqgraph/id/x>"
NQ_ = "https://w3id.org/nqgraph/ontology#"
PREFIXES_ = {"nq": NQ_, "xsd": "http://www.w3.org/2001/XMLSchema#"}


@pytest.mark.parametrize(
    "triples",
    [
        [],
        [(SUBJECT, f"<{NQ_}value>", '"1.5"^^<http://www.w3.org/2001/XMLSchema#decimal>')],
        [
            (SUBJECT, f"<{NQ_}label>", '"b"@vi'),
            (SUBJECT, "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", f"<{NQ_}Task>"),
            (SUBJECT, f"<{NQ_}label>", '"a"'),
            (SUBJECT, f"<{NQ_}label>", '"a"'),
            (SUBJECT, f"<{NQ_}due>", '"2026"^^<http://www.w3.org/2001/XMLSchema#gYear>'),
            (SUBJECT, f"<{NQ_}see>", "<https://example.org/a b>"),
        ],
        [(SUBJECT, f"<{NQ_}part>", "_:b1"), ("_:b1", f"<{NQ_}label>", '"x"')],
    ],
)
def test_the_turtle_of_one_resource_is_the_turtle_of_its_triples(triples: list[tuple[str, str, str]]) -> None:
    assert subject_turtle(triples, prefixes=PREFIXES_) == turtle_nt(triples, prefixes=PREFIXES_)


_TARGETS_LOOP = (
    "{% macro amount(row) -%}\n{% if row.comparator %}{{ link(row.comparator) }} {% endif %}"
    "{% if row.direction is defined and row.direction %}{{ link(row.direction) }} {% endif %}"
    "{{ num(row.value) }}{% if row.max %} – {{ num(row.max) }}{% endif %}\n{%- endmacro %}\n"
    "  {% for row in rows %}\n"
    '    <tr id="{{ row.anchor }}">\n'
    "      <td>{% if linkable(row.ref) %}"
    '<a href="{{ row.ref.href }}" title="{{ row.ref.vi }}">{{ row.code }}</a>'
    "{% else %}{{ row.code }}{% endif %}</td>\n"
    "      <td>{{ link(row.indicator) }}</td>\n"
    "      <td>{% if row.from %}{{ row.from }}–{% endif %}{{ row.year }}</td>\n"
    "      <td>{{ amount(row) }}{% if row.reference_year %} "
    '({{ bi("so với năm", "against") }} {{ row.reference_year }}){% endif %}</td>\n'
    "      <td>{{ link(row.unit) }}</td>\n"
    "      <td>{% if row.baseline %}{{ num(row.baseline) }} ({{ row.baseline_year }}){% endif %}</td>\n"
    "    </tr>\n"
    "  {% endfor %}\n"
)


def _target(**values: object) -> dict[str, object]:
    base: dict[str, object] = {
        "ref": REFS[0],
        "anchor": "t-1",
        "code": "I.2 (3) a",
        "indicator": REFS[1],
        "year": "2030",
        "from": "",
        "comparator": None,
        "direction": None,
        "value": "12.5",
        "max": "",
        "reference_year": "",
        "unit": REFS[0],
        "baseline": "",
        "baseline_year": "",
    }
    return base | values


def test_target_rows_are_the_rows_the_template_loop_wrote() -> None:
    rows = [
        _target(),
        _target(ref=REFS[2], code="<b>&", comparator=REFS[1], direction=REFS[0], max="1000000"),
        _target(
            **{"from": "2021 <", "reference_year": '2020 "q"', "baseline": "3,5", "baseline_year": "<2019>"}
        ),
        _target(indicator=None, unit=None, value="not a number & <more>", anchor='a"b'),
    ]
    plain = _plain(_TARGETS_LOOP, rows=rows, num=format_number)
    assert fragments.target_rows(rows, format_number) == plain
    assert "javascript:" not in plain and fragments.target_rows([], format_number) == ""


_TASKS_LOOP = (
    "  {% for row in rows %}\n"
    '    <tr id="{{ prefix }}{{ row.anchor }}">\n'
    "      <td>{{ link(row.ref) }}</td>\n"
    "      {% if show_document %}<td>{{ link(row.document) }}</td>{% endif %}\n"
    "      <td>{{ links(row.kinds) }}</td>\n"
    "      <td>{{ links(row.lead) }}</td>\n"
    "      <td>{{ links(row.participants) }}</td>\n"
    "      <td>{{ links(row.supervisor) }}</td>\n"
    '      <td lang="vi">{{ row.deadline }}</td>\n'
    "      <td>{{ row.due }}{% if row.recurrence %}{{ links(row.recurrence) }}{% endif %}</td>\n"
    '      <td><span class="status status-{{ row.status }}">{{ status(row.status) }}</span></td>\n'
    "    </tr>\n"
    "  {% endfor %}\n"
)


def _task(**values: object) -> dict[str, object]:
    base: dict[str, object] = {
        "ref": REFS[0],
        "anchor": "task-1",
        "kinds": [REFS[0]],
        "lead": [REFS[1]],
        "participants": [],
        "supervisor": [REFS[0], REFS[2]],
        "deadline": "Quý IV <năm> 2026",
        "due": "2026-12-31",
        "recurrence": [],
        "status": "overdue",
        "document": REFS[0],
    }
    return base | values


@pytest.mark.parametrize(("show_document", "prefix"), [(False, ""), (True, "lead-"), (True, '"><')])
def test_task_rows_are_the_rows_the_template_loop_wrote(show_document: bool, prefix: str) -> None:
    rows = [
        _task(),
        _task(ref=REFS[2], kinds=[], lead=[], recurrence=[REFS[1]], status="unknown <code>", due=""),
        _task(status="recurring", document=REFS[2], participants=[REFS[0], REFS[1]], anchor="<x>"),
    ]
    plain = _plain(_TASKS_LOOP, rows=rows, show_document=show_document, prefix=prefix)
    assert fragments.task_rows(rows, show_document, prefix) == plain
    assert fragments.task_rows([], show_document, prefix) == ""
