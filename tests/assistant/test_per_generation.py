"""``PerGeneration``: a store-derived value is computed once per store generation, also under threads."""

from __future__ import annotations

import threading
import time

from assistant.per_generation import PerGeneration


class _Store:
    def __init__(self) -> None:
        self.gen = 1

    def generation(self) -> int:
        return self.gen


def test_computed_once_per_generation_even_when_asked_concurrently():
    store, calls = _Store(), []

    def compute(s: _Store) -> int:
        calls.append(s.gen)
        time.sleep(0.05)  # a slow calibration: concurrent askers must wait, not compute again
        return s.gen * 10

    cache = PerGeneration(lambda: store, compute)
    got: list[int] = []
    threads = [threading.Thread(target=lambda: got.append(cache.get())) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert got == [10] * 4 and calls == [1]
    assert cache.get() == 10 and calls == [1]
    store.gen = 2  # a sync changed the documents
    assert cache.get() == 20 and calls == [1, 2]
