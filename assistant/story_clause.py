"""A story searched with the clause the bundled model would write for it (``ADVISOR_RERANKER=local``).

A manager's story ("我们发起了二级升级，分管副总裁一周多了都没给决定…") is told in the words of what happened; the clause
that rules on it is written in the policy's words ("各级处理人超过规定时限未作出处理的，发起方可直接升级至上一级"). The
small embedding model and the keyword index match the story's setting (二级升级, 分管副总裁), so the clause for the case
is often not among the passages at all (held out, round 31: 89 of 264 asked facts of the stories in no passage the
composer reads).

When the store reranks with the bundled model, that model first writes the rule it expects for the story, as a
policy clause (hypothetical document embeddings, HyDE); the story is searched once more as ``<clause> <story>`` and
the best ``CLAUSE_KEEP`` passages of that search not yet retrieved are added (the best second, ``with_written``). The
written clause is only a query: it never reaches the answer, which quotes the documents.

Measured in round 32 and NOT adopted on main (docs/notes/issue9-round32.md): offline, of the tune stories whose facts
were not in the plain top 9 (64 stories, 108 facts), the plain search's next 2 passages add 2 facts, this search's
best 2 new passages 27; through the whole pipeline (``ADVISOR_RERANKER=local``) tune bs6–bs8 first line +1 of 108,
held out bs9–bs11 45 → 44 of 108, ~2.3 s more a new story. The prompt was written once, not tuned.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from assistant.likely_lead import is_story

CLAUSE_KEEP = 2
"""Passages of the clause search added to a story's passages (tune: 1 → 19 facts, 2 → 27, 3 → 27)."""
WRITTEN_AT = 1
"""Where the clause search's best new passage goes among a story's passages (0-based: right after the first); the
others follow the plain ones. Appended last, the composer never quoted them (tune bs6–bs7: facts in the passages
126 → 128, in the answers 115 → 115)."""
CLAUSE_TOKENS = 80
"""Tokens the model may write (one or two sentences of a clause)."""
CLAUSE_CHARS = 200
"""Characters of the written clause kept for the search."""
PROMPT = ("下面是一位经理讲的工作情况。公司的协作管理制度里，哪一条规定最适用于这种情况？"
          "请像制度条文那样写出这一条（一两句话，写明适用情形和要求，包括由谁、在多长时间内做什么），不要解释。\n\n情况：{story}")
"""What the model is asked (Chinese documents: the clause is written in Chinese whatever the story's language)."""
_MARKUP = re.compile(r"[*#`>]+|(?:适用情形|要求|规定|协作管理制度规定|协作管理制度)\s*[：:]")


def wants_clause(question: str) -> bool:
    """A story (``likely_lead.is_story``): long questions only; a short question's words are the policy's often enough."""
    return is_story(question)


def clean_clause(text: str) -> str:
    """The model's clause without markdown and labels ("**适用情形：**"), whitespace folded, at most ``CLAUSE_CHARS``."""
    text = _MARKUP.sub(" ", text or "")
    return re.sub(r"\s+", " ", text).strip()[:CLAUSE_CHARS]


def clause_query(story: str, clause: str) -> str:
    """The search text: the written clause, then the story (its own words still count)."""
    return f"{clause} {story}".strip()


def with_written(hits: Sequence[Any], written: Sequence[Any]) -> list[Any]:
    """``hits`` with the clause search's best new passage at ``WRITTEN_AT`` (scored as the passage it follows: the
    composer weighs passages by rank and score) and the rest of ``written`` after them."""
    if not written or not hits:
        return [*hits, *written]
    at = min(WRITTEN_AT, len(hits))
    first = replace(written[0], score=hits[at - 1].score) if at else written[0]
    return [*hits[:at], first, *hits[at:], *(replace(h, score=hits[-1].score) for h in written[1:])]
