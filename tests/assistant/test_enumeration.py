"""Series questions list every level's fact; consequence questions list every consequence of the case;
follow-ups do not repeat the previous turn; a later asked part stays in the first answer's document.

Passages are realistic policy and guidance text written for these tests (not the shipped wording), so
the rules are checked on documents the composer was not tuned on.
"""

from __future__ import annotations

from assistant.enumeration import (
    case_fits,
    case_of,
    consequences,
    enumerated_type,
    is_enumeration,
    levels,
    same_document_first,
    series_items,
    sibling_docs,
)
from assistant.followon import repeats
from assistant.extractive import compose_extractive
from assistant.question_types import QType
from assistant.types import Context

from context_builders import document_passage


def _ctx(rank: int, source: str, section: str, text: str, doc_type: str = "policy") -> Context:
    clause = section.rsplit(" > ", 1)[-1] if doc_type == "policy" else ""
    return document_passage(rank, source, section, text, doc_type, clause=clause)


REVIEW = "policies/review.md"
CH = "第二章 评审层级"
LEVEL_3 = _ctx(1, REVIEW, f"{CH} > 第九条",
               "第九条 二档评审未通过，或合同金额超过500万元的，转入三档评审，由投资决策小组审议，决策小组应在受理后10个工作日内给出结论。")
LEVEL_2 = _ctx(2, REVIEW, f"{CH} > 第八条",
               "第八条 一档评审未通过的，可申请二档评审，提交主管副总经理复核；主管副总经理应在4个工作日内作出复核意见。")
GUIDE = _ctx(3, "guidance/review-tips.md", "评审路径一览",
             "级别：第一级；处理人：项目组；建议时限：1个工作日。\n级别：第二级；处理人：部门经理；建议时限：2个工作日。",
             doc_type="guidance")
LEVEL_1 = _ctx(4, REVIEW, f"{CH} > 第七条",
               "第七条 一档评审由采购部和需求部门共同开展，应在收到申请后2个工作日内形成评审意见。")
OTHER = _ctx(5, REVIEW, f"{CH} > 第十条", "第十条 评审材料应通过采购平台提交，材料不全的可退回补充一次。")


def test_enumeration_questions_are_recognised():
    for q in ("合同评审分几档？每一档的时限是多少？", "各级审批人分别是谁？", "信息分为哪几类？", "各档评审的时限各自是多少？"):
        assert is_enumeration(q), q
    for q in ("一档评审要多久？", "评审材料不全怎么办？", "采购部负责什么？"):
        assert not is_enumeration(q), q
    assert enumerated_type("合同评审分几档？每一档的处理时限是多少？") is QType.TIME  # the per-level part, not 几档
    assert levels("一档评审未通过的，可申请二档评审") == ["一档", "二档"]
    assert levels("P1级工单和P2级工单") == ["P1", "P2"]


def test_series_lists_each_levels_deadline_in_level_order_from_the_policy():
    contexts = [LEVEL_3, LEVEL_2, GUIDE, LEVEL_1, OTHER]
    items = series_items("合同评审分几档？每一档的处理时限是多少？", contexts)
    assert [m for m, _s in items] == ["一档", "二档", "三档"]
    first = compose_extractive("合同评审分几档？每一档的处理时限是多少？", contexts).splitlines()[0]
    assert first.startswith("结论：共三档。一档：")
    at = [first.find(x) for x in ("2个工作日", "4个工作日", "10个工作日")]
    assert -1 not in at and at == sorted(at), first
    assert "建议时限" not in first  # the guidance's own (other) deadlines are not the policy's series
    assert "[4]" in first and "[2]" in first and "[1]" in first


def test_a_single_named_level_or_a_lone_clause_is_not_a_series():
    contexts = [LEVEL_3, LEVEL_2, LEVEL_1]
    assert series_items("三档评审的审议机构和时限分别是什么？", contexts) == []
    assert series_items("合同评审每一档的时限是多少？", [LEVEL_3, OTHER]) == []  # one level found: the usual 结论
    assert series_items("合同评审一档要多久？", contexts) == []  # not an enumeration


SLA = "policies/service.md"
LATE_REPORT = _ctx(1, SLA, "第四章 > 第二十条",
                   "第二十条 A类工单发生超时的，服务部门应在工单关闭后3个工作日内提交超时说明，并在周例会上说明原因。")
