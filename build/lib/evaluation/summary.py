"""Turn scored results lines into summary.json: aggregates, per-tag slices, failures, latency."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from evaluation.metrics import LATENCY_KEYS, metric_names
from evaluation.stats import bootstrap_mean, percentiles

JUDGE_METRICS = ("faithfulness", "correctness")


def known_metrics(k: int) -> list[str]:
    """Every aggregate name ``--fail-under`` accepts."""
    return metric_names(k) + list(JUDGE_METRICS)


def aggregate(rows: list[dict], k: int, *, intervals: bool = True) -> dict:
    """``{name: {"mean", "ci_low", "ci_high", "n"}}`` for every metric with at least one value."""
    out = {}
    for name in known_metrics(k):
        values = [r["metrics"].get(name) for r in rows]
        if not any(v is not None for v in values):
            continue
        stat = bootstrap_mean(values)
        if not intervals:
            stat = {"mean": stat["mean"], "n": stat["n"]}
        out[name] = stat
    return out


def _slices(rows: list[dict], names_of: Callable[[dict], Iterable[str]], k: int) -> dict:
    """``{name: {"n", "metrics"}}``: aggregates (intervals included) of the rows under each name a row
    carries (``names_of(row)``; a row may be under several), sorted by name."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        for name in names_of(r):
            groups[name].append(r)
    return {name: {"n": len(g), "metrics": aggregate(g, k)} for name, g in sorted(groups.items())}


def by_tag(rows: list[dict], questions: dict, k: int) -> dict:
    """Aggregates per tag (intervals included), sorted by tag name; untagged rows go to ``(none)``."""
    return _slices(rows, lambda r: questions[r["id"]].tags or ["(none)"], k)


def split_of(question) -> str | None:
    """The question's split: its ``split`` field, else a ``split:NAME`` tag, else None."""
    if getattr(question, "split", ""):
        return question.split
    for tag in question.tags or []:
        if tag.startswith("split:"):
            return tag[len("split:"):]
    return None


def by_split(rows: list[dict], questions: dict, k: int) -> dict:
    """Aggregates per split (``tune``, ``heldout`` …) when questions carry one; ``{}`` otherwise."""
    return _slices(rows, lambda r: filter(None, [split_of(questions[r["id"]])]), k)


def latency(rows: list[dict]) -> dict:
    """p50/p95 per latency stage over rows without an error."""
    ok = [r for r in rows if not r.get("error")]
    return {key: percentiles([(r.get("latency_ms") or {}).get(key) for r in ok]) for key in LATENCY_KEYS}


def failures(rows: list[dict]) -> dict:
    """How many questions failed and why (retrieval vs generation etc.)."""
    counts = Counter(r["metrics"].get("failure") for r in rows)
    counts.pop(None, None)
    return dict(sorted(counts.items()))


def build_summary(rows: list[dict], questions: dict, k: int, config: dict, timings: dict, baseline: dict | None = None) -> dict:
    """The summary.json object."""
    return {
        "n": len(rows),
        "metrics": aggregate(rows, k),
        "latency_ms": latency(rows),
        "failures": failures(rows),
        "errors": sum(1 for r in rows if r.get("error")),
        "llm_used": dict(Counter(r.get("llm") or "" for r in rows)),
        "by_tag": by_tag(rows, questions, k),
        "by_split": by_split(rows, questions, k),
        "config": config,
        "timings": timings,
        "baseline": baseline,
    }
