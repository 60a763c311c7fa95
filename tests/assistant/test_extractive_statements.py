"""The 结论 of news questions: dates for "…时间", stated answers for 谁/叫什么, and the question's type.

Realistic news sentences (written for these tests, not taken from an evaluation set): the sentence
that repeats the question's words must not beat the one that states the date, the name or the
place asked for.
"""

from __future__ import annotations

from assistant.dates import (
    asks_date,
    date_pattern,
    event_word,
    names_day,
    not_qualifiers,
    outside_datelines,
    starts_not_ends,
    without_type_noun,
)
from assistant.question_types import QType, classify
from assistant.statements import about_asked, asked_verb, asked_word, linked_spans, question_names, states_answer

from context_builders import first_line as _first_line


# -- (1) date questions ------------------------------------------------------------------------------

def test_noun_phrase_time_questions_ask_a_date_policy_durations_do_not():
    assert asks_date("乌镇峰会举办时间")
    assert asks_date("2022年G20峰会的时间？")
    assert asks_date("北京冬奥会开幕日期是什么时候")
    assert not asks_date("服务方的响应时间是多少？")
    assert not asks_date("跨部门例会上每个议题能汇报多长时间？")
    assert without_type_noun("布林肯访华时间") == "布林肯访华"
    assert without_type_noun("北京冬奥会开幕日期是什么时候") == "北京冬奥会开幕"
    assert event_word("布林肯访华时间") == "访华"
    assert event_word("服务方响应时间") is None


def test_a_date_pattern_takes_days_and_ranges_not_durations_or_the_stated_year():
    pattern = date_pattern("2022年G20峰会的时间？")
    text = "峰会于2022年11月15日至16日举行，会期2天，2018年峰会上达成共识。"
    assert [m.group(0) for m in pattern.finditer(text)] == ["2022年11月15日至16日"]
    assert names_day("11月9日至11日") and not names_day("2023年")
    no_year = date_pattern("GPT4发布时间")
    assert [m.group(0) for m in no_year.finditer("该模型于2023年发布。")] == ["2023年"]


def test_datelines_and_end_bounds_do_not_date_the_event():
    pattern = date_pattern("马克龙访华时间")
    text = "新华社北京4月3日电 外交部发言人介绍了访华安排。"
    assert outside_datelines(text, [m.span() for m in pattern.finditer(text)]) == []
    later = "中新网4月5日电 4月5日下午，法国总统抵达北京。"
    kept = outside_datelines(later, [m.span() for m in pattern.finditer(later)])
    assert [later[a:b] for a, b in kept] == ["4月5日"]
    bound = "片方宣布将延长上映至7月21日。"
    spans = [m.span() for m in pattern.finditer(bound)]
    assert starts_not_ends("《某片》上映时间", bound, spans) == []
    assert starts_not_ends("《某片》结束放映时间", bound, spans) == spans


def test_the_sentence_with_the_date_beats_the_one_repeating_the_time_word():
    line = _first_line("布林肯访华时间", [
        "分析人士指出，耶伦这次访华时间比较长，有4天时间，是布林肯访华时间的两倍。",
        "经中美双方商定，美国国务卿布林肯将于6月18日至19日访华。",
    ])
    assert "6月18日至19日" in line


def test_a_dateline_date_does_not_answer_when_the_visit_is():
    line = _first_line("马克龙访华时间？", [
        "新华社北京4月3日电（记者王某）外交部发言人3日在例行记者会上介绍了法国总统马克龙访华有关安排。",
        "应国家主席邀请，法国总统马克龙将于4月5日至7日对中国进行国事访问。",
    ])
    assert "4月5日至7日" in line


