"""The pointed question a story ends in: searched on its own, and answered first when a clause answers it.

A manager tells a story and ends with one pointed question: "…被错扣了分。还能申诉吗？向谁申诉？",
"…几个部门都嫌麻烦。该谁来改密级？", "…两边吵起来了。要不要通知客户？". The story's many words (P1超时,
协作绩效, 秘密级) outweigh the one or two words of what is asked (申诉, 密级, 通知 客户), so the clause that
answers may be missing from the passages, or retrieved but out-scored by a clause matching the story.

``pointed_question`` reads the question: the run of question sentences it ends in, after a story of at least
``MIN_STORY_CHARS``; what they ask about (``Pointed.words``: content words, the question's own grammar words
left out) and of what type (``Pointed.types``: 谁 wants a body or person, 多久 a time, 吗/要不要 a ruling, 多少 a
number; ``question_types.classify_one``). A plea (我该怎么办, 怎么说) or a question about the quarrel itself asks
nothing pointed: None.

Two uses, both leaving the story's own results in place:
- retrieval: ``pointed_query`` (the asked words) is searched too and its best ``POINTED_KEEP`` passages that
  could answer it (``answers``) are added to the story's passages (``Advisor._search``);
- the 结论: ``pointed_lead`` is the best sentence for the whole question (story and all) that writes every asked
  word *and* has a fact of each asked type (``question_types.has_answer``); it leads the 结论 only when the
  current first sentence does not already do both (``lead_first``), and the story's sentence follows it.
Grammar and policy-text structure only: no word list of one company's documents.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from assistant.asked import last_pieces, trailing_questions
from assistant.prompts import is_english
from assistant.question_types import QType, classify_one, has_answer
from assistant.terms import content_words

if TYPE_CHECKING:
    from assistant.extractive import Sentence

_QUESTION_SENTENCE = re.compile(r"[^。！!？?]+[？?]")
_SPECIFIC = re.compile(r"吗|谁|要不要|能不能|算不算|行不行|可不可以|是否|多久|多长|哪|几|该不该|对不对|多少|什么时候")
"""A pointed question (yes/no or wh-), as opposed to a plea ("我该怎么办？") or an open request."""
_PLEA = re.compile(r"怎么办|怎么做|怎么处理|怎么解决|怎么推|怎么说|怎么看|怎么跟|如何|怎样|咋办|什么办法|别的办法|哪些办法")
"""A request for a way to act: answered by the steps, not by one clause."""
_ROLE = re.compile(r"我(?:是|作为)[^，,？?]*?(?=该|应|要|能|可|[，,？?]|$)")
""""我作为运营经理" / "我是项目经理": who asks, not what is asked."""
_GRAMMAR = re.compile(
    r"到底|现在|还|又|再|这样|这么|这种|那样|行不行|要不要|能不能|算不算|可不可以|是不是|该不该|对不对|有没有|"
    r"需不需要|用不用|怎么|如何|该|应该|吗|呢|吧|谁|哪个|哪|多久|多长时间|多少|几|什么时候|什么|是否|能否|可否|就|算|完事|"
    r"说得过去|合理|合适|公平|正常|过分|对劲"
)
"""Words that only make the question a question, or only ask "is that fair?" (说得过去, 合理); what is left names
what is asked."""
_META = frozenset(("办法", "情况", "说法", "事情", "问题", "意思", "规定", "道理", "时候", "时间", "部门", "我们", "他们",
                   "你们", "对方", "这件", "一下"))
"""Nouns that stand for "a way" / "the situation" / "the other side" in general, not for what is asked."""
MIN_STORY_CHARS = 20
"""Characters of the question outside its question sentences: a story told before what is asked (a plain
two-part question, "多久开一次？由谁主持？", tells none; ``multipart`` searches its later parts)."""
POINTED_KEEP = 2
"""The best passages of the search on what is asked, added to the story's passages."""
LEAD_TOP = 12
"""The pointed lead is one of the whole question's best sentences (its story still matters)."""
_TYPED = (QType.PERSON, QType.TIME, QType.NUMBER, QType.YESNO)


@dataclass(frozen=True)
class Pointed:
    """The question sentences a story ends in, what they ask about and of which types."""

    asking: str
    words: tuple[str, ...]
    types: tuple[QType, ...]


