"""The asked fact of a close runner-up, quoted in a story's 结论 beside the lead sentence.

A manager's story ends in a typed question ("…这些东西到底得留几年？", "…到底要谁点头？"). The 结论's lead is the best
sentence for the whole story, and on a long story the words of its setting decide that ranking nearly as much as the
question: the clause stating the asked fact ("机密级信息不少于10年", "…由总经理办公会审批") is often the runner-up,
a little below a clause of a neighbouring case that states a fact of the same kind (another retention period, another
approver). Rules choosing a different lead moved facts in and out of the first line in equal measure (issue 9, rounds
1–20); ``beside_lead`` keeps the lead and quotes, after it on the same line, a runner-up within ``MARGIN`` of the best
score that states a fact of the asked kind, when the line stays within ``MAX_LINE_CHARS``.

Only Chinese stories (``story.tells_story`` or ``scenario.is_scenario``) asking a typed fact (``FACT_TYPES``: a
duration or date, a person or body, a number) are touched. The runner-up is a policy sentence (a rule written by the
company, not a guidance example), quoted whole (``Sentence.quote``) with its ``[n]``, and at most ``TOP`` sentences of
the ranking are looked at.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.language import is_english
from assistant.question_types import QType, asked_parts
from assistant.types import Context

FACT_TYPES = (QType.TIME, QType.PERSON, QType.NUMBER)
"""Asked kinds whose fact a sentence visibly states (``extractive.typed_spans``). Yes/no verdicts were tried too:
``yes_no`` reads no verdict from any of the tune stories' verdict clauses (0 changed)."""
TOP = 3
"""Sentences of the ranking looked at, the best one included (tune stories: 2 and 3 give the same answers)."""
MARGIN = 0.1
"""A runner-up trails the best score by at most this: the size of ``extractive.RULE_MARGIN`` (a clause close enough
to lead over the best sentence is close enough to stand beside it), not tuned separately. Checked on the tune stories
(bs1, bs2, bs3, sc-tune, fs, en; round 21, h9ld): 0.1, 0.2 and 0.3 bring the same two facts into first lines, 0.1
changes the fewest answers (3 vs 5 and 5). One of the two gains trails by 0.0995: the margin is not a wide one."""
MAX_LINE_CHARS = 170
"""The first line with the runner-up stays within this many characters: the size of ``extractive.MAX_FULL_CHARS``
(one whole quoted sentence at most), not tuned separately. Checked on the tune stories: 140 and 160 keep one of the
two facts, 170 both (3 answers changed), 180 and 200 add one answer without the fact, 240 six (one of them with the
second fact of a two-fact story; 9 changed in all)."""


def asked_fact(question: str) -> tuple[str, QType] | None:
    """The first asked part of ``question`` asking a typed fact (``FACT_TYPES``), with its type; None when none does."""
    for part, qtype in asked_parts(question):
        if qtype in FACT_TYPES:
            return part, qtype
    return None


def beside_lead(question: str, contexts: Sequence[Context], head: str, query: str | None = None,
                margin: float | None = None, max_chars: int | None = None) -> str:
    """The 结论 line ``head`` with a close runner-up stating the asked fact appended (``"… [n]"``), else ``head``.

    ``query``: the standalone question the sentences are matched against (default ``question``); ``margin`` and
    ``max_chars`` default to ``MARGIN`` and ``MAX_LINE_CHARS``."""
    from assistant.anaphoric_ask import with_story
    from assistant.extractive import _ensure_period, part_slot, rank_sentences, typed_spans, shape_of
    from assistant.scenario import is_scenario
    from assistant.story import tells_story

    margin = MARGIN if margin is None else margin
    max_chars = MAX_LINE_CHARS if max_chars is None else max_chars
    if not head.startswith("结论：") or is_english(question) or not (tells_story(question) or is_scenario(question)):
        return head
    asked = asked_fact(question)
    if asked is None:
        return head
    part, qtype = asked
    matched = query or question
    ranked = rank_sentences(matched, contexts, with_story(matched, part, qtype), qtype, part_slot(part, qtype))
    if not ranked:
        return head
    best = ranked[0][0]
    shape = shape_of(part, qtype)
    for score, s in ranked[:TOP]:
        if best - score > margin:
            break
        quote = _ensure_period(s.quote)
        if s.text in head or contexts[s.n - 1].doc_type != "policy" or not typed_spans(s.quote, qtype, shape):
            continue
        added = f"{head} {quote} [{s.n}]"
        return added if len(added) <= max_chars else head
    return head


__all__ = ["FACT_TYPES", "MARGIN", "MAX_LINE_CHARS", "TOP", "asked_fact", "beside_lead"]
