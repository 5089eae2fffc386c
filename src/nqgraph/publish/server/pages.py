"""Pages on demand: the files of a resource the build wrote no static file for, rendered from the
store with the site's own views and templates, and kept in a cache bounded in bytes.

One :class:`PageCache` serves one build: a rebuild loads a new build with a new, empty cache, so a
page is never answered from another build than the ``X-Nqgraph-Build`` it is sent with.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from pathlib import Path

import pyoxigraph as ox

from nqgraph.publish.site import iri_for_path
from nqgraph.publish.site.on_demand import PageRenderer

CACHE_BYTES = 64 * 1024 * 1024


class PageCache:
    """The files of resources rendered on demand, the most recently used kept up to ``max_bytes``."""

    def __init__(
        self, store: ox.Store, *, today: dt.date, sources_root: Path, max_bytes: int = CACHE_BYTES
    ) -> None:
        self.renderer = PageRenderer(store, today=today, sources_root=sources_root)
        self.max_bytes = max_bytes
        self._files: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self.rendered = 0  # resources rendered (a cache miss each), for tests and the benchmark

    @property
    def size(self) -> int:
        """Bytes of the files kept."""
        return self._size

    def file(self, relative: str) -> bytes | None:
        """The bytes of the site file at ``relative`` (``id/…/index.html``, ``id/….ttl``), rendered
        when it is not cached, or None when the resource has no such file."""
        with self._lock:
            body = self._files.get(relative)
            if body is not None:
                self._files.move_to_end(relative)
                return body
        iri = iri_for_path(relative)
        rendered = self.renderer.render(iri) if iri else None
        if rendered is None:
            return None
        self.rendered += 1
        with self._lock:
            for path, data in rendered.files.items():
                old = self._files.pop(path, None)
                self._size -= len(old) if old is not None else 0
                self._files[path] = data
                self._size += len(data)
            while self._size > self.max_bytes and len(self._files) > 1:
                _, dropped = self._files.popitem(last=False)
                self._size -= len(dropped)
        return rendered.files.get(relative)
