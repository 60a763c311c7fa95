"""The one hand-made table of everyday → formal words (``assistant.everyday_words``) and its readers.

The failure phrases (不服, 谈不拢) and the office idioms (拍板, 算数) once stood in two tables
(``followon`` and ``everyday``); every reader now takes them from the one table, its ``slot`` column telling
which rows name an asked fact.
"""

from __future__ import annotations

from assistant.enumeration import case_fits
from assistant.everyday import FOLLOW_THROUGH, asked_slot, everyday_terms
from assistant.everyday_words import TABLE, everyday_words, formal_terms, formal_words
from assistant.question_types import QType
from assistant.wording import question_wording


def test_every_everyday_word_stands_once_and_never_among_its_formal_words():
    words = [row.everyday for row in TABLE]
    assert len(words) == len(set(words))
    assert all(row.everyday not in row.formal and row.formal for row in TABLE)
    assert {row.slot for row in TABLE} == {True, False}


def test_the_wording_takes_both_kinds_of_row_from_the_one_table_in_its_order():
    question = "对裁决不服，最后到底谁拍板？"
    assert formal_terms(question) == ["异议", "复议", "决定", "审批", "任命"]
    assert question_wording(question, None).formal == formal_terms(question)
    assert question_wording("这里说的值班时间是从几点到几点？", None).formal == ["所称值班时间"]
    assert everyday_terms(question) == ["决定", "审批", "任命"]  # the slot rows only


def test_the_slot_column_keeps_failure_phrases_out_of_the_asked_slot():
    assert formal_terms("对裁决不服，最后到底谁拍板？", slot=False) == ["异议", "复议"]
    assert everyday_words("对裁决不服，最后到底谁拍板？", slot=True) == ["拍板"]
    assert formal_words("转过去以后我这边还要做什么？", slot=True) == ("转交",)
    asked = asked_slot("转过去以后我这边还要做什么？", QType.HOWTO)
    assert asked is not None and asked.slot is FOLLOW_THROUGH and asked.words == ("转交",)
    assert asked_slot("不服以后我这边还要做什么？", QType.HOWTO).words == ()  # 不服's words are no slot's


def test_a_rules_case_is_matched_through_the_failure_rows():
    assert case_fits("我们对裁决不服怎么办？", "当事部门对裁决有异议的")
    assert not case_fits("我们对裁决拍板怎么办？", "当事部门对裁决有决定的")  # no failure row for 拍板: 拍板 unmatched
