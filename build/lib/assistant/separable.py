"""A two-character verb of the question said with words inside it: 逃税 -> "偷逃个人所得税".

Many Chinese verbs are a verb and its object (离合词: 逃税, 缴税, 捐款, 融资, 毕业, 见面); a sentence
may put the object's modifiers, an aspect word or a measure inside them ("逃了个人所得税", "捐了一笔款",
"缴纳企业所得税"). A passage that writes the verb apart shares no word with the question, and a
sentence that repeats the compound next to another figure ("因逃税被追缴…") wins. ``separable_verbs``
reads the question's two-character verbs (jieba tags), ``said_apart`` finds one written apart in a
sentence: its first character, then a few Chinese characters, then its second, in one clause. Generic
syntax, no vocabulary of any corpus.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.terms import tagged

MAX_INSIDE = 6
"""Characters allowed between the verb's two characters (the object's modifiers, 了, a measure)."""


@lru_cache(maxsize=1024)
def separable_verbs(question: str) -> frozenset[str]:
    """The question's two-character Chinese verbs ("逃税" in "…逃税了多少钱")."""
    return frozenset(w for w, flag in tagged(question)
                     if len(w) == 2 and flag in ("v", "vn") and re.fullmatch(r"[\u4e00-\u9fff]{2}", w))


@lru_cache(maxsize=512)
def _apart(word: str) -> re.Pattern[str]:
    return re.compile(rf"{re.escape(word[0])}[\u4e00-\u9fff]{{1,{MAX_INSIDE}}}?{re.escape(word[1])}")


def apart_end(text: str, word: str) -> int | None:
    """Where the first writing of ``word`` apart ends in ``text`` ("…偷逃个人所得税|4765万元"), or None
    when ``text`` says ``word`` whole or not at all."""
    if len(word) != 2 or word in text:
        return None
    m = _apart(word).search(text)
    return m.end() if m else None


def said_apart(text: str, word: str) -> bool:
    """``text`` says the two-character ``word`` with characters inside it, and never says it whole."""
    return apart_end(text, word) is not None
