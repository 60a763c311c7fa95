"""Fact questions asked in everyday words (``assistant.everyday``): the 结论 states the asked fact.

Passages and questions written for these tests (not taken from an evaluation set): a manager asks who 拍板,
whether something 算数, how soon he gets a 回复, how many X at least, from what time to what time, what is still
his job after handing something on. The rule stating the fact must lead, not a story or a sentence sharing the
everyday word. The last tests ask the shipped knowledge base through the real store and embedding model.
"""

from __future__ import annotations

from assistant.advisor import Advisor
from assistant.everyday import (
    BOUND_DURATION,
    CLOCK,
    COUNT,
    DECIDER,
    FOLLOW_THROUGH,
    TERM,
    VALIDITY,
    Asked,
    asked_slot,
    counted_noun,
    everyday_terms,
    fills,
    is_narrative,
)
from assistant.extractive import compose_extractive
from assistant.followon import repeats
from assistant.question_types import asked_parts
from assistant.types import Context


def _policy(rank: int, text: str, source: str = "policies/purchasing.md", section: str = "第二章") -> Context:
    return Context(rank=rank, source=source, section=section, text=text, score=1.0 / rank, title="采购管理办法（示例）",
                   doc_type="policy")


def _guidance(rank: int, text: str, section: str = "做法") -> Context:
    return Context(rank=rank, source="guidance/purchasing.md", section=section, text=text, score=1.0 / rank,
                   title="采购协作指南", doc_type="guidance")


def _first(question: str, contexts: list[Context], said: str = "") -> str:
    return compose_extractive(question, contexts, said=said).splitlines()[0]


def _slot(question: str) -> Asked | None:
    part, qtype = asked_parts(question)[0]
    return asked_slot(part, qtype)


# -- the table and the slots ------------------------------------------------------------------------

def test_everyday_words_get_the_formal_words_policies_write():
    assert {"决定", "审批", "任命"} <= set(everyday_terms("采购合同最后是谁拍板？"))
    assert "效力" in everyday_terms("这样改了算数吗？")
    assert everyday_terms("多久能给我回复？") == ["答复"]
    assert "退回" in everyday_terms("材料不全会被打回吗？")
    assert "所称值班时间" in everyday_terms("这里说的值班时间是从几点到几点？")
    assert everyday_terms("采购合同由谁审批？") == []  # the policies' own words: nothing to add
    assert everyday_terms("审批通过算数") == ["效力", "有效"]  # a word the question already says is not added


def test_the_slot_an_everyday_question_asks():
    assert _slot("采购合同最后是谁拍板？") == Asked(DECIDER)
    assert _slot("两边说法不一样，最后听谁的？") == Asked(DECIDER)
    assert _slot("供应商自己把交货期往后推了，没跟我们商量，这样算数吗？") == Asked(VALIDITY)
    assert _slot("评一个供应商，至少要凑够几个评委？") == Asked(COUNT, ("评委", "bound"))
    assert _slot("复核申请交上去以后，最晚多久能给我回复？") == Asked(BOUND_DURATION, ("答复",))
    assert _slot("这里说的值班时间是从几点到几点？") == Asked(TERM, ("值班时间",))
    assert _slot("例会一般从几点开始？") == Asked(CLOCK)
    assert _slot("投诉我已经转给对应部门了，转过去以后我还要做什么？") == Asked(FOLLOW_THROUGH, ("转交",))
    assert _slot("投诉转给对应部门以后，转完就算完事了吗？") == Asked(FOLLOW_THROUGH)  # the asked part: 转完就算完事了吗
    assert _slot("采购合同由谁审批？") is None  # asked in the policies' words: the general scoring answers it
    assert _slot("复核申请最晚多久答复？") is None


