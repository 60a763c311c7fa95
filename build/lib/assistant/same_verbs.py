"""Event verbs news writes in several words of one meaning: a question on 创立 is answered by "成立于2016年".

A question asks about its event with one verb (创立, 举办, 逝世) and the passage that answers it often
uses another of the same meaning (成立, 举行, 去世), while a sentence about another event of the same
subject (融资, 上市) shares every other word. ``same_meaning`` gives the other words of a verb's group,
``event_verb`` the group verb a question asks about. A small hand list of generic verbs, no vocabulary
of any corpus.
"""

from __future__ import annotations

GROUPS: tuple[tuple[str, ...], ...] = (
    ("创立", "创办", "创建", "成立", "组建"),
    ("举行", "举办", "召开"),
    ("去世", "逝世", "病逝", "离世", "辞世"),
)
"""Verbs of one meaning each: founding, holding an event, dying."""


def same_meaning(word: str) -> tuple[str, ...]:
    """The other verbs of ``word``'s group (() when it is in none)."""
    for group in GROUPS:
        if word in group:
            return tuple(w for w in group if w != word)
    return ()


def event_verb(question: str) -> str | None:
    """The first group verb written in ``question`` ("创办" in "…是哪一年创办的"), or None."""
    found = [(question.find(w), w) for group in GROUPS for w in group if w in question]
    return min(found)[1] if found else None
