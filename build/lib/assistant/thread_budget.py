"""How many threads the local model should use for the next answer: as many as the machine has idle cores.

llama.cpp's threads meet at a barrier after every operation of the model graph. When another process holds a core,
the thread waiting there stalls the others: on the 2-core reference machine under a load of ~11, two threads
generated 0.3-0.6 tokens/s and one thread 3.2 tokens/s (a 5-10x difference; llama.cpp's ``poll = 0`` thread pool did
not help). So the model server measures the idle CPU in the background, half a second at a time while the model is
idle (``IdleWatch``, ``/proc/stat``), and before each answer sets the thread count to the cores that were free in the
last window, between 1 and the configured maximum (only without a recent window does the answer sample 0.2 s itself).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

PROC_STAT = Path("/proc/stat")
SAMPLE_S = 0.2
WATCH_S = 0.5
"""The background reading's window: idle cores over the last half second the model was idle."""


def machine_threads(physical: Callable[[], int | None] | None = None,
                    usable: Callable[[], int] | None = None) -> int:
    """The most threads worth giving the local model on this machine: its physical cores, within the CPUs this
    process may run on (``taskset``, a container's cpuset). Two hyperthreads of one core share its vector units,
    so llama.cpp gains nothing from the second; at least 1.

    ``ADVISOR_LLM_THREADS=0`` (the default) means this count: 2 on the 2-core reference machine, 8 on an 8-core
    server, instead of a fixed 2 everywhere."""
    if physical is None:
        import psutil

        physical = lambda: psutil.cpu_count(logical=False)  # noqa: E731
    usable = usable or (lambda: len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
    allowed = max(1, int(usable()))
    cores = physical()
    return max(1, min(allowed, int(cores))) if cores else allowed


def cpu_counters(stat_text: str) -> tuple[int, int, int]:
    """``(idle, total, cpus)`` jiffies from the text of ``/proc/stat`` (idle includes iowait)."""
    lines = stat_text.splitlines()
    fields = [int(x) for x in lines[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    total = sum(fields[:8])  # user nice system idle iowait irq softirq steal (guest is inside user)
    cpus = sum(1 for line in lines if line.startswith("cpu") and line[3:4].isdigit())
    return idle, total, max(cpus, 1)


def spare_cores(sample_s: float = SAMPLE_S, read: Callable[[], str] | None = None,
                sleep: Callable[[float], None] = time.sleep) -> float | None:
    """Idle cores over the next ``sample_s`` seconds, or ``None`` where ``/proc/stat`` cannot be read."""
    read = read or PROC_STAT.read_text
    try:
        idle0, total0, cpus = cpu_counters(read())
        sleep(sample_s)
        idle1, total1, _ = cpu_counters(read())
    except (OSError, ValueError, IndexError):
        return None
    if total1 <= total0:
        return None
    return cpus * (idle1 - idle0) / (total1 - total0)


def threads_for(spare: float | None, most: int) -> int:
    """Threads for ``spare`` idle cores: the whole free cores (rounded), at least 1, at most ``most``.

    Unknown (``None``) keeps ``most``, the configured count."""
    if spare is None:
        return most
    return max(1, min(most, int(spare + 0.5)))


class IdleWatch:
    """Idle cores measured in a background thread, window after window, while ``busy()`` is false, so an answer
    reads the last window (``recent``) instead of sampling on its own path; nothing recent: ``None``."""

    def __init__(self, busy: Callable[[], bool], window_s: float = WATCH_S) -> None:
        self.busy = busy
        self.window_s = window_s
        self._reading: tuple[float, float] | None = None  # (monotonic time at the window's end, spare cores)
        threading.Thread(target=self._run, name="idle-watch", daemon=True).start()

    def _run(self) -> None:
        while True:
            if self.busy():
                time.sleep(self.window_s)
                continue
            spare = spare_cores(self.window_s)
            if spare is not None and not self.busy():  # the model ran in none of the window (nearly: at its ends)
                self._reading = (time.monotonic(), spare)

    def recent(self, max_age_s: float = 2 * WATCH_S) -> float | None:
        """The spare cores of the last window that ended at most ``max_age_s`` ago."""
        reading = self._reading
        return reading[1] if reading and time.monotonic() - reading[0] <= max_age_s else None
