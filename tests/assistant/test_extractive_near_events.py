"""A sentence about another discipline or edition of the asked event does not answer it.

Sentences written for these tests (an invented winter games), not taken from an evaluation set.
"""

from __future__ import annotations

from assistant.near_events import another_qualifier, qualifier_pairs
from context_builders import first_line as _first_line


def test_qualifier_pairs_leave_out_the_asked_word():
    pairs = qualifier_pairs("哈尔滨冬运会双人滑金牌得主是谁？")
    assert ("冬运会", "双人滑", 1) in pairs and ("冬运会", "哈尔滨", -1) in pairs
    assert not any("金牌得主" in (a, q) for a, q, _side in pairs)  # the asked word is no qualifier
    assert qualifier_pairs("谁获得了金牌？") == ()


def test_another_qualifier_only_for_a_sibling_event_that_never_says_the_asked_one():
    pairs = qualifier_pairs("哈尔滨冬运会双人滑金牌得主是谁？")
    assert another_qualifier("哈尔滨冬运会速度滑冰男子1500米比赛中，选手林小东获得金牌。", pairs)
    assert another_qualifier("在长春冬运会上，两人夺得了双人滑冠军。", pairs)  # another edition
    assert not another_qualifier("哈尔滨冬运会花样滑冰双人滑结果：王雪/李冰第一。", pairs)  # says 双人滑
    assert not another_qualifier("本届冬运会上，王雪和李冰获得双人滑金牌。", pairs)  # no noun in 哈尔滨's place


def test_the_sentence_about_the_asked_discipline_wins():
    texts = [
        "哈尔滨冬运会花样滑冰双人滑自由滑结果：第一名王雪/李冰，239.88分，第二名赵月/孙强，239.82分。",
        "2月8日，哈尔滨冬运会速度滑冰男子1500米比赛中，北方选手林小东获得金牌，打破赛会纪录。",
    ]
    line = _first_line("哈尔滨冬运会双人滑金牌得主是谁？", list(reversed(texts)))
    assert "王雪" in line.split("[")[0], line


def test_a_run_of_proper_nouns_before_the_asked_verb_names_the_event():
    assert ("长春", "冬运会", 1) in qualifier_pairs("长春冬运会开幕时间")  # 冬运会 is no asked word here
    assert ("长春", "公开赛", 1) in qualifier_pairs("2023年长春公开赛在哪举行？")
    assert qualifier_pairs("长安汽车2021年销量同比增长多少？") == ()  # 年销量/n 同比/j: no proper-noun run


def test_the_sibling_event_named_by_its_city_does_not_date_the_asked_one():
    line = _first_line("长春冬运会开幕时间", ["哈尔滨冬运会开幕时间为1月5日。", "长春冬运会将在2月18日迎来首场比赛。"])
    assert "2月18日" in line, line
