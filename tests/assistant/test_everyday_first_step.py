"""An action question ("这周我能先做点什么？", "第一步该做点什么？") asks what to do first (``everyday.FIRST_STEP``), not
the first item of an order: a sentence stating the first action (首先…, 第一，…) answers it; an order of named items
(按“A、B、C”的顺序…) does not, nor does a meeting's agenda order, which the order slot (``ORDER``, "例会一开场先过
什么？") keeps preferring.

Passages and questions are written for these tests (an invented purchasing company), not taken from an eval set.
"""

from __future__ import annotations

import pytest

from assistant.everyday import FIRST_STEP, ORDER, Asked, asked_slot, fills
from assistant.extractive import compose_extractive
from assistant.question_types import asked_parts
from assistant.types import Context

AGENDA = "第十一条 评审会按“上次问题跟踪、供应商表现通报、待决事项讨论”的顺序进行，每个议题不超过10分钟。"
FIRST_WEEK = ("建议采购经理在发现问题后的第一周内做两件事：第一，与供应商的对接人当面沟通一次，确认双方都认为存在问题；"
              "第二，整理近三个月的到货异常清单。")
STAGES = "改进供应商协作建议按“先对账机制、再联合计划、后系统对接”的顺序推进。"


def _guide(rank: int, text: str, section: str) -> Context:
    return Context(rank=rank, source="guidance/supplier-tips.md", section=section, text=text, score=1.0 / rank,
                   title="供应商协作指南", doc_type="guidance")


def _contexts() -> list[Context]:
    return [
        _guide(1, f"{STAGES}对账机制见效最快。", "改进的推进顺序"),
        _guide(2, FIRST_WEEK, "采购经理的第一周"),
        Context(rank=3, source="policies/purchasing.md", section="第二章 评审会", text=AGENDA, score=1 / 3,
                title="采购管理办法（示例）", doc_type="policy"),
        _guide(4, "到货异常要在当天记录在采购平台上，写明批次和数量。", "日常记录"),
    ]


def _slot(question: str) -> Asked | None:
    part, qtype = asked_parts(question)[0]
    return asked_slot(part, qtype)


@pytest.mark.parametrize("question", [
    "跟供应商的配合一直不顺，这周我能先做点什么？", "供应商那边老出岔子，第一步该做点什么？",
    "到货总是出问题，头一步该干什么？", "刚接手采购部，第一步应该做些什么？",
])
def test_an_action_question_asks_for_the_first_step(question):
    assert _slot(question) == Asked(FIRST_STEP)


@pytest.mark.parametrize("question", [
    "评审会一开头先讲什么？", "周三那个评审会，一开场先过什么内容？", "供应商协作改进，先推什么？",
    "对账有分歧，正式升级之前先走什么程序？",
])
def test_an_order_question_keeps_the_order_slot(question):
    assert _slot(question) == Asked(ORDER)


def test_the_first_step_is_an_action_stated_not_an_order_of_items():
    assert fills(Asked(FIRST_STEP), FIRST_WEEK)
    assert fills(Asked(FIRST_STEP), "第五条 问题发生后，双方经办人应首先直接沟通协商。")
    assert not fills(Asked(FIRST_STEP), STAGES)
    assert not fills(Asked(FIRST_STEP), AGENDA)
    assert not fills(Asked(FIRST_STEP), "供应商依次提交报价、样品和资质材料。")
    assert fills(Asked(ORDER), STAGES) and fills(Asked(ORDER), AGENDA)  # what the order slot still takes


def test_what_to_do_first_is_the_first_action_not_an_agenda_order():
    answer = compose_extractive("跟供应商的配合一直不顺，这周我能先做点什么？", _contexts())
    lead = answer.splitlines()[0]
    assert lead.startswith("结论：建议采购经理") and "第一，与供应商的对接人当面沟通一次" in lead, answer
    assert "评审会按" not in answer, answer  # the agenda order of a meeting is about another matter


def test_an_agenda_order_does_not_join_the_steps_of_an_action_question():
    answer = compose_extractive("供应商那边老出岔子，第一步该做点什么？", _contexts())
    assert answer.splitlines()[0].startswith("结论：建议采购经理"), answer
    assert "评审会按" not in answer, answer


def test_an_order_question_is_still_answered_by_the_order():
    answer = compose_extractive("供应商协作改进，先推什么？", _contexts())
    assert answer.splitlines()[0].startswith("结论：改进供应商协作建议按“先对账机制"), answer


def test_how_to_do_the_first_step_asks_for_the_first_action():  # round 41
    assert _slot("供应商把问题升级到我这里，我第一步该怎么做？") == Asked(FIRST_STEP)
    assert _slot("刚接手采购部，一开始该怎么做？") == Asked(FIRST_STEP)


def test_a_sentence_opening_with_xian_states_the_first_action():  # round 41: "1. 先确认…" in a numbered procedure
    assert fills(Asked(FIRST_STEP), "先确认供应商是否已经知情，如果没有，先通知对方，避免单方面处理。")
    assert not fills(Asked(FIRST_STEP), "先后三次到货都有破损。")  # 先后: one after another, no first action
    assert not fills(Asked(FIRST_STEP), "采购经理应先与供应商沟通。")  # 先 inside a rule: not an opening (首先 is)


def test_a_procedure_whose_first_item_opens_with_xian_leads_a_first_step_answer():
    contexts = [
        Context(rank=1, source="policies/purchasing.md", section="第五章 升级", score=1.0, title="采购管理办法（示例）",
                doc_type="policy", text="第三十条 供应商把问题升级到采购部的，采购部负责人应在3个工作日内作出处理决定，"
                                        "并将处理结果告知供应商。"),
        _guide(2, "供应商把问题升级到你这里时，建议按以下顺序处理：\n1. 先确认供应商是否已经知情，如果没有，先通知对方，"
                  "避免单方面处理。\n2. 阅读升级说明，事实不清时请对接人在一天内补充。", "作为被升级方的采购经理"),
    ]
    lead = compose_extractive("供应商把问题升级到我这里，我第一步该怎么做？", contexts).splitlines()[0]
    assert "先确认供应商是否已经知情" in lead, lead
