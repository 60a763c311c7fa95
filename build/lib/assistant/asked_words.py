"""Words of a question that name what it asks for, not what it is about.

"赵鹏的职业是什么？" is about 赵鹏 and asks for his 职业; the passage that answers it says "足球运动员",
never "职业". The refusal's term coverage (``assistant/refusal.py``) should therefore count only the
words the question is *about*. Dropped here, by the question's own grammar, not by a word list of one
corpus:

* interrogatives (哪里, 哪国, 为什么 …);
* a noun pointing back at the subject ("落山风这个名字有什么来由": 这个名字 is 落山风);
* the asked attribute — the noun between 的 and the question word ("X的籍贯是哪里", "X的原因是什么"), the
  noun after 有什么 / 哪个 at the end ("有什么特性") — but only when the passages say what answers that
  kind of question (``question_types.predicate_cues``: 籍贯 -> "…人。"/出生于, 职业 -> 运动员, 原因 ->
  由于). "星河智造今天的股价是多少？" keeps 股价: nothing in a policy answers a price.

At least one word always stays: a question made only of such words keeps all of them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.question_types import predicate_cues

_HAN = r"[\u4e00-\u9fff]"
_WH = r"(?:什么|哪|何|多少|谁|几)"

INTERROGATIVES = frozenset(("哪里", "哪儿", "哪国", "哪家", "何处", "何地", "何时", "为何", "为什么", "谁", "几时"))

# Spans of the question that hold the asked attribute.
_ASKED_SPANS: tuple[re.Pattern[str], ...] = (
    re.compile(rf"的({_HAN}{{1,4}}?)(?:是|在|为|有)?{_WH}"),          # X的籍贯是哪里 / X的原因是什么
    re.compile(rf"(?:有|是|属于?)?(?:什么|哪个|哪一个|哪些|哪|何种)({_HAN}{{1,4}})[？?！!。]*$"),  # 有什么特性 / 哪个国家
)
_POINTER = re.compile(rf"(?:这个|这一|该)({_HAN}{{1,3}}?)(?:有|是|为|的|在)")  # 这个名字有… (the subject again)


def asked_spans(question: str) -> list[str]:
    """The parts of ``question`` that name the asked attribute."""
    return [m.group(1) for pattern in _ASKED_SPANS for m in pattern.finditer(question)]


def pointer_spans(question: str) -> list[str]:
    """The parts of ``question`` that point back at its subject (这个名字)."""
    return [m.group(1) for m in _POINTER.finditer(question)]


def topic_terms_only(question: str, terms: Sequence[str], passages: str | None = None) -> tuple[str, ...]:
    """``terms`` without interrogatives and pointers to the subject, and without the words of the asked
    attribute when ``passages`` say what answers that kind of question (``None``: assume they do).
    All of ``terms`` when nothing would be left."""
    spans = pointer_spans(question)
    if passages is None or any(cue.search(passages) for cue in predicate_cues(question)):
        spans += asked_spans(question)
    kept = tuple(t for t in terms
                 if t not in INTERROGATIVES and not any(t in s for s in spans))
    return kept or tuple(terms)