def pointed_question(question: str) -> Pointed | None:
    """The pointed question a story ends in, or None (no story before it, English, a plea, the quarrel itself,
    or nothing asked about but "is that right?")."""
    if not question or is_english(question):
        return None
    asking = trailing_questions(question)
    if not asking:
        return None
    story = _QUESTION_SENTENCE.sub("", question)
    if len(story.strip()) < MIN_STORY_CHARS:
        return None
    from assistant.scenario import quarrel_words  # the quarrel's words (吵, 推诿, 僵 …), one definition

    asked_pieces = [last_pieces(s, 1)[0] for s in asking]
    if not any(_SPECIFIC.search(p) for p in asked_pieces) or any(_PLEA.search(p) for p in asked_pieces):
        return None
    words: list[str] = []
    types: list[QType] = []
    for piece in asked_pieces:
        if quarrel_words(piece):
            continue
        qtype = classify_one(piece)
        if qtype in _TYPED and qtype not in types:
            types.append(qtype)
        text = _GRAMMAR.sub(" ", _ROLE.sub(" ", piece))
        words += [w for w in content_words(text) if len(w) >= 2 and w not in _META and w not in words]
    if not words or not types:
        return None
    return Pointed(asking="".join(asking), words=tuple(words), types=tuple(types))


def pointed_query(question: str) -> str:
    """The words of what the final pointed question asks ("…被错扣了分。还能申诉吗？向谁申诉？" -> "申诉"), "" for none."""
    pointed = pointed_question(question)
    return " ".join(pointed.words) if pointed else ""


def writes_asked(pointed: Pointed, text: str) -> bool:
    """True when ``text`` writes every asked word."""
    low = text.lower()
    return all(w in low for w in pointed.words)


def answers(pointed: Pointed, text: str) -> bool:
    """True when ``text`` writes every asked word and holds a fact of each asked type (a body for 谁, a time for
    多久, a ruling — 可/须/应/不得 — for 吗)."""
    return writes_asked(pointed, text) and all(has_answer(text, t) for t in pointed.types)


def pointed_hits(pointed: Pointed | None, hits: Sequence[Any], text_of: Any) -> list[Any]:
    """The best ``POINTED_KEEP`` of ``hits`` (the search on what is asked) whose text could answer it (``answers``):
    a passage that cannot answer the pointed question would only crowd the story's passages."""
    if pointed is None:
        return []
    return [h for h in hits if answers(pointed, text_of(h))][:POINTED_KEEP]


def pointed_lead(question: str, ranked: Sequence[tuple[float, "Sentence"]]) -> "Sentence | None":
    """The best of the whole question's first ``LEAD_TOP`` sentences (``ranked``: best first) that answers the
    pointed question (``answers``), not an example or a template; None when the question asks nothing pointed
    or no such sentence is there."""
    pointed = pointed_question(question)
    if pointed is None:
        return None
    from assistant.scenario import is_illustration

    for _score, s in ranked[:LEAD_TOP]:
        if answers(pointed, s.quote) and not is_illustration(s.quote, s.heading):
            return s
    return None


def lead_first(question: str, chosen: list["Sentence"], ranked: Sequence[tuple[float, "Sentence"]],
               max_chars: int) -> list["Sentence"]:
    """``chosen`` (the 结论's sentences) led by ``pointed_lead`` when the first does not answer the pointed question
    itself; the others follow while they fit in ``max_chars``. Unchanged when nothing pointed is asked."""
    pointed = pointed_question(question)
    if pointed is None or not chosen or answers(pointed, chosen[0].quote):
        return chosen
    lead = pointed_lead(question, ranked)
    return chosen if lead is None else led_by(lead, chosen, max_chars)


def led_by(lead: "Sentence", chosen: Sequence["Sentence"], max_chars: int) -> list["Sentence"]:
    """``lead`` first, then the sentences of ``chosen`` that do not repeat it, while they fit in ``max_chars``."""
    out = [lead]
    used = len(lead.quote)
    for s in chosen:
        if s is lead or s.text in lead.quote or lead.text in s.quote:
            continue
        if used + len(s.quote) > max_chars:
            break
        out.append(s)
        used += len(s.quote)
    return out


__all__ = ["POINTED_KEEP", "Pointed", "answers", "lead_first", "led_by", "pointed_hits", "pointed_lead", "pointed_query",
           "pointed_question", "writes_asked"]
