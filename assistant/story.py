"""Does a question tell a story: what happened between people or departments, then a question about it?

A manager often tells what happened ("我们组里一个专员直接…提了需求单，法务部说没有经理确认不受理…到底谁对？",
"人力资源部上个月新上线了…服务，头一个月超时一大堆…怎么说？") without a quarrel word (推诿, 扯皮, 吵) that
``scenario.is_scenario`` needs. Such a story still describes the case a policy clause is written for, so it needs
the search on what happened (``scenario.situation``). ``tells_story`` recognises it by its shape, not by its topic:
statements before the asking part that tell an event (a completed or ongoing act: 了, 已经, 一直, 还没…) done by
someone (the asker, a colleague, a department), of at least ``STORY_CHARS`` characters.

``is_story`` is the plainer test by length that the search and the model's lead choice use: a query of more than
``MIN_STORY_CHARS`` characters, not counting a follow-up rewrite's context prefix ("关于研发部、协作、需求：…"), which
says nothing of the question's kind and once made 41 of the 86 follow-ups of ``evals/`` stories (round 36).
"""

from __future__ import annotations

import re

from assistant.english_answer import is_english_story
from assistant.followup import without_context
from assistant.language import is_english
from assistant.parties import department_names

_SENTENCE = re.compile(r"[^。！!？?]+[。！!？?]*")
_PIECE = re.compile(r"[，,；;：:]")
_ASKS = re.compile(r"[？?]\s*$|吗|么|呢|如何|怎样|是否|能否|可否|谁|哪|几|多久|多少|什么|行不行|对不对|要不要|能不能|可不可以")
"""A piece that asks (a question mark, a question particle or a question word)."""
_EVENT = re.compile(r"(?<![为除])了|已经|说(?![明法])|被|总(?![经监部体共数结])|过去|结果|一直|还没|还是|仍然|迟迟|至今|到现在|刚|突然|上周|上个?月|昨天|前天|这周|最近|每次|总是")
"""Aspect and time words of an event told: something was done, happened, or keeps happening."""
_ACTOR = re.compile(r"我们|咱们|我|同事|对方|他们|他|她|这边|那边|有个|有人|大家|领导|老板|负责人|经理|专员|主管|组员|成员|部门|项目组|团队|"
                    r"小[\u4e00-\u9fff](?=[^\u4e00-\u9fff]|[说在把给被跟和要已一])")
"""Who acts in a story (besides the departments it names, ``parties.department_names``)."""
STORY_CHARS = 16
"""The least characters of told statements that make a story (shorter is a question's own premise: "我要出差，…")."""
MIN_STORY_CHARS = 40
"""Longer queries are stories for ``is_story``: searched without the per-document cap, led by the model's pick."""


def told_pieces(question: str) -> list[str]:
    """The comma pieces of ``question`` that state rather than ask (no question mark, particle or word)."""
    pieces: list[str] = []
    for sentence in (m.group(0) for m in _SENTENCE.finditer(question)):
        parts = [p.strip() for p in _PIECE.split(sentence) if p.strip()]
        pieces += [p for p in parts if not _ASKS.search(p)]
    return pieces


def tells_story(question: str) -> bool:
    """True when ``question`` tells what happened before it asks: statements of at least ``STORY_CHARS``
    characters, at least one telling an event (``_EVENT``) with someone acting (``_ACTOR`` or a department name),
    and a question at the end. English: ``english_answer.is_english_story``."""
    question = question.strip()
    if is_english(question):
        return is_english_story(question)
    last = [m.group(0) for m in _SENTENCE.finditer(question) if m.group(0).strip()][-1:]
    if not last or not _ASKS.search(last[0]):
        return False
    told = told_pieces(question)
    if sum(len(p) for p in told) < STORY_CHARS:
        return False
    return any(_EVENT.search(p) and (_ACTOR.search(p) or department_names(p)) for p in told)


def is_story(query: str) -> bool:
    """``query``, without a follow-up rewrite's context prefix (``followup.without_context``), is longer than
    ``MIN_STORY_CHARS``: a story for the search (``HybridRetriever.diversity_for``) and the lead (``likely_lead``)."""
    return len(without_context(query)) > MIN_STORY_CHARS


__all__ = ["MIN_STORY_CHARS", "STORY_CHARS", "is_story", "told_pieces", "tells_story"]
