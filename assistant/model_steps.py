"""The model's steps after an extracted 结论: drop what adds nothing, keep the quote that holds the fact.

When the 结论 is extracted (``ADVISOR_LLM_CONCLUSION=extract``) the model writes only the steps. A
small model likes to restate the 结论 or the question, to write steps about reading the material
("查看资料中的第1条句子…"), or to emit nothing but a marker ("[3]"); ``drop_repeats`` removes those.
It also paraphrases the sentence that states the asked fact ("新界青衣岛" → "香港青衣岛"), so
``keep_support`` puts the extractive answer's first step (the best sentence after the 结论, quoted
from the passage) back in front when no model step says the same.
"""

from __future__ import annotations

import re

from assistant.extractive import bigrams, overlap
from assistant.grounding import tidy_steps

REPEAT_OVERLAP = 0.7
"""A model step sharing this share of its character bigrams with the 结论 (or the question) only repeats it."""

RESTATE_OVERLAP = 0.75
"""A model step with this share of its bigrams in the question only restates what was asked."""

SUPPORT_COVERED = 0.5
"""The extracted supporting sentence counts as said when this share of its bigrams is in the model's steps."""

_META_STEP = re.compile(r"^\s*(?:\d{1,2}[.、)）]\s*)?(?:\*\*)?(?:请)?(?:阅读|读取|查阅|查看|查找|找到|参考|参阅|根据资料|根据结论|从资料|从《|在资料|Read|Refer to|Check the (?:material|policy))", re.I)
_STEP = re.compile(r"^\s*\d{1,2}[.、)）]\s*")
_MARKERS = re.compile(r"\[\d+\]")
_CONTENT = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")


def _body(line: str) -> str:
    """A step line without its number and citation markers."""
    return _MARKERS.sub("", _STEP.sub("", line)).strip()


def drop_repeats(steps: str, conclusion: str, question: str = "") -> str:
    """The model's step lines without those that merely repeat the (extracted) conclusion or the
    question, only point at the material ("阅读资料中的第二十三条…") or hold no words at all ("[3]")."""
    said = bigrams(_MARKERS.sub("", conclusion))
    asked = bigrams(question)
    kept = []
    for line in steps.splitlines():
        body = _body(line)
        grams = bigrams(body)
        if line.strip() and not _CONTENT.search(body):
            continue  # markers or punctuation only
        if grams and (overlap(grams, said) >= REPEAT_OVERLAP or overlap(grams, asked) >= RESTATE_OVERLAP):
            continue
        if _META_STEP.match(line):
            continue
        kept.append(line)
    return tidy_steps(kept)  # steps stay numbered 1, 2, 3 after some were dropped


def first_extracted_step(extracted: str) -> str | None:
    """The first numbered step of an extractive answer (its best sentence after the 结论), with its marker."""
    for line in extracted.splitlines()[1:]:
        if _STEP.match(line):
            return _STEP.sub("", line).strip() or None
    return None


def keep_support(steps: str, extracted: str) -> str:
    """``steps`` with the extractive answer's first step put in front when no model step says it.

    Returns ``steps`` unchanged when the extractive answer has no step or the model's steps already
    hold ``SUPPORT_COVERED`` of its bigrams.
    """
    support = first_extracted_step(extracted)
    if not support:
        return steps
    grams = bigrams(_MARKERS.sub("", support))
    if not grams or overlap(grams, bigrams(_MARKERS.sub("", steps))) >= SUPPORT_COVERED:
        return steps
    lines = steps.splitlines()
    at = next((i for i, line in enumerate(lines) if _STEP.match(line)), None)
    if at is None:  # no numbered step: after a header line ("建议步骤：") if there is one, else first
        at = 1 if lines and lines[0].rstrip().endswith(("：", ":")) else 0
    lines.insert(at, f"1. {support}")
    return tidy_steps(lines)


__all__ = ["REPEAT_OVERLAP", "RESTATE_OVERLAP", "SUPPORT_COVERED", "drop_repeats", "first_extracted_step", "keep_support"]
