"""A short word of the question that the passages only write out in full: 法网 -> 法国网球(公开赛).

Chinese abbreviations keep one character of each part, in order (北大 北京大学, 冬奥 冬季奥运会, 法网
法国网球公开赛, 央行 中央银行). A question written with the short form shares no word with a passage
that uses the full one, and the passage about something else that repeats the question's other words
wins. ``written_out`` finds, for a 2–3 character word no passage says literally, the full forms the
passages do say: the word's characters in order, at most two characters between them, inside one run
of Chinese characters. Pure string rule.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

MAX_SHORT = 3
"""Only words of two or three characters are read as abbreviations."""
MAX_BETWEEN = 2
"""Characters allowed between two characters of the short form."""


@lru_cache(maxsize=256)
def _pattern(word: str) -> re.Pattern[str]:
    gap = rf"[\u4e00-\u9fff]{{0,{MAX_BETWEEN}}}"
    return re.compile(gap.join(re.escape(ch) for ch in word))


def written_out(word: str, passages: Sequence[str]) -> tuple[str, ...]:
    """The full forms of the short ``word`` in ``passages`` ("法国网" for 法网), or () when most passages
    say ``word`` itself or it is no short Chinese word. One passage that uses the short form (中网) does not
    stop the others' full form (中国网球公开赛) from counting as the question's word."""
    if not 2 <= len(word) <= MAX_SHORT or not re.fullmatch(r"[\u4e00-\u9fff]+", word) \
            or 2 * sum(word in p for p in passages) > len(passages):
        return ()
    found = dict.fromkeys(m.group(0) for p in passages for m in _pattern(word).finditer(p) if len(m.group(0)) > len(word))
    return tuple(found)
