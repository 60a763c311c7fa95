"""Scenario and yes/no answers on what the clause actually says (issue 9, branch h9ad).

Made-up policies of another company (a logistics firm: 仓储部, 运输部, 客服中心, 质检中心; A类/B类 complaints,
weekly on-time rates, a three-level ladder), not the shipped wording:
- a quarrel over which grade something is (A类 or B类) is governed by the rule for a disputed grade, not by
  the clauses that define each grade nor by one naming the quarrelling departments;
- counts in a clause's case: "连续两周" is "连续2周…的" and not "连续4周…的"; the same case going on longer
  ("连续4周") is what follows when the first step does not help;
- the "仍解决不了时" line follows the company's ladder, never another step's escalate-when clause;
- yes/no: a 几 inside "能不能…" is not asked; a count against the clause's limit; sending someone in one's place.
"""

from __future__ import annotations

from assistant.extractive import compose_extractive
from assistant.limits import limit_verdict, number
from assistant.proxy import asked_act
from assistant.question_types import QType, classify, yes_no
from assistant.scenario import SITUATION_PASSAGES, continues_share, is_scenario, scenario_searches, situation
from assistant.situation import contradicts, described_share, digits, ungraded
from assistant.types import Context

from context_builders import document_passage


def _ctx(rank: int, section: str, text: str, source: str = "policies/logistics-service.md",
         doc_type: str = "policy") -> Context:
    return document_passage(rank, source, section, text, doc_type, title="物流服务管理办法")


# --- searches: the situation search keeps its best passages by its own setting ----------------------------

def test_each_scenario_search_says_what_it_keeps():
    searches = {s.name: s for s in scenario_searches("仓储系统停机了，仓储部和信息中心吵起来了，我该怎么办？")}
    assert searches["situation"].keep == SITUATION_PASSAGES and searches["situation"].doc_type == "policy"
    assert searches["situation"].text == "仓储系统停机了"
    assert all(searches[name].keep == 0 for name in ("policy", "guidance", "escalation"))
    assert searches["guidance"].doc_type == "guidance"
    assert "situation" not in {s.name for s in scenario_searches("两个部门互相推诿，我该怎么办？")}
    graded = {s.name: s for s in scenario_searches("质检中心把我们登记的投诉从A类改成了B类，两边吵起来了，怎么办？")}
    assert "A类" not in graded["situation"].text and "等级" in graded["situation"].text  # the scale, not its values


# --- a disputed grade --------------------------------------------------------------------------------------

GRADE_CONTEXTS = [
    _ctx(1, "第十二条", "第十二条 客服中心和质检中心应每日核对A类投诉清单，确保A类投诉当日闭环。"),
    _ctx(2, "第八条", "第八条 A类投诉指造成客户货物损毁或丢失的投诉，要求2小时内响应、24小时内处理完毕。"),
    _ctx(3, "第九条", "第九条 B类投诉指延误或服务态度类投诉，要求1个工作日内响应、3个工作日内处理完毕。"),
    _ctx(4, "第十条", "第十条 投诉等级由受理人在登记时初步判定，承办部门认为等级不当的，可在接单时提出调整意见；"
                     "双方意见不一致的，以品质管理部的判定为准。"),
    _ctx(5, "第五条", "第五条 一级升级由双方部门负责人协商解决，应在3个工作日内形成一致意见。"),
]


def test_a_quarrel_over_the_grade_is_governed_by_the_rule_for_a_disputed_grade():
    question = "客服中心登记的投诉，质检中心认为不是A类而是B类，要按B类的时限处理，双方争执不下，怎么办？"
    assert ungraded(question).count("等级") >= 2 and "质检中心" not in ungraded(question)
    assert ungraded("质检中心说这单投诉是A类，我们该怎么办？") == "质检中心说这单投诉是A类，我们该怎么办？"  # one grade
    first = compose_extractive(question, GRADE_CONTEXTS).splitlines()[0]
    assert "现在先做：第十条" in first and "品质管理部" in first, first


