"""Follow-ups in a conversation: the 结论 says something new, and "如果…不行呢" gets the next step.

The Advisor passes the previous assistant turn (``previous_answer``) to the composer: a sentence
whose facts that turn already stated (``repeats``) is not quoted again in the 结论. A follow-up that
reports a failure of what was said ("那如果部门负责人也谈不拢呢？", "超时一直不处理呢？") asks for
the next step: policies state it in the clause after the one the previous turn quoted ("一级升级未能
解决的，可发起二级升级…"). ``said_docs`` finds the retrieved clauses the previous turn restated (their
next clause is fetched from the store: ``scenario.next_clause_docs``), and ``next_clause_first``
moves the sentences of the clause right after a restated one to the front of the ranking.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from assistant.failure_words import FOLLOW_UP_FAILED
from assistant.types import Context
from ingest.numbering import CLAUSE_LEAD

if TYPE_CHECKING:
    from assistant.extractive import Sentence

REPEAT_SHARE = 0.7
"""Share of a sentence's bigrams the previous turn holds that makes it a repeat on wording alone."""
REPEAT_FACT_SHARE = 0.3
"""The same share when all the sentence's facts (numbers with units) are in the previous turn too."""
_FACT = re.compile(r"\d+(?:\.\d+)?\s*(?:个)?(?:工作日|工作小时|自然日|小时|分钟|天|日|周|个月|年|万元|元|%|次|分)")


def repeats(sentence: str, said: str, asked: str = "") -> bool:
    """``sentence`` says what ``said`` (the previous assistant turn) already said: its facts (numbers
    with units) all appear there, or most of its wording does. With ``asked`` (the follow-up), a sentence that
    states a word of the follow-up the previous turn did not say answers something new ("月报里能看到哪几张单子
    超时了吗" after "运营部每月8日前发布《内部SLA月报》": the 月报 clause also lists 超时工单明细) and is no repeat."""
    if not said:
        return False
    from assistant.extractive import bigrams

    if asked and any(w in sentence and w not in said for w in _asked_words(asked)):
        return False

    facts = _FACT.findall(sentence)
    compact = re.sub(r"\s+", "", said)
    grams = bigrams(CLAUSE_LEAD.sub("", sentence))
    shared = len(grams & bigrams(said)) / len(grams) if grams else 0.0
    if facts and all(re.sub(r"\s+", "", f) in compact for f in facts) and shared >= REPEAT_FACT_SHARE:
        return True  # its facts, in partly the same words: another clause with the same number is not a repeat
    return shared >= REPEAT_SHARE


@lru_cache(maxsize=256)
def _asked_words(asked: str) -> tuple[str, ...]:
    """The follow-up's content words of two or more characters, tagged once per follow-up (``repeats`` asks for
    every candidate sentence of the 结论; jieba's tagger is the costly part)."""
    from assistant.terms import content_words

    return tuple(w for w in content_words(asked) if len(w) >= 2)


def previous_answer(history: Sequence[dict] | None) -> str:
    """The last assistant turn of a chat history ("" when there is none)."""
    for msg in reversed(list(history or [])):
        if msg.get("role") == "assistant" and isinstance(msg.get("content"), str):
            return msg["content"]
    return ""


def asks_next_step(question: str) -> bool:
    """The follow-up reports that what was said did not work ("谈不拢呢", "超时一直不处理呢")."""
    return bool(FOLLOW_UP_FAILED.search(question))


def said_docs(docs: Sequence[Any], said: str) -> list[Any]:
    """The retrieved chunks (LangChain ``Document``s) whose text the previous turn restated."""
    return [d for d in docs if said and any(repeats(piece, said) for piece in _pieces(d.page_content))]


def _pieces(text: str) -> list[str]:
    return [p for p in re.split(r"(?<=[。！？；])", text) if len(p.strip()) >= 6]


NEXT_MARGIN = 0.3
"""The next clause's sentences may trail the best sentence by this much and still lead the 结论."""


def next_clause_first(ranked: Sequence[tuple[float, "Sentence"]], contexts: Sequence[Context], said: str,
                      margin: float = NEXT_MARGIN) -> list[tuple[float, "Sentence"]]:
    """``ranked`` with the sentences of the clause right after one the previous turn restated (same
    document, next clause number) moved to the front when within ``margin`` of the best."""
    from assistant.enumeration import _clause_order

    if not ranked or not said:
        return list(ranked)
    restated = {(c.source, _clause_order(c)) for c in contexts
                if _clause_order(c) and any(repeats(p, said) for p in _pieces(c.text))}
    nxt = {i for i, c in enumerate(contexts, start=1) if (c.source, _clause_order(c) - 1) in restated
           and (c.source, _clause_order(c)) not in restated}
    if not nxt:
        return list(ranked)
    top = ranked[0][0]
    near = [x for x in ranked if x[1].n in nxt and top - x[0] <= margin]
    return [*near, *(x for x in ranked if x not in near)]


_FAILED_CASE = re.compile(r"未|不|无法|超过|逾期|拒|没有|异议")
"""A rule's case that is a failure ("超过规定时限未作出处理", "对裁决有异议")."""


def next_step_first(question: str, ranked: Sequence[tuple[float, "Sentence"]], contexts: Sequence[Context],
                    said: str) -> list[tuple[float, "Sentence"]]:
    """The ranking for a failure follow-up: a rule whose case is the reported failure first ("各级处理人
    超过规定时限未作出处理的，…" for "处理人超过时限一直不处理呢？"), else the next clause's sentences."""
    from assistant.enumeration import case_fits, case_of

    fitting = [x for x in ranked if _FAILED_CASE.search(case_of(x[1].text)) and case_fits(question, case_of(x[1].text))]
    if fitting:
        return [*fitting, *(x for x in ranked if x not in fitting)]
    return next_clause_first(ranked, contexts, said)
