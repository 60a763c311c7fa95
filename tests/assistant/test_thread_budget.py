"""The local model's thread count follows the machine's idle cores (``assistant.thread_budget``)."""

from __future__ import annotations

import os
import time

from assistant.thread_budget import IdleWatch, cpu_counters, machine_threads, spare_cores, threads_for

STAT = "cpu  {user} 0 {system} {idle} {iowait} 0 0 0 0 0\ncpu0 1 0 1 1 0 0 0 0 0 0\ncpu1 1 0 1 1 0 0 0 0 0 0\nintr 5\n"


def _stat(user: int, system: int, idle: int, iowait: int = 0) -> str:
    return STAT.format(user=user, system=system, idle=idle, iowait=iowait)


def test_counters_read_idle_with_iowait_the_total_and_the_cpus():
    assert cpu_counters(_stat(100, 50, 800, 50)) == (850, 1000, 2)


def test_spare_cores_are_the_idle_share_of_the_window_times_the_cpus():
    samples = iter([_stat(100, 0, 100), _stat(150, 0, 250)])  # 200 jiffies passed, 150 of them idle
    assert spare_cores(read=lambda: next(samples), sleep=lambda s: None) == 2 * 150 / 200


def test_unreadable_or_frozen_counters_are_unknown():
    def broken() -> str:
        raise OSError("no /proc here")

    assert spare_cores(read=broken, sleep=lambda s: None) is None
    assert spare_cores(read=lambda: _stat(1, 1, 1), sleep=lambda s: None) is None  # no time passed


def test_threads_are_the_free_cores_between_one_and_the_configured_most():
    assert threads_for(1.95, 2) == 2  # a quiet 2-core machine
    assert threads_for(1.1, 2) == 1  # another process holds a core
    assert threads_for(0.02, 2) == 1  # never fewer than one
    assert threads_for(7.6, 4) == 4  # never more than configured
    assert threads_for(None, 2) == 2  # unknown: the configured count


def test_the_idle_watch_reads_windows_only_while_the_model_is_idle():
    """An answer reads the background window instead of sampling on its own path; none while the model is busy."""
    assert IdleWatch(lambda: True, window_s=0.05).recent() is None  # busy all along: no reading
    watch = IdleWatch(lambda: False, window_s=0.05)
    deadline = time.monotonic() + 5
    while watch.recent() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    spare = watch.recent()
    assert spare is not None and 0.0 <= spare <= (os.cpu_count() or 1) + 0.01


def test_the_default_most_threads_are_the_physical_cores_this_process_may_use():
    assert machine_threads(physical=lambda: 8, usable=lambda: 16) == 8  # hyperthreads add nothing
    assert machine_threads(physical=lambda: 8, usable=lambda: 3) == 3  # taskset / a container's cpuset
    assert machine_threads(physical=lambda: None, usable=lambda: 4) == 4  # unknown cores: the usable CPUs
    assert machine_threads(physical=lambda: 0, usable=lambda: 0) == 1
    assert 1 <= machine_threads() <= len(os.sched_getaffinity(0))


def test_unset_llm_threads_means_the_machine_count(monkeypatch):
    from ingest.settings import load_settings

    monkeypatch.delenv("ADVISOR_LLM_THREADS", raising=False)
    assert load_settings().llm_threads == 0
    monkeypatch.setenv("ADVISOR_LLM_THREADS", "3")
    assert load_settings().llm_threads == 3