TARGET = _ctx(2, SLA, "第二章 > 第六条", "第六条 A类为紧急服务，要求30分钟内响应、8小时内解决，按自然时间计时。")
LATE_NOTICE = _ctx(3, SLA, "第五章 > 第二十四条", "第二十四条 A类工单超时的，质量管理部于次一工作日在全公司范围内通报。")
TWO_MONTHS = _ctx(4, SLA, "第五章 > 第二十二条",
                  "第二十二条 服务部门达标率连续2个月低于目标的，应在一周内提交整改方案，整改期原则上不超过两个月。")
THREE_MONTHS = _ctx(5, SLA, "第五章 > 第二十三条",
                    "第二十三条 达标率连续3个月低于目标的，由分管副总经理约谈服务部门负责人，并由质量管理部专项跟踪整改方案的执行情况，直至连续两个月达标。")


def test_case_of_a_rule_and_whether_it_fits_the_question():
    assert case_of("第二十四条 A类工单超时的，质量管理部于次一工作日通报。") == "A类工单超时"
    assert case_of("第六条 A类为紧急服务，要求30分钟内响应。") == ""
    q = "服务部门的达标率连续两个月没达标，要怎么处理？"
    assert case_fits(q, "服务部门达标率连续2个月低于目标")
    assert not case_fits(q, "达标率连续3个月低于目标")  # another count of months: another case


def test_consequence_question_lists_every_consequence_of_the_case():
    contexts = [TARGET, LATE_REPORT, LATE_NOTICE]
    found = consequences("如果A类工单超时了，会有什么后果？", contexts)
    assert {contexts[s.n - 1].clause for s in found} == {"第二十条", "第二十四条"}
    first = compose_extractive("如果A类工单超时了，会有什么后果？", contexts).splitlines()[0]
    assert "3个工作日" in first and "通报" in first, first
    first = compose_extractive("服务部门的达标率连续两个月没达标，要怎么处理？", [THREE_MONTHS, TWO_MONTHS]).splitlines()[0]
    assert "一周内" in first and "连续3个月" not in first, first


def test_a_followup_does_not_repeat_what_the_previous_turn_said():
    said = "根据《服务管理规定》，A类要求30分钟内响应、8小时内解决，按自然时间计时。"
    assert repeats(TARGET.text, said)
    assert not repeats(LATE_NOTICE.text, said)
    contexts = [TARGET, LATE_REPORT, LATE_NOTICE]
    first = compose_extractive("那如果A类工单超时了呢，会怎样？", contexts, said=said).splitlines()[0]
    assert "30分钟" not in first and "通报" in first, first
    # without the previous turn the same sentences may come back (the filter is what removed them)
    plain = compose_extractive("A类服务有什么时限要求？", contexts).splitlines()[0]
    again = compose_extractive("A类服务有什么时限要求？", contexts, said=said).splitlines()[0]
    assert "30分钟" in plain and "30分钟" not in again, (plain, again)


FIRST_ASK = _ctx(1, "policies/collab.md", "第三章 > 第十一条", "第十一条 公司实行首接负责制。员工接到其他部门的求助时，即为首接责任人。")
FIRST_ASK_TIME = _ctx(5, "policies/collab.md", "第三章 > 第十二条",
                      "第十二条 属于本人职责的，应直接办理；不属于本人职责的，应在20分钟内联系责任部门完成转交。")
MEETING_LENGTH = _ctx(4, "guidance/meetings.md", "会议节奏",
                      "- 月度协作回顾：建议每月一次、不超过90分钟，由各部门负责人参加。\n- 项目例会：建议每周一次、不超过60分钟。",
                      doc_type="guidance")


def test_a_later_part_is_answered_from_the_first_answers_document():
    contexts = [FIRST_ASK, MEETING_LENGTH, FIRST_ASK_TIME]
    first = compose_extractive("别人来问的事不归我管，按首接负责制我该怎么做？有时间要求吗？", contexts).splitlines()[0]
    assert "20分钟" in first and "90分钟" not in first, first
    ranked = [(0.5, "a"), (0.45, "b"), (0.3, "c")]

    class S:  # the ranking helper reads only ``n``
        def __init__(self, n: int) -> None:
            self.n = n

    rows = [(score, S(n)) for (score, _x), n in zip(ranked, (1, 2, 2), strict=True)]
    moved = same_document_first(rows, ["a.md", "b.md"], 2)
    assert [r[0] for r in moved] == [0.45, 0.5, 0.3]  # within the margin only: 0.3 stays behind