def test_the_year_naming_the_edition_is_not_the_date():
    text = "王某介绍2022年世界互联网大会乌镇峰会举办情况，2021年曾有变动。"
    spans = [m.span() for m in date_pattern("乌镇峰会举办时间").finditer(text)]
    assert [text[a:b] for a, b in not_qualifiers("乌镇峰会举办时间", text, spans)] == ["2021年"]
    line = _first_line("乌镇峰会举办时间", [
        "发布会上，承办工作领导小组组长王某介绍2022年世界互联网大会乌镇峰会举办情况和取得的成果。",
        "记者今日获悉，2022年世界互联网大会乌镇峰会将于11月9日至11日在桐乡举办。",
    ])
    assert "11月9日至11日" in line


# -- (2) stated answers: the asked word next to the answer -----------------------------------------

def test_the_asked_word_is_found_before_or_after_the_question_word():
    assert asked_word("《忠犬八公》中国版的导演是谁") == "导演"
    assert asked_word("2022年世界杯吉祥物叫什么") == "吉祥物"
    assert asked_word("新西兰2023年新任总理是谁") == "总理"
    assert asked_word("谁创立了字节跳动") == "创立"
    assert asked_word("2023年C罗在哪个球队？") == "球队"
    assert asked_verb("嘉善南站由哪个公司管辖？") == "管辖"
    assert asked_verb("谁创立了字节跳动") is None  # no passive agent asked


def test_states_answer_needs_the_word_and_the_answer_joined_by_a_link_only():
    sentence = "导演徐昂用“恩赐”来形容这次拍摄。"
    at = sentence.index("徐昂")
    assert states_answer(sentence, "导演", [(at, at + 2)])
    far = "导演认为这部片子由很多人共同完成，主演徐昂也参与了讨论。"
    at = far.index("徐昂")
    assert not states_answer(far, "导演", [(at, at + 2)])
    won = "最后安娜·谢尔巴科娃取得金牌。"
    at = won.index("谢尔巴科娃")
    assert states_answer(won, "金牌得主", [(at, at + 5)])


def test_names_no_tagger_knows_are_taken_from_the_link():
    sentences = {
        "这家公司的主力产品叫做飞书，面向企业用户。": (["产品"], ["飞书"]),
        "字节跳动由张一鸣于2012年创立，总部位于北京。": (["创立"], ["张一鸣"]),
        "字节跳动由张一鸣于2012年3月在北京创立。": (["创立"], ["张一鸣"]),
        "这家公司的创始人是王小川。": (["创始人"], ["王小川"]),
        "这家公司的创始人是一位年轻人。": (["创始人"], []),
    }
    for sentence, (words, expected) in sentences.items():
        assert [sentence[a:b] for a, b in linked_spans(sentence, words)] == expected, sentence


def test_the_stated_director_beats_a_sentence_that_only_shares_words():
    line = _first_line("《忠犬八公》中国版的导演是谁", [
        "至今，人们已经拍摄了包括中国版《忠犬八公》在内的三部以“八公”为原型的电影。从这一点来看，中国版《忠犬八公》虽“败”犹荣。",
        "中国版《忠犬八公》上映后口碑不错。导演徐昂用“恩赐”来形容对“八公”的拍摄。",
    ])
    assert "徐昂" in line


def test_the_founder_stated_with_time_and_place_answers_who_founded_it():
    line = _first_line("谁创立了字节跳动", [
        "字节跳动是一家总部位于北京的科技公司，旗下有抖音、今日头条等产品，字节跳动的员工超过十万人。",
        "字节跳动由张一鸣于2012年3月在北京创立。",
    ])
    assert "张一鸣" in line


def test_a_passage_about_another_country_gets_no_statement_bonus():
    names = question_names("谁赢得了2022年塞尔维亚总统选举？")
    assert names == ("塞尔维亚",)
    assert not about_asked("点票结果显示工党赢得更多席位，成功组建澳洲下届政府。", names)
    assert about_asked("塞尔维亚总统武契奇赢得连任。", names)
    assert about_asked("任何一段文字", ())


# -- (3) question types of news questions -------------------------------------------------------------

