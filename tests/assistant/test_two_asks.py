"""A story asking two facts gets both on its 结论 line (``two_asks``; branch h9gc, round 16).

"…该找谁裁定、多久能有结果？" asks who rules and by when in one question; the deadline's clause ("…受理争议后，应在5个
工作日内书面通知…") names no ruling, and who rules ("退货车辆调度发生争议的，由物流管理委员会裁定") is a clause of its
own. On ``main`` the 结论 quoted the deadline's clause alone. Invented policies of another company (not
the shipped wording); the store test uses real Chroma on ``tmp_path`` and the bundled model.
"""

from __future__ import annotations

import pytest

from assistant.advisor import Advisor
from assistant.two_asks import about_the_same, asked_kinds, missing_forms

from store_builders import answer_first_line, guided_policy_advisor

_CLAUSES = [
    "**第三条** 仓储部负责退货商品的验收、清点和入库登记，验收记录须在协作平台留存。",
    "**第四条** 运输中心负责车辆的日常调度，每周一发布下周车辆调度计划。",
    "**第五条** 退货车辆调度发生争议的，由物流管理委员会裁定，双方应按裁定执行。",
    "**第六条** 物流管理委员会受理争议后，应在5个工作日内书面通知双方处理结果。",
    "**第七条** 退货单应在收货后2个工作日内录入仓储系统，逾期录入的由仓储部说明原因。",
    "**第八条** 车辆调度计划需要调整的，运输中心应提前1个工作日通知相关部门。",
]
TWO_ASKS = "仓储部和运输中心为退货车辆的调度吵起来了，退货单已经积压了三天，该找谁裁定、多久能有结果？"
ONE_ASK = "仓储部和运输中心为退货车辆的调度吵起来了，退货单已经积压了三天，这事该由谁来裁定？"


def test_the_kinds_a_story_asks():
    assert asked_kinds(TWO_ASKS) == ["who", "time"]
    assert asked_kinds("…该由谁来裁定？多久之内要给结果？") == ["who", "time"]
    assert asked_kinds(ONE_ASK) == ["who"]
    assert asked_kinds("两个部门吵起来了，我该怎么办？") == []
    assert asked_kinds("标注为紧急的需求，服务方必须在多久内响应？") == ["time"]  # 必须 is the ask's modal, not "need"
    assert asked_kinds("360度评分的评分窗口开放几天？") == ["time"]  # one ask read once, not also a count
    assert asked_kinds("Who rules, and by when?") == []  # English has its own answer shape


def test_only_the_fact_the_lead_does_not_state_is_missing():
    lead = "第六条 物流管理委员会受理争议后，应在5个工作日内书面通知双方处理结果。"
    assert [f.search("由物流管理委员会裁定") is not None for f in missing_forms(TWO_ASKS, lead)] == [True]
    assert missing_forms(ONE_ASK, lead) == []  # a one-ask story: nothing to add


def test_a_clause_only_happening_to_state_the_kind_is_not_the_second_fact():
    lead = "第六条 物流管理委员会受理争议后，应在5个工作日内书面通知双方处理结果。"
    assert about_the_same(TWO_ASKS, lead, "第五条 退货车辆调度发生争议的，由物流管理委员会裁定，双方应按裁定执行。")
    assert not about_the_same(TWO_ASKS, lead, "第四条 运输中心负责车辆的日常调度，每周一发布下周车辆调度计划。")


@pytest.fixture(scope="module")
def returns_advisor(make_settings, embeddings, tmp_path_factory) -> Advisor:
    return guided_policy_advisor(tmp_path_factory, make_settings, embeddings, "returns", "运输中心", "policies/returns.md",
                                 "退货与车辆调度管理办法", _CLAUSES)


def test_a_story_asking_who_and_by_when_gets_both_clauses_on_its_first_line(returns_advisor):
    line = answer_first_line(returns_advisor, TWO_ASKS)
    assert "由物流管理委员会裁定" in line and "5个工作日内" in line, line
    assert "第四条" not in line  # "运输中心负责…" states an owner but not of what is asked


def test_a_story_asking_one_thing_keeps_its_first_line(returns_advisor):
    line = answer_first_line(returns_advisor, ONE_ASK)
    assert "物流管理委员会裁定" in line and "5个工作日内" not in line, line


def test_one_question_asking_two_facts_in_the_plain_composer(returns_advisor):
    line = answer_first_line(returns_advisor, "退货车辆调度有争议，找谁裁定、几天内给结果？")
    assert "由物流管理委员会裁定" in line and "5个工作日内" in line, line
