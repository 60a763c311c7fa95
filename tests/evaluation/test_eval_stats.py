from __future__ import annotations

import pytest

from evaluation.stats import bootstrap_mean, paired_delta, percentiles


def test_bootstrap_is_seeded_and_brackets_the_mean():
    values = [1, 0, 1, 1, 0, 1, 1, 1, 0, 1, None]
    a, b = bootstrap_mean(values), bootstrap_mean(values)
    assert a == b
    assert a["n"] == 10 and a["mean"] == pytest.approx(0.7)
    assert 0.3 < a["ci_low"] < 0.7 < a["ci_high"] <= 1.0


def test_bootstrap_edge_cases():
    assert bootstrap_mean([]) == {"mean": None, "ci_low": None, "ci_high": None, "n": 0}
    assert bootstrap_mean([0.5]) == {"mean": 0.5, "ci_low": 0.5, "ci_high": 0.5, "n": 1}


def test_paired_delta_uses_shared_ids_only():
    d = paired_delta({"a": 1.0, "b": 1.0, "c": 0.0}, {"a": 0.0, "b": 1.0, "d": 1.0})
    assert d["n"] == 2 and d["mean"] == 0.5


def test_percentiles():
    p = percentiles(list(range(1, 101)))
    assert p["p50"] == pytest.approx(50.5) and p["p95"] == pytest.approx(95.05) and p["n"] == 100
