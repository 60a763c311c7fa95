"""A question about someone's post is answered by "以/封/任命 X 为 Y", not by another sentence naming X.

Sentences written for this test (an invented general and his lord), not taken from an evaluation set.
"""

from __future__ import annotations

from context_builders import titled_first_line

from assistant.appointments import asks_post, post_spans

GENERAL = ("石青", "石青（），楚国将领，白岳部将。永安二年（512年）三月，白岳封赏石青黄金千斤，命石青率军自江州攻豫章"
                   "（今江西南昌），守将李平投降。起兵之初，白岳自称楚王，以石青为太尉，陈禾为司徒。永安三年，石青在巴丘被王允擒获。")


def test_the_appointment_answers_which_post():
    line = titled_first_line("白岳封了石青什么职位？", [GENERAL])
    assert line.startswith("结论：起兵之初，白岳自称楚王，以石青为太尉"), line  # not the reward and the march


def test_post_questions_and_spans():
    assert asks_post("白岳封了石青什么职位？")
    assert asks_post("石青担任什么官职？")
    assert not asks_post("石青是在哪里被擒获的？")
    text = "白岳自称楚王，以石青为太尉，陈禾为司徒。"
    assert [text[a:b] for a, b in post_spans(text, ["白岳", "石青"])] == ["太尉"]
    modern = "董事会任命张青为总经理，任期三年。"
    assert [modern[a:b] for a, b in post_spans(modern, ["张青"])] == ["总经理"]
    assert post_spans("白岳派石青自江州攻豫章。", ["石青"]) == []