CHAPTER_POLICY = """---
title: 合同评审办法（测试）
type: policy
department: 采购部
---

# 合同评审办法（测试）

## 第一章 总则

**第一条** 为规范合同评审，制定本办法。

## 第二章 评审层级

**第七条** 一档评审由采购部和需求部门共同开展，应在收到申请后2个工作日内形成评审意见。

**第八条** 一档评审未通过的，可申请二档评审，提交主管副总经理复核；主管副总经理应在4个工作日内作出复核意见。

**第九条** 二档评审未通过，或合同金额超过500万元的，转入三档评审，由投资决策小组审议，决策小组应在受理后10个工作日内给出结论。

## 第三章 附则

**第十条** 本办法自2026年1月1日起施行。
"""


def test_sibling_clauses_of_the_chapter_are_fetched_and_listed(make_settings, embeddings, tmp_path):
    """Only one clause comes back from the search (k=1); the chapter's other clauses are fetched from
    the store, so the 结论 states all three deadlines."""
    from assistant.refusal import RefusalThresholds
    from store_builders import extractive_advisor, retriever_of, synced_store

    docs = tmp_path / "docs"
    settings = make_settings(tmp_path / "data", knowledge_dir=docs)
    store = synced_store(settings, embeddings, docs, {"policies/review.md": CHAPTER_POLICY})
    hits = retriever_of(settings, store, embeddings).search("二档评审", k=1).hits
    extra = sibling_docs([h.doc for h in hits], lambda key: store.get_chunks([key]))
    clauses = [d.metadata["clause"] for d in extra]
    assert "第十条" not in clauses and "第一条" not in clauses and len(clauses) == 2, clauses  # same chapter only
    advisor = extractive_advisor(settings, store, embeddings, tmp_path / "refusals.sqlite3",
                                 thresholds=RefusalThresholds(hard=0.0, soft=0.0, owner=0.0))  # one document: no refusal
    answer = advisor.ask("合同评审分几档？每一档的处理时限是多少？", k=1)
    first = answer.answer.splitlines()[0]
    assert all(x in first for x in ("2个工作日", "4个工作日", "10个工作日")), answer.answer
    assert {c.section for c in answer.citations} >= {"第七条", "第八条", "第九条"}, answer.citations


ESC = "policies/disputes.md"
STEP_1 = _ctx(1, ESC, "第二章 > 第六条", "第六条 一档协商由双方部门经理负责，应在协商发起后2个工作日内形成一致意见。")
STEP_2 = _ctx(2, ESC, "第二章 > 第七条",
              "第七条 一档协商未能解决的，可提交主管副总经理协调；主管副总经理应在4个工作日内作出协调决定。")
STEP_3 = _ctx(4, ESC, "第二章 > 第八条",
              "第八条 二档协调未能解决的，提交决策小组裁决，决策小组应在受理后10个工作日内作出裁决。")
LATE_RULE = _ctx(3, ESC, "第二章 > 第十一条", "第十一条 各级处理人超过规定时限未作出处理的，发起方可直接提交上一级处理。")
APPEAL = _ctx(5, ESC, "第四章 > 第二十一条", "第二十一条 当事部门对裁决有异议的，可在收到裁决后7日内向总经理申请复议一次。")


def test_a_failure_followup_gets_the_next_clause_or_the_rule_for_that_failure():
    from assistant.everyday_words import formal_terms
    from assistant.followon import asks_next_step

    said = "根据《争议处理办法》，一档协商未能解决的，可提交主管副总经理协调，主管副总经理应在4个工作日内作出协调决定。"
    assert asks_next_step("那要是副总经理协调了还是解决不了呢？") and not asks_next_step("一档协商由谁负责？")
    contexts = [STEP_1, STEP_2, APPEAL, STEP_3]
    first = compose_extractive("那要是副总经理协调了还是解决不了呢？", contexts, said=said).splitlines()[0]
    assert first.startswith("结论：第八条") and "10个工作日" in first, first
    said_1 = "一档协商由双方部门经理负责，应在协商发起后2个工作日内形成一致意见。"
    first = compose_extractive("如果处理人超过时限一直不处理呢？", [STEP_1, STEP_2, LATE_RULE], said=said_1).splitlines()[0]
    assert "上一级" in first and "2个工作日" not in first, first  # the rule for that failure, not the next level
    assert formal_terms("我们对裁决不服怎么办？", slot=False) == ["异议", "复议"]
    first = compose_extractive("那我们对裁决不服怎么办？", [STEP_3, APPEAL]).splitlines()[0]
    assert "复议" in first and "7日内" in first, first
