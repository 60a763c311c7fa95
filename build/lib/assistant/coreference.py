"""A sentence whose subject is a pronoun for the previous sentence's: "他将于…", "3日，该公司宣布…".

News writes the name once and then refers back to it: "张三被任命为X队主教练。他将带领球队…"; "Y公司
发布年报。该公司全年营收…"; "此次比赛…". The sentence that states the asked fact then shares few words with
the question, whose names stand in the sentence before. ``refers_back`` reads the opening (after at most a
short adverbial such as "3日，"); ``carried`` gives the words of the question that the previous sentence says,
to be read as said by the referring sentence too. Generic Chinese syntax, no vocabulary of any corpus.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

MAX_LEAD = 6
"""Characters of an adverbial ("3日，", "据介绍，", "1月20日，") allowed before the pronoun."""

_REFERS = re.compile(
    rf"^(?:[^，,。；;！？!?]{{0,{MAX_LEAD}}}[，,]\s*)?"
    r"(?:他们|她们|它们|他|她|它|该(?=[\u4e00-\u9fff])|此次|本次|这次|本届|此届|这届|其(?![中次实他余它后前间]))"
)
"""A referring opening: a personal pronoun, 该X ("该公司", "该片"), 此次/本次/本届 (the event), possessive 其
(not 其中, 其次, 其实 …)."""


def refers_back(sentence: str) -> bool:
    """``sentence`` opens (after a short adverbial at most) with a word referring to an earlier subject."""
    return bool(_REFERS.match(sentence.lstrip(" “\"")))


def carried(sentence: str, previous: str, words: Sequence[str]) -> str:
    """The ``words`` (the question's content words) that ``previous`` says and ``sentence`` does not,
    when ``sentence`` refers back (``refers_back``); "" otherwise."""
    if not previous or not refers_back(sentence):
        return ""
    low, prev = sentence.lower(), previous.lower()
    return " ".join(w for w in words if len(w) >= 2 and w in prev and w not in low)
