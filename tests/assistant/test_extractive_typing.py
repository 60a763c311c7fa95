"""Question typing of alias, period and measure-word questions; the alias stated after 又称为.

Questions and sentences written for these tests (not taken from an evaluation set).
"""

from __future__ import annotations

from assistant.naming import asks_naming
from assistant.question_types import QType, asked_unit, classify_one, predicate_cue
from assistant.statements import linked_spans


def test_alias_period_and_measure_questions_are_typed():
    assert classify_one("六氟化铝又被叫作为什么？") is QType.NAME
    assert asks_naming("六氟化铝又被叫作为什么？")
    cue = predicate_cue("六氟化铝又被叫作为什么？")
    assert cue is not None and cue.search("又称为六氟铝")  # an alias cue, not the 为什么 (cause) one
    assert classify_one("林远在哪一段时期担任太守？") is QType.TIME  # 在哪一段: not a place
    assert asked_unit("城墙通常分为几层？") == "层"


def test_an_alias_after_a_naming_verb_and_wei():
    sentence = "六氟化铝，又称为六氟铝、AF-6，是一种无机物。"
    assert [sentence[a:b] for a, b in linked_spans(sentence, ["又称"])] == ["六氟铝"]


def test_a_counted_club_question_asks_names():
    assert classify_one("林远效力于哪两个俱乐部？") is QType.NAME
    assert classify_one("林远加入了哪个俱乐部？") is QType.NAME
