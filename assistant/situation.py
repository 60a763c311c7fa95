"""How far what happened (a scenario question's ``situation``) is the case a clause was written for.

A clause states its case before the rule ("P1级工单发生超时的，…", "员工发现信息泄露或疑似泄露的，…",
"适用于核心业务中断、生产系统停机或引发客户重大投诉的事项"). The case is often a list of alternatives
(、/或/以及): the question describes the case when it describes one of them. Matching is by the
alternative's content words (jieba, ``terms.content_words``) found in the question's text, so a word cut
differently on the two sides ("客户名单" / "客户") still counts.
"""

from __future__ import annotations

import re

from assistant.terms import content_words

_ALTERNATIVES = re.compile(r"、|或者|或|以及|及|和|与")
MIN_WORDS = 2
"""An alternative shorter than this (in content words) says too little to be matched on its own."""


def alternatives(case: str) -> list[str]:
    """The alternatives of a clause's case: "核心业务中断、生产系统停机或引发客户重大投诉" -> three cases; the
    whole case as well (it may be one case whose words happen to contain "和")."""
    parts = [p.strip() for p in _ALTERNATIVES.split(case) if p.strip()]
    return [case, *parts] if len(parts) > 1 else [case]


def described_share(happened: str, case: str) -> float:
    """The best share, over the case's alternatives of at least ``MIN_WORDS`` content words, of the
    alternative's words that ``happened`` contains, 0..1 (0 for an empty ``happened`` or ``case``)."""
    text = happened.lower()
    if not text.strip():
        return 0.0
    best = 0.0
    for alt in alternatives(case):
        words = content_words(alt)
        if len(words) >= MIN_WORDS:
            best = max(best, sum(w in text for w in words) / len(words))
    return best
