"""The kind of an eval question, for figures by kind: where the answers fail is rarely where the sets are named.

A question is a manager's **story** (``assistant.story.tells_story``: statements of what happened, by whom, then
the question; English: ``english_answer.is_english_story``), else a **yes/no** question, a **fact** question (when /
who / how many / where / which name) or a **how-to or open** one (``assistant.question_types.classify``); and it is
Chinese or English. The kinds are the answer code's own readings of the question's shape, not of its topic, so they
apply to any set.
"""

from __future__ import annotations

from assistant.language import is_english
from assistant.question_types import QType, classify
from assistant.story import tells_story

STORY, YESNO, FACT, OPEN = "story", "yes/no", "fact (when / who / how many …)", "how-to or open"
KINDS = (STORY, YESNO, FACT, OPEN)
"""In the order the tables list them."""
_FACT_TYPES = frozenset({QType.TIME, QType.PERSON, QType.NUMBER, QType.PLACE, QType.NAME})


def question_kind(question: str) -> str:
    """One of ``KINDS`` for ``question``."""
    if tells_story(question):
        return STORY
    qtype = classify(question)
    if qtype is QType.YESNO:
        return YESNO
    return FACT if qtype in _FACT_TYPES else OPEN


def question_language(question: str) -> str:
    """``"English"`` or ``"Chinese"``: the language the answer is written in."""
    return "English" if is_english(question) else "Chinese"


__all__ = ["FACT", "KINDS", "OPEN", "STORY", "YESNO", "question_kind", "question_language"]
