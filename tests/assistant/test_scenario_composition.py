"""Scenario composition: the governing policy clause is 现在先做, never a template or case study; the clause that
answers what the scenario asks (谁对 / 算不算 / 要不要) leads; named departments make a dispute without a friction
word; an English scenario gets the English shape with the Chinese clause quoted.

Passages are written for these tests (a made-up company's wording, not the shipped documents)."""

from __future__ import annotations

from assistant.extractive import compose_extractive
from assistant.scenario import answers_asked, compose_scenario, is_dispute, is_illustration, is_scenario, is_template
from assistant.situation import ungraded

from context_builders import document_passage as _ctx


def _first(text: str) -> str:
    return text.splitlines()[0]


DECISION_LOG = _ctx(1, "guidance/decision-log.md", "决策日志",
                    "日期：5月6日；决定事项：新版合同模板暂缓启用；决策人：法务部负责人；影响部门：销售部、采购部。", "guidance")
CASE_STORY = _ctx(2, "guidance/stories.md", "做法",
                  "某公司质检部把客户资料上传到在线工具后，质检部和销售部各执一词，最后由双方负责人当面沟通解决。", "guidance")
UPLOAD_RULE = _ctx(3, "policies/info-security.md", "第十八条",
                   "第十八条 禁止将秘密级信息上传至未经数据管理部批准的在线工具；发现已上传的，应在2小时内报告数据管理部。")
LADDER = _ctx(4, "policies/disputes.md", "第五条",
              "第五条 一级升级由双方部门经理协商解决，双方应在一级升级发起后3个工作日内形成一致意见。")


def test_templates_and_case_studies_are_illustrations_rules_are_not():
    assert is_template(DECISION_LOG.text) and is_illustration(DECISION_LOG.text)
    assert is_illustration(CASE_STORY.text) and not is_template(CASE_STORY.text)
    assert not is_illustration(UPLOAD_RULE.text) and not is_illustration(LADDER.text)
    assert not is_template("第二十条 出现下列情形之一的，应召开专题协调会：事项涉及3个及以上部门且例会无法解决。")


def test_named_departments_and_a_plea_are_a_dispute_without_a_friction_word():
    q = "质检部的同事把我们销售部给的客户资料上传到在线工具里了，这事该怎么处理？"
    assert not is_scenario(q) and is_dispute(q)
    assert not is_dispute("质检部的抽检比例是多少？")
    assert is_dispute("Finance says IT missed the SLA while IT says the request does not count. Who is right, and what should we do?")


def test_a_template_or_case_study_is_never_the_first_step():
    q = "质检部的同事把我们销售部给的客户资料上传到在线工具里了，两边吵起来了，这事该怎么处理？"
    text = compose_extractive(q, [DECISION_LOG, CASE_STORY, UPLOAD_RULE, LADDER])
    first = _first(text)
    assert "现在先做：第十八条" in first, text
    assert "日期：" not in text, text


def test_the_clause_answering_what_is_asked_leads():
    """"算不算" inside a scenario: the clause saying what counts (不计入) leads, not the deadline table that shares
    more of the question's words."""
    table = _ctx(1, "policies/service.md", "第九条",
                 "第九条 二级服务请求应在4个工作小时内响应、3个工作日内解决，服务部门应按时处理。")
    counts = _ctx(2, "policies/service.md", "第十四条",
                  "第十四条 未通过服务台提交的服务请求，不计入服务部门的时限考核。")
    q = "财务部在微信上找数据管理部处理一个二级服务请求，三天才解决，财务部说超时了，数据管理部说不算，两边吵起来了，到底算不算？我该怎么办？"
    assert answers_asked(q, counts.text) == 1.0 and answers_asked(q, table.text) == 0.0
    text = compose_extractive(q, [table, counts, LADDER])
    assert "现在先做：第十四条" in _first(text), text


def test_english_scenario_gets_the_english_shape_with_the_clause_quoted():
    q = "Sales keeps uploading our client files to an online tool and IT is angry about it. What should we do?"
    text = compose_extractive(q, [DECISION_LOG, UPLOAD_RULE, LADDER], query="销售 上传 在线工具 数据管理部")
    first = _first(text)
    assert first.startswith("Conclusion: ") and "Do now (quoted from the policy): 第十八条" in first, text
    assert "[3]" in first
    from assistant.model_steps import is_scenario_answer

    assert is_scenario_answer(text)  # the local backend keeps this answer's facts too (``model_steps.keep_facts``)


def test_ungraded_leaves_out_the_named_departments_the_careful_way():
    out = ungraded("我们数据管理部和运营中心为工单是P2还是P3吵起来了")
    assert "数据管理部" not in out and "运营中心" not in out and "等级" in out
    assert "我们" in out  # parties.department_names strips 我们 off the name; the pronoun stays



FIRST_ASK = _ctx(1, "policies/collab.md", "第三章 首接负责制 > 第十一条",
                 "第十一条 公司实行首接负责制。员工接到其他部门的咨询或求助时，即为首接责任人，不得以“不归我管”为由推诿或拒绝。")
PHONE_TIPS = _ctx(2, "guidance/phone.md", "接到不归自己管的电话",
                  "同事接到其他部门电话、发现问题不归自己管时，建议这样做：\n1. 先记下对方的问题和联系方式，不要直接挂断。\n"
                  "2. 在一天内回电告诉对方该找谁，而不是让对方自己去问。", "guidance")
LEVEL_TWO = _ctx(3, "policies/escalation.md", "第二章 升级层级 > 第六条",
                 "第六条 一级升级未能解决的，可提交双方分管副总经理协调，分管副总经理应在5个工作日内作出决定。")
FIRST_ASK_TIME = _ctx(4, "policies/collab.md", "第三章 首接负责制 > 第十二条",
                      "第十二条 属于本人职责的事项，首接责任人应直接办理；不属于本人职责的，应在20分钟内联系责任部门完成转交，"
                      "并告知对方承办人姓名。")


def test_a_storys_later_question_is_answered_beside_its_governing_clause():
    """"他当时该怎么做？有没有时间要求？": the time asked is the governing clause's (its document's 20分钟), not the
    one of the guidance a plain ranking of "该怎么做" would lead with (一天内)."""
    q = ("我们组一个同事接到采购部电话问报销单卡在哪，他回了句“这不归我们管”就挂了。采购部说我们推诿。"
         "按公司规定，他当时该怎么做？有没有时间要求？")
    contexts = [FIRST_ASK, PHONE_TIPS, LEVEL_TWO, FIRST_ASK_TIME]
    first = _first(compose_scenario(q, contexts))
    assert "首接责任人" in first and "20分钟" in first and "一天内" not in first, first