def test_a_grades_definition_is_not_the_rule_for_the_dispute_even_when_it_shares_the_words():
    question = "质检中心把我们登记的货物损毁投诉从A类改成了B类，说不算严重，两边闹得很僵，该怎么处理？"
    first = compose_extractive(question, GRADE_CONTEXTS).splitlines()[0]
    assert "现在先做：第十条" in first and "品质管理部" in first, first


# --- counts in a clause's case -----------------------------------------------------------------------------

def test_counts_in_words_are_counts_in_digits_and_a_different_count_is_another_case():
    assert number("两") == 2 and number("十二") == 12 and number("二十") == 20 and number("3") == 3
    assert digits("准时率连续两周低于目标") == "准时率连续2周低于目标"
    assert contradicts("准时率连续2周低于目标", "准时率连续4周低于目标")
    assert not contradicts("准时率连续2周低于目标", "准时率连续2周低于目标")
    assert not contradicts("延误了5天", "延误超过3天")  # a bound the count meets
    assert contradicts("延误了2天", "延误超过3天")
    assert described_share("运输部的准时率连续两周低于目标", "准时率连续4周低于目标") == 0.0
    assert described_share("运输部的准时率连续两周低于目标", "准时率连续2周低于目标") > 0.5


COUNT_CONTEXTS = [
    _ctx(1, "第二十一条", "第二十一条 准时率连续4周低于目标的，由分管副总裁约谈运输部负责人，并由品质管理部专项跟踪整改。"),
    _ctx(2, "第二十条", "第二十条 准时率连续2周低于目标的，运输部应在下周例会前提交《准时率整改方案》，写明原因、措施和责任人。"),
    _ctx(3, "第十九条", "第十九条 品质管理部每周一发布上周各线路的准时率。"),
    _ctx(4, "沟通建议", "先和对方负责人约一次面谈，把数据摆出来。", "guidance/talks.md", "guidance"),
]


def test_the_case_with_the_questions_count_governs_and_the_longer_case_follows():
    question = "运输部的准时率连续两周低于目标，我们仓储部意见很大，我作为仓储部经理该怎么推动改进？"
    assert is_scenario(question)  # one named department and "我们…部" are two parties
    assert situation(question).startswith("运输部的准时率连续两周低于目标")
    assert continues_share(COUNT_CONTEXTS[1].text, COUNT_CONTEXTS[0].text) == 1.0
    assert continues_share(COUNT_CONTEXTS[0].text, COUNT_CONTEXTS[1].text) == 0.0
    first = compose_extractive(question, COUNT_CONTEXTS).splitlines()[0]
    assert "现在先做：第二十条" in first and "整改方案" in first, first
    assert "仍解决不了时：第二十一条" in first and "分管副总裁" in first, first


# --- the escalation line follows the ladder ----------------------------------------------------------------

LADDER_CONTEXTS = [
    _ctx(1, "第十五条", "第十五条 共享给其他部门的运单数据，接收部门只能用于申请时说明的用途，不得转给第三方；"
                       "确需转发的，须重新提出申请。"),
    _ctx(2, "第二十五条", "第二十五条 同一事项召开专题协调会后仍未解决的，不再重复召开，由总经理办公室提交协调委员会处理。",
         "policies/logistics-meetings.md"),
    _ctx(3, "第六条", "第六条 经办人协商未能解决的，任何一方均可发起一级升级，由双方部门负责人在3个工作日内协商解决。",
         "policies/logistics-escalation.md"),
    _ctx(4, "第七条", "第七条 一级升级未能解决的，可发起二级升级，提交双方分管副总裁协调。", "policies/logistics-escalation.md"),
]


def test_the_escalation_line_is_the_ladder_not_another_steps_escalate_when_clause():
    question = "运输部把我们共享的运单数据转给了客服中心，仓储部和运输部吵起来了，我该怎么办？"
    first = compose_extractive(question, LADDER_CONTEXTS).splitlines()[0]
    assert "现在先做：第十五条" in first, first
    assert "第二十五条" not in first, first  # a coordination meeting is not what happened nor the first step
    assert "仍解决不了时：第六条" in first, first


