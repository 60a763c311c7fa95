"""Gradient-boosted trees as the lead ranker's model: score feature rows with trees stored as plain JSON.

A linear model over the lead features is saturated (round 57: leave-one-set-out 578–584 of 817 leads right however
the features were crossed); trees read interactions the weights cannot (a story's overlap against a typed
question's, a policy clause's rank beside the guidance's). Round 58, round 57's 817 tune samples, leave one set
out: 583–595 leads right over 24 settings (depth 4–6, 150–300 trees) against the linear model's 581, the shipped
settings 592 with 6 right leads turned wrong instead of 13; on this round's 816 samples 590 (9 turned wrong) against
581 (12).

The trees are learned with scikit-learn (``evaluation.lead_training``) and saved as arrays per tree, so answering
needs neither scikit-learn nor its pickles: ``feature`` (−1 at a leaf), ``threshold`` (a row goes left when its
value is at most the threshold), ``left``, ``right`` (node indices) and ``value`` (a leaf's log-odds).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

LEAF = -1
"""``feature`` of a leaf node."""


def tree_value(row: Sequence[float], tree: Mapping[str, Sequence[Any]]) -> float:
    """The leaf value ``row`` reaches in one tree."""
    feature, threshold, left, right = tree["feature"], tree["threshold"], tree["left"], tree["right"]
    node = 0
    while feature[node] != LEAF:
        node = left[node] if row[feature[node]] <= threshold[node] else right[node]
    return float(tree["value"][node])


def tree_scores(rows: Sequence[Sequence[float]], model: Mapping[str, Any]) -> list[float]:
    """Each row's log-odds of stating the asked facts: the model's ``baseline`` plus its trees' leaf values."""
    trees = model["trees"]
    base = float(model.get("baseline", 0.0))
    return [base + sum(tree_value(row, tree) for tree in trees) for row in rows]
