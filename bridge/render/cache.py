"""The render cache: pages that opt in (``render_cache = True`` in their ``.py``) are rendered once per
distinct page data and served from memory afterwards.

The key is the page and a hash of everything the render sees (props, route, query, build), so a hit
is exactly the HTML a render would give. The visitor's CSRF token is left out of the key: the page is
rendered with a placeholder that each response replaces with its visitor's token, in head and body alike.
The placeholder is random per process, so no visitor can write it into a query or props; page data that
holds it anyway is rendered without the cache. Memory is bounded:
least recently used entries go first once the cached HTML passes ``max_bytes``.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections import OrderedDict

from .engine import Rendered

CSRF_PLACEHOLDER = f"bridge-csrf-{secrets.token_hex(16)}"
"""Stands for the visitor's CSRF token in cached renders; random, so that nobody can send it."""


class RenderCache:
    """A byte-bounded LRU map from (page, page data) to rendered HTML."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[bytes, Rendered] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()  # WSGI renders come from many threads
        self.hits = 0
        self.misses = 0

    @staticmethod
    def key(page: str, data: bytes) -> bytes:
        """The cache key of ``page`` rendered with the page data ``data``."""
        return hashlib.blake2b(data, digest_size=20, person=b"bridge-render", key=page.encode()[:64]).digest()

    def get(self, key: bytes) -> Rendered | None:
        """The cached render, now the most recently used, or None."""
        with self._lock:
            rendered = self._entries.get(key)
            if rendered is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return rendered

    def put(self, key: bytes, rendered: Rendered) -> None:
        """Keeps a render, dropping the least recently used ones past the byte limit."""
        size = _size(rendered)
        if size > self.max_bytes:
            return
        with self._lock:
            previous = self._entries.pop(key, None)
            if previous is not None:
                self._bytes -= _size(previous)
            self._entries[key] = rendered
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= _size(dropped)

    @property
    def bytes(self) -> int:
        """How much HTML the cache holds now."""
        return self._bytes


def _size(rendered: Rendered) -> int:
    return len(rendered.head) + len(rendered.body) + len(rendered.logs)