def test_without_the_ladders_level_no_other_steps_clause_stands_in():
    """No clause of level 1 among the passages: the escalate-when clause of a coordination meeting must not
    become the escalation line (it governs a meeting that never took place), nor a guidance remark."""
    contexts = [LADDER_CONTEXTS[0], LADDER_CONTEXTS[1], LADDER_CONTEXTS[3],
                _ctx(5, "示例", "运单数据被转给客服中心、双方吵起来时，按升级路径提交部门负责人决定。", "guidance/talks.md", "guidance")]
    question = "运输部把我们共享的运单数据转给了客服中心，仓储部和运输部吵起来了，我该怎么办？"
    first = compose_extractive(question, contexts).splitlines()[0]
    assert "现在先做：第十五条" in first, first
    assert "仍解决不了时" not in first, first


# --- yes/no ------------------------------------------------------------------------------------------------

def test_a_ji_inside_a_yes_no_question_is_not_asked():
    assert classify("为了准时率好看，我们能不能把一张大运单拆成几张小的登记？") is QType.YESNO
    assert classify("能不能请几位司机周末加班？") is QType.YESNO
    assert classify("每月最多能提几单加急运输？") is QType.NUMBER
    assert classify("能不能告诉我一条线路最多配几个司机？") is QType.NUMBER  # 最多几: asked
    assert classify("加急运输可以分几次提吗？") is QType.YESNO


def test_a_count_against_the_clauses_limit_decides_the_verdict():
    clause = "第十一条 同一司机同时承担的长途线路不得超过两条；确需超出的，由调度中心评估后报分管副总裁批准。"
    assert yes_no("我想让老张同时跑三条长途线路，可以吗？", clause) == "no"
    assert yes_no("老张同时跑两条长途线路，可以吗？", clause) == "yes"  # within the limit, though the clause says 不得
    assert limit_verdict("我想让老张同时跑三条长途线路，可以吗？", "司机每天驾驶不得超过8小时。") is None  # another thing
    # round 48: two already held and one more asked is the third
    assert yes_no("老张已经同时跑着两条长途线路了，新开的线路又点名要他跑，能直接排给他吗？", clause) == "no"
    assert yes_no("老张已经同时跑着两条长途线路了，这样可以吗？", clause) == "yes"  # no more asked: still two
    assert yes_no("老张已经同时跑着两条长途线路，都是新线路，这样可以吗？", clause) == "yes"  # 新 names a kind (round 49)
    urgent = "第十条 每个部门每月发起的加急运输不得超过5单，超出部分须经分管副总裁确认后方可提交。"
    assert yes_no("我们部门这个月想发7单加急运输，可以直接提交吗？", urgent) == "no"
    assert yes_no("为了准时率好看，我们能不能把一张大运单拆成几张小的登记？", urgent) is None  # 一张 is no count
    first = compose_extractive("我想让老张同时跑三条长途线路，可以吗？", [_ctx(1, "第十一条", clause)]).splitlines()[0]
    assert first.startswith("结论：不可以。") and "不得超过两条" in first, first


