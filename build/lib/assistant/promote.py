"""Moving a close runner-up to the front of a ranked sentence list.

Several lead rules share one shape: the best-scored sentence lacks something the question needs (a verdict, a
rule, the asked fact), and a sentence that has it trails the best by a small margin; that sentence leads instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

S = TypeVar("S")
"""A ranked sentence (``extractive.Sentence``; generic so ``everyday`` can use it without importing ``extractive``)."""


def first_within(ranked: Sequence[tuple[float, S]], passes: Callable[[S], bool], margin: float,
                 depth: int | None = None) -> tuple[float, S] | None:
    """The first ``(score, sentence)`` after the best, among the first ``depth`` (all when None), that ``passes``
    and trails the best score by at most ``margin``; None when none does."""
    if not ranked:
        return None
    top = ranked[0][0]
    for score, s in ranked[1:depth]:
        if top - score > margin:
            return None
        if passes(s):
            return score, s
    return None


def promote(ranked: Sequence[tuple[float, S]], passes: Callable[[S], bool], margin: float,
            depth: int | None = None) -> list[tuple[float, S]]:
    """``ranked`` with ``first_within``'s sentence moved to the front (the rest in order); unchanged otherwise."""
    hit = first_within(ranked, passes, margin, depth)
    if hit is None:
        return list(ranked)
    return [hit, *(x for x in ranked if x[1] is not hit[1])]
