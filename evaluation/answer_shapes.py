"""The shape of an answer, for figures by shape: which composer wrote its first line.

A manager's scenario (a dispute, a plea for what to do) is answered in the scenario shape (``assistant.scenario``:
``结论：…现在先做：<clause>``, in English ``Do now (quoted from the policy): …``); every other answer leads with the
direct answer (the composer's ``结论``, ``assistant.extractive.pick_conclusion``). The shapes are read from the labels the
scenario composer writes, so they apply to any set and to old results.
"""

from __future__ import annotations

from assistant.scenario import DO_NOW, DO_NOW_EN, DO_NOW_GUIDANCE_EN
from evaluation.metrics import first_line

SCENARIO, DIRECT = "scenario (现在先做 / Do now)", "direct answer"
SHAPES = (SCENARIO, DIRECT)
"""In the order the tables list them."""


def answer_shape(answer: str) -> str:
    """One of ``SHAPES`` for ``answer``, read from its first line as the metrics read it (``metrics.first_line``: a
    fallback notice above the 结论 skipped)."""
    first = first_line(answer)
    return SCENARIO if any(label.strip() in first for label in (DO_NOW, DO_NOW_EN, DO_NOW_GUIDANCE_EN)) else DIRECT


__all__ = ["DIRECT", "SCENARIO", "SHAPES", "answer_shape"]
