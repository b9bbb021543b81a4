"""A small cache that keeps the entries used most recently, safe to share between threads."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any


class RecentlyUsed:
    """At most ``size`` entries; adding one more drops the one used longest ago.

    A ``Library`` keeps what it works out per round (its plans) here, so that a host composing
    for thousands of distinct rounds keeps a bounded amount, not one plan per round for ever.
    """

    __slots__ = ("_data", "_lock", "size")

    def __init__(self, size: int) -> None:
        self.size = size
        self._data: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any, default: Any = None) -> Any:
        with self._lock:
            value = self._data.get(key, default)
            if key in self._data:
                self._data.move_to_end(key)
            return value

    def setdefault(self, key: Any, value: Any) -> Any:
        """The entry of ``key``, storing ``value`` first if there is none (another thread may have
        stored one meanwhile: then that one is kept and returned)."""
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
            self._data[key] = value
            while len(self._data) > self.size:
                self._data.popitem(last=False)
            return value

    def values(self) -> list[Any]:
        """The entries, least recently used first (a copy: safe to walk while others add)."""
        with self._lock:
            return list(self._data.values())

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: Any) -> bool:
        return key in self._data
