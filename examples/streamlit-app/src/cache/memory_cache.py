"""In-process caching: a TTL cache for service results and lru_cache for
pure helpers. Nothing is shared between processes."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from functools import lru_cache, wraps
from typing import Any, Callable, Hashable


class TTLCache:
    def __init__(self, max_entries: int = 512, ttl_seconds: float = 300.0, clock: Callable[[], float] = time.monotonic):
        self.max_entries = max_entries
        self.ttl = ttl_seconds
        self._clock = clock
        self._data: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable) -> Any:
        with self._lock:
            item = self._data.get(key)
            if item is None or item[0] < self._clock():
                self._data.pop(key, None)
                self.misses += 1
                return None
            self._data.move_to_end(key)
            self.hits += 1
            return item[1]

    def set(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._data[key] = (self._clock() + self.ttl, value)
            self._data.move_to_end(key)
            while len(self._data) > self.max_entries:
                self._data.popitem(last=False)

    def invalidate(self, key: Hashable | None = None) -> None:
        with self._lock:
            if key is None:
                self._data.clear()
            else:
                self._data.pop(key, None)


def cached(cache: TTLCache, key_fn: Callable[..., Hashable]):
    def decorator(fn):
        @wraps(fn)
        def wrapper(*args, **kwargs):
            key = key_fn(*args, **kwargs)
            hit = cache.get(key)
            if hit is not None:
                return hit
            value = fn(*args, **kwargs)
            cache.set(key, value)
            return value
        return wrapper
    return decorator


@lru_cache(maxsize=1024)
def normalise_term(term: str) -> str:
    return " ".join(term.strip().lower().split())
