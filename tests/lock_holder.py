"""Another ingestion writer in the same test process: a thread holding the real writer lock for a while."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from state.db import writer_lock


@contextmanager
def held_for(settings, seconds: float) -> Iterator[threading.Thread]:
    """A thread takes ``settings``' writer lock now (file or PostgreSQL) and releases it after ``seconds``; the
    block runs while it holds it, and the thread is joined when the block ends."""
    taken = threading.Event()

    def hold() -> None:
        with writer_lock(settings):
            taken.set()
            time.sleep(seconds)

    holder = threading.Thread(target=hold)
    holder.start()
    assert taken.wait(10), "the holder thread did not get the writer lock"
    try:
        yield holder
    finally:
        holder.join()