def test_a_counted_noun_is_a_noun():
    assert counted_noun("至少要几个评委？") == "评委"
    assert counted_noun("至少要凑够几名评审人员？") == "评审"
    assert counted_noun("考核指标列几项比较合适？") is None  # no noun after the measure word
    assert counted_noun("信息分为哪几个等级？") is None  # 哪几个: a list is asked, not a count


def test_slot_fillers():
    decider = Asked(DECIDER)
    assert fills(decider, "采购合同金额超过50万元的，由财务总监审批。")
    assert fills(decider, "双方意见不一致的，以信息中心值班长的判定为准。")
    assert fills(decider, "经分管副总裁批准后方可执行。")
    assert not fills(decider, "变更由谁评估、谁拍板一直没有约定。")  # an open question in a story names no decider
    assert fills(Asked(VALIDITY), "未经书面确认的调整不产生效力。")
    assert not fills(Asked(VALIDITY), "合同调整后，采购部应在3个工作日内更新台账。")
    count = Asked(COUNT, ("评委", "bound"))
    assert fills(count, "每个供应商的评委不少于3个。")
    assert not fills(count, "评审从价格、质量、交期和服务四个维度打分。")  # a number of something else
    assert not fills(count, "如果两个评委意见相反，由组长裁定。")  # a number of the noun, but no limit
    assert fills(Asked(COUNT, ("评委",)), "如果两个评委意见相反，由组长裁定。")
    reply = Asked(BOUND_DURATION, ("答复",))
    assert fills(reply, "审计部应在受理后10个工作日内完成复核并书面答复。")
    assert not fills(reply, "审计部应于每月10日前发布上月审计结果，并以书面形式答复各部门。")  # a date, another clause
    assert fills(Asked(BOUND_DURATION, ("时长",)), "评审会的时长为两小时。")
    assert fills(Asked(TERM, ("值班时间",)), "本规定所称值班时间为每日8:30至17:30。")
    assert fills(Asked(CLOCK), "例会时间为每周二上午10:00。") and not fills(Asked(CLOCK), "例会每周召开一次。")
    follow = Asked(FOLLOW_THROUGH, ("转交",))
    assert fills(follow, "转交人应跟踪转交事项直至责任部门回复投诉人。")
    assert not fills(follow, "接到不属于本部门的投诉，应在1小时内转交责任部门。")


def test_stories_and_worked_examples_are_narrative_a_policy_title_is_not():
    assert is_narrative("某公司采购部和财务部经常为付款争执。", "做法")
    assert is_narrative("一家企业把采购部视为财务部的内部客户。", "")
    assert is_narrative("三个部门通过工作坊形成了如下矩阵。", "示例：需求变更流程的RACI矩阵 > 背景")
    assert not is_narrative("以招聘为例，可以按阶段约定时限。", "示例二：人力资源部对用人部门的招聘服务")
    assert is_narrative("双方当面确认了交期。", "案例一：某集团的做法 > 公开资料中的做法")
    assert not is_narrative("第八条 采购合同由财务总监审批。", "采购管理办法（示例） > 第八条")
    assert not is_narrative("试点三个月后再决定是否推广。", "借鉴一：从一条服务链试点")


# -- the 结论 -----------------------------------------------------------------------------------------

def test_a_story_sharing_the_everyday_word_does_not_lead_the_decider_does():
    contexts = [
        _guidance(1, "某公司采购部和财务部经常为付款争执，谁拍板一直没有说法，双方互相推诿，供应商常被拖欠货款。",
                  section="示例：付款流程 > 背景"),
        _guidance(2, "建议请每个相关部门派出一名能拍板的代表参加评审会。"),
        _policy(3, "第九条 采购合同金额超过50万元的，由财务总监审批；其他合同由采购部负责人审批。"),
    ]
    line = _first("采购合同最后是谁拍板？", contexts)
    assert "财务总监" in line and line.endswith("[3]"), line


