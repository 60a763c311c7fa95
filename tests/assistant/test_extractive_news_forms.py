"""The 结论 of news questions whose fact the page states in another form than the question asks it.

Passages written for these tests (not taken from an evaluation set): an attribute stated with another word of
its meaning (用途 by 用于, 路线 by 航线/线路), an episode number stated only in a rhetorical question that the
next sentence takes up (第8期…？这一期…), another actor's part beside the asked actor's.
"""

from __future__ import annotations

from assistant.attribute_words import attribute_forms, states_head
from assistant.other_agents import another_agent, asked_action
from assistant.question_types import QType, asked_shape, classify
from assistant.rhetorical import join_rhetorical, takes_up

from context_builders import first_line


# -- an attribute in another word of its meaning ---------------------------------------------------

def test_attribute_words_give_a_value_not_an_echo():
    assert "用于" in attribute_forms("用途") and "航线" in attribute_forms("路线")
    assert attribute_forms("判决") == ()
    assert states_head("经核实，该无人机属市气象局所有，用于台风路径观测。", "用途")
    assert not states_head("市民常会看到各式无人机，或者用于其他用途的飞行器。", "用途")  # 其他: no value
    assert states_head("首航航班执飞广州至乌鲁木齐的航线。", "路线")
    assert states_head("该班列从海滨至杜伊斯堡的线路全长1.1万公里。", "路线")
    assert not states_head("让旅客的出行有了新的路线选择。", "路线")  # no places before it


def test_the_use_stated_with_a_verb_beats_the_noun_with_no_value():
    texts = [
        "问：为什么市民会担心？答：因为这种事情很常见。市民经常会看到各式各样的无人机，或者用于其他用途的飞行器。"
        "当天，海滨市公安局接到报警后立即开展了调查。经核实，该无人机属海滨市气象局所有，用于台风路径观测。"
        "气象局对无人机因信号故障闯入机场净空区表示歉意。",
        "海滨市民航部门表示，机场净空区内禁止放飞无人机，违者将被依法处罚。",
        "据了解，今年以来海滨市已发生多起无人机闯入机场净空区的事件，影响了航班正常起降。",
    ]
    assert "台风路径观测" in first_line("闯入海滨机场的无人机的用途", texts)


def test_the_route_stated_as_a_flight_line_beats_the_event_s_praise():
    texts = [
        "2031年3月18日，国产新型支线客机“云雀”成功首次商业运营，执飞昆明至拉萨的航线。"
        "云雀客机商业首飞是中国民航工业的一件大事，将永远载入中国民航史的史册。"
        "云雀客机的商业运营，让高原旅客的出行有了新的选择。",
        "云雀客机商业首飞是中国民航工业的一件大事…",
        "云雀客机是我国自行研制的高原型支线客机，2025年立项，2029年首飞。",
    ]
    line = first_line("云雀客机商业首飞路线", texts)
    assert "昆明至拉萨" in line


# -- an episode number in a rhetorical question ----------------------------------------------------

def test_which_episode_asks_an_ordinal_not_a_place():
    assert classify("林海在《歌手之夜》哪一期演唱了《海边》？") is QType.NUMBER
    assert classify("古筝行动在哪一集？") is QType.NUMBER
    assert classify("古筝行动在哪里拍摄？") is QType.PLACE
    shape = asked_shape("古筝行动在哪一集？")
    assert shape is not None and shape.search("电视剧的第29集") and not shape.search("共30集")


def test_a_rhetorical_question_is_joined_with_the_sentence_taking_it_up():
    assert takes_up("《歌手之夜》第8期，大家都看了吗？", "这一期堪称本季巅峰。")
    assert not takes_up("《歌手之夜》第8期，大家都看了吗？", "这一集堪称本季巅峰。")  # another measure word
    assert not takes_up("《歌手之夜》第8期播出了。", "这一期堪称本季巅峰。")  # a statement stands on its own
    pieces = [("《歌手之夜》第8期，大家都看了吗？", False, "", ""), ("这一期堪称本季巅峰。", False, "", ""),
              ("节目组表示下周继续。", False, "", "")]
    joined = join_rhetorical(pieces)
    assert [p[0] for p in joined] == ["《歌手之夜》第8期，大家都看了吗？这一期堪称本季巅峰。", "节目组表示下周继续。"]


def test_the_episode_stated_in_a_rhetorical_question_answers_which_episode():
    texts = [
        "本文来自微信公众号：乐评人老周。  《歌手之夜》第8期，大家都看了没有啊？  这一期堪称本季巅峰，林海在海边的舞台上演唱了《海边》。"
        "  这首歌是他为故乡写的，编曲只用了一把吉他和一架手风琴，现场不少观众落泪。",
        "近日，节目组公布了林海演唱《海边》的幕后花絮。为了还原海边的感觉，剧组在舞台上铺了三吨细沙。",
        "《歌手之夜》是海滨卫视推出的音乐竞演节目，每周六晚播出，全季共12期。",
    ]
    assert "第8期" in first_line("林海在《歌手之夜》哪一期演唱了《海边》？", texts)


