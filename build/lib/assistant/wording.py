"""The documents' words for a question's words: one more search in them, and yes/no action matching.

``question_wording`` asks the store's glossary (``store_glossary``) for (a) the store terms of the question's
words the documents never use (``formal``: "拖着" -> "拖延"; searched once more and matched in sentences) and
(b) for a yes/no question, the store terms nearest in meaning to each word of the asked action (``related``:
"暂停" -> "停止", "配合" -> "协作"), so the clause that forbids or permits the action is found in its own words.
The hand-made everyday→policy table (``everyday_words``) stays for negated failure phrases (不服, 解决不了, 谈不拢)
and office idioms (拍板, 算数) that no word embedding maps (see ``Wording.formal``), and is all there is without a
glossary.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.everyday import term_search
from assistant.everyday_words import formal_terms
from assistant.question_types import QType, asked_action, classify
from assistant.store_glossary import ACTION_KIN_SIMILARITY, ACTION_NEIGHBOURS, ACTION_SIMILARITY, StoreGlossary
from assistant.synonyms import EMPTY, Synonyms


@dataclass(frozen=True)
class Wording:
    """What the documents call the question's words."""

    formal: list[str] = field(default_factory=list)
    """The hand-made table's policy words for everyday words (``everyday_words.formal_terms``: 不服 -> 异议,
    解决不了 -> 未能解决, 拍板 -> 决定 审批 任命), the knowledge base's synonyms file's words for the question's
    (``synonyms``: 泄出去 -> 泄露) and "所称X" for a follow-up about a term (``everyday.term_search``): jieba cuts
    the failure phrases into a word the documents use plus a negation and no word embedding maps the idioms;
    matched in sentences and searched."""
    store_terms: list[str] = field(default_factory=list)
    """The store's words for the question's words the documents never use (``StoreGlossary.formal_terms``);
    searched once more."""
    related: dict[str, list[str]] = field(default_factory=dict)
    """For a yes/no question: each word of the asked action -> the store words nearest in meaning."""

    @property
    def search_terms(self) -> list[str]:
        """Every extra word for the one more search."""
        return [*self.formal, *(t for t in self.store_terms if t not in self.formal)]


def question_wording(question: str, glossary: StoreGlossary | None, standalone: str | None = None,
                     synonyms: Synonyms = EMPTY) -> Wording:
    """``formal`` terms for ``question`` (what the user typed) and, when ``standalone`` (default ``question``)
    is a yes/no question, ``related`` words for its asked action."""
    formal = formal_terms(question)  # 不服 -> 异议 复议, 拍板 -> 决定 审批 任命
    formal += [t for t in synonyms.expansions(question) if t not in formal]  # 泄出去 -> 泄露 (synonyms.txt)
    if (term := term_search(question)) is not None and term not in formal:
        formal.append(term)
    if glossary is None:
        return Wording(formal=formal)
    asked = standalone or question
    related = glossary.related(asked_action(asked), ACTION_NEIGHBOURS, ACTION_SIMILARITY, ACTION_KIN_SIMILARITY) \
        if classify(asked) is QType.YESNO else {}
    return Wording(formal=formal, store_terms=glossary.formal_terms(question), related=related)
