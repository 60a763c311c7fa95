"""Scenario answers quote the policy clause that governs the problem, and the escalation clause.

Pure composer tests on realistic passages of a policy set and a guidance note (not the shipped
example wording): a guidance example sentence ranked first must not become 现在先做 when a policy
rule clause describes the situation; the escalation clause (whom, by when) follows in the 结论.
"""

from __future__ import annotations

import re

from assistant.extractive import compose_extractive

from context_builders import document_passage as _ctx


GUIDANCE_EXAMPLE = _ctx(
    1, "guidance/ownership-workshop.md", "问题三：定制需求没人负责 > 应对做法",
    "采购部和财务部为谁来牵头客户定制需求争执了很久，后来通过工作坊形成了如下约定。\n"
    "- 约定由财务部担任定制需求的负责批准人（A），采购部负责提供客户依据，物流中心负责评估工作量。\n"
    "- 为定制需求评估设定时限，例如普通需求3个工作日内给出结论。",
    "guidance",
)
OWNER_RULE = _ctx(
    2, "policies/collaboration.md", "第二十条",
    "第二十条 每一项协作需求只能确定一个牵头部门和一名责任人，牵头部门对最终结果负责，不得以配合为由推卸责任。",
    "policy",
)
MEETING_RULE = _ctx(
    3, "policies/meetings.md", "第二十一条",
    "第二十一条 专题协调会由牵头部门提出申请，综合管理部在收到申请后48小时内安排召开。",
    "policy",
)
DISPUTE_RULE = _ctx(
    4, "policies/collaboration.md", "第二十一条",
    "第二十一条 对牵头部门存在争议的，由综合管理部依据部门职责说明书进行裁定；"
    "裁定作出前，最先接到需求的部门应先行承办，不得停止工作。",
    "policy",
)


def _first(text: str) -> str:
    return text.splitlines()[0]


def test_policy_rule_clause_beats_a_guidance_example_for_the_first_step():
    """The ownership dispute is governed by the clause on disputes over the lead (who rules, who acts meanwhile)."""
    contexts = [GUIDANCE_EXAMPLE, OWNER_RULE, MEETING_RULE, DISPUTE_RULE]
    text = compose_extractive("采购部和财务部为谁来牵头一个客户的定制需求争执不下，都说应该对方牵头，我该怎么办？", contexts)
    first = _first(text)
    assert first.startswith("结论：这是“职责不清、互相推诿（扯皮）”问题。现在先做：")
    assert "综合管理部依据部门职责说明书进行裁定" in first and "先行承办" in first, first
    assert "负责批准人" not in first  # the guidance example is not the rule
    for sentence, n in re.findall(r"([^：\]]+?) \[(\d)\]", first):
        assert sentence.strip().rstrip("。").split("；")[0] in contexts[int(n) - 1].text


NO_RESPONSE_GUIDANCE = _ctx(
    1, "guidance/when-stuck.md", "对方迟迟不回复时",
    "与对方部门负责人直接沟通，优先寻找双方都能接受的方案，而不是各自维护本部门。\n"
    "先确认对方是否已经收到需求，避免单方面处理。",
    "guidance",
)
RESPONSE_RULE = _ctx(
    2, "policies/collaboration.md", "第八条",
    "第八条 服务方应在收到需求单后1个工作日内作出响应，明确受理、协商调整或退回。",
    "policy",
)
REMINDER_RULE = _ctx(
    3, "policies/collaboration.md", "第九条",
    "第九条 服务方超过响应时限仍未响应的，系统自动向服务方部门负责人发送催办提醒；"
    "催办后仍未响应的，需求方可按《争议解决办法》直接发起一级升级。",
    "policy",
)
LEVEL_ONE = _ctx(
    4, "policies/disputes.md", "第六条",
    "第六条 一级升级由双方部门负责人协商解决，双方应在一级升级发起后3个工作日内形成一致意见。",
    "policy",
)
LEVEL_TWO = _ctx(
    5, "policies/disputes.md", "第七条",
    "第七条 一级升级未能解决的，可发起二级升级，提交双方分管副总裁协调；分管副总裁应在5个工作日内作出协调决定。",
    "policy",
)


