"""Aggregates with seeded 95% bootstrap intervals, paired deltas and latency percentiles."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

SEED = 20240601
RESAMPLES = 2000


def _clean(values: Sequence[float | None]) -> np.ndarray:
    return np.asarray([v for v in values if v is not None], dtype=float)


def bootstrap_mean(values: Sequence[float | None], *, seed: int = SEED, resamples: int = RESAMPLES) -> dict:
    """``{"mean", "ci_low", "ci_high", "n"}`` over the non-``None`` values (percentile bootstrap, 95%).

    Empty input gives ``None`` for the numbers and ``n`` 0; one value gives a zero-width interval.
    """
    x = _clean(values)
    if x.size == 0:
        return {"mean": None, "ci_low": None, "ci_high": None, "n": 0}
    mean = float(x.mean())
    if x.size == 1 or np.all(x == x[0]):
        return {"mean": mean, "ci_low": mean, "ci_high": mean, "n": int(x.size)}
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, x.size, size=(resamples, x.size))
    means = x[idx].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return {"mean": mean, "ci_low": float(low), "ci_high": float(high), "n": int(x.size)}


def paired_delta(current: dict[str, float | None], baseline: dict[str, float | None], **kw) -> dict:
    """Mean of ``current - baseline`` over ids scored in both, with a bootstrap interval."""
    diffs = [current[i] - baseline[i] for i in current if i in baseline and current[i] is not None and baseline[i] is not None]
    return bootstrap_mean(diffs, **kw)


def percentiles(values: Sequence[float | None]) -> dict:
    """``{"p50", "p95", "mean", "max", "n"}`` of latency values in milliseconds."""
    x = _clean(values)
    if x.size == 0:
        return {"p50": None, "p95": None, "mean": None, "max": None, "n": 0}
    p50, p95 = np.percentile(x, [50, 95])
    return {"p50": float(p50), "p95": float(p95), "mean": float(x.mean()), "max": float(x.max()), "n": int(x.size)}
