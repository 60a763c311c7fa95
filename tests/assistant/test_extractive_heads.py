"""The 结论 of a question written as a bare noun phrase ("X二审判决"): the sentence that says its head noun.

Sentences written for these tests (an invented court case), not taken from an evaluation set.
"""

from __future__ import annotations

from assistant.extractive import compose_extractive
from assistant.heads import head_word
from assistant.types import Context


def _first_line(question: str, texts: list[str]) -> str:
    contexts = [Context(rank=i, source=f"p{i}.txt", section="", text=t, score=1.0 / i) for i, t in enumerate(texts, start=1)]
    return compose_extractive(question, contexts).splitlines()[0]


def test_head_word_is_the_last_noun_of_a_noun_phrase_question_only():
    assert head_word("周立平二审判决") == "判决"
    assert head_word("新型货轮的用途") == "用途"
    assert head_word("谁是周立平的辩护人") is None  # a question word asks in another way
    assert head_word("周立平二审判决了吗") is None
    assert head_word("票房最高的三部电影") is None  # items are asked, not an attribute
    assert head_word("周立平二审") is None  # not a noun: 二审 is tagged b


def test_the_sentence_saying_the_head_noun_answers_the_noun_phrase_question():
    texts = [
        "周立平二审开庭时，周立平的辩护人提出多项上诉理由，认为一审认定事实不清，请求发回重审。",
        "周立平案一再延期，直到2031年3月2日，法院作出维持无期徒刑的判决。",
    ]
    line = _first_line("周立平二审判决", texts)
    assert "无期徒刑" in line, line
