"""One module per page type, as datasette's views are; each writes its pages through ``Site``."""

from __future__ import annotations

import hashlib
from pathlib import Path

from nqgraph.publish import fragments
from nqgraph.publish.site import addresses, context, index, store_index
from nqgraph.publish.site.views import indicator, queries


def rows_code() -> str:
    """A digest of the modules that decide the rows kept between builds of an indicator's items
    and of a saved query's pages (:mod:`nqgraph.publish.site.item_rows`): rows kept by other code
    are made again."""
    digest = hashlib.sha256()
    for module in (addresses, context, fragments, index, store_index, indicator, queries):
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()
