"""The pages of the saved queries, with their results as of the build day."""

from __future__ import annotations

from collections.abc import Mapping

from nqgraph.graph.answer_files import FOLDER, first_rows
from nqgraph.graph.queries import SavedQuery, bindings_for, run
from nqgraph.graph.sparql import bind_values
from nqgraph.graph.store import OxigraphStore, RdflibStore
from nqgraph.publish.site import yasgui
from nqgraph.publish.site.context import Site

# A page of results stays small enough to read and to load; past the last page the CLI has them all.
PAGE_ROWS = 100
MAX_PAGES = 10


def query_page_path(name: str, number: int) -> str:
    """Page ``number`` (from 1) of a saved query's results."""
    return f"queries/{name}.html" if number == 1 else f"queries/{name}/page-{number}.html"


def query_pages(site: Site, store: OxigraphStore | RdflibStore, queries: Mapping[str, SavedQuery]) -> None:
    listing = []
    for name, query in sorted(queries.items()):
        params = {p.name: p.example for p in query.params if p.example is not None}
        # The page links each resource by its label, so the label columns of the CLI are left out.
        # Asked without parameters, the rows are those of the answer the build wrote (the same
        # order as /queries/<name> and `nqgraph query --out`), and the query is not run again.
        written = None if params else first_rows(site.root.parent / FOLDER, query, PAGE_ROWS * MAX_PAGES)
        result = (
            written
            if written is not None
            else run(store, query, params, today=site.today, max_rows=PAGE_ROWS * MAX_PAGES, lang=None)
        )
        described = {c.name: c.description for c in query.columns}
        starts = range(0, max(len(result.rows), 1), PAGE_ROWS)
        paths = [query_page_path(name, n) for n in range(1, len(starts) + 1)]
        for number, (start, page) in enumerate(zip(starts, paths, strict=True), start=1):
            rows = [
                [site.term(t, page) if t is not None else None for t in row]
                for row in result.rows[start : start + PAGE_ROWS]
            ]
            pager = {
                "number": number,
                "count": len(paths),
                "first": start + 1 if rows else 0,
                "last": start + len(rows),
                "previous": site.rel(paths[number - 2], page) if number > 1 else None,
                "next": site.rel(paths[number], page) if number < len(paths) else None,
                "shown": len(result.rows),
            }
            site.write_listing(
                page,
                "query.html",
                vi=name if number == 1 else f"{name} ({number})",
                en=name if number == 1 else f"{name} ({number})",
                query=query,
                params=params,
                variables=result.variables,
                columns=[{"name": v, "description": described.get(v, "")} for v in result.variables],
                rows=rows,
                total=result.row_count,
                pager=pager,
            )
        listing.append({"name": name, "summary": query.summary, "href": paths[0]})
    site.write_listing("queries.html", "queries.html", vi="Truy vấn", en="Queries", queries=listing)
    # Each saved query as the editor offers it: its parameters bound to their examples (or
    # defaults) by a VALUES block, so that it runs as it is and shows where to change them.
    ready = []
    for q in sorted(queries.values(), key=lambda q: q.name):
        examples = {p.name: p.example for p in q.params if p.example is not None}
        ready.append(
            {"name": q.name, "text": bind_values(q.text, bindings_for(q, examples, today=site.today))}
        )
    site.write_listing(
        "sparql.html",
        "sparql.html",
        vi="Truy vấn SPARQL",
        en="SPARQL query",
        queries=ready,
        yasgui=yasgui.FOLDER if yasgui.vendor(site.root) else None,
    )
