"""Which retrieved passages are about the question's subject, and what their sentences leave unsaid.

An encyclopedia article (or any document titled by what it describes) names its subject in the title
and then often drops it: "它是一个无色液体", "本鱼分布于…", "清宁五年，被任命为南院枢密使，封赵王". Word
overlap then prefers a sentence of a *near* passage that names its own subject and shares the asked kind
("成都道是香港一条街道，位于…" for "羗山道位于哪里"). A passage whose title the question names is about
the question's subject: each of its sentences is read as saying the subject (zero anaphora), and a
sentence opening with a pronoun (它, 该…, 本…; not the possessive 其) is read as opening with it; the
article's lead ("X（…），…") states what X is. Titles are compared without their disambiguation in
brackets ("吕凯 (蜀汉)" -> 吕凯); a title that is part of a longer title the question also names is not the
subject ("鬣齿兽" when "鬣齿兽科" is asked), nor is one most other retrieved passages say (a shared topic
such as "报销"). Generic; no vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.types import Context

_DISAMBIGUATION = re.compile(r"\s*[（(][^（）()]{1,20}[)）]\s*$")
_NOISE = re.compile(r"[\s·•・《》“”\"「」]+")
MIN_TITLE_CHARS = 2
MAX_TITLE_CHARS = 24
COMMON_SHARE = 0.5
"""A title that more than this share of the other passages say is the topic of them all, not one subject."""
COMMON_MIN = 2
"""… and at least this many of them."""
PRONOUN_LEAD = re.compile(r"^(?:它们|他们|她们|牠们|它|他|她|牠|该|本)")
"""A sentence opening that refers back to the passage's subject ("它是…", "本鱼分布于…", "该地区位于…")."""


def _name(title: str) -> str:
    """The title without its disambiguation and quotes, lower-cased."""
    return _NOISE.sub("", _DISAMBIGUATION.sub("", title or "")).lower()


def subject_names(question: str, contexts: Sequence[Context]) -> list[str | None]:
    """Per passage, its title (cleaned) when the question names it and no longer named title contains
    it; else None."""
    asked = _NOISE.sub("", question).lower()
    names = [_name(c.title) for c in contexts]
    named = {n for n in names if MIN_TITLE_CHARS <= len(n) <= MAX_TITLE_CHARS and n in asked
             and not _common(n, [c.text.lower() for c, o in zip(contexts, names, strict=True) if o != n])}
    return [n if n in named and not any(n != o and n in o for o in named) else None for n in names]


def _common(name: str, others: Sequence[str]) -> bool:
    """More than ``COMMON_SHARE`` of the other passages, and at least ``COMMON_MIN``, say ``name``: a topic
    they share ("报销"), not the subject of one."""
    saying = sum(name in text for text in others)
    return saying >= COMMON_MIN and saying > COMMON_SHARE * len(others)


def implied_text(sentence: str, subject: str | None) -> str:
    """What a sentence of a passage about ``subject`` leaves unsaid: the subject, when it does not name
    it (to be matched with the question's words); "" otherwise."""
    return subject if subject and subject not in sentence.lower() else ""


def opens_with_pronoun(sentence: str) -> bool:
    """The sentence opens with a word referring back to the passage's subject."""
    return bool(PRONOUN_LEAD.match(sentence.lstrip("，,：: ")))


def refers_back(sentence: str, subject: str | None, topic: str) -> bool:
    """A sentence of the passage about ``subject`` opens with a pronoun, and the question's ``topic`` is
    that subject: "它是一个无色液体" is about 环氧氯丙烷 in the article 环氧氯丙烷."""
    return bool(subject) and (topic in subject or subject in topic) and opens_with_pronoun(sentence)


def opens_with_asked(sentence: str, subject: str | None, asked: Sequence[str]) -> bool:
    """A sentence of the article about ``subject`` opens with the asked word, its subject left unsaid:
    "母亲是邵宸妃" states the subject's mother (unlike "明世宗的父亲X、母亲Y" elsewhere)."""
    text = sentence.lstrip("，,：: ")
    return bool(subject) and any(len(w) >= 2 and text.startswith(w) for w in asked)


_LEAD_AFTER = re.compile(r"^[”\"》]?\s*(?:[（(][^（）()]{0,60}[)）]\s*[，,]?|[，,])")
_ALIAS_LEAD = re.compile(r"^([\u4e00-\u9fff·]{2,12})[（(][^（）()]{0,60}[)）]\s*[，,]")
"""A lead under another spelling of the name: "史丹佛郡（…），英国英格兰的郡" in the article 斯塔福德郡."""


def leads(sentence: str, subject: str | None) -> bool:
    """``sentence`` is the article's lead about ``subject``: the subject, then an aside in brackets or an
    apposition after a comma ("X（英语：…），英国英格兰的郡", "X，字季平，…人"); or a name spelled otherwise with
    the same last character (the same kind of thing), an aside in brackets and a comma ("史丹佛郡（又译…），…" in
    the article 斯塔福德郡)."""
    if not subject:
        return False
    text = sentence.lstrip("“\"《 ").lower()
    if text.startswith(subject) and _LEAD_AFTER.match(text[len(subject):]):
        return True
    alias = _ALIAS_LEAD.match(text)  # another transliteration of the same kind of thing (the same last character)
    return bool(alias) and alias.group(1)[-1] == subject[-1] and len(subject) >= MIN_TITLE_CHARS


def about_subject(named: Sequence[bool], subjects: Sequence[str | None]) -> list[bool]:
    """``named`` (per passage: it is about what the question asks) narrowed to the passages titled by the
    question's subject, when any is: a relation stated in another article is about another subject."""
    if not any(subjects):
        return list(named)
    return [bool(n) and s is not None for n, s in zip(named, subjects, strict=True)]
