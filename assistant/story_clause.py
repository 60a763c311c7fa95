"""A story searched with the clause the bundled model would write for it (``ADVISOR_RERANKER=local``).

A manager's story ("我们发起了二级升级，分管副总裁一周多了都没给决定…") is told in the words of what happened; the clause
that rules on it is written in the policy's words ("各级处理人超过规定时限未作出处理的，发起方可直接升级至上一级"). The
small embedding model and the keyword index match the story's setting (二级升级, 分管副总裁), so the clause for the case
is often not among the passages at all (held out, round 31: 89 of 264 asked facts of the stories in no passage the
composer reads).

When the store reranks with the bundled model, that model first writes the rule it expects for the story, as a
policy clause (hypothetical document embeddings, HyDE); the story is searched once more as ``<clause> <story>`` and
the best ``CLAUSE_KEEP`` passages of that search not yet retrieved are added after all the others, marked
``FOUND_BY`` (``written_last``). The rules rank them last; what they are for is the model's own choice of a story's
lead (``likely_lead``): the first ``LEAD_SENTENCES`` sentences of at least ``MIN_LEAD_CHARS`` characters of each are
among the sentences it scores. The written clause is only a query: it never reaches the answer, which quotes the
documents.

Round 32 placed the best new passage second, for the rules to quote: tune bs6–bs8 +1 first line, held out bs9–bs11
45 → 44 (more facts in the passages, fewer in the 结论). Round 33 (docs/notes/issue9-round33.md): offline, on round
31's 132 tune stories, the model's most likely lead states every asked fact in 84 without these candidates and 90
with them (+6 / −0); whole pipeline, tune bs6–bs8 65 → 68 of 108 (+3 / −0); held out, all kb sets 220 → 222 of 352
(+4 / −2). Cost: one clause and ~3 more sentence scores a new story (p50 9.4 → 12.8 s, ``bench retrieval rerank``).
Only a first turn that is not refused (``Advisor._with_written``): a follow-up's 结论 is the rules'.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any


CLAUSE_KEEP = 2
"""Passages of the clause search added to a story's passages (round 32, tune: 1 → 19 missing facts found, 2 → 27,
3 → 27)."""
FOUND_BY = "written clause"
"""``Hit.found_by`` / ``Context.found_by`` of the passages this search added."""
LEAD_SENTENCES = 2
"""Sentences of each such passage the model scores as a story's lead (round 33 offline, tune: 1 → +3, 2 → +6, all → +6)."""
MIN_LEAD_CHARS = 20
"""Shorter sentences of such passages are not scored (tune: at 8–15 a table cell, "产品部：A/R；", led once)."""
CLAUSE_TOKENS = 80
"""Tokens the model may write (one or two sentences of a clause)."""
CLAUSE_CHARS = 200
"""Characters of the written clause kept for the search."""
PROMPT = ("下面是一位经理讲的工作情况。公司的协作管理制度里，哪一条规定最适用于这种情况？"
          "请像制度条文那样写出这一条（一两句话，写明适用情形和要求，包括由谁、在多长时间内做什么），不要解释。\n\n情况：{story}")
"""What the model is asked (Chinese documents: the clause is written in Chinese whatever the story's language)."""
_MARKUP = re.compile(r"[*#`>]+|(?:适用情形|要求|规定|协作管理制度规定|协作管理制度)\s*[：:]")


def clean_clause(text: str) -> str:
    """The model's clause without markdown and labels ("**适用情形：**"), whitespace folded, at most ``CLAUSE_CHARS``."""
    text = _MARKUP.sub(" ", text or "")
    return re.sub(r"\s+", " ", text).strip()[:CLAUSE_CHARS]


def clause_query(story: str, clause: str) -> str:
    """The search text: the written clause, then the story (its own words still count)."""
    return f"{clause} {story}".strip()


def written_last(hits: Sequence[Any], written: Sequence[Any]) -> list[Any]:
    """``hits`` and then ``written`` (the clause search's new passages), marked ``FOUND_BY`` and scored as the last of
    ``hits`` (the composer weighs passages by rank and score)."""
    floor = hits[-1].score if hits else None
    return [*hits, *(replace(h, found_by=FOUND_BY, score=h.score if floor is None else floor) for h in written)]


def lead_candidates(ranked: Sequence[tuple[float, Any]], contexts: Sequence[Any]) -> list[Any]:
    """The sentences of ``ranked`` (the composer's order) the model also scores as a story's lead: the first
    ``LEAD_SENTENCES`` of at least ``MIN_LEAD_CHARS`` characters, in reading order, of each passage ``FOUND_BY`` the
    clause search."""
    per: dict[int, list[Any]] = {}
    for _score, s in sorted(ranked, key=lambda item: (item[1].n, item[1].pos)):
        if getattr(contexts[s.n - 1], "found_by", "") != FOUND_BY or len(s.quote) < MIN_LEAD_CHARS:
            continue
        kept = per.setdefault(s.n, [])
        if len(kept) < LEAD_SENTENCES and all(s.quote != k.quote for k in kept):
            kept.append(s)
    return [s for n in sorted(per) for s in per[n]]
