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
