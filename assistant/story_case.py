"""A story's 结论: the policy clause written for the case the story tells leads.

A manager tells what happened and asks what to do ("物流部负责人每周例会都迟到二十来分钟…我该怎么管？"). The plain
composer ranks sentences by the whole question, so a clause sharing the story's setting (例会, 参会, 请假) can
out-rank the one whose case is what happened ("迟到超过10分钟或无故缺席的，由…记录"). ``case_first`` moves the
policy clause among the ranked sentences whose case ("…的，", a counted subject "超过12人日的需求，",
``case_clauses.clause_cases``) the story describes best (``situation.described_share``) to the front, when
a count the story tells meets the case's count bound ("二十来分钟" / "超过10分钟", ``case_clauses.meets_count``; a duration
only with a word of the case told too) and it
describes clearly more of its case than the current first (whose case counts only when the story's count
meets it too). A case matched by a few words alone is left to the
ranking: on the tune sets two-word cases matched by chance (a listed case sharing "部门", "审批") and led wrongly.
Policy-text structure only: no word of one company's documents.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant.case_clauses import meets_count
from assistant.types import Context

if TYPE_CHECKING:
    from assistant.extractive import Sentence

CASE_FIRST_SHARE = 0.5
"""A clause leads only when the story describes at least this share of its case (a word of a two-word case is
chance; chosen on the fresh and blind scenario tune sets)."""
CASE_FIRST_SPECIFIC_SHARE = 0.4
"""… or this share when the count the story tells meets the bound in a specific measure (an amount, an effort, a
count of times: "折算下来大概80万元" / "涉及金额超过50万元的跨部门资源调配", ``meets_count``'s ``specific_only``): the
bound's own words are most of what such a case says (chosen on ``bs13t``)."""
CASE_FIRST_MARGIN = 0.25
"""… and this much more than the current first sentence's case when a told count meets that one's bound too (a
first sentence whose case shares only words with the story counts 0)."""
CASE_FIRST_TOP: int | None = None
"""How far down the whole question's ranking the clause may be (None: anywhere). Was 8 (round 12); a clause whose
count bound the story's count meets *and* one of whose case's words it tells (``situation.counted_bounds``) is the
case's clause however few of the plea's words it shares ("PMO…对停滞超过60个自然日的项目组提出终止或调整建议" ranks
below 12 for "…两个多月前…就没人推了…该怎么办？"). Chosen on ``fresh_scenarios``."""


def case_share(happened: str, text: str) -> float:
    """How far ``happened`` is a case ``text`` (one clause) is written for: the best described share of its cases."""
    from assistant.case_clauses import clause_cases
    from assistant.situation import described_share

    return max((described_share(happened, case) for case in clause_cases(text)), default=0.0)


def case_first(question: str, ranked: Sequence[tuple[float, "Sentence"]],
               contexts: Sequence[Context]) -> list[tuple[float, "Sentence"]]:
    """``ranked`` (best first) with the policy rule sentence whose case the story tells moved to the front
    (see the module); unchanged when ``question`` tells no case (``case_clauses.asked_case``) or none fits."""
    from assistant.case_clauses import asked_case
    from assistant.scenario import is_illustration

    happened = asked_case(question)
    if not happened or not ranked:
        return list(ranked)
    lead = ranked[0][1].quote
    first = case_share(happened, lead) if meets_count(happened, lead) else 0.0  # words alone are weaker than a met count
    best, at, bar = 0.0, -1, CASE_FIRST_SHARE
    for i, (_score, s) in enumerate(ranked[:CASE_FIRST_TOP]):
        if contexts[s.n - 1].doc_type != "policy" or is_illustration(s.quote, s.heading):
            continue
        if not meets_count(happened, s.quote):
            continue
        share = case_share(happened, s.quote)
        if share > best:
            best, at = share, i
            bar = CASE_FIRST_SPECIFIC_SHARE if meets_count(happened, s.quote, True) else CASE_FIRST_SHARE
    if at <= 0 or best < bar or best < first + CASE_FIRST_MARGIN:
        return list(ranked)
    return [ranked[at], *ranked[:at], *ranked[at + 1:]]


TOLD_COUNT_TOP = 8
"""How far down an English question's ranking the clause whose case bound its told count meets may be
(``told_count_first``): the composer's candidates (``lead_ranker.TOP``)."""


def told_count_first(told: str, ranked: Sequence[tuple[float, "Sentence"]],
                     contexts: Sequence[Context]) -> list[tuple[float, "Sentence"]]:
    """``ranked`` with the best-ranked policy rule whose case bound a count of ``told`` meets moved to the front, unless
    the first meets one too (``meets_count``). ``told``: an English question's Chinese terms, with the counts and amounts
    it tells as the documents write them ("争议 协调委员会 300万元": "…涉及金额超过200万元…的，可发起三级升级" leads, not
    the committee's quorum rule). An English question has no Chinese story for ``case_first`` to read; a met count
    (specific measures alone, loose ones with a word of the case, ``situation.counted_bounds``) is its case."""
    from assistant.scenario import is_illustration

    if not re.search(r"\d", told):
        return list(ranked)
    for i, (_score, s) in enumerate(ranked[:TOLD_COUNT_TOP]):
        if contexts[s.n - 1].doc_type == "policy" and not is_illustration(s.quote, s.heading) and meets_count(told, s.quote):
            return list(ranked) if i == 0 else [ranked[i], *ranked[:i], *ranked[i + 1:]]
    return list(ranked)


def contradicted(question: str, text: str) -> bool:
    """True when ``question`` tells a case (``case_clauses.asked_case``) whose counts contradict a case of ``text``
    (one clause; ``situation.contradicts``): "拿了9.3分" against "部门满意度得分低于8.0分的，…". Such a clause
    answers another manager's question, not a second 结论 sentence for this one."""
    from assistant.case_clauses import asked_case, clause_cases
    from assistant.situation import contradicts

    happened = asked_case(question)
    return bool(happened) and any(contradicts(happened, case) for case in clause_cases(text))


__all__ = ["CASE_FIRST_SHARE", "case_first", "case_share", "contradicted", "told_count_first"]
