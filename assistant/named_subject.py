"""Whether the best retrieved passage is about what the question names.

The bundled embedding model scores short questions about a rare name low ("莱昂德罗·内托的国籍是哪个国家？"
0.870 against the article 莱昂德罗·内托), under the store's calibrated ``hard`` refusal limit, although the
article found is the one the question names. A passage is about the question's subject when its title, or
the name its lead introduces ("维农·厄尔·孟洛（，）是一名…" in an article titled 厄尔·门罗), is written in
the question. The refusal (``assistant/refusal.py``) then lets such a question through a little below the
``hard`` limit, when the question's topic words are covered too. Generic; no vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from assistant.followup import key_terms
from assistant.subject import MAX_TITLE_CHARS

MIN_NAME_CHARS = 3
"""Shorter names ("报销", "会议") are topics many passages share, not one subject."""
_DISAMBIGUATION = re.compile(r"\s*[（(][^（）()]{1,20}[)）]\s*$")
_NOISE = re.compile(r"[\s·•・《》“”\"「」]+")
_LEAD_NAME = re.compile(r"^[“\"《「]?([^，,。；;：:（()）\n]{2,40}?)[”\"》」]?\s*[（(]")
"""The name an encyclopedic lead introduces: "X（原文/生卒），…"."""


def _clean(name: str) -> str:
    return _NOISE.sub("", _DISAMBIGUATION.sub("", name or "")).lower()


def passage_names(title: str, text: str) -> list[str]:
    """The names a passage is about: its title (without disambiguation) and its lead's name."""
    names = [_clean(title)]
    m = _LEAD_NAME.match(text.lstrip())
    if m:
        names.append(_clean(m.group(1)))
    return [n for n in names if MIN_NAME_CHARS <= len(n) <= MAX_TITLE_CHARS]


def names_passage_subject(question: str, title: str, text: str) -> bool:
    """True when ``question`` writes the title or the lead name of the passage (``title``, ``text``)."""
    asked = _NOISE.sub("", question).lower()
    return any(n in asked for n in passage_names(title, text))


_RULEBOOK = re.compile(r"(办法|规定|细则|制度|条例|规范|守则|章程)$")
"""A policy document's title ends with what kind of rulebook it is (…管理办法, …管理规定, …考核细则)."""
_ASKS_RULES = re.compile(r"规定|办法|细则|制度|条例|规范|守则|章程")
_TITLE_FILLER = {"管理", "办法", "规定", "细则", "制度", "解决办法", "内部", "信息"}
"""Words of policy titles that name no one policy (every rulebook 管理s something; 内部, 信息 are everywhere)."""


@lru_cache(maxsize=1024)
def policy_words(title: str) -> tuple[str, ...]:
    """The words naming the policy titled ``title`` ("信息共享与保密管理规定" → 共享, 保密); () for a title that is not
    a rulebook's (a guide, an article). Cached: a store has few titles."""
    name = _DISAMBIGUATION.sub("", title or "").strip()
    if not _RULEBOOK.search(name):
        return ()
    return tuple(w for w in key_terms(name, limit=12) if w not in _TITLE_FILLER and not _RULEBOOK.fullmatch(w))


def names_policy(question: str, titles: Sequence[str]) -> bool:
    """``question`` speaks of one of the store's policies among ``titles`` in its own words: a rulebook word
    (规定, 办法, 制度 …) and a word of that policy's title ("保密那套规定只管电脑里的东西吗？" names 信息共享与保密管理规定)."""
    if not _ASKS_RULES.search(question):
        return False
    return any(w in question for t in dict.fromkeys(titles) for w in policy_words(t))
