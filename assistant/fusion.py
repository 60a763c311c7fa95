"""Rank fusion and near-duplicate removal for hybrid retrieval."""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import TypeVar

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)

RRF_K = 60
"""The usual reciprocal-rank-fusion constant (Cormack et al., 2009)."""

_SPACE = re.compile(r"\s+")


def weighted_rrf(
    rankings: Sequence[Sequence[K]], weights: Sequence[float] | None = None, k: int = RRF_K
) -> list[tuple[K, float]]:
    """Fuse ranked id lists: ``score(id) = sum_i w_i / (k + rank_i(id))``, best first.

    Ties keep the order in which ids were first seen (earlier lists win), so the
    result is deterministic.
    """
    if weights is None:
        weights = [1.0] * len(rankings)
    if len(weights) != len(rankings):
        raise ValueError(f"weighted_rrf: {len(rankings)} rankings but {len(weights)} weights")
    scores: dict[K, float] = {}
    for ranking, weight in zip(rankings, weights):
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    order = {item: i for i, item in enumerate(scores)}
    return sorted(scores.items(), key=lambda kv: (-kv[1], order[kv[0]]))


def char_ngrams(text: str, n: int = 3) -> frozenset[str]:
    """Character n-grams of ``text`` with whitespace removed (works for Chinese without a tokenizer)."""
    compact = _SPACE.sub("", text)
    if len(compact) <= n:
        return frozenset([compact]) if compact else frozenset()
    return frozenset(compact[i : i + n] for i in range(len(compact) - n + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity of two sets (0 when both are empty)."""
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


def drop_near_duplicates(
    items: Iterable[T], text_of: Callable[[T], str], threshold: float = 0.8, n: int = 3
) -> list[T]:
    """Keep the first of any items whose texts are identical or have char-n-gram Jaccard > ``threshold``.

    Input order is preserved, so pass items best first.
    """
    kept: list[T] = []
    kept_grams: list[frozenset[str]] = []
    seen_exact: set[str] = set()
    for item in items:
        compact = _SPACE.sub("", text_of(item))
        if compact in seen_exact:
            continue
        grams = char_ngrams(compact, n)
        if any(jaccard(grams, other) > threshold for other in kept_grams):
            continue
        seen_exact.add(compact)
        kept.append(item)
        kept_grams.append(grams)
    return kept


def cap_per_group(items: Sequence[T], group_of: Callable[[T], Hashable], cap: int | None) -> list[T]:
    """Reorder best-first ``items`` so no group (document) has more than ``cap`` items ahead of the others.

    Items over the cap are not dropped: they follow, in their order, after every item within the cap,
    so a list cut at ``k`` shows ``cap`` passages of one document at most while other documents have
    candidates. ``cap`` None or < 1 keeps the order.
    """
    if not cap or cap < 1:
        return list(items)
    seen: dict[Hashable, int] = {}
    head: list[T] = []
    tail: list[T] = []
    for item in items:
        group = group_of(item)
        seen[group] = seen.get(group, 0) + 1
        (head if seen[group] <= cap else tail).append(item)
    return head + tail
