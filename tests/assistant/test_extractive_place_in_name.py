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
