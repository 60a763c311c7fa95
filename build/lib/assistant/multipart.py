"""Multi-part questions: one extra search per later asked part, merged into the contexts.

"跨部门例会由谁主持？多久开一次？" asks two facts that often sit in two clauses. The plain search
ranks passages for the whole question, and the clause answering the second part may not be among
the ``k`` retrieved. ``part_queries`` builds one query per later part (the topic words of the other
parts plus the part, so it stays on topic: "跨部门例会 多久开一次？"); ``widen_for_parts`` runs them
and ``merge_contexts`` appends the best new passage of each (one stating the asked kind of fact)
after the plain ones, de-duplicated and capped, so the citation numbers ``[n]`` of the plain passages
do not change and the answer stays short.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import lru_cache
import re

from assistant.asked import sub_questions
from assistant.question_types import WH_ZH, QType, asked_parts, has_answer
from assistant.terms import FUNCTION_POS, tagged
from assistant.types import Context

EXTRA_PER_PART = 1
"""New passages one later part may add (its best ones not already retrieved)."""
MAX_EXTRA = 2
"""New passages all later parts together may add (the answer and the model prompt stay short)."""
PART_FETCH = 6
"""Passages retrieved per part query (the new ones among them are taken, best first)."""
_UNTYPED = (QType.OTHER, QType.HOWTO)
_FACT = (QType.TIME, QType.PERSON, QType.NUMBER, QType.PLACE, QType.NAME)
_ASKING = re.compile(WH_ZH.pattern + r"|是|我们|我|你们|你|具体|一下|做|开一次|一次|吧")
_RUN = re.compile(r"[\u3400-\u9fffA-Za-z0-9]+")
_RUN_BREAK_POS = FUNCTION_POS | {"uj", "ul"}
"""Tags that end a topic run: the bare function tags and 的/了 (uj/ul); other subtags (着 uz, 这位 rz …) stay in it."""
MIN_TOPIC_CHARS = 4
"""Fewer topic characters than this in the other asked parts: the stated context is added."""


def part_queries(question: str) -> list[tuple[str, QType]]:
    """One search query per later asked part with a fact type ("多久开一次？" in a two-part question).

    The query is the topic of the other asked parts (their words without question words) plus the
    part itself, so "具体什么时间？" is searched as "跨部门例会 具体什么时间？". The stated context
    ("协调委员会的裁决我们不认可，…") is added only when the asked parts say too little. Empty for
    a one-part question; a later part that asks how to proceed (the steps answer it) or no particular
    kind of fact (``QType.OTHER``) gets no query.
    """
    parts = asked_parts(question)
    if len(parts) < 2:
        return []
    asked = [p for p, _t in parts]
    stated = [c for c in sub_questions(question) if c not in asked]
    queries: list[tuple[str, QType]] = []
    for part, qtype in parts[1:]:
        if qtype in _UNTYPED:
            continue
        topic = [t for other in asked if other != part for t in topic_runs(other)]
        if sum(map(len, topic)) < MIN_TOPIC_CHARS:
            topic = [t for other in stated for t in topic_runs(other)] + topic
        queries.append((" ".join([*dict.fromkeys(topic), part]), qtype))
    return queries


@lru_cache(maxsize=1024)
def topic_runs(clause: str) -> tuple[str, ...]:
    """What a clause is about: runs of its content words before its question word (jieba; pronouns,
    prepositions and particles dropped), two characters or more ("按首问负责制我应该怎么做？" ->
    ("首问负责制",); "跨部门例会由谁主持？" -> ("跨部门例会",): 主持 is what that part asks)."""
    asked = WH_ZH.search(clause)
    if asked and _RUN.search(clause[:asked.start()]):
        clause = clause[:asked.start()]  # the words after the question word are the asked predicate (谁主持)
    runs: list[str] = []
    current = ""
    for word, flag in tagged(_ASKING.sub("，", clause)):
        if _RUN.fullmatch(word) and flag not in _RUN_BREAK_POS:
            current += word
            continue
        if len(current) >= 2:
            runs.append(current)
        current = ""
    if len(current) >= 2:
        runs.append(current)
    return tuple(runs)


def _key(ctx: Context) -> str:
    return ctx.chunk_id or f"{ctx.source}\x00{ctx.text}"


def merge_contexts(contexts: Sequence[Context], extra: Sequence[Sequence[Context]],
                   per_part: int = EXTRA_PER_PART, max_extra: int = MAX_EXTRA) -> list[Context]:
    """``contexts`` followed by the new passages of each part search (``extra``, best first per part).

    A passage already present (same chunk id, else same source and text) is skipped; each part adds
    at most ``per_part``, all parts at most ``max_extra``. The added passages are re-ranked after the
    plain ones (``rank`` continues), so citation numbers of the plain passages stay valid.
    """
    out = list(contexts)
    seen = {_key(c) for c in out}
    added = 0
    for found in extra:
        taken = 0
        for ctx in found:
            if added >= max_extra or taken >= per_part:
                break
            key = _key(ctx)
            if key in seen:
                continue
            seen.add(key)
            out.append(replace(ctx, rank=len(out) + 1))
            taken += 1
            added += 1
    return out


def widen_for_parts(question: str, contexts: Sequence[Context],
                    search: Callable[[str], Sequence[Context]]) -> list[Context]:
    """The contexts plus, for a multi-part question, the new passages of one search per later part.

    ``search(query)`` returns the passages for one part query, best first (the caller applies the
    reader's access rule and filters there). For a part that asks a fact (a deadline, a body, an
    amount …) only passages stating a fact of that kind are added.
    """
    queries = part_queries(question)
    if not queries or not contexts:
        return list(contexts)
    found = [[c for c in search(q) if qtype not in _FACT or has_answer(c.text, qtype)] for q, qtype in queries]
    return merge_contexts(contexts, found)
