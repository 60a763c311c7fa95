"""The thing a fact question asks about, when the knowledge base never names it.

"女员工休产假一共能休多少天？" asked of collaboration policies retrieves the meeting clause ("遇法定节假日的，顺延…")
with a middling score, and its other words (员工, 天) are covered, so the score and coverage limits of
``assistant/refusal.py`` let it through and the answer quotes a meeting time. What gives it away is the noun it asks
about: 产假 occurs nowhere in the documents, the knowledge base's synonyms file does not map it, and the store's own
glossary (``assistant/store_glossary.py``) has no word of the same meaning for it. That test reads the store the
user loaded, not a list of HR words: a store of leave policies uses 产假, and the question is judged as before.

Only what is asked counts (``asked.asked_clauses``: "…客户名单转给了外部代理商，我该怎么办？" asks nothing about
代理商), only nouns (jieba n / nz / vn: everyday verbs such as 推不动, 交上去 paraphrase what the documents say), and
not the attribute a question asks for ("X的籍贯是哪里", "住宿的标准是多少": ``asked_words.asked_spans``; the
passage answering it may say "…人" or "每晚500元" without the word), and only questions asking for a fact (a
number, a date, a standard, a name): a how-to or yes/no question names the
situation it is about, and its everyday nouns (副手, 骨干) are the documents' concepts in other words more often
than another topic. The refusal applies the limit of a topic another department owns (``RefusalThresholds.owner``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from assistant.asked import asked_clauses
from assistant.asked_words import asked_spans, pointer_spans
from assistant.followup import is_english
from assistant.question_types import QType, classify
from assistant.terms import tagged


@functools.lru_cache(maxsize=512)
def dictionary_words(text: str) -> frozenset[str]:
    """The words of jieba's dictionary cut of ``text`` (no HMM: two single characters jieba's HMM pass glues into
    a rare dictionary word, "《远山》中演的谁" -> 中演, stay 中 + 演)."""
    import jieba

    return frozenset(jieba.lcut(text, HMM=False))

_NOUN_TAGS = frozenset(("n", "nz", "vn"))
"""jieba tags of the asked thing: common nouns, other proper nouns, verbal nouns (工资, 调休)."""
_WORD = re.compile(r"[\u4e00-\u9fff]{2,8}")
_QUESTION_WORD = re.compile(r"怎|么|哪|谁|吗|呢|吧|什么|多少|多久|多长|几|是否|能否|可否|请问")
_NOT_FACT = frozenset((QType.HOWTO, QType.YESNO))
"""Question types whose nouns name a situation rather than the asked thing."""


def asked_nouns(question: str) -> list[str]:
    """The nouns of what ``question`` asks (its asked clauses), in order, without duplicates; [] for an English
    question or one asking what to do or whether something may be done."""
    if is_english(question) or classify(question) in _NOT_FACT:
        return []
    attribute = asked_spans(question) + pointer_spans(question)  # X的籍贯是哪里: 籍贯 is asked, X is the topic
    out: list[str] = []
    for clause in asked_clauses(question):
        for word, flag in tagged(clause):
            if flag in _NOUN_TAGS and _WORD.fullmatch(word) and not _QUESTION_WORD.search(word) and word not in out \
                    and not any(word in span for span in attribute) and word in dictionary_words(clause):
                out.append(word)
    return out


def unknown_topic(question: str, uses: Callable[[str], bool], known: Callable[[str], bool]) -> str | None:
    """The first noun of what ``question`` asks that the documents never use (``uses``: the word occurs in the
    store's text) and that ``known`` does not map to their words (the synonyms file, the store's glossary), or
    None."""
    for word in asked_nouns(question):
        if not uses(word) and not known(word):
            return word
    return None
