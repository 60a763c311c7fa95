"""Scenario answers follow the company's escalation ladder and the clause written for the problem.

Pure composer tests on passages of a made-up policy set (a different company's wording than the
shipped examples): the level the question says has failed is not repeated, the next level is named
with whom and by when; an "escalate when … is not met" clause comes with the rule it enforces and
the first level; a descriptive clause (who sits on a committee) is no escalation step; the clause
written for the problem (a change request) beats one that only shares the question's words; and a
"…, 这样可以吗" inside a scenario is answered by the clause that forbids or allows it.
"""

from __future__ import annotations

import re

from assistant.extractive import compose_extractive

from context_builders import document_passage as _ctx


def _first(text: str) -> str:
    return text.splitlines()[0]


L1_START = _ctx(1, "policies/disputes.md", "第四条",
                "第四条 经办人协商未果的，任何一方均可在协同系统发起一级升级。")
L1 = _ctx(2, "policies/disputes.md", "第五条",
          "第五条 一级升级由双方部门经理协商解决，双方应在一级升级发起后2个工作日内形成一致意见。")
L2 = _ctx(3, "policies/disputes.md", "第六条",
          "第六条 一级升级未能解决的，可发起二级升级，提交双方主管副总经理协调；主管副总经理应在4个工作日内作出决定。")
L3 = _ctx(4, "policies/disputes.md", "第七条",
          "第七条 二级升级未能解决的，可发起三级升级，提交经营决策委员会裁决，委员会应在受理后10个工作日内作出裁决。")
COMMITTEE = _ctx(5, "policies/disputes.md", "第十二条",
                 "第十二条 经营决策委员会由5名委员组成：总裁任主任，委员包括财务部和人事部的负责人。")
TALK = _ctx(6, "guidance/talks.md", "协商时的做法",
            "与对方部门经理直接沟通，优先寻找双方都能接受的方案，而不是各自维护本部门。", "guidance")


def test_ladder_is_read_from_the_clauses():
    from assistant.scenario import ladder_levels, next_level, reached_level

    assert ladder_levels(L1.text) == {1: "部门经理"}
    assert ladder_levels(L2.text) == {2: "主管副总经理"}
    assert ladder_levels(L3.text) == {3: "经营决策委员会"}
    assert ladder_levels(L1_START.text) == {1: ""}
    assert ladder_levels(COMMITTEE.text) == {}
    texts = [c.text for c in (L1, L2, L3)]
    assert reached_level("主管副总经理也协调不下来，怎么办？", texts) == 2
    assert reached_level("我们发起了二级升级，怎么办？", texts) == 2
    assert reached_level("两个部门吵起来了，怎么办？", texts) == 0
    assert next_level("主管副总经理也协调不下来，怎么办？", texts) == 3
    assert next_level("我和对方部门经理谈了三天还是没有达成一致，下一步找谁？", texts) == 2
    assert next_level("两个部门吵起来了，怎么办？", texts) == 1


def test_the_level_after_the_failed_one_is_the_first_step():
    """The handler of level two is named as having failed: 现在先做 is level three (who, by when),
    not level two again, and level two is not offered as the escalation either."""
    contexts = [TALK, L2, COMMITTEE, L1, L3]
    text = compose_extractive("两个事业部为预算分配争执，主管副总经理也协调不下来，我该怎么办？", contexts)
    first = _first(text)
    assert "现在先做：第七条" in first and "10个工作日" in first, text
    assert "仍解决不了时：第六条" not in first, text


def test_escalate_when_clause_comes_with_its_rule_and_the_first_level():
    """"…仍未响应的，可发起一级升级": the 结论 quotes the deadline it enforces (依据) and what level one is
    (部门经理, 2个工作日), not level three and not the committee's membership."""
    response = _ctx(1, "policies/requests.md", "第八条",
                    "第八条 承接方应在收到协作单后2个工作日内作出答复，明确受理或退回。")
    reminder = _ctx(2, "policies/requests.md", "第九条",
                    "第九条 承接方超过答复时限仍未答复的，系统向承接方部门经理发送催办；催办后仍未答复的，"
                    "提出方可直接发起一级升级。")
    contexts = [TALK, reminder, COMMITTEE, L3, response, L1]
    text = compose_extractive("我们给物流中心提了协作单，超过答复时限对方一直不回复，催办后仍未答复，业务在等着，我该怎么办？", contexts)
    first = _first(text)
    assert "现在先做：第九条" in first, text
    assert "依据：第八条" in first and "2个工作日内作出答复" in first, text
    assert "仍解决不了时：第五条" in first, text
    assert "第七条" not in first and "5名委员" not in text, text
    for sentence, n in re.findall(r"([^：\]]+?) \[(\d)\]", first):
        assert sentence.strip().rstrip("。").split("；")[0] in contexts[int(n) - 1].text


