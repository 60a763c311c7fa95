"""The 结论 comes from the passage titled by what the question names, with its dropped subjects read back.

Sentences written for these tests (not taken from an evaluation set): near articles of the same kind
(another road, another fish, another person's son) share the asked kind of fact; the article about the
question's subject states the answer with "它"/"本鱼" or no subject at all, or in its lead sentence.
"""

from __future__ import annotations

from assistant.subject import about_subject, implied_text, leads, opens_with_asked, opens_with_pronoun, subject_names
from assistant.types import Context

from context_builders import passage, titled_first_line as _first_line


def _ctx(rank: int, title: str, text: str) -> Context:
    return passage(rank, text, title=title)


# -- which passages are about the question's subject -------------------------------------------------

def test_the_title_the_question_names_marks_the_subject_passages():
    contexts = [_ctx(1, "蓝鳍鲷", "…"), _ctx(2, "蓝鳍鲷属", "…"), _ctx(3, "林远 (诗人)", "…"), _ctx(4, "", "…")]
    assert subject_names("蓝鳍鲷属分布在哪里？", contexts) == [None, "蓝鳍鲷属", None, None]  # the longer title wins
    assert subject_names("林远写过哪些诗？", contexts) == [None, None, "林远", None]  # disambiguation dropped
    assert subject_names("需求变更由谁批准？", contexts) == [None, None, None, None]
    policies = [_ctx(1, "报销", "报销单由部门负责人审批。"), _ctx(2, "差旅", "差旅费报销须在返回后10日内提交。"),
                _ctx(3, "采购", "采购发票随报销单一并提交财务部。")]
    assert subject_names("报销由谁审批？", policies) == [None, None, None]  # a word every passage says is a topic
    assert about_subject([True, True, False], ["林远", None, None]) == [True, False, False]
    assert about_subject([True, True], [None, None]) == [True, True]  # no subject passage: unchanged


def test_dropped_subjects_pronouns_and_leads():
    assert implied_text("本鱼分布于南海。", "蓝鳍鲷") == "蓝鳍鲷"
    assert implied_text("蓝鳍鲷分布于南海。", "蓝鳍鲷") == ""
    assert implied_text("本鱼分布于南海。", None) == ""
    assert opens_with_pronoun("它是一种无色液体。") and opens_with_pronoun("本鱼体呈长筒形。")
    assert not opens_with_pronoun("其形状似一把伞。") and not opens_with_pronoun("蓝鳍鲷为鲈形目的一种。")
    assert leads("林远（），字子川，南宋诗人。", "林远") and leads("《青河记》，又名《清河志》。", "青河记")
    assert not leads("林远于1180年中进士。", "林远")


# -- the composer ------------------------------------------------------------------------------------

def test_a_pronoun_subject_in_the_asked_article_answers():
    line = _first_line("甲基蓝酮是什么颜色的晶体？", [
        ("甲基蓝酮", "甲基蓝酮在工业上用于合成染料和药物。它是一种淡黄色晶体，有轻微的果香气味，难溶于水。"),
        ("乙基蓝酮", "乙基蓝酮是甲基蓝酮的同系物，为一种白色晶体，熔点约为60摄氏度。"),
    ])
    assert "淡黄色晶体" in line


def test_a_near_article_of_the_same_kind_does_not_answer():
    line = _first_line("白石道位于香港什么地方？", [
        ("白石道", "白石道是香港政府在1960年代兴建水塘时修建的道路之一。"
                   "白石道（），又作白石路，是香港新界西贡半岛一条道路，长约3公里。"),
        ("青松道 (香港)", "青松道（）是香港一条街道，位于香港岛湾仔区中心，北面与轩尼诗道交汇，南面与皇后大道东交汇。"),
    ])
    assert "西贡半岛" in line


def test_the_distribution_stated_with_this_fish_answers():
    line = _first_line("蓝鳍鲷分布在什么地区？", [
        ("蓝鳍鲷", "蓝鳍鲷为辐鳍鱼纲鲈形目鲷科的其中一种。本鱼分布于南海北部及台湾西南海域。本鱼体呈长椭圆形。"),
        ("黄鳍鲷", "黄鳍鲷为辐鳍鱼纲鲈形目鲷科的一种。本鱼分布于西太平洋，包括日本、韩国及中国沿海。"),
    ])
    assert "南海北部" in line


def test_a_son_of_another_persons_article_is_no_kinship_of_the_asked_one():
    line = _first_line("陈远是谁的儿子？", [
        ("陈远", "陈远跟随叔父陈平进攻城池，击败敌军，斩首三百。），南宋大将陈德第三子，生母为李氏。"),
        ("王珣", "过了四年，王珣病死，皇帝闻讯对大臣说：「这个儿子一直不听话，现在死了！"
                 "」王珣的大儿子王宁后来出任刺史，小儿子为王安。"),
    ])
    assert "陈德第三子" in line


def test_the_lead_of_the_asked_article_leads_the_conclusion():
    line = _first_line("白石酒店的地址是哪里？", [
        ("白石酒店", "白石酒店是海湾国际酒店集团的成员之一，位于西湾海旁，部分房间可眺望海港景致。"
                     "白石酒店（The Whitestone Hotel），是一间中级酒店，位于东城区青松道与白石路交界，于1990年落成，"
                     "1991年3月开幕，原址为海景大酒店，酒店地库直通地铁站及白石商场，大堂设有两间餐厅及一间酒吧，"
                     "顶层另设有泳池及健身室。"
                     "白石酒店原为海湾置业拥有，于2005年出售予一家合资公司，并成为海湾国际酒店集团的成员酒店。"),
        ("西湾码头", "西湾码头是一座渡轮码头，位于西湾海旁，有渡轮来往离岛。"),
    ])
    assert "青松道与白石路交界" in line


def test_a_lead_under_another_spelling_of_the_name():
    assert leads("史丹佛郡（又译施他佛郡），英国英格兰西部的郡。", "斯塔福德郡")  # the same kind (郡), spelled otherwise
    assert not leads("史丹佛市（又译施他佛市），美国的城市。", "斯塔福德郡")  # another kind of thing
    assert not leads("史丹佛郡是一个非都市郡。", "斯塔福德郡")  # no lead shape


def test_the_lead_under_another_spelling_answers():
    line = _first_line("青岚郡位于哪个国家？", [
        ("青岚郡", "青兰郡（），英国英格兰中部的郡，范围呈长条形。"
                   "1966年，青兰地区的自治市镇兼并邻近的镇、村：1974年以前，青兰地方原属北河郡的西部范围。"),
        ("北河郡", "北河郡（），英国英格兰中部的郡。"),
    ])
    assert "英国英格兰中部的郡" in line


def test_a_relation_opening_a_sentence_of_the_subject_article_answers():
    assert opens_with_asked("母亲是陈妃，妻为林氏。", "赵远", ["母亲"])
    assert not opens_with_asked("母亲是陈妃，妻为林氏。", None, ["母亲"])  # not the subject's article
    line = _first_line("赵远的母亲是谁？", [
        ("赵远", "宋英宗的父亲濮安懿王赵远、母亲仙游县君任氏的合葬墓，是谁主持修建的已不可考，在河南省巩义市城西的北山。"),
        ("赵远", "赵远（），北宋宗室，宋仁宗之弟。母亲是陈妃，妻为林氏。"),
    ])
    assert "陈妃" in line