def test_a_generic_count_and_a_share_are_compared_with_the_clauses_limit():
    """Round 49: 个 counts what an item word counts, "12个人" is 12 人, an act asked without end (一直) meets a bound on
    times, and a share (七成, 一半, 三分之二) meets a bound
    in per cent or a fraction on the same thing; for the written verdict only (ranking reads the strict limits)."""
    agenda = "第十条 调度例会的临时议题须经主持人同意后方可列入，每次例会的临时议题不超过两项。"
    assert yes_no("调度例会临时想加三个议题，可以吗？", agenda, said=True) == "no"
    assert yes_no("调度例会临时加两个议题，可以吗？", agenda, said=True) == "yes"
    crew = "第十三条 车队的固定司机原则上不超过9人；规模较大的，可分设小队。"
    assert limit_verdict("车队固定司机能不能放到12个人？", crew, written=True) == "no"
    assert limit_verdict("车队固定司机配8个人行吗？", crew, written=True) == "yes"
    assert limit_verdict("车队固定司机能不能放到12个人？", crew) is None  # ranking: the strict reading
    rate = "第二十条 各线路的准点率不得低于80%，否则须提交整改说明。"
    assert limit_verdict("这条线路的准点率只有七成，这样行吗？", rate, written=True) == "no"
    assert limit_verdict("这条线路的准点率做到了九成，这样行吗？", rate, written=True) == "yes"
    assert limit_verdict("我们仓库只有七成的货位满了，可以吗？", rate, written=True) is None  # a share of another thing
    shifts = "第十条 固定司机在线路上的出车时间不低于60%，替班司机不低于30%；调整须经调度中心确认。"
    assert limit_verdict("替班司机只出四成的车，可以吗？", shifts, written=True) == "yes"  # the bound whose piece names it
    assert limit_verdict("固定司机只出四成的车，可以吗？", shifts, written=True) == "no"
    assert limit_verdict("替班司机出车从三成提到七成，可以吗？", shifts, written=True) is None  # which share is asked?
    proxy = "第七条 周例会参会人员为各车队队长；队长因故不能到会的，应指定副队长代为参会，同一车队每季度代会不得超过3次。"
    assert limit_verdict("队长老不在，可以一直让副队长代会吗？", proxy, written=True) == "no"  # without end, against 3次
    assert limit_verdict("队长这周出差，可以让副队长代会吗？", proxy, written=True) is None  # once: the modal decides
    assert limit_verdict("调度一直不派车，我可以找谁代会？", proxy, written=True) is None  # 一直 is what happened
    quorum = "第十六条 质检委员会会议须有三分之二以上委员出席方为有效。"
    assert limit_verdict("质检委员会只来了一半委员，做出的决定有效吗？", quorum, written=True) == "no"
    assert limit_verdict("质检委员会来了四分之三的委员，决定有效吗？", quorum, written=True) == "yes"
    assert limit_verdict("投诉超过三成的线路要整改吗？", "投诉率超过30%的，由质检中心约谈。", written=True) is None  # a case, not a limit
    # the 结论 quotes the whole clause though its lead is the ；-piece after the limit: the limit still decides
    crew_clause = "第十三条 车队的固定司机原则上不超过9人；规模较大的，可由调度中心分设小队，由队长指定小队负责人。"
    first = compose_extractive("车队固定司机能不能放到12个人？", [_ctx(1, "第十三条", crew_clause)]).splitlines()[0]
    assert first.startswith("结论：不可以。") and "不超过9人" in first, first
    story = "调度中心突然通知，车队固定司机要从9人扩到12个人，事先没跟我们商量，路线都得重排。这能不能放到12个人？"
    first = compose_extractive(story, [_ctx(1, "第十三条", crew_clause)]).splitlines()[0]
    assert not first.startswith("结论：不可以。"), first  # a story tells many numbers: not the one asked about


def test_sending_someone_in_ones_place_is_read_from_the_documents_word_for_it():
    assert asked_act("专题会我去不了，可以派副手替我参加吗？") == "参加"
    assert asked_act("能不能让我们部门的副经理替我去参会？") == "参会"
    assert asked_act("专题会几点开？") is None
    special = "第二十二条 专题会由分管副总裁主持；相关部门负责人必须到会，不得委托代会。"
    weekly = "第七条 周例会参会人员为各部门负责人；负责人因故不能到会的，应指定副职代为参会。"
    assert yes_no("专题会我去不了，可以派副手替我参加吗？", special) == "no"
    assert yes_no("周例会那天我出差，能不能让副职替我去参会？", weekly) == "yes"
    assert yes_no("可以派副手替我签字吗？", special) is None  # another act
    first = compose_extractive("专题会我去不了，可以派副手替我参加吗？", [_ctx(1, "第二十二条", special)]).splitlines()[0]
    assert first.startswith("结论：不可以。"), first
