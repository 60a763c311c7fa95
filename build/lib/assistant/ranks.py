"""Winners stated by their means: "《满江红》以26.05亿元票房居2023年春节档票房榜榜首".

Chinese news states a winner as the subject of a clause whose verb (居…榜首, 夺得冠军, 获得金牌) comes
after a means phrase opened by 以/凭/凭借/依靠 ("以9.8分", "凭借《X》"): the name and the verb stand
far apart, yet the clause says the name did what the question asks. ``means_subject_spans`` keeps the
answer spans that open such a clause before a match of the question's predicate cue
(``question_types.predicate_cue``). Generic syntax, no vocabulary of any corpus.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

MEANS = re.compile(r"^\s*(?:以|凭借|凭着|凭|依靠|依托|靠着|靠)")
"""The word that opens a means phrase right after the subject."""
CLAUSE_END = re.compile(r"[，,。；;！!？?：:]")
MAX_MEANS = 40
"""Characters from the end of the subject to the cue (the means phrase and the place of the rank)."""


def means_subject_spans(sentence: str, spans: Sequence[tuple[int, int]],
                        cue: re.Pattern[str] | None) -> list[tuple[int, int]]:
    """The ``spans`` of ``sentence`` followed, in the same clause, by a means phrase (以/凭借 …) and
    then a match of ``cue`` within ``MAX_MEANS`` characters: the subject of the cue's verb."""
    if cue is None or not spans:
        return []
    out = []
    for a, b in spans:
        rest = sentence[b:b + MAX_MEANS]
        if not MEANS.match(rest):
            continue
        stop = CLAUSE_END.search(rest)
        clause = rest[:stop.start()] if stop else rest
        if cue.search(clause):
            out.append((a, b))
    return out
