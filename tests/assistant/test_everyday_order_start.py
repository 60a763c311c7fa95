"""Two everyday fact slots (``assistant.everyday``): the date a rule takes effect and the first item of an order.

"这套规定是从哪一天开始执行的？" is answered by "自X起施行", however the user words the start (执行, 用起来, 算数);
"例会一开场先过什么？" by the sentence laying down an order (按“A、B、C”的顺序, 首先, 第一，); "第一步做什么？" asks for
an action (``FIRST_STEP``, ``test_everyday_first_step.py``).
Passages and questions are written for these tests (an invented purchasing company), not taken from an eval set.
"""

from __future__ import annotations

from assistant.everyday import FIRST_STEP, ORDER, START, Asked, asked_slot, fills
from assistant.extractive import compose_extractive
from assistant.question_types import asked_parts
from assistant.types import Context


def _policy(rank: int, text: str, section: str = "第五章 附则") -> Context:
    return Context(rank=rank, source="policies/purchasing.md", section=section, text=text, score=1.0 / rank,
                   title="采购管理办法（示例）", doc_type="policy")


def _slot(question: str) -> Asked | None:
    part, qtype = asked_parts(question)[0]
    return asked_slot(part, qtype)


def _first(question: str, contexts: list[Context]) -> str:
    return compose_extractive(question, contexts).splitlines()[0]


def test_the_two_slots_are_read_from_the_question():
    assert _slot("采购这套办法是从哪天开始执行的？") == Asked(START)
    assert _slot("新的付款规定什么时候起生效？") == Asked(START)
    assert _slot("评审会一开头先讲什么？") == Asked(ORDER)
    assert _slot("供应商出了质量问题，第一步做什么？") == Asked(FIRST_STEP)  # an action, not an order (round 19)
    assert _slot("采购合同要保存多久？") is None or _slot("采购合同要保存多久？").slot not in (START, ORDER)
    assert _slot("评审会开多久？") is None or _slot("评审会开多久？").slot is not ORDER


def test_the_slot_fillers():
    assert fills(Asked(START), "第四十条 本办法由采购部负责解释，自2025年7月1日起施行。")
    assert not fills(Asked(START), "第二十条 采购部于每月8日前发布上月采购月报。")
    assert fills(Asked(ORDER), "第十一条 评审会按“上次问题跟踪、供应商表现通报、待决事项讨论”的顺序进行。")
    assert fills(Asked(ORDER), "首先确认到货数量，再核对质检报告。")
    assert not fills(Asked(ORDER), "第九条 评审议题应于每周一12:00前提交。")


def test_when_a_rule_starts_is_its_effective_date_not_another_date():
    contexts = [
        _policy(1, "第二十条 采购部于每月8日前发布上月《采购月报》，内容包括各部门的订单量和到货及时率。",
                section="第三章 报告"),
        _policy(2, "第二十一条 采购部于每月第二周的周四召开月度评审会，由采购总监主持。", section="第三章 报告"),
        _policy(3, "第四十条 本办法由采购部负责解释，自2025年7月1日起施行。"),
    ]
    line = _first("采购这套办法是从哪一天开始执行的？", contexts)
    assert "2025年7月1日" in line, line


def test_what_comes_first_is_the_order_the_rule_lays_down():
    contexts = [
        _policy(1, "第九条 评审会议题由各部门于每周一12:00前通过采购平台提交，写明背景和建议方案；逾期提交的议题顺延至下次评审会。",
                section="第二章 评审会"),
        _policy(2, "第十条 评审会每周三下午召开，时长不超过60分钟。", section="第二章 评审会"),
        _policy(3, "第十一条 评审会按“上次问题跟踪、供应商表现通报、待决事项讨论”的顺序进行，每个议题不超过10分钟。",
                section="第二章 评审会"),
    ]
    line = _first("周三那个评审会，一开场先过什么内容？", contexts)
    assert line.startswith("结论：第十一条") and "上次问题跟踪" in line, line
