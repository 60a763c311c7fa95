"""A story asking for advice leads with the guidance passage retrieval ranked first.

The composer's rules lead a story's 结论 with a policy clause wherever one scores close (``rule_before_advice``, the
scenario form's 现在先做, the learned lead ranker's ``policy`` weight). When a manager asks how to handle a situation
("线上开会有什么好办法？", "接手后第一步该干什么？") and the passage retrieval ranked first is a guidance section written
for that situation, the clause is usually a near miss: the asked advice sits in the guidance passage, often in two of
its steps. Measured on the tune stories (round 35, default configuration): of 65 long questions whose first passage
is guidance, the first line held the asked facts in 16; in 21 more the first passage held them.

So a Chinese story (``likely_lead.is_story``) that asks neither a time, a person nor a number, whose first passage is
guidance and whose 结论 does not already quote it, gets a 结论 of that passage's two sentences closest in meaning to
the question (the store's embedding model, in passage order, within ``MAX_CHARS``; a sentence announcing a list
is not one); the former 结论 follows on its own line (``SEE_ALSO``), citations unchanged; a step the new 结论 quotes is
dropped. A 结论 that cites the passage first keeps its lead, unless that lead only announces a list. Questions asking a deadline, an owner or a number keep the clause that
states it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Protocol

from assistant.likely_lead import is_story
from assistant.prompts import is_english
from assistant.question_types import QType, classify
from assistant.types import Context

CONCLUSION = "结论："
SEE_ALSO = "另见："
STEPS_HEADING = "建议步骤："
MAX_CHARS = 220
"""The advice 结论's length (the composer's ``MAX_CONCLUSION_CHARS``)."""
SENTENCES = 2
"""Sentences of the guidance passage in the 结论."""
CLAUSE_KINDS = frozenset({QType.TIME, QType.PERSON, QType.NUMBER})
"""Asked kinds a policy clause states: such a question keeps the composer's 结论."""
_HEADING_CHARS = 12
_LIST_MARK = re.compile(r"^(?:\d+[.、]|\[ ?\]|[-*•])\s*")
_SENTENCE_END = re.compile(r"(?<=[。！？])")
_FIRST_CITATION = re.compile(r"\[(\d+)\]")
_ANNOUNCES = re.compile(r"[：:]。?\s*$")
"""A sentence announcing a list ("建议按以下顺序处理：") says nothing by itself: it neither leads nor counts as a lead."""


class Vectors(Protocol):
    """What is needed of ``lead_ranker.SentenceVectors``."""

    def query(self, text: str) -> list[float]: ...

    def sentences(self, texts: Sequence[str]) -> list[list[float]]: ...


def applies(question: str, contexts: Sequence[Context]) -> bool:
    """``question`` is a Chinese story asking for advice (no time, person or number) and the first passage is guidance."""
    return (bool(contexts) and contexts[0].doc_type == "guidance" and is_story(question) and not is_english(question)
            and classify(question) not in CLAUSE_KINDS)


def advice_sentences(text: str) -> list[str]:
    """The passage's sentences: short heading lines left out, list marks ("1.", "[ ]") taken off."""
    out = []
    for line in text.splitlines():
        line = _LIST_MARK.sub("", line.strip())
        if not line or len(line) <= _HEADING_CHARS and not re.search(r"[。；！？]", line):
            continue
        out.extend(s.strip() for s in _SENTENCE_END.split(line) if s.strip())
    return out


def _cosine(a: Sequence[float], b: Sequence[float]) -> float:
    norm = math.sqrt(math.fsum(x * x for x in a)) * math.sqrt(math.fsum(y * y for y in b))
    return math.fsum(x * y for x, y in zip(a, b)) / norm if norm else 0.0


def closest_advice(query: str, text: str, vectors: Vectors) -> str:
    """The ``SENTENCES`` sentences of ``text`` closest to ``query`` (passage order, within ``MAX_CHARS``); "" if none."""
    sentences = [s for s in advice_sentences(text) if not _ANNOUNCES.search(s)]
    if not sentences:
        return ""
    q = vectors.query(query)
    vecs = vectors.sentences(sentences)
    order = sorted(range(len(sentences)), key=lambda i: -_cosine(q, vecs[i]))
    picked: list[int] = []
    for i in order:
        if len(picked) == SENTENCES:
            break
        if not picked or sum(len(sentences[j]) for j in picked) + len(sentences[i]) <= MAX_CHARS:
            picked.append(i)
    return "".join(sentences[i] for i in sorted(picked))


def lead_with_advice(question: str, contexts: Sequence[Context], answer: str, vectors: Vectors | None,
                     query: str | None = None) -> str:
    """``answer`` with the first guidance passage's closest advice as its 结论 when ``applies`` and the 结论 does not
    cite that passage first; the former 结论 follows as ``SEE_ALSO``. Else ``answer`` unchanged."""
    lines = answer.split("\n")
    if vectors is None or not lines[0].startswith(CONCLUSION) or not applies(question, contexts):
        return answer
    cited = _FIRST_CITATION.search(lines[0])
    if cited and cited.group(1) == "1" and not _ANNOUNCES.search(lines[0][:cited.start()]):
        return answer
    advice = closest_advice(query or question, contexts[0].text, vectors)
    if not advice:
        return answer
    former = [SEE_ALSO + lines[0][len(CONCLUSION):]] if cited else []  # no citation: "nothing usable found"
    return "\n".join([f"{CONCLUSION}{advice} [1]", *former, *_without_quoted(lines[1:], advice)])


_STEP = re.compile(r"^\d+\. (.*?)。? \[\d+\]$")


def _without_quoted(lines: Sequence[str], advice: str) -> list[str]:
    """``lines`` without the numbered steps ``advice`` quotes, the others numbered again from 1."""
    out: list[str] = []
    n = 0
    for line in lines:
        step = _STEP.match(line)
        if step and step.group(1) in advice:
            continue
        if step:
            n += 1
            line = f"{n}. {line.split('. ', 1)[1]}"
        out.append(line)
    if out and out[-1] == STEPS_HEADING:  # every step was quoted
        out.pop()
    return out