# -- another person's act of the asked verb --------------------------------------------------------

def test_asked_action_reads_the_person_and_the_verb():
    assert asked_action("梁冠华在《相逢时节》中演的谁") == (("梁冠华",), "演")
    assert asked_action("王海东在决赛中击败了谁？") == (("王海东",), "击败")
    assert asked_action("《远山》的导演是谁？") is None  # no person asked about
    action = asked_action("王海东在决赛中击败了谁？")
    assert another_agent("李明在半决赛中击败了张强。", action)
    assert not another_agent("王海东在决赛中击败了张强。", action)  # the asked person himself
    assert not another_agent("决赛在海滨体育中心举行。", action)


def test_another_actor_s_part_does_not_answer_whom_the_actor_played():
    page = ("这些年她的演艺事业发展非常顺利，片约从未断过。{gap}在电视剧《远山》中，王芳再一次证明了自己的实力。"
            "她将李秀兰外柔内刚的性格，演绎得淋漓尽致。 王芳出道二十年，一直以朴实的形象示人。{tail}")
    texts = [
        page.format(gap="    ", tail="    二、陈刚扮演赵大海"),  # the next section's heading, about another actor
        page.format(gap=" ", tail=""),  # the same story on another site
        "你对剧中的王芳又有哪些感受呢？欢迎关注、点赞、转发与评论。",
    ]
    line = first_line("王芳在《远山》中演的谁", texts)
    assert "李秀兰" in line and "陈刚" not in line


def test_another_actor_s_part_in_a_review_loses_to_the_asked_actor_s():
    texts = [
        "在电视剧《远山》中，王芳再一次证明了自己的实力，她将李秀兰外柔内刚的性格演绎得淋漓尽致。",
        "《远山》剧中，陈刚饰演村支书赵大海，朴实的表演打动了观众。",
        "《远山》讲述了一个山村几代人脱贫致富的故事。",
    ]
    line = first_line("王芳在《远山》中演的谁", texts)
    assert "李秀兰" in line and "陈刚" not in line


def test_the_name_given_by_a_naming_verb_beats_the_echo_of_the_noun():
    assert states_head("民航局批复同意，海滨新机场命名为“海滨天翼国际机场”。", "名称")
    assert not states_head("海滨新机场的名称经过多轮征集后最终确定。", "名称")
    texts = [
        "海滨新机场的名称经过多轮征集后最终确定，受到各方关注。日前，民航局批复同意，海滨新机场命名为“海滨天翼国际机场”。",
        "海滨新机场的名称征集活动共收到市民来稿3万余件。",
        "新机场预计2033年投入使用。",
    ]
    line = first_line("海滨新机场的名称", texts)
    assert "海滨天翼国际机场" in line


def test_the_use_asked_with_a_question_word_is_answered_by_the_verb_too():
    assert not states_head("储能电池是新能源的重要组成部分，发挥着重要作用。", "作用")  # 重要: no value
    texts = [
        "储能电池是新能源的重要组成部分，发挥着重要作用。据介绍，该新型储能电池主要用于电网调峰，可在用电高峰时段释放电能。",
        "新型储能电池项目总投资20亿元，预计明年投产。",
        "新型储能电池的作用日益凸显。",
    ]
    assert "电网调峰" in first_line("新型储能电池的作用是什么？", texts)


def test_a_route_stated_with_a_route_verb_joins_the_conclusion():
    texts = [
        "海滨号列车的开行是海滨铁路发展史上的一件大事，也是海滨人民的一件喜事。",
        "12月1日，海滨号列车首发，往返于海滨至南港之间，全程约2小时。",
        "列车设有商务座、一等座和二等座。",
    ]
    assert "海滨至南港" in first_line("海滨号列车的运行路线", texts)


def test_the_meaning_stated_with_a_verb_beats_its_praise():
    assert states_head("该吉祥物以海豚为原型，象征着海滨人民勇敢、友善、开放的精神。", "寓意")
    assert not states_head("海滨亚运会吉祥物的寓意深受市民喜爱。", "寓意")
    texts = [
        "海滨亚运会吉祥物“海宝”的寓意深刻，受到各方好评。该吉祥物以海豚为原型，象征着海滨人民勇敢、友善、开放的精神。",
        "海滨亚运会吉祥物的寓意深受市民喜爱。",
        "海滨亚运会将于2032年9月开幕。",
    ]
    assert "勇敢" in first_line("海滨亚运会吉祥物的寓意", texts)