def test_is_it_valid_is_answered_by_the_clause_on_its_effect():
    contexts = [
        _guidance(1, "客户关系理论：把采购部视为供应商的内部客户，由供应商按采购部需要的格式确认交货期。",
                  section="综合示例：交货期总是延误"),
        _policy(2, "第十三条 合同签订后，采购部应在3个工作日内把交货期录入台账，并通知仓储部。"),
        _policy(3, "第十二条 合同条款需要调整的，由提出调整的一方发起变更申请，须经双方书面确认；未经书面确认的调整不产生效力。"),
    ]
    question = "供应商做到一半，自己把交货期往后推了，没跟我们商量，这样算数吗？"
    query = f"{question} {' '.join(everyday_terms(question))}"  # what the advisor matches sentences against
    line = compose_extractive(question, contexts, query=query).splitlines()[0]
    assert "不产生效力" in line, line


def test_a_count_of_the_asked_noun_beats_a_count_of_something_else():
    contexts = [
        _policy(1, "第五条 评一个供应商时，评委从价格、质量、交期和服务四个维度打分，去掉一个最高分和一个最低分后取平均值。"),
        _guidance(2, "如果讨论中两个评委都坚持自己的分数，说明评分标准需要再细化。"),
        _policy(3, "第六条 供应商评审由采购部组织，每个供应商的评委不少于3个，评审结果由采购部汇总。"),
    ]
    line = _first("评一个供应商，至少要凑够几个评委？", contexts)
    assert line.startswith("结论：第六条") and "四个维度" not in line, line


def test_how_soon_a_reply_is_the_duration_bound_to_the_reply_not_a_date():
    said = "根据《审计管理办法（示例）》第十条，可在结果公布后5日内提出复核申请。"
    contexts = [
        _policy(1, "第十一条 审计部应于每月10日前发布上月审计结果，并以书面形式反馈各部门负责人。",
                source="policies/audit.md"),
        _policy(2, "第十条 对审计结果有异议的，可在结果公布后5日内提出复核申请；审计部应在受理后10个自然日内完成复核并书面答复。",
                source="policies/audit.md"),
    ]
    line = _first("交上去以后，他们最晚多久得给我回复？", contexts, said=said)
    assert "10个自然日内" in line, line


def test_a_reply_deadline_with_natural_days_is_no_repeat_of_the_last_turn():
    said = "根据《审计管理办法（示例）》第十条，可在结果公布后5日内向审计部提出书面复核申请。"
    whole = "第十条 对审计结果有异议的，可在结果公布后5日内向审计部提出书面复核申请；审计部应在受理后10个自然日内完成复核并书面答复。"
    assert not repeats(whole, said)
    assert repeats("第十条 对审计结果有异议的，可在结果公布后5日内向审计部提出书面复核申请。", said)


def test_a_term_follow_up_is_answered_by_its_definition():
    contexts = [
        _policy(1, "第四条 值班人员应于8:20前到岗，一般事项应在4个值班小时内响应、2个工作日内办结，按值班时间计算。",
                source="policies/duty.md"),
        _policy(2, "第三条 本规定所称值班时间为每日8:30至17:30；节假日值班另行安排。", source="policies/duty.md"),
    ]
    line = _first("这里说的值班时间是从几点到几点？", contexts)
    assert "8:30至17:30" in line, line


def test_what_is_still_my_job_after_handing_on_is_the_follow_through_rule():
    contexts = [
        _guidance(1, "遇到其他部门的投诉时，先安抚对方情绪，再记录要点，与对方部门负责人直接沟通。"),
        _policy(2, "第七条 接到不属于本部门职责的投诉，应在1小时内转交责任部门，并告知投诉人承办人姓名。",
                source="policies/complaints.md"),
        _policy(3, "第八条 转交人应跟踪转交事项直至责任部门正式受理，转交记录须留档备查。", source="policies/complaints.md"),
    ]
    line = _first("投诉我已经转给对应部门了，转过去以后我还要做什么？", contexts)
    assert "跟踪转交事项" in line, line


