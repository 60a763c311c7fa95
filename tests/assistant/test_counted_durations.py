"""A count of years, a weekday or how far ahead (提前几天) asked in everyday words is a time fact (``question_types``).

"要留多少年" / "最少要存几年" ask how long, like "多少天"; they were typed as plain numbers, whose answer spans skip
"10年", so the sentence sharing the most words (机密级信息只能通过…) led instead of the retention clause.
"""

from __future__ import annotations

import pytest

from assistant.extractive import compose_extractive
from assistant.question_types import QType, classify, has_answer
from assistant.types import Context


@pytest.mark.parametrize("question", ["升级的那些材料要留多少年？", "机密的文件最少要存几年？", "这些东西到底得留几年？",
                                      "每周那个会是星期几开？", "周几交周报？", "得提前几天通知？", "要提前几周说？"])
def test_years_and_weekdays_are_time_questions(question):
    assert classify(question) is QType.TIME


def test_a_count_of_years_is_a_time_answer():
    assert has_answer("保存期限为5年。", classify("要留多少年？"))


@pytest.mark.parametrize(("question", "expected"), [("读几年级了？", QType.NUMBER), ("一年改几回？", QType.NUMBER),
                                                    ("最多能替几次？", QType.NUMBER),
                                                    ("前几天发的通知还算数吗？", QType.YESNO)])  # 前几天: "the last few days"
def test_other_counts_stay_numbers(question, expected):
    assert classify(question) is expected


def _policy(rank: int, section: str, text: str) -> Context:
    return Context(rank=rank, source="policies/information-sharing.md", section=section, text=text, score=1.0 / rank,
                   title="信息共享与保密管理规定（示例）", doc_type="policy")


def test_retention_clause_leads_a_how_many_years_question():
    contexts = [
        _policy(1, "第三章 > 第十四条", "第十四条 机密级信息只能通过信息技术部管理的加密数据室共享，文件须带有查阅人水印，"
                                        "禁止通过即时通讯工具、个人邮箱或移动存储介质传递。"),
        _policy(2, "第四章 > 第二十四条", "第二十四条 内部级信息保存期限不少于2年，秘密级信息不少于6年，机密级信息不少于10年；"
                                          "法律法规另有规定的，从其规定。"),
    ]
    first = compose_extractive("机密的文件最少要存几年？", contexts).splitlines()[0]
    assert "10年" in first
