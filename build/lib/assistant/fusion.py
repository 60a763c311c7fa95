"""Rank fusion, duplicate removal and per-document diversity (decay, cap) for hybrid retrieval."""

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
    rankings: Sequence[Sequence[K]], weights: Sequence[float] | None = None, k: int | Sequence[int] = RRF_K
) -> list[tuple[K, float]]:
    """Fuse ranked id lists: ``score(id) = sum_i w_i / (k_i + rank_i(id))``, best first.

    ``k`` is one constant for every list or one per list: a smaller constant makes that list's top ranks
    count more against its lower ones (a sharper list). Ties keep the order in which ids were first seen
    (earlier lists win), so the result is deterministic.
    """
    if weights is None:
        weights = [1.0] * len(rankings)
    if len(weights) != len(rankings):
        raise ValueError(f"weighted_rrf: {len(rankings)} rankings but {len(weights)} weights")
    ks = [k] * len(rankings) if isinstance(k, int) else list(k)
    if len(ks) != len(rankings):
        raise ValueError(f"weighted_rrf: {len(rankings)} rankings but {len(ks)} constants k")
    if any(c < 0 for c in ks):
        raise ValueError(f"weighted_rrf: the constants k must be >= 0, got {ks}")
    scores: dict[K, float] = {}
    for ranking, weight, const in zip(rankings, weights, ks):
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (const + rank)
    order = {item: i for i, item in enumerate(scores)}
    return sorted(scores.items(), key=lambda kv: (-kv[1], order[kv[0]]))


def keep_within(items: Sequence[T], key_of: Callable[[T], Hashable], keys: Iterable[Hashable],
                within: int) -> list[T]:
    """Reorder best-first ``items`` so every item whose key is in ``keys`` is among the first ``within``.

    The first ``within`` places hold those items and, in the rest of the places, the best other items; both
    the head and the tail keep the input order. When they are already in the head nothing moves. Keys not
    among ``items`` are ignored (at most ``within`` keys are honoured); ``within`` < 1 keeps the order. Used to
    keep each fused list's own best passage near the top.
    """
    out = list(items)
    if within < 1:
        return out
    wanted = list(dict.fromkeys(keys))
    protected = [item for item in out if key_of(item) in wanted][:within]
    ids = {id(item) for item in protected}
    others = [item for item in out if id(item) not in ids]
    head_ids = ids | {id(item) for item in others[: within - len(protected)]}
    return [item for item in out if id(item) in head_ids] + [item for item in out if id(item) not in head_ids]


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
    """Keep the first of any items whose texts are identical or have char-n-gram Jaccard > ``threshold``,
    whatever their document (``drop_duplicates_per_group`` with one group; the benches' older rule).

    Input order is preserved, so pass items best first.
    """
    return drop_duplicates_per_group(items, text_of, lambda _item: None, threshold=threshold, n=n)


def drop_duplicates_per_group(
    items: Iterable[T], text_of: Callable[[T], str], group_of: Callable[[T], Hashable],
    exact_of: Callable[[T], str] | None = None, threshold: float = 0.8, n: int = 3,
) -> list[T]:
    """Drop true duplicates only: an item whose text is near-identical (char-n-gram Jaccard > ``threshold``)
    to an earlier item of the *same* group (document), or whose ``exact_of`` text (default ``text_of``;
    e.g. header + passage) is identical to an earlier item's of any group.

    Near-identical passages of *different* documents are all kept: documents written from one template
    (the admission rules of many universities, news reports of one event) differ in exactly the words a
    question names, and each is a source of its own. Input order is preserved; pass items best first.
    """
    exact_of = exact_of or text_of
    kept: list[T] = []
    kept_grams: list[tuple[Hashable, frozenset[str]]] = []
    seen_exact: set[str] = set()
    for item in items:
        exact = _SPACE.sub("", exact_of(item))
        if exact in seen_exact:
            continue
        group = group_of(item)
        grams = char_ngrams(text_of(item), n)
        if any(g == group and jaccard(grams, other) > threshold for g, other in kept_grams):
            continue
        seen_exact.add(exact)
        kept.append(item)
        kept_grams.append((group, grams))
    return kept


def decay_per_group(items: Sequence[T], score_of: Callable[[T], float], group_of: Callable[[T], Hashable],
                    decay: float) -> list[tuple[T, float]]:
    """Re-rank best-first ``items`` with the ``i``-th item of a group (0-based) scored ``score × decay**i``.

    A soft per-document diversity (as in maximal marginal relevance): a document's second passage stays
    ahead of another document's first only when its own score is clearly higher. ``decay`` 1 keeps the
    order, 0 puts every document's best passage first. Returns ``(item, adjusted score)`` best first; ties
    keep the input order.
    """
    if not 0.0 <= decay <= 1.0:
        raise ValueError(f"decay must be within [0, 1], got {decay}")
    seen: dict[Hashable, int] = {}
    scored: list[tuple[float, int, T]] = []
    for i, item in enumerate(items):
        group = group_of(item)
        nth = seen.get(group, 0)
        seen[group] = nth + 1
        scored.append((score_of(item) * decay**nth, i, item))
    scored.sort(key=lambda t: (-t[0], t[1]))
    return [(item, s) for s, _, item in scored]


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
