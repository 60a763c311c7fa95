"""The date written right before the asked event's verb: "将于2023年1月24日0时终止运营".

A date question ("…终止运营时间", "…访华时间") asks when its event word happens (``dates.event_word``).
Chinese puts the time before the verb it dates, so a date that ends a few characters before the
event word, in the same clause, dates that event; a date elsewhere in the sentence ("协议将在1月23日
到期，届时…", "…运营原则…") dates something else. A date right after the verb and 于 ("成立于2016年")
dates it too. Generic word order, no vocabulary of any corpus.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

MAX_GAP = 4
"""Characters allowed between the date's end and the event word (0时, 起, 正式, 将)."""

_CLAUSE_END = re.compile(r"[，,。；;：:！!？?）)]")


def dates_event(text: str, spans: Sequence[tuple[int, int]], word: str | None, gap: int = MAX_GAP,
                 forms: Sequence[str] = ()) -> bool:
    """Some date span of ``text`` ends at most ``gap`` characters before ``word`` (or one of its
    same-meaning ``forms``), in the same clause, or starts right after it and 于 ("成立于2016年")."""
    if not word:
        return False
    for verb in (word, *forms):
        for a, b in spans:
            at = text.find(verb, b)
            if 0 <= at - b <= gap and not _CLAUSE_END.search(text[b:at]):
                return True
            if text.endswith(f"{verb}于", 0, a):
                return True
    return False
