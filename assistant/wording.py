"""The documents' words for a question's words: one more search in them, and yes/no action matching.

``question_wording`` asks the store's glossary (``store_glossary``) for (a) the store terms of the question's
words the documents never use (``formal``: "拖着" -> "拖延"; searched once more and matched in sentences) and
(b) for a yes/no question, the store terms nearest in meaning to each word of the asked action (``related``:
"暂停" -> "停止", "配合" -> "协作"), so the clause that forbids or permits the action is found in its own words.
Without a glossary (an empty store) the hand-made everyday→policy list ``followon.register_terms`` is the fallback.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.followon import register_terms
from assistant.question_types import QType, asked_action, classify
from assistant.store_glossary import ACTION_NEIGHBOURS, ACTION_SIMILARITY, StoreGlossary


@dataclass(frozen=True)
class Wording:
    """What the documents call the question's words."""

    formal: list[str] = field(default_factory=list)
    related: dict[str, list[str]] = field(default_factory=dict)


def question_wording(question: str, glossary: StoreGlossary | None, standalone: str | None = None) -> Wording:
    """``formal`` terms for ``question`` (what the user typed) and, when ``standalone`` (default ``question``)
    is a yes/no question, ``related`` words for its asked action."""
    if glossary is None:
        return Wording(formal=register_terms(question))
    formal = glossary.formal_terms(question)
    asked = standalone or question
    related = glossary.related(asked_action(asked), ACTION_NEIGHBOURS, ACTION_SIMILARITY) \
        if classify(asked) is QType.YESNO else {}
    return Wording(formal=formal, related=related)
