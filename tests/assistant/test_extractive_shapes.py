"""The 结论 of noun-phrase fact questions, country and suspect answers, and web-page clutter.

Realistic news sentences: "…成绩" wants a rank or a result, "…营收" an amount of money, 举办国 a
country jieba does not tag, 谁枪击了… a suspect's name jieba does not know; page furniture
("评论  打印", "来源：…") never starts the 结论.
"""

from __future__ import annotations

from assistant.entities import Kind, entity_spans
from assistant.extractive import strip_furniture
from assistant.question_types import QType, answer_spans, asked_shape, classify

from context_builders import first_line as _first_line


# -- (1) noun-phrase fact questions: the asked noun decides the answer's shape -----------------------

def test_the_asked_noun_gives_the_answer_shape():
    rank = asked_shape("2022年女篮世界杯中国女篮成绩")
    assert rank is not None and classify("2022年女篮世界杯中国女篮成绩") is QType.NUMBER
    sentence = "决赛中，中国女篮以61-83不敌美国女篮，取得亚军。"
    assert [sentence[a:b] for a, b in answer_spans(sentence, QType.NUMBER, rank)] == ["亚军"]
    money = asked_shape("网易2022年全年营收多少？")
    text = "2022年，网易实现总营收965亿元，同比增长10.16%。"
    assert [text[a:b] for a, b in answer_spans(text, QType.NUMBER, money)] == ["965亿元"]
    sales = asked_shape("2021年宝马全球销量？")
    assert sales is not None and sales.search("宝马集团2021年全球销量为252万辆").group(0) == "252万辆"
    length = asked_shape("港珠澳大桥有多长？")
    assert length is not None and length.search("港珠澳大桥全长55公里").group(0) == "55公里"
    assert asked_shape("韩国对葡萄牙的比分是多少").search("韩国队2:1逆转葡萄牙").group(0) == "2:1"
    assert asked_shape("韩国队最终排名第几？").search("韩国队最终排名第16。").group(0) == "排名第16"
    magnitude = asked_shape("2023年土耳其地震的震级")
    text = "依据美国地质调查局资料，震级为MW 7.8，震源深度为10.0公里。"
    assert "7.8" in [text[a:b].strip() for a, b in answer_spans(text, QType.NUMBER, magnitude)][0]
    assert classify("卡塔尔世界杯决赛队伍") is QType.NAME  # teams: names, countries among them


def test_a_noun_that_is_not_the_asked_thing_gives_no_shape():
    assert asked_shape("2023春节档电影票房冠军") is None  # a film's title is asked, not money
    assert asked_shape("长安汽车2021年销量同比增长多少？") is None  # a growth rate, not a count of cars
    assert asked_shape("服务方最晚要在多长时间内响应？") is None  # a duration: the time pattern answers
    assert asked_shape("谁的票房最高？") is None


def test_a_result_question_is_answered_by_the_rank_not_by_any_number():
    first = _first_line("韩国队在本届世界杯的成绩", [
        "韩国队在本届世界杯的比赛中共打入5个进球，有3万名韩国球迷到现场为韩国队助威。",
        "最终韩国队以小组第二的身份晋级16强，随后在淘汰赛中不敌巴西。",
    ])
    assert "16强" in first


def test_a_revenue_question_is_answered_by_the_money_amount():
    first = _first_line("2022年英特尔全年营收", [
        "2022年英特尔全年营收同比下滑20%，全年裁员超过1万人，为多年来最差表现。",
        "财报显示，英特尔2022年营收为631亿美元，净利润为80.14亿美元。",
    ])
    assert "631亿美元" in first


# -- (2) countries jieba does not tag as places -------------------------------------------------------

def test_country_names_are_places_on_word_boundaries():
    sentence = "卡塔尔世界杯决赛中，阿根廷队点球战胜法国队。"
    places = [sentence[a:b] for a, b, k in entity_spans(sentence) if k is Kind.PLACE]
    assert {"卡塔尔", "阿根廷", "法国"} <= set(places)
    for text, inside in (("马里奥赛车是一款经典游戏。", "马里"), ("苏丹红是一种工业染料。", "苏丹")):
        assert inside not in [text[a:b] for a, b, k in entity_spans(text) if k is Kind.PLACE]
    assert classify("2022年世界杯的举办国") is QType.PLACE


# -- (3) a suspect's name next to a person cue --------------------------------------------------------

def test_a_name_after_a_suspect_cue_is_a_person_strictly():
    sentence = "警方当场逮捕了枪击安倍晋三的嫌疑人山上彻也（41岁）。"
    people = [sentence[a:b] for a, b, k in entity_spans(sentence) if k is Kind.PERSON]
    assert "山上彻也" in people
    for text in ("嫌疑人身份已经确认，警方正在调查。", "嫌疑人已被警方控制。", "凶手在逃，警方悬赏通缉。"):
        assert not [text[a:b] for a, b, k in entity_spans(text) if k is Kind.PERSON]


def test_a_suspect_named_after_the_cue_is_a_typed_answer():
    for sentence in ("嫌疑人山上彻也当场被捕，警方正在调查其作案动机。", "枪手山上彻也曾在海上自卫队服役。",
                     "凶手山上彻也（41岁）是奈良市人。"):
        assert "山上彻也" in [sentence[a:b] for a, b in answer_spans(sentence, QType.PERSON)]


# -- (4) web-page furniture never starts the 结论 ------------------------------------------------------

def test_page_furniture_is_cut_and_the_story_kept_verbatim():
    story = "距离2022年美国中期选举只剩四天，民主、共和两党的选战进入白热化阶段。"
    assert strip_furniture("评论        打印   " + story) == story
    assert strip_furniture("宝马集团2021年全球销量为252万辆，同比增长8.4%。  来源：新华社") == "宝马集团2021年全球销量为252万辆，同比增长8.4%。"
    assert strip_furniture("扫码二维码 分享至好友和朋友圈") is None
    ordinary = "他在会上发表评论说，这次会议很重要，必须按时召开。"
    assert strip_furniture(ordinary) == ordinary  # 评论 inside a sentence is a word of the story


def test_the_conclusion_does_not_start_with_page_furniture():
    first = _first_line("2022年美国中期选举后众议院多数党？", [
        "评论        打印   2022年美国中期选举后，共和党赢得众议院多数席位，重新成为众议院多数党。",
        "美国中期选举每四年举行两次中的一次，选民将改选众议院全部435个席位。",
    ])
    assert first.startswith("结论：2022年美国中期选举后，共和党")
