"""A period question ("…是什么时期的人") is answered by the era a sentence names, not by a year only.

Sentences written for these tests (not taken from an evaluation set).
"""

from __future__ import annotations

from assistant.eras import asks_era, era_spans
from assistant.extractive import compose_extractive
from assistant.types import Context


def _eras(sentence: str) -> list[str]:
    return [sentence[a:b] for a, b in era_spans(sentence)]


def test_era_spans():
    assert _eras("他生于唐朝末年。") == ["唐朝"]
    assert _eras("林远，字子川，三国时吴国官员。") == ["三国时"]
    assert _eras("此时他已离开。") == [] and _eras("说明时要清楚。") == []  # 时 after a word, not a dynasty
    assert asks_era("林远是什么时期的人？") and asks_era("这座塔建于哪个朝代？") and not asks_era("林远何时出生？")


def test_the_era_answers_a_period_question():
    contexts = [Context(rank=1, source="p1.txt", section="", title="林远", score=1.0,
                        text="林远，字子川，会稽人，三国时吴国会稽郡功曹。林远为人清廉，为百姓所信。"
                             "公元230年，孙权征讨山越，林远率乡兵相助。不久林远病逝。")]
    line = compose_extractive("林远是什么时期的人？", contexts).splitlines()[0]
    assert "三国" in line
