"""The 结论 belongs to the asked event: its venue for 在哪里举行, its own holiday, its own subject defined.

Invented news passages (no evaluation data) where the sentence sharing most words with the question
names a place that is not the venue, another holiday's figures, or only mentions the asked product.
"""

from __future__ import annotations

from assistant.definitions import defines, question_subject
from assistant.details import fit_counts, question_details
from assistant.venues import asks_venue, held_without_venue, venue_spans
from context_builders import first_line as _first_line


def _spans(sentence: str) -> list[str]:
    return [sentence[a:b] for a, b in venue_spans(sentence)]


def test_venue_questions_and_the_place_an_event_is_held_at():
    assert asks_venue("2027年全球数字经济峰会在哪里举行") and asks_venue("合唱节在什么地方举办")
    assert asks_venue("峰会的举办城市") and not asks_venue("威克水槽在哪里")
    assert _spans("2027年全球数字经济峰会将于7月2日在北京开幕") == ["北京"]  # 于 + a date is when, 在 + a place is where
    assert _spans("本届峰会在北京国家会议中心隆重举行，设置一个主论坛。") == ["北京国家会议中心"]
    assert _spans("峰会将于7月2日开幕，地点位于北京国家会议中心") == ["北京国家会议中心"]
    assert _spans("北京时间7月2日，峰会开幕") == [] and held_without_venue("北京时间7月2日，峰会开幕")
    assert _spans("大会在此期间举行多场论坛") == []


def test_where_an_event_is_held_is_the_place_in_its_venue_slot_not_a_place_the_news_names():
    line = _first_line("2027年全球数字经济峰会在哪里举行", [
        "2027年全球数字经济峰会将于7月2日开幕，为期三天，主题为“数字驱动 智启未来”，北京市副市长出席发布会。",
        "本届峰会在北京国家会议中心举行，设置一个主论坛和十余场专题论坛。",
    ])
    assert "国家会议中心" in line, line


def test_a_dated_announcement_of_the_event_does_not_answer_where():
    line = _first_line("第五届东方合唱节在哪举办", [
        "第五届东方合唱节将于5月18日至22日举办，来自全国的80支合唱团报名参加，组委会主任介绍了筹备情况。",
        "合唱节在厦门嘉庚剧院举办，开幕式当晚将有千人合唱。",
        "厦门位于福建省东南部。",
    ])
    assert "嘉庚剧院" in line, line


def test_another_holidays_figures_contradict_the_asked_holiday():
    asked = question_details("2024年中秋节假期全国国内旅游出游人次是多少")
    assert fit_counts(asked, "2024年国庆节假期7天，全国国内旅游出游7.65亿人次。") == (0, 1)
    assert fit_counts(asked, "2024年中秋节假期3天，全国国内旅游出游1.07亿人次。") == (1, 0)
    both = question_details("中秋和国庆假期的出游人次")  # a sentence on one of the two asked holidays is no mismatch
    assert fit_counts(both, "国庆假期出游7.65亿人次。")[1] == 0
    line = _first_line("2024年中秋节假期全国国内旅游出游人次是多少", [
        "文化和旅游部数据中心测算，2024年国庆节假期7天，全国国内旅游出游7.65亿人次，按可比口径同比增长5.9%。",
        "据测算，中秋节假期3天，全国国内旅游出游1.07亿人次，按可比口径较2019年同期增长6.3%。",
    ])
    assert "1.07亿" in line and "7.65亿" not in line, line


def test_a_name_and_its_class_noun_are_defined_by_the_sentence_opening_with_the_name():
    subject = question_subject("启明K9处理器是什么")
    assert subject == "启明K9处理器"
    assert defines("启明K9是星海公司自主研发的一款8核移动处理器，采用5纳米工艺制造。", subject)
    assert not defines("启明K9是一款手机，搭载自研处理器。", subject)  # the class noun in another clause
    assert not defines("启明K9处理器性能比上一代提升40%。", subject)
    line = _first_line("启明K9处理器是什么", [
        "在今天的发布会上，星海公司正式推出了新一代笔记本电脑，并介绍了启明K9处理器的研发历程。",
        "启明K9是星海公司自主研发的一款8核移动处理器，采用5纳米工艺制造。",
        "启明K9处理器性能比上一代提升40%。",
    ])
    assert "自主研发的一款" in line, line


def test_a_founding_date_is_stated_with_another_founding_verb_not_by_a_funding_sentence():
    from assistant.eventdate import dates_event
    from assistant.same_verbs import event_verb, same_meaning

    assert event_verb("星辰科技是哪一年创办的") == "创办" and "成立" in same_meaning("创立")
    text = "星辰科技成立于2016年，总部位于深圳。"
    at = text.find("2016年")
    assert dates_event(text, [(at, at + 5)], "创立", forms=same_meaning("创立"))  # the date right after 成立于
    assert not dates_event(text, [(at, at + 5)], "创立")
    line = _first_line("星辰科技的创立时间", [
        "星辰科技2021年3月完成2亿元A轮融资，由红杉中国领投。",
        "星辰科技于2016年5月在深圳成立，创始人李文。",
    ])
    assert "2016年" in line and "融资" not in line, line


def test_an_owners_attribute_is_answered_by_the_value_not_by_the_owners_introduction():
    from assistant.attributes import asked_attribute, states_attribute

    assert asked_attribute("星海Pro9的处理器是什么") == ("星海Pro9", "处理器")
    assert asked_attribute("启明K9处理器是什么") is None  # "X是什么" asks what X is
    assert states_attribute("该机采用启明K9处理器，性能提升40%。", "星海Pro9", "处理器")
    assert states_attribute("其处理器为启明K9。", "星海Pro9", "处理器")
    assert not states_attribute("星海Pro9是一款旗舰手机，处理器性能强劲。", "星海Pro9", "处理器")
    line = _first_line("星海Pro9的处理器是什么", [
        "星海Pro9是星海公司今年推出的一款旗舰智能手机，处理器性能强劲，售价5999元起。",
        "星海Pro9发布会今天在深圳举行。该机采用启明K9处理器，性能提升40%。",
    ])
    assert "启明K9" in line, line


def test_a_market_figure_without_the_asked_company_does_not_answer_its_sales():
    line = _first_line("2025年长安汽车新能源汽车销量是多少", [
        "中汽协数据显示，2025年我国新能源汽车销量为1280万辆，同比增长35%，市场占有率超过45%。",
        "长安汽车公布的数据显示，其去年新能源汽车销量为86.5万辆，同比增长31%。",
    ])
    assert line.startswith("结论：长安汽车") and "86.5万辆" in line, line


def test_the_host_named_before_the_holding_verb_still_answers_where():
    from assistant.venues import hosts

    sentence = "新加坡将举办2025年世界游泳锦标赛，来自全国的选手将参赛。"
    at = sentence.find("新加坡")
    assert hosts(sentence, [(at, at + 3)]) == [(at, at + 3)]
    later = sentence.find("来自全国")
    assert hosts(sentence, [(later, later + 4)]) == []  # after the verb, another clause
    line = _first_line("2025年世界游泳锦标赛在哪里举办", [
        "2025年世界游泳锦标赛将于7月11日开幕，北京市游泳队将派出12名选手参赛。",
        "国际泳联宣布，新加坡将举办2025年世界游泳锦标赛。",
    ])
    assert "新加坡" in line, line
