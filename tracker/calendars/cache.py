"""Built feeds kept in memory by ETag: a client that refreshes after another one of the same
feed, or a burst of clients after a change, gets the bytes without the feed being built again.
The ETag names the exact contents, so an entry is never stale; the oldest entries go first."""
from __future__ import annotations

import threading
from collections import OrderedDict


class FeedCache:
    def __init__(self, max_entries: int = 64, max_bytes: int = 64 * 1024 * 1024) -> None:
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, etag: str) -> bytes | None:
        with self._lock:
            body = self._items.get(etag)
            if body is not None:
                self._items.move_to_end(etag)
            return body

    def put(self, etag: str, body: bytes) -> None:
        if len(body) > self.max_bytes:
            return
        with self._lock:
            if etag in self._items:
                return
            self._items[etag] = body
            self._size += len(body)
            while len(self._items) > self.max_entries or self._size > self.max_bytes:
                _, dropped = self._items.popitem(last=False)
                self._size -= len(dropped)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._size = 0


#: This process's cache (each gunicorn worker has its own).
BUILT_FEEDS = FeedCache()
