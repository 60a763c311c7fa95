"""A calm story's 结论 led by the passage two searches agree on.

A story told without a quarrel word ("我们和财务部…已经升到跨部门协调委员会了，可财务部负责人本身就是委员，我们担心
裁决不公。这种情况怎么处理？", ``story.tells_story``) is searched twice: as a whole (the fused dense + keyword search
that orders the passages) and by what happened, within the policies (``told_search.told_query``, keyword only,
``Advisor._told_hits``). The plain composer ranks sentences by word overlap with the whole story, so the clause
sharing the story's *setting* (升到跨部门协调委员会 → "…提交跨部门协调委员会处理") can out-rank the clause written for
what happened ("委员本人所在部门为争议当事方的，该委员应当回避", passage [1]).

When the search of what happened puts first a policy passage that the question's own search also ranks among its
first ``AGREED_WITHIN`` passages, the two searches agree on the clause written for the case (``agreed_passage``;
``Advisor._search`` keeps the keyword search's first passage as ``RetrievalResult.told_first``, so it is compared
here, not searched again): ``agreed_lead`` lets that passage's best sentence lead the 结论; the sentences chosen
before follow while they fit. Until round 22 the whole question's search had to rank it first as well; a story's
setting often puts another clause of the same document first (the question's words are the setting's: the platform,
the project, the report), with the clause for what happened a few places below (round 22, h9mc). Round 17 (h9hc) measured the fused
search's first clause alone as a lead for Chinese quarrel stories and rejected it (right in 0 of 19 disagreements); the
agreement of the two rankings is the gate here, and only calm stories (which never reach the scenario composer) have
the second search.
Structure only (which passage two searches rank high): no word of one company's documents.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant.pointed import led_by
from assistant.retrieval import chunk_key
from assistant.told_search import TOLD_DOC_TYPE

if TYPE_CHECKING:
    from langchain_core.documents import Document

    from assistant.extractive import Sentence
    from assistant.types import Context


AGREED_WITHIN = 5
"""How far down the whole question's passages the told search's first passage may be and still lead. Chosen on the
older story tune sets (bs1, bs2, bs3, fs, sc-tune; replay, round 22, h9mc): 3, 4 and 5 bring the same four facts into
first lines (bs2, bs3) and lose none (10, 11 and 14 answers changed); 6 and more lose one (bs2). 5 is the largest
window without a loss, and the suite's k (the passages the question's own search returns)."""


def agreed_passage(contexts: Sequence["Context"], told_first: "Document | None",
                   within: int = AGREED_WITHIN) -> int | None:
    """The position (1-based) of ``told_first`` (the first passage of the keyword search of what a calm story says
    happened, within the policies: ``RetrievalResult.told_first``) among the first ``within`` of ``contexts`` (the
    whole question's search): both searches found the clause for the case; None when it is not there, that passage is
    not a policy's or that search did not run (any other question, policies filtered out) or found nothing."""
    if told_first is None:
        return None
    key = str(told_first.id or chunk_key(told_first))
    for position, context in enumerate(contexts[:within], start=1):
        if context.chunk_id == key or context.text == told_first.page_content:  # the keyword path may hold another id
            return position if context.doc_type == TOLD_DOC_TYPE else None
    return None


def agreed_lead(chosen: list["Sentence"], ranked: Sequence[tuple[float, "Sentence"]], agreed: int | None,
                max_chars: int) -> list["Sentence"]:
    """``chosen`` (the 结论's sentences) led by the best of ``ranked`` (best first) from passage ``agreed`` (1-based:
    the passage both searches ranked first), the others following while they fit in ``max_chars``; unchanged when
    ``agreed`` is None, the first sentence already comes from it, or it has no ranked sentence."""
    if agreed is None or not chosen or chosen[0].n == agreed:
        return chosen
    lead = next((s for _score, s in ranked if s.n == agreed), None)
    return chosen if lead is None else led_by(lead, chosen, max_chars)

__all__ = ["AGREED_WITHIN", "agreed_lead", "agreed_passage"]
