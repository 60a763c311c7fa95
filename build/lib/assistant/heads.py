"""The head noun of a noun-phrase question: what "劳荣枝二审判决" asks for is its 判决.

A question written as a bare noun phrase (no question word: "X二审判决", "X的用途", "X商业首飞路线")
asks for its last noun; a sentence that says that noun ("…作出维持死刑的判决") states the asked thing,
while one that repeats the other words ("X二审上诉时…") only talks about the same case. ``head_word``
gives that noun, for the composer to weigh like a focus word.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.question_types import WH_ZH
from assistant.terms import tagged

_HEAD_POS = ("n", "vn", "nz", "v")
_CJK = re.compile(r"[\u4e00-\u9fff]{2,4}")
_COUNTED = re.compile(r"(?:[\d一二两三四五六七八九十几]+)[个部名位家支只本首项条]的?$")
"""A count and a measure word right before the head ("三部电影", "前十名"): a set of items is asked."""


@lru_cache(maxsize=256)
def head_word(question: str) -> str | None:
    """The last word of ``question`` when it is a noun (jieba n/vn/nz/v: 判决 is tagged v; 2–4 Chinese characters) and the
    question has no question word; else None ("谁是…", "…在哪举行", "…吗" ask in other ways)."""
    text = question.strip().rstrip("？?。！! ")
    if not text or WH_ZH.search(text) or re.search(r"[吗呢]$", text):
        return None
    cut = [(w, f) for w, f in tagged(text) if w.strip()]
    if not cut:
        return None
    word, flag = cut[-1]
    if _COUNTED.search(text[: len(text) - len(word)]):
        return None  # "票房最高的三部电影": items are asked, not an attribute of one thing
    return word if flag in _HEAD_POS and _CJK.fullmatch(word) else None
