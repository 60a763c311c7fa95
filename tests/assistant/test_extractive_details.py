"""The 结论 of news and encyclopedia questions: the question's distinguishing details pick the sentence.

Realistic news passages where the sentence that overlaps the question most is about another
distance, sex, year or event than the one asked about.
"""

from __future__ import annotations

from assistant.details import detail_fit, fit_counts, lacks_names, question_details
from assistant.entities import Kind, entity_spans

from context_builders import contexts_first_line as _first_line, passage as _ctx


def test_question_details_are_distances_sexes_ordinals_and_numbered_names():
    d = question_details("北京冬奥会男子500米速度滑冰金牌")
    assert ("500", "米") in d.quantities and d.qualifiers
    assert ("六", "任") in question_details("香港第六任行政长官选举结果？").ordinals
    assert ("神舟", "十三") in question_details("神舟十三号飞船的成员有哪些").numbered
    assert question_details("EMNLP2022的举办地").names == ("emnlp2022",)
    assert not question_details("服务部门的SLA达标率连续两个月没达标，要怎么处理？")  # a generic acronym is no key name


def test_a_sentence_contradicting_a_detail_is_penalised_one_keeping_it_is_not():
    d = question_details("北京冬奥会男子500米速度滑冰金牌")
    other_distance = "北京冬奥会速度滑冰男子1500米比赛中，荷兰选手凯尔·内斯获得金牌，打破奥运纪录。"
    other_sex = "北京冬奥会速度滑冰女子500米比赛中，埃琳·杰克逊获得金牌。"
    right = "北京冬奥会速度滑冰男子500米比赛中，中国选手高亭宇以34秒32获得金牌。"
    assert fit_counts(d, other_distance) == (1, 1)  # 男子 kept, 500米 contradicted ("1500米" is not "500米")
    assert fit_counts(d, other_sex) == (1, 1)
    assert fit_counts(d, right) == (2, 0)
    assert detail_fit(d, right) > 0 > detail_fit(d, other_distance)
    # a sentence that names neither keeps the detail through its neighbour and contradicts nothing
    assert fit_counts(d, "高亭宇以34秒32的成绩夺冠。", window="男子500米决赛在国家速滑馆举行。") == (2, 0)


def test_the_winner_of_the_asked_distance_wins_over_a_repeated_other_distance():
    contexts = [
        _ctx(1, "新华社北京2月8日电 北京冬奥会速度滑冰男子1500米比赛中，荷兰选手凯尔·内斯获得金牌，打破奥运纪录。", "news-a"),
        _ctx(2, "中工网讯 2022年2月8日，北京冬奥会速度滑冰男子1500米比赛在国家速滑馆落下帷幕，荷兰选手凯尔·内斯以1:43.21的成绩夺金，并破奥运会纪录。", "news-b"),
        _ctx(3, "2月12日，北京冬奥会速度滑冰男子500米比赛在国家速滑馆举行。中国选手高亭宇以34秒32的成绩获得金牌，并打破奥运会纪录。", "news-c"),
    ]
    line = _first_line("北京冬奥会男子500米速度滑冰金牌", contexts)
    assert "高亭宇" in line and "凯尔" not in line, line


def test_a_figure_stated_for_another_year_does_not_answer():
    contexts = [
        _ctx(1, "经济增长国际领先 2021年，我国国内生产总值比上年增长8.1%，经济增速在全球主要经济体中名列前茅；经济规模突破110万亿元。", "news-a"),
        _ctx(2, "该数字受到“低基数效应”的影响。此外，经济学人智库经济学家提醒，在解读现在的经济表现时，还需要考虑到上个月"
                "中国国家统计局将2020年的实际GDP增长率从2.3%下调至2.2%，这也降低了2021年的基准数字。", "news-b"),
    ]
    line = _first_line("2021年中国经济增长了多少？", contexts)
    assert "8.1%" in line and "2.3%" not in line, line


