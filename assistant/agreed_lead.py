"""A calm story's 结论 led by the passage two searches agree on.

A story told without a quarrel word ("我们和财务部…已经升到跨部门协调委员会了，可财务部负责人本身就是委员，我们担心
裁决不公。这种情况怎么处理？", ``story.tells_story``) is searched twice: as a whole (the fused dense + keyword search
that orders the passages) and by what happened, within the policies (``told_search.told_query``, keyword only,
``Advisor._told_hits``). The plain composer ranks sentences by word overlap with the whole story, so the clause
sharing the story's *setting* (升到跨部门协调委员会 → "…提交跨部门协调委员会处理") can out-rank the clause written for
what happened ("委员本人所在部门为争议当事方的，该委员应当回避", passage [1]).

When both searches put the same policy passage first, the question's own search and the search of the case agree on
the clause written for it (``agreed_passage``; ``Advisor._search`` keeps the keyword search's first passage as
``RetrievalResult.told_first``, so it is compared here, not searched again): ``agreed_lead`` lets that passage's
best sentence lead the 结论; the sentences chosen before follow while they fit. Round 17 (h9hc) measured the fused
search's first clause alone as a lead for Chinese quarrel stories and rejected it (right in 0 of 19 disagreements); the
agreement of the two rankings is the gate here, and only calm stories (which never reach the scenario composer) have
the second search.
Structure only (which passage two searches rank first): no word of one company's documents.
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


def agreed_passage(contexts: Sequence["Context"], told_first: "Document | None") -> int | None:
    """1 when ``told_first`` (the first passage of the keyword search of what a calm story says happened, within the
    policies: ``RetrievalResult.told_first``) is the first of ``contexts`` (the whole question's search): both searches
    agree on the clause for the case; None when they differ, the first passage is not a policy's or that search did not
    run (any other question, policies filtered out) or found nothing."""
    if told_first is None or not contexts or contexts[0].doc_type != TOLD_DOC_TYPE:
        return None
    same = str(told_first.id or chunk_key(told_first)) == contexts[0].chunk_id \
        or told_first.page_content == contexts[0].text  # the keyword path may hold another id of one chunk
    return 1 if same else None


def agreed_lead(chosen: list["Sentence"], ranked: Sequence[tuple[float, "Sentence"]], agreed: int | None,
                max_chars: int) -> list["Sentence"]:
    """``chosen`` (the 结论's sentences) led by the best of ``ranked`` (best first) from passage ``agreed`` (1-based:
    the passage both searches ranked first), the others following while they fit in ``max_chars``; unchanged when
    ``agreed`` is None, the first sentence already comes from it, or it has no ranked sentence."""
    if agreed is None or not chosen or chosen[0].n == agreed:
        return chosen
    lead = next((s for _score, s in ranked if s.n == agreed), None)
    return chosen if lead is None else led_by(lead, chosen, max_chars)

__all__ = ["agreed_lead", "agreed_passage"]
