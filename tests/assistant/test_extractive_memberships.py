"""A question about which group someone belongs to is answered by "为<group>…成员之一", not by the article's lead.

Sentences written for this test (an invented singer and girl group), not taken from an evaluation set.
"""

from __future__ import annotations

from context_builders import titled_first_line

from assistant.memberships import asks_group, member_spans

SINGER = ("林小雨", "林小雨（Lin Xiaoyu，），艺名小雨，毕业于台北市立青山国中，高中曾就读台北市私立青禾商职后转学，现于美国就读。"
                    "为我爱青春会比较后期的美眉成员之一，凭著清新可爱的外型拥有不俗的人气。音乐造诣甚高，为青春会中较为独特的美眉。"
                    "她在歌唱部分，因为常常模仿和选用孙燕姿的歌曲，有“小孙燕姿”的称号。")


def test_the_membership_sentence_answers_which_group():
    line = titled_first_line("林小雨是哪个团体的成员？", [SINGER])
    assert line.startswith("结论：为我爱青春会比较后期的美眉成员之一"), line


def test_membership_questions_and_spans():
    assert asks_group("林小雨是哪个团体的成员？")
    assert asks_group("他是哪支乐队的一员？")
    assert not asks_group("这个团体的成员有多少人？")
    text = "他是青鸟乐队的成员，2001年加入。"
    assert [text[a:b] for a, b in member_spans(text)] == ["青鸟乐队"]
    assert member_spans("团体成员共有五人。") == []
