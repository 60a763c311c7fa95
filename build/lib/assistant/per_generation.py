"""A value derived from a store, computed once per store generation (thread-safe).

The refusal calibration and the store glossary both depend on the store's documents: they are loaded or
re-derived when the store's ``generation()`` changes (a sync that changed something), never per question.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class PerGeneration(Generic[T]):
    """``compute(store)`` for the store ``store_of()`` returns, cached until its generation changes."""

    def __init__(self, store_of: Callable[[], Any], compute: Callable[[Any], T]) -> None:
        self._store_of = store_of
        self._compute = compute
        self._lock = threading.Lock()
        self._cached: tuple[int, T] | None = None

    def get(self) -> T:
        """The value for the store's current generation (computed at most once per generation)."""
        store = self._store_of()
        generation = store.generation()
        cached = self._cached
        if cached is not None and cached[0] == generation:
            return cached[1]
        with self._lock:
            if self._cached is None or self._cached[0] != generation:
                self._cached = (generation, self._compute(store))
            return self._cached[1]


__all__ = ["PerGeneration"]
