"""How many threads the local model should use for the next answer: as many as the machine has idle cores.

llama.cpp's threads meet at a barrier after every operation of the model graph. When another process holds a core,
the thread waiting there stalls the others: on the 2-core reference machine under a load of ~11, two threads
generated 0.3-0.6 tokens/s and one thread 3.2 tokens/s (a 5-10x difference; llama.cpp's ``poll = 0`` thread pool did
not help). So before each answer the model server measures the idle CPU over a short window (``/proc/stat``, the
model itself is idle then) and sets the thread count to the cores that are free, between 1 and the configured
maximum.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

PROC_STAT = Path("/proc/stat")
SAMPLE_S = 0.2


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
