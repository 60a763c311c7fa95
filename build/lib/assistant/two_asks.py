"""A question that asks two facts in one breath ("…该找谁裁定、多久能有结果？") gets both in its 结论.

The 结论 quotes the clause that governs the story; when the story asks two kinds of fact (an owner and a deadline, a
count and who decides) and that clause states only one of them, the best-ranked clause stating the other follows it
on the first line, cited. A story asking one thing keeps its one-clause first line. The kinds and the form a clause
states each in are ``scenario.ASKED_PARTS`` (谁 / 多久 / 算不算 / 要不要 / 在哪提) and a count (几个 / 多少):
structure of questions and of policy text, no company's words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Protocol


class Quoted(Protocol):
    """A sentence the composers quote (``extractive.Sentence``): its ``text`` and the ``quote`` cited."""

    text: str
    quote: str


_PIECES = re.compile(r"[，,、；;？?。！!]|还有|以及|并且|而且|另外|同时")
"""Where one asked fact ends and the next begins inside the asking sentences ("由谁批、几天内批完？")."""
SECOND_TOP = 3
"""The second fact is taken from the first few candidates only (best first): a clause ranked lower is not about the story."""


@lru_cache(maxsize=1)
def _kinds() -> tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...]:
    """(kind, how a question asks it, how a clause states it), facts before verdicts: a piece's "必须在多久内" asks the
    time, and its 必须 is the modal of that ask, not "need"."""
    from assistant.scenario import ASKS_COUNT, COUNT_FACT, ASKED_PARTS

    parts = {name: (name, ask, form) for name, ask, form in ASKED_PARTS}
    return (parts["time"], parts["who"], ("count", ASKS_COUNT, COUNT_FACT), parts["counts"], parts["where"],
            parts["need"])


def asked_kinds(question: str) -> list[str]:
    """The distinct kinds of fact the asking sentences of ``question`` ask (``scenario.asked_text``), in the order
    asked: "…现在该找谁？多久能有结果？" -> ["who", "time"]; [] for an English question (its own answer shape). In
    one piece an ask is read once ("开放几天" asks a time, not also a count) and "need" only when nothing else is asked
    there ("必须在多久内响应" asks a time)."""
    from assistant.question_types import is_english
    from assistant.asked import asked_text

    if is_english(question):
        return []
    kinds: list[str] = []
    for piece in _PIECES.split(asked_text(question)):
        piece, taken, found = piece.strip() + "？", [], []
        for name, ask, _form in _kinds():
            m = ask.search(piece)
            if m and not any(a < m.end() and m.start() < b for a, b in taken) and not (name == "need" and found):
                taken.append(m.span())
                found.append(name)
        kinds += [name for name in found if name not in kinds]
    return kinds


def missing_forms(question: str, lead: str) -> list[re.Pattern[str]]:
    """The answer forms of the kinds ``question`` asks that ``lead`` (the 结论's clause) does not state, when it asks
    two kinds or more (``asked_kinds``); [] for a one-ask story or a lead that states every asked fact."""
    kinds = asked_kinds(question)
    if len(kinds) < 2:
        return []
    return [form for name, _ask, form in _kinds() if name in kinds and not form.search(lead)]


def about_the_same(question: str, lead: str, text: str) -> bool:
    """Whether ``text`` speaks of what ``question`` asks or of what ``lead`` is about: it shares a content word of two
    characters or more with the asking sentences (``scenario.asked_text``: "找谁裁定" -> 裁定) or with ``lead``
    ("物流管理委员会" in the ruling clause and its deadline clause). A clause sharing neither only happens to state a
    fact of the asked kind ("运输中心负责车辆的日常调度" for "找谁裁定")."""
    from assistant.asked import asked_text
    from assistant.terms import content_words

    words = {w for w in content_words(text) if len(w) >= 2}
    return any(w in words for w in (*content_words(asked_text(question)), *content_words(lead)))


def second_fact(question: str, lead: Quoted, candidates: Sequence[Quoted], room: int,
                distinct: Callable[[Quoted], bool] = lambda _s: True) -> Quoted | None:
    """The first of the ``SECOND_TOP`` best ``candidates`` (best first) that states a fact the story asks and ``lead``
    does not (``missing_forms``), speaks of the same thing (``about_the_same``), is not quoted in ``lead``, is
    ``distinct`` from what is quoted and fits in ``room`` characters; None for a one-ask story, a lead stating every
    asked fact, or no such clause."""
    missing = missing_forms(question, lead.quote)
    if not missing:
        return None
    for s in [c for c in candidates if c is not lead and c.text not in lead.quote][:SECOND_TOP]:
        if (len(s.quote) <= room and distinct(s) and any(form.search(s.text) for form in missing)
                and about_the_same(question, lead.quote, s.text)):
            return s
    return None
