"""News pages flattened to text, on a real store with the bundled model: a run-on line's later paragraphs are
quoted when they answer, and a place's own figure answers a figure question that names the place.

Invented passages (no evaluation data): a marathon guide whose menu, headline and paragraphs run into one line
with no 。 between them, and a city's statistics next to a national overview that shares more of the words.
"""

from __future__ import annotations


import pytest

from assistant.advisor import Advisor
from assistant.extractive import MAX_SENTENCE_CHARS, clipped_paragraphs
from assistant.statements import question_places

from store_builders import answer_first_line, corpus_advisor

MENU = "　　".join(["2031洛水马拉松观赛攻略", "赛事介绍", "报名时间", "报名方式", "参赛费用", "退赛规则", "常见问答",
                   "起跑仪式", "颁奖仪式", "交通管制", "志愿服务", "天气提示", "赛道地图", "补给站点", "医疗保障"])
GUIDE = (MENU + "　　报名入口：　　报名渠道　　1、“洛水马拉松”小程序(扫码进入)　　2、赛事官方网站　　"
         "拓展阅读：洛水马拉松起跑仪式　　起跑地点：洛水广场　　"
         "起跑时间：2031年4月12日7时30分，洛水马拉松起跑仪式将在洛水广场举行，三万名跑者同时出发。\n")
NEWS = {
    "guide.txt": GUIDE,
    "route.txt": "洛水马拉松组委会介绍，今年的赛道沿洛水两岸展开，全程设置十二个补给站，终点设在滨河公园。\n",
    "national.txt": ("国家统计局表示，据国际机构预测，美国、日本2031年GDP增长都不会超过2%，"
                     "我国GDP增长4.5%的增速是一个比较快的增长速度。\n"),
    "city.txt": "洛阳市统计局介绍，根据地区生产总值统一核算结果，2031年洛阳市实现地区生产总值5900亿元，比上年增长2.6%。\n",
}


@pytest.fixture(scope="module")
def advisor(tmp_path_factory: pytest.TempPathFactory, make_settings, embeddings) -> Advisor:
    return corpus_advisor(tmp_path_factory, make_settings, embeddings, NEWS, "news")


def test_the_paragraphs_a_clipped_run_on_line_loses_are_sentences_of_their_own():
    run_on = GUIDE.strip().rstrip("。") + "。"
    assert len(run_on) > MAX_SENTENCE_CHARS
    pieces = clipped_paragraphs(run_on)
    assert any(p.startswith("起跑时间：2031年4月12日") for p in pieces), pieces
    assert "赛事介绍" not in pieces  # menu labels are no sentences
    assert clipped_paragraphs("起跑时间：2031年4月12日，比赛在洛水广场开始。") == []  # a short line is left whole


def test_a_fact_late_in_a_run_on_web_line_answers(advisor: Advisor):
    line = answer_first_line(advisor, "洛水马拉松起跑时间")
    assert "4月12日" in line, line


def test_places_a_figure_question_names_leave_the_whole_country_out():
    assert question_places("2031年洛阳的GDP增长率") == ("洛阳",)
    assert question_places("2031年中国的GDP增长率") == ()


def test_the_asked_places_own_figure_answers_over_other_countries_figures(advisor: Advisor):
    line = answer_first_line(advisor, "2031年洛阳的GDP增长率")
    assert "2.6%" in line, line
