"""The pages of the saved queries, with their results as of the build day."""

from __future__ import annotations

from collections.abc import Mapping

from nqgraph.graph.queries import SavedQuery, bindings_for, run
from nqgraph.graph.sparql import bind_values
from nqgraph.graph.store import OxigraphStore, RdflibStore
from nqgraph.publish.site import yasgui
from nqgraph.publish.site.context import MAX_ROWS, Site


def query_pages(site: Site, store: OxigraphStore | RdflibStore, queries: Mapping[str, SavedQuery]) -> None:
    listing = []
    for name, query in sorted(queries.items()):
        page = f"queries/{name}.html"
        params = {p.name: p.example for p in query.params if p.example is not None}
        # The page links each resource by its label, so the label columns of the CLI are left out.
        result = run(store, query, params, today=site.today, max_rows=MAX_ROWS, lang=None)
        described = {c.name: c.description for c in query.columns}
        rows = [[site.term(t, page) if t is not None else None for t in row] for row in result.rows]
        site.write_listing(
            page,
            "query.html",
            vi=name,
            en=name,
            query=query,
            params=params,
            variables=result.variables,
            columns=[{"name": v, "description": described.get(v, "")} for v in result.variables],
            rows=rows,
            total=result.row_count,
        )
        listing.append({"name": name, "summary": query.summary, "href": f"queries/{name}.html"})
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