def test_escalation_clause_follows_the_rule_in_the_first_line():
    """No response: the deadline rule and the clause that lets the requester escalate, both in the 结论."""
    contexts = [NO_RESPONSE_GUIDANCE, RESPONSE_RULE, REMINDER_RULE, LEVEL_ONE, LEVEL_TWO]
    text = compose_extractive("我们给物流中心提了协作需求单，两天了对方一直不响应，业务在等着，我该怎么办？", contexts)
    first = _first(text)
    assert "1个工作日内作出响应" in first and "直接发起一级升级" in first, text
    assert "直接沟通" not in first


def test_next_level_is_escalated_to_with_whom_and_when():
    """After level one failed, the answer names the clause for level two (分管副总裁, 5个工作日)."""
    contexts = [NO_RESPONSE_GUIDANCE, LEVEL_ONE, LEVEL_TWO, RESPONSE_RULE]
    text = compose_extractive("我和对方部门负责人已经协商了三天，还是没有达成一致，两个部门的人都在等，下一步该找谁？", contexts)
    assert "分管副总裁" in text and "5个工作日" in text, text
    assert text.startswith("结论：") and "现在先做：" in _first(text)


def test_rule_and_condition_helpers():
    from assistant.scenario import condition_match, is_rule

    assert is_rule("每一项协作需求只能确定一个牵头部门和一名责任人")
    assert is_rule("逾期未审批的，申请人可提请信息技术部督办")
    assert not is_rule("为定制需求评估设定时限，例如普通需求3个工作日内给出结论。")
    question = "我们的需求被服务方退回了两次，两个部门僵住了，怎么办？"
    assert condition_match(question, "同一需求被退回2次后仍无法达成一致的，需求方可发起升级。") > 0.15
    assert condition_match(question, "项目状态连续两周为红色的，项目发起人应召开专题会议。") < 0.05
    assert condition_match(question, "服务方应在1个工作日内作出响应。") == 0.0


def test_scenario_searches_carry_the_problem_rules_and_the_question():
    from assistant.scenario import scenario_searches

    queries = {s.name: s.text for s in scenario_searches("市场部和产品部互相推诿，谁来牵头，我该怎么办？")}
    assert "牵头部门" in queries["policy"] and "裁定" in queries["policy"]
    assert queries["escalation"].startswith("市场部和产品部互相推诿") and "升级" in queries["escalation"]


# --- retrieval: the clause after a retrieved policy clause (real Chroma, bundled model) --------------

DISPUTES_POLICY = """---
title: 争议处理办法（测试）
type: policy
department: 综合管理部
access: all
---

# 争议处理办法（测试）

**第五条** 问题发生后，双方经办人应首先直接沟通协商，协商情况记录在协作平台。

**第六条** 一级升级由双方部门负责人协商解决，双方应在一级升级发起后3个工作日内形成一致意见。

**第七条** 一级升级未能解决的，可发起二级升级，提交双方分管副总裁协调；分管副总裁应在5个工作日内作出协调决定。

**第八条** 二级升级未能解决的，提交跨部门协调委员会裁决，协调委员会应在受理后15个工作日内作出裁决。
"""
WORKSHOP_GUIDE = """---
title: 部门协商指南（测试）
type: guidance
access: all
---

# 部门协商指南（测试）

## 协商时的做法

- 与对方部门负责人直接沟通，优先寻找双方都能接受的方案，而不是各自维护本部门。
- 先确认双方对事实的理解一致，再讨论方案。
"""


def test_scenario_passages_and_answer_take_the_clause_after_a_retrieved_one(make_settings, embeddings, tmp_path):
    """Level one failed: the clause on level two (its situation shares no word with the question) is
    fetched as the clause after 第六条 and named in the 结论 with whom and by when."""
    from store_builders import extractive_advisor, synced_store

    docs = tmp_path / "docs"
    settings = make_settings(tmp_path / "data", knowledge_dir=docs)
    store = synced_store(settings, embeddings, docs,
                         {"policies/disputes.md": DISPUTES_POLICY, "guidance/talks.md": WORKSHOP_GUIDE})
    advisor = extractive_advisor(settings, store, embeddings, tmp_path / "refusals.sqlite3")
    answer = advisor.ask("我和对方部门负责人已经谈了三天还是僵着，两个部门的人都在等，下一步该找谁？", k=2)
    clauses = [c.clause for c in answer.contexts if c.source == "policies/disputes.md"]
    assert "第七条" in clauses, clauses
    first = answer.answer.splitlines()[0]
    assert "分管副总裁" in first and "5个工作日" in first, answer.answer