def test_the_decider_of_the_same_policy_joins_a_conclusion_that_lacks_it():
    contexts = [
        _policy(1, "第五条 L2故障指部分功能受影响但存在临时替代方案的故障，须4小时内响应、2个工作日内修复。",
                source="policies/it-service.md"),
        _policy(2, "第四条 L1故障指核心系统中断的故障，须30分钟内响应、8小时内修复。", source="policies/it-service.md"),
        _policy(3, "第六条 故障等级由报修部门在报修时初步选定；双方意见不一致的，以信息中心值班长的判定为准。",
                source="policies/it-service.md"),
        _policy(4, "第二十条 采购合同金额超过50万元的，由财务总监审批。"),
    ]
    line = _first("这次故障我们说是L1，信息中心说只算L2，最后听谁的？", contexts)  # the codes hold the story's clause first
    assert "值班长" in line and "财务总监" not in line, line


def test_the_asked_slot_is_read_once_per_asked_part(monkeypatch):
    """``pick_conclusion`` reads each part's slot once and hands it to the ranking and to the second sentence."""
    import assistant.extractive as extractive

    read: list[str] = []

    def counting(part, qtype, whole=""):
        read.append(part)
        return asked_slot(part, qtype, whole)

    monkeypatch.setattr(extractive, "asked_slot", counting)
    contexts = [
        _policy(1, "第五条 L2故障指部分功能受影响但存在临时替代方案的故障，须4小时内响应、2个工作日内修复。",
                source="policies/it-service.md"),
        _policy(2, "第六条 故障等级由报修部门在报修时初步选定；双方意见不一致的，以信息中心值班长的判定为准。",
                source="policies/it-service.md"),
    ]
    question = "这次故障我们说是L1，信息中心说只算L2，最后听谁的？"
    chosen = extractive.pick_conclusion(question, contexts)
    assert "值班长" in " ".join(s.quote for s in chosen)
    assert len(read) == len(asked_parts(question)) and len(set(read)) == len(read), read


# -- the shipped knowledge base through the real store and embedding model ---------------------------

def _answer_line(advisor: Advisor, question: str, history: list[dict] | None = None) -> str:
    answer = advisor.ask(question, history)
    assert not answer.refused, question
    return answer.answer.splitlines()[0]


def test_kb_who_has_the_final_say(advisor):
    line = _answer_line(advisor, "项目组里我们和项目经理意见不一样，最后谁说了算？")
    assert line.startswith("结论：第十八条") and "由项目经理决定" in line, line


def test_kb_who_decides_is_a_body_approving_not_a_story(advisor):
    line = _answer_line(advisor, "项目范围大改了，这事最后谁拍板？")
    assert "经项目发起人审批" in line and "某公司" not in line, line
    line = _answer_line(advisor, "机密文件要共享给别的部门，最后谁签字？")
    assert "分管副总裁" in line, line


def test_kb_does_a_change_nobody_agreed_to_count(advisor):
    line = _answer_line(advisor, "需求单做到一半，对方没经过我们点头就改了范围，这个改动算数吗？")
    assert "不产生效力" in line, line


def test_kb_a_term_of_the_last_answer_is_searched_by_its_definition(advisor):
    history = [{"role": "user", "content": "P2级工单多久要解决？"},
               {"role": "assistant", "content": "根据《内部服务水平协议管理规定（示例）》第八条，P2级要求2小时内响应、"
                                                "2个工作日内解决，按工作时间计时。"}]
    line = _answer_line(advisor, "上面说的工作时间具体是几点到几点？", history)
    assert "9:00至18:00" in line, line


def test_kb_after_handing_on_an_enquiry_the_follow_through_rule_leads(advisor):
    line = _answer_line(advisor, "别人找我问的事我转给了对应部门，转完以后我还得管什么？")
    assert "跟踪转交事项" in line, line
