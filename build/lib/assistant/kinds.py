"""Questions asking what kind of thing something is: "《X》是什么类型的电影" is answered by "…喜剧电影…".

The answer to "什么类型/种类/样的 + noun" is a modifier of that same noun in the passage ("网页文字游戏",
"喜剧电影", "落叶乔木"): the noun is the question's, the words right before it are the answer.
``asked_kind`` reads the noun off the question; ``states_kind`` tells whether a sentence puts a modifier
the question does not already say before it. Generic Chinese syntax, no vocabulary of any corpus.
"""

from __future__ import annotations

import re
from functools import lru_cache

_KIND = re.compile(r"(?:什么|哪种|哪一种|哪类|哪一类|何种)(?:类型|种类|类别|类|样|形式|风格|题材|性质)的?([\u4e00-\u9fff]{1,4}?)[？?。]?\s*$")
_NOT_MODIFIER = re.compile(r"(?:这|那|该|此|本|每|一|某|哪|什么|类型|种类|同类|之类|其他|其它|各)")
MIN_MODIFIER = 2


@lru_cache(maxsize=1024)
def asked_kind(question: str) -> str | None:
    """The noun whose kind is asked ("电影" in "…是什么类型的电影", "游戏" in "…是什么类型的游戏？"), or None."""
    m = _KIND.search(question.strip())
    return m.group(1) if m and m.group(1) not in ("的", "是") else None


def states_kind(sentence: str, noun: str | None, question: str) -> bool:
    """``sentence`` puts a modifier of two or more characters the question does not say right before ``noun``."""
    if not noun:
        return False
    at = sentence.find(noun)
    while at >= 0:
        head = re.search(r"[\u4e00-\u9fff]{%d,6}$" % MIN_MODIFIER, sentence[:at])
        if head and len(head.group(0).rstrip("的")) >= MIN_MODIFIER:  # "之类的游戏", "每日的游戏": the words before 的
            modifier = head.group(0).rstrip("的")[-4:]
            tail = modifier[-MIN_MODIFIER:]
            if not _NOT_MODIFIER.search(tail) and tail not in question:
                return True
        at = sentence.find(noun, at + 1)
    return False
