"""A passage about another year's edition of the asked event: its year-less sentences answer nothing about this year's.

Sentences written for these tests (an invented marathon), not taken from an evaluation set.
"""

from __future__ import annotations

from assistant.extractive import compose_extractive
from assistant.types import Context


def test_the_year_less_sentence_of_another_editions_report_loses():
    texts = [
        "2029年青川马拉松在滨江公园开跑。青川马拉松参赛选手共有2万人。",  # names 2029 only: another edition
        "2031年青川马拉松4月举行。马拉松参赛选手共有2.5万人。",
    ]
    contexts = [Context(rank=i, source=f"p{i}.txt", section="", text=t, score=1.0 / i) for i, t in enumerate(texts, start=1)]
    line = compose_extractive("2031年青川马拉松参赛选手有多少人", contexts).splitlines()[0]
    assert line.startswith("结论：马拉松参赛选手共有2.5万人"), line


def test_a_passage_naming_the_asked_year_is_not_penalised():
    texts = ["2029年和2031年的青川马拉松都在滨江公园举行。青川马拉松参赛选手共有2万人。"]
    contexts = [Context(rank=1, source="p1.txt", section="", text=texts[0], score=1.0)]
    line = compose_extractive("2031年青川马拉松参赛选手有多少人", contexts).splitlines()[0]
    assert "2万人" in line, line