def test_a_passage_that_never_names_the_asked_event_does_not_answer():
    assert lacks_names(question_details("EMNLP2022的举办地"), "张家口赛区是大部分雪上项目的举办地。")
    assert not lacks_names(question_details("EMNLP2022的举办地"), "EMNLP 2022在阿布扎比举行。")
    contexts = [
        _ctx(1, "央视网消息：北京2022年冬奥会共设立三大赛区，其中张家口赛区是大部分雪上项目的举办地，将产生51枚冬奥会金牌。", "news-a"),
        _ctx(2, "2022世界5G大会在哈尔滨开幕，世界5G大会此前三届举办地分别在北京、广州、北京。", "news-b"),
        _ctx(3, "EMNLP2022在阿布扎比举行 EMNLP是自然语言处理领域最有影响力的会议之一。与传统学术会议不同，EMNLP更注重自然语言算法与各领域应用的结合。", "news-c"),
    ]
    line = _first_line("EMNLP2022的举办地", contexts)
    assert "阿布扎比" in line, line


def test_the_answer_in_the_sentence_after_the_best_completes_the_conclusion():
    contexts = [
        _ctx(1, "香港特别行政区第六任行政长官选举8日举行。李家超高票当选第六任行政长官人选。"
                "在选举管理委员会、候选人及其代理人、媒体及公众的监督下，选举及点票工作紧张而有序进行。", "news-a"),
        _ctx(2, "任何外部势力对此次行政长官选举结果的攻击抹黑，都是不自量力。", "news-b"),
    ]
    line = _first_line("香港第六任行政长官选举结果？", contexts)
    assert "李家超" in line, line


def test_champion_is_no_organisation_and_bylines_and_datelines_are_not_in_the_story():
    text = "很多人对于那支球队获得了冠军并不知晓，最后辽宁以4比0夺得冠军，这也是辽宁队队史第二个总冠军。"
    orgs = [text[a:b] for a, b, k in entity_spans(text) if k is Kind.ORG]
    assert "辽宁队" in orgs and not any(o.endswith("冠军") for o in orgs) and "很多人对于那支球队" not in orgs
    byline = "新华社北京1月25日电（记者赵雪彤、王春燕）北京冬奥组委25日公布官方电影主创团队。"
    people = [byline[a:b] for a, b, k in entity_spans(byline) if k is Kind.PERSON]
    assert "赵雪彤" not in people and "王春燕" not in people
    assert not [byline[a:b] for a, b, k in entity_spans(byline) if k is Kind.ORG]  # 新华社 (dateline), 主创团队 (a team, no name)
    assert "北京大学" in [t[a:b] for t in ["北京大学校长在北京宣布"] for a, b, _k in entity_spans(t)]


def test_which_team_is_a_name_and_which_role_is_answered_by_the_role_not_the_cast():
    from assistant.question_types import QType, classify, predicate_cue

    assert classify("2023年C罗在哪个球队？") is QType.NAME  # 在哪个球队 asks for a team, not a place
    assert classify("威克水槽在哪里？") is QType.PLACE
    role = predicate_cue("狂飙中的张颂文演的谁？")
    assert role.search("张颂文如果不来演高启强，我一定会遗憾终生的") and not role.search("张颂文、张译主演的《狂飙》")
    assert predicate_cue("《踏冰逐梦》的主演是谁").search("张颂文、张译主演的《狂飙》")


def test_a_quarter_is_another_period_than_the_whole_year():
    d = question_details("星河科技2031年全年营收多少？")
    assert fit_counts(d, "财报显示，星河科技2031年Q4营收为54亿元。") == (0, 1)
    assert fit_counts(d, "2031年，星河科技全年营收165亿元，其中四季度营收54亿元。") == (1, 0)  # both: the year kept
    assert fit_counts(question_details("2031年一季度经济增长率"), "2031年第一季度国内生产总值同比增长4.8%。") == (1, 0)


def test_the_figure_for_the_asked_period_wins_over_a_quarter_of_it():
    contexts = [
        _ctx(1, "财报显示，星河科技2031年Q4营收为54亿元，同比增长4%，归属于公司股东的净利润12亿元，同比下降27%。", "news-a"),
        _ctx(2, "2031年，星河实现总营收165亿元，同比增长10.16%。", "news-b"),
    ]
    line = _first_line("星河科技2031年全年营收多少？", contexts)
    assert line.split("[")[0].count("165亿元") == 1, line
