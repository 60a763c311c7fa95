"""A text's length is asked as "写多长" and answered in pages ("不超过三页的协议文本"), not in hours or days.

``question_types``' length shape (多长 not followed by 时间) counted metres and kilometres only, so the second part
of "先要翻多长时间的记录？正文写多长为宜？" was answered by a sentence with durations. Invented passages, not eval text.
"""

from __future__ import annotations

from assistant.extractive import compose_extractive, shape_of
from assistant.question_types import asked_parts
from assistant.types import Context


def _guide(rank: int, text: str, section: str = "起草步骤") -> Context:
    return Context(rank=rank, source="guidance/supplier-agreement.md", section=section, text=text, score=1.0 / rank,
                   title="供应商协议起草指南", doc_type="guidance")


def _policy(rank: int, text: str) -> Context:
    return Context(rank=rank, source="policies/purchasing.md", section="第二章", text=text, score=1.0 / rank,
                   title="采购管理办法（示例）", doc_type="policy")


def test_pages_are_a_length():
    part, qtype = asked_parts("采购协议正文写多长为宜？")[0]
    shape = shape_of(part, qtype)
    assert shape is not None and shape.search("写成不超过五页的协议文本") and shape.search("全长约30公里")


def test_how_long_a_text_is_answered_in_pages_not_in_hours():
    contexts = [
        _guide(1, "1. 采购部先整理过去六个月的订单记录，按品类统计实际交货时间。\n2. 与供应商协商可达到的交期。\n"
                  "3. 写成不超过五页的协议文本，由双方负责人签字确认。"),
        _policy(2, "第八条 一般订单要求3个工作日内确认、10个工作日内交货，急单要求4小时内确认。"),
    ]
    line = compose_extractive("第一次起草供应商协议，先要翻多长时间的订单记录？协议正文写多长为宜？",
                              contexts).splitlines()[0]
    assert "六个月" in line and "五页" in line, line