def test_clause_written_for_the_problem_is_a_rule_and_a_step():
    """A change request mid-delivery: the change clause ("由提出调整的一方…发起变更申请", "未经确认的变更不产生
    效力") is a rule, matches the problem's terms better than the acceptance clause that shares 交付 / 时间
    with the question, and is among the steps. (It does not yet beat that clause for 现在先做: the
    question's words favour the acceptance clause by more than the problem bonus.)"""
    from assistant.scenario import is_rule, problem_match

    acceptance = _ctx(1, "policies/requests.md", "第十五条",
                      "第十五条 承接方完成交付后，提出方应在5个工作日内确认验收；逾期未确认的，视为验收通过。")
    change = _ctx(2, "policies/requests.md", "第十二条",
                  "第十二条 执行中需要调整范围或时限的，由提出调整的一方在协同系统发起变更申请，经双方确认后生效，"
                  "未经确认的变更不产生效力。")
    question = "需求做到一半，对方口头要求加三个功能还要按原来的时间交付，两边吵起来了，我该怎么处理？"
    assert problem_match(question, change.text) > problem_match(question, acceptance.text)
    assert is_rule(change.text)
    text = compose_extractive(question, [acceptance, change, TALK])
    assert "需求变更没人负责" in _first(text) and "发起变更申请" in text, text


def test_a_yes_no_inside_a_scenario_is_answered_by_the_forbidding_clause():
    meanwhile = _ctx(3, "policies/disputes.md", "第十条",
                     "第十条 升级处理期间，各部门应继续履行职责，不得以问题已升级为由停止正在进行的协作工作。")
    text = compose_extractive("问题已经升级了，对方部门说结果出来之前先停止配合我们，这样可以吗？我该怎么办？",
                              [TALK, L1, meanwhile, L2])
    assert "现在先做：第十条" in _first(text) and "不得" in _first(text), text


def test_problem_names_for_handler_timeouts_and_scope_changes():
    from assistant.scenario import name_problem

    assert name_problem("分管副总裁一周多了都没给决定，怎么办？")[0] == "响应不及时、承诺不兑现"
    assert name_problem("成员部门要求扩大范围，项目组里吵起来了，怎么办？")[0] == "需求变更没人负责"


def test_english_scenario_quotes_the_policy_rule_even_when_every_score_is_negative():
    """An English question is matched through a few glossary terms; every sentence can score below zero.
    The policy rule that settles the ownership dispute must still be the first step (not a guidance line)."""
    guidance = _ctx(1, "guidance/changes.md", "问题三：需求变更没人负责 > 应对做法",
                    "- 为变更评估设定时限，例如普通变更3个工作日内给出结论。\n"
                    "- 超过时限或双方意见不一时，按升级路径提交部门经理决定。", "guidance")
    others = [_ctx(i, f"guidance/other{i}.md", "做法", f"与对方部门经理直接沟通第{i}次，先确认事实再讨论方案。", "guidance")
              for i in range(2, 9)]
    dispute = _ctx(9, "policies/requests.md", "第二十一条",
                   "第二十一条 对需求归属存在争议的，由综合管理部依据部门职责说明书进行裁定；"
                   "裁定作出前，最先接到需求的部门应先行承办，不得停止工作。")
    question = ("Marketing and product keep fighting over who should lead a customer request and both say it "
                "is not their job. What should I do as the operations manager?")
    text = compose_extractive(question, [guidance, *others, dispute], query=f"市场部 产品部 运营部 {question}")
    assert "Do now (quoted from the policy): 第二十一条" in _first(text), text


def test_a_level_asked_about_is_not_a_level_that_failed():
    """"一级升级由谁处理？" asks about level one: it has not failed, so level one (not two) is the next step."""
    from assistant.scenario import reached_level

    texts = [L1.text, L2.text]
    assert reached_level("需求被退回了两次还是谈不拢，下一步怎么办？一级升级由谁处理？", texts) == 0
    assert reached_level("一级升级已经谈了三天还是谈不拢，怎么办？", texts) == 1
