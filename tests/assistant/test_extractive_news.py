"""The 结论 of news questions whose answer the sentence states in a news register.

Sentences written for these tests (not taken from an evaluation set): a winner named as the subject of a
means phrase ("X以…票房居…榜首"), far from the rank word.
"""

from __future__ import annotations

import re

from assistant.ranks import means_subject_spans

from context_builders import first_line as _first_line


# -- winners stated by their means ------------------------------------------------------------------

def test_means_subject_spans_keep_the_subject_of_the_rank_verb_only():
    cue = re.compile(r"夺冠|夺得|榜首|居首")
    text = "《山河远行》以12.3亿元票房居国庆档票房榜榜首，《海底来客》位居第二。"
    title = (0, 6)
    second = (text.index("《海底来客》"), text.index("《海底来客》") + 6)
    assert means_subject_spans(text, [title, second], cue) == [title]
    assert means_subject_spans("《山河远行》以12.3亿元票房位列第三。", [title], cue) == []
    assert means_subject_spans("《山河远行》以12.3亿元，票房榜榜首是另一部。", [title], cue) == []  # another clause
    assert means_subject_spans(text, [title], None) == []


def test_a_title_ranked_first_by_its_means_answers_the_champion_question():
    texts = [
        "影评机构发布的《2031国庆档观影报告》显示，截至10月8日，2031年国庆档电影总票房达30.5亿元，超越2030年国庆档成为中国影史国庆档票房冠军。"
        "其中，《山河远行》以12.3亿元票房居2031年国庆档票房榜榜首；《海底来客》位居第二，票房为8.1亿元。",
        "数据显示，2031年国庆档（10月1日-10月7日）电影总票房突破30亿元，多部影片单日票房过亿，中国观众热情高涨。",
        "业内人士认为，2031年国庆档的票房表现说明中国电影市场正在回暖，观众对国产电影的信心明显增强。",
    ]
    assert "《山河远行》以12.3亿元票房居" in _first_line("2031国庆档电影票房冠军", texts)


# -- membership: "在哪个球队" is answered by 加盟/效力, not by 位于 ----------------------------------------

def test_membership_questions_have_their_own_cue():
    from assistant.question_types import predicate_cue

    cue = predicate_cue("2035年王海东在哪个球队？")
    assert cue is not None and cue.search("他将加盟山东泰山队") and not cue.search("山东泰山队位于海滨市")
    assert predicate_cue("山东泰山队的主场在哪里？").search("位于海滨市")
    assert predicate_cue("报销单在哪个单位备案？").search("位于海滨市")  # not a membership question
    assert predicate_cue("她在哪家公司工作？").search("她于2030年入职海滨科技")


def test_the_club_a_player_joins_answers_which_team():
    texts = [
        "王海东在2034赛季结束后与原俱乐部解约。他与西班牙球队的谈判已经基本完成，只差本人前往考察训练基地，然后决定是否签字。"
        "在公开批评主教练之后，这位前锋与老东家的关系彻底破裂，他将在2035年1月1日加盟山东泰山队。",
        "2035年1月15日，山东泰山队在友谊赛中以2-1战胜南港城，王海东迎来新东家首秀并打进一球。",
        "海滨市足球协会表示，2035年联赛将扩军至18支球队，各队需在赛季开始前完成注册。",
    ]
    assert "加盟山东泰山队" in _first_line("2035年王海东在哪个球队？", texts)


# -- a verb written apart: 逃税 said as "逃了个人所得税" ----------------------------------------------------

def test_separable_verbs_are_found_written_apart_only():
    from assistant.separable import said_apart, separable_verbs

    assert "逃税" in separable_verbs("王某某逃税了多少钱")
    assert said_apart("王某某偷逃个人所得税2100万元。", "逃税")
    assert not said_apart("王某某因逃税被追缴8000万元。", "逃税")  # said whole: the plain word match counts it
    assert not said_apart("王某某出逃，后被追缴欠税。", "逃税")  # another clause in between
    assert not said_apart("逃亡海外多年的他终于回国，补缴了全部欠缴的税款。", "逃税")  # too far apart


def test_the_figure_of_the_verb_written_apart_is_in_the_first_line():
    texts = [
        "2031-05-20 21:10 今天，多家媒体报道，商人王某某因逃税一事受到处罚，被追缴税款并处罚款共计8000万元。"
        "通报称，王某某在2029年至2030年期间，通过拆分收入进行虚假申报，偷逃个人所得税2100万元，其他少缴税款500万元。",
        "税务部门表示，将继续加强对高收入人群的税收监管，依法查处各类涉税违法行为。",
        "业内人士认为，此案对相关行业起到了警示作用，纳税人应当依法履行纳税义务。",
    ]
    assert "2100万元" in _first_line("王某某逃税了多少钱", texts)


# -- a kind is a modifier, not the words before 的 ----------------------------------------------------

def test_words_before_de_are_no_kind():
    from assistant.kinds import states_kind

    question = "Quizzle是什么类型的游戏？"
    assert states_kind("Quizzle是一款网页拼词游戏。", "游戏", question)
    assert not states_kind("它的玩法和象棋之类的游戏相似。", "游戏", question)
    assert not states_kind("每日的游戏从题库中随机抽取。", "游戏", question)
    assert states_kind("这是一款轻松的休闲游戏。", "游戏", question)


def test_the_kind_of_game_leads_over_a_comparison():
    texts = [
        "这种玩法和跳棋 (Checkers)之类的游戏相似，但《Quizzle》会提示哪些字母的位置正确。"
        "每日的游戏从3000个单词中随机抽取，玩家有六次机会。",
        "2031年，程序员林某在网上发布了《Quizzle》。《Quizzle》是林某编写的网页拼词游戏。",
    ]
    assert "拼词游戏" in _first_line("Quizzle游戏是什么类型的游戏？", texts)


# -- a set asked, a list answers -----------------------------------------------------------------------

def test_lists_of_names_are_counted_as_one_run():
    from assistant.lists import asks_several, listed

    assert asks_several("2035年东亚杯海滨队同组对手") and asks_several("《远山》的主演有哪些")
    assert not asks_several("2035年东亚杯冠军是谁")
    text = "海滨队与越南、泰国和缅甸队被分在了B组。"
    spans = [(text.index(w), text.index(w) + len(w)) for w in ("越南", "泰国", "缅甸")]
    assert listed(text, spans) == 3
    assert listed("越南队在首场比赛中战胜了泰国。", [(0, 2), (12, 14)]) == 1
    assert listed("", []) == 0


def test_the_sentence_listing_the_group_answers_the_opponents_question():
    texts = [
        "本届东亚杯抽签，海滨队位列第二档，经过抽签，海滨队与越南、泰国和缅甸队被分在了B组，这是一个不错的签运。"
        "按照赛制规则，每个小组前2名晋级淘汰赛。",
        "新华社5月12日电 北京时间12日，东亚足联公布了2035年东亚杯开赛时间安排，各队小组赛比赛时间也随之确定。",
        "比赛时间上，首场比赛，海滨队对阵泰国。",
    ]
    assert _first_line("2035年东亚杯海滨队同组对手", texts).startswith("结论：本届东亚杯抽签")  # the list leads
