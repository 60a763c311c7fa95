"""A place that is part of the asked event's name (青川足球联赛) is not a place whose own figure is asked.

Sentences written for this test (an invented league), not taken from an evaluation set.
"""

from __future__ import annotations

from context_builders import first_line as _first_line


def test_a_sentence_naming_no_place_is_not_passed_over_for_the_league_name():
    texts = ["2031年青川足球联赛是该联赛的第12届赛事，于3月开幕。本届赛事共有16支球队参加，比上届多两支。"]
    line = _first_line("2031年青川足球联赛有多少支球队参加", texts)
    assert "16支" in line, line


def test_the_asked_place_still_beats_another_place_s_figure():
    texts = [
        "2031年，美国、日本和我国的经济分别增长2.1%、1.0%和5.0%，世界经济整体放缓。",
        "2031年青川市地区生产总值比上年增长6.3%，增速居全省前列。",
    ]
    line = _first_line("2031年青川的经济增长率是多少", texts)
    assert "6.3%" in line, line


def test_a_real_place_inside_the_league_name_gives_its_sentence_no_own_place_bonus():
    # 澳门 is tagged as a place; "…顶级联赛，共分3级" names it with a figure, "上届冠军曾在泰国…" names another
    # place with one: 澳门 of the league's name must not make the lead the asked place's own figure.
    texts = ["澳门甲组足球联赛是澳门足球总会主办的顶级联赛，共分3级。本届赛事有10队参与，采用双循环制。"
             "上届冠军曾在泰国进行了4场热身赛。"]
    line = _first_line("2031–32年澳门甲组足球联赛有多少个球队参加？", texts)
    assert "10队" in line, line


def test_a_place_followed_by_more_of_a_name_is_part_of_that_name():
    from assistant.place_names import figure_places, in_longer_name

    assert in_longer_name("2031–32年澳门甲组足球联赛有多少个球队参加？", "澳门")
    assert in_longer_name("重庆大学有多少名学生？", "重庆")
    assert in_longer_name("深圳机场2031年的旅客吞吐量是多少？", "深圳")
    assert figure_places("澳门甲组足球联赛有多少队，澳门有多少人口？", ("澳门",)) == ("澳门",)  # also named alone


def test_a_place_asked_about_itself_stays_the_place_whose_figure_is_asked():
    from assistant.place_names import figure_places

    assert figure_places("香港有多少所大学？", ("香港",)) == ("香港",)  # a verb stands between it and 大学
    assert figure_places("2022年重庆的GDP增长率是多少？", ("重庆",)) == ("重庆",)
    assert figure_places("上海的机场有几个？", ("上海",)) == ("上海",)