def test_news_question_types():
    assert classify("2022年金砖国家主席国是谁？") is QType.PLACE
    assert classify("马英九访问大陆去了哪些城市") is QType.PLACE
    assert classify("哪些中国斯诺克选手被终身禁赛") is QType.PERSON
    assert classify("神舟十三号飞船的成员有哪些") is QType.PERSON
    assert classify("2022年美国中期选举后众议院多数党？") is QType.PERSON
    assert classify("苹果公司的创始人是谁") is QType.PERSON
    assert classify("跨部门协作需求由谁审批？") is QType.PERSON


def test_the_country_holding_the_chair_answers_who_holds_it():
    line = _first_line("2022年金砖国家主席国是谁？", [
        "6月22日晚，举行的是2022年金砖国家工商论坛，金砖国家代表出席。",
        "时隔5年，中国再次担任金砖国家主席国，将主办金砖国家领导人第十四次会晤。",
    ])
    assert "中国再次担任" in line


def test_a_venue_is_not_who_won():
    from assistant.question_types import answer_spans

    sentence = "女子单人滑比赛于2月15日至2月17日在北京首都体育馆举行。"
    assert [sentence[a:b] for a, b in answer_spans(sentence, QType.PERSON)] == []
    line = _first_line("花样滑冰女子单人滑比赛金牌得主是谁？", [
        "2022年冬奥会花样滑冰女子单人滑比赛于2022年2月15日至2月17日在北京首都体育馆举行。",
        "最后俄罗斯奥委会代表安娜·谢尔巴科娃与亚历山德拉·特鲁索娃取得金牌与银牌。",
    ])
    assert "谢尔巴科娃" in line


def test_a_title_wins_a_box_office_and_a_list_closes_with_deng():
    assert classify("2023春节档电影票房冠军") is QType.NAME
    assert classify("2023年全英羽毛球公开赛男单冠军？") is QType.PERSON
    sentence = "此行将前往南京、武汉、长沙等城市。"
    at = sentence.index("长沙")
    assert states_answer(sentence, "城市", [(at, at + 2)])


def test_a_stated_winner_of_another_year_gets_no_bonus():
    line = _first_line("2023年春节档首日票房冠军", [
        "2022年春节档落幕。票房冠军《长津湖之水门桥》斩获25亿元。",
        "2023年春节档头部梯队内，《流浪地球2》初一拿下首日票房冠军，但《满江红》紧随其后。",
    ])
    assert "流浪地球2" in line


def test_a_countdown_date_is_not_the_event_date():
    from assistant.dates import counts_down

    question = "北京冬奥会开幕日期是什么时候"
    assert counts_down(question, "1月25日，在距北京冬奥会开幕十天之际，北京冬奥组委公布了主创团队。")
    assert not counts_down(question, "北京冬奥会于2022年2月4日开幕。")
    assert not counts_down(question, "开幕式将于2月4日举行，距开幕还有10天，北京冬奥会开幕在即。")
    line = _first_line(question, [
        "1月25日，在距北京冬奥会开幕十天之际，北京冬奥组委公布北京冬奥会官方电影主创团队。",
        "北京冬奥会的计划进行时间是2022年2月4日至20日，目前看来疫情不会影响冬奥会举行。",
    ])
    assert "2022年2月4日" in line


def test_the_figure_stated_right_after_the_asked_quantity_wins():
    from assistant.statements import amount_word

    assert amount_word("上海2021年的GDP是多少") == "GDP"
    assert amount_word("2021年香港GDP增长了多少？") == "增长"
    assert amount_word("跨部门例会上每个议题能汇报多长时间？") is None
    line = _first_line("上海2021年的GDP是多少", [
        "其中，上海和北京都是全年GDP首次超过4万亿大关，深圳首次超过3万亿。",
        "2021年上海市实现GDP43214.85亿元，按可比价格计算，比上年增长8.1%。",
    ])
    assert "43214.85亿元" in line
